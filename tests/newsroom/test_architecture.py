"""The rooms of the house, bottom to top, and which way the import arrows may point.

    0  newsroom            leaf modules (text, sanitiser, db, addresses, cache, ...): import no app
    1  photos              imports no app above it
    2  taxonomy            may import photos
    3  articles            may import taxonomy, photos
    4  popularity, ingest  peers: may import articles and below, not each other
    5  website, api, desk  peers: may import anything below, not each other
    6  demo, operations    tools on the roof: may import anything below except website

Rules: a module may import its own package or a package of a strictly lower rank; the
same rank in another package is a peer and is forbidden.  Nothing imports ``website``.
The roof files newsroom/{urls,wsgi,asgi,settings}.py wire everything, may import any
app and are left out of every check.  The packages must not import each other in a circle.

An import is: ``import x`` / ``from x import y`` anywhere in the file (functions and classes
too), relative imports resolved against the file's package, and ``import_module("x")``,
``__import__("x")`` and ``import_string("x.y")`` with a literal string.  Other dotted strings
(settings values, ``include("...")``) are wiring that settings owns and are not imports.
Migrations are not read: they are frozen history, and Django orders them by ``dependencies``.
"""

import ast
import itertools
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
RANK = {
    "newsroom": 0,
    "photos": 1,
    "taxonomy": 2,
    "articles": 3,
    "popularity": 4,
    "ingest": 4,
    "website": 5,
    "api": 5,
    "desk": 5,
    "demo": 6,
    "operations": 6,
}
ROOF = {f"newsroom/{name}.py" for name in ("urls", "wsgi", "asgi", "settings")}
LOADERS = {"import_module", "__import__", "import_string"}
MAX_SHARE = 0.35


def modules(package, skip=("migrations", "templates"), roof=False):
    """Every .py file of a package, subpackages included, as paths relative to ROOT."""
    found = []
    for path in sorted((ROOT / package).rglob("*.py")):
        relative = path.relative_to(ROOT).as_posix()
        if (roof or relative not in ROOF) and not set(skip) & set(path.relative_to(ROOT).parts):
            found.append(relative)
    return found


def absolute(name, level, relative_path):
    """Resolve ``from <level dots><name>`` in the file at relative_path to an absolute module name."""
    if not level:
        return name
    package = relative_path.removesuffix(".py").split("/")[:-1]  # mod.py and __init__.py alike
    base = package[: len(package) - level + 1]
    return ".".join(base + ([name] if name else []))


def imports(source, relative_path):
    """The absolute names of the modules a source imports, in order of appearance."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            found += [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.module:
                found.append(absolute(node.module, node.level, relative_path))
            else:  # from . import x, y: x and y are modules of the package
                found += [absolute(alias.name, node.level, relative_path) for alias in node.names]
        elif isinstance(node, ast.Call) and node.args:
            func = node.func
            called = func.id if isinstance(func, ast.Name) else getattr(func, "attr", None)
            first = node.args[0]
            if called in LOADERS and isinstance(first, ast.Constant) and isinstance(first.value, str):
                name = first.value.lstrip(".")
                found.append(absolute(name, len(first.value) - len(name), relative_path))
    return found


def room_imports(relative_path):
    """(module, package) for every import of one of the project's packages."""
    names = imports((ROOT / relative_path).read_text(encoding="utf-8"), relative_path)
    return [(name, name.split(".")[0]) for name in names if name.split(".")[0] in RANK]


def why_forbidden(importer, imported):
    if imported == importer:
        return None
    if RANK[imported] > RANK[importer]:
        return f"{imported} is above {importer}"
    if RANK[imported] == RANK[importer]:
        return f"{imported} is beside {importer}"
    if imported == "website":
        return "nothing imports website"
    return None


@pytest.mark.parametrize("package", list(RANK))
def test_no_room_imports_a_room_above_it_or_beside_it(package):
    wrong = [
        f"{path} imports {name} ({why_forbidden(package, imported)})"
        for path in modules(package)
        for name, imported in room_imports(path)
        if why_forbidden(package, imported)
    ]
    assert not wrong, "\n".join(wrong)


@pytest.mark.parametrize("path", modules("newsroom"))
def test_newsroom_leaf_modules_import_no_app(path):
    wrong = [f"{path} imports {name}" for name, imported in room_imports(path) if imported != "newsroom"]
    assert not wrong, "\n".join(wrong)


def test_nothing_imports_the_public_site():
    wrong = [
        f"{path} imports {name}"
        for package in RANK
        if package != "website"
        for path in modules(package)
        for name, imported in room_imports(path)
        if imported == "website"
    ]
    assert not wrong, "\n".join(wrong)


def find_cycle(graph):
    """A cycle of the graph as a list of nodes (first == last), or None. Plain DFS with a path stack."""
    done, path = set(), []

    def visit(node):
        if node in path:
            return path[path.index(node) :] + [node]
        if node in done:
            return None
        path.append(node)
        for target in sorted(graph.get(node, ())):
            if cycle := visit(target):
                return cycle
        path.pop()
        done.add(node)
        return None

    return next((cycle for node in sorted(graph) if (cycle := visit(node))), None)


def test_no_import_circle_between_packages():
    graph, seen_in = {package: set() for package in RANK}, {}
    for package in RANK:
        for path in modules(package):
            for name, imported in room_imports(path):
                if imported != package:
                    graph[package].add(imported)
                    seen_in.setdefault((package, imported), f"{path} imports {name}")
    cycle = find_cycle(graph)
    assert cycle is None, " -> ".join(cycle) + "\n" + "\n".join(seen_in[edge] for edge in itertools.pairwise(cycle))


def test_find_cycle_reports_the_circle():
    assert find_cycle({"a": {"b"}, "b": {"c"}, "c": set()}) is None
    assert find_cycle({"articles": {"website"}, "website": {"articles"}}) == ["articles", "website", "articles"]


def test_the_reader_does_not_miss_imports():
    source = """
import os, website.feeds
from api import views as v
class Box:
    def render(self):
        from . import caching
        from ..models import Article
        from .sub.deep import thing
        importlib.import_module('popularity.counter')
        import_module('.sibling', __package__)
        __import__('ingest')
        import_string('demo.loader.load_demo')
        print('website.views', include('api.urls'))  # strings that are not imports
"""
    assert imports(source, "articles/pkg/mod.py") == [
        "os",
        "website.feeds",
        "api",
        "articles.pkg.caching",
        "articles.models",
        "articles.pkg.sub.deep",
        "popularity.counter",
        "articles.pkg.sibling",
        "ingest",
        "demo.loader.load_demo",
    ]
    assert absolute("x", 1, "ingest/importers/__init__.py") == "ingest.importers.x"
    assert absolute(None, 2, "ingest/importers/__init__.py") == "ingest"


def code_lines(package):
    # demo/ is left out: demo/loader.py is mostly the demo stories themselves (SECTIONS, AUTHORS,
    # STORIES take about 460 of its 740 lines), which is content, not code.
    if package == "demo":
        return 0
    return sum(
        1
        for path in modules(package, ("migrations", "templates", "tests"), roof=True)
        for line in (ROOT / path).read_text(encoding="utf-8").splitlines()
        if line.strip()
    )


def test_no_app_holds_more_than_35_percent_of_the_code():
    lines = {package: code_lines(package) for package in RANK}
    total = sum(lines.values())
    shares = {package: count / total for package, count in lines.items()}
    report = ", ".join(f"{package} {share:.1%}" for package, share in sorted(shares.items(), key=lambda s: -s[1]))
    assert max(shares.values()) <= MAX_SHARE, report
