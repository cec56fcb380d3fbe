"""The import arrows point one way: photos ← taxonomy ← articles ← popularity ← api ← demo ← operations."""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).parents[2]
APPS = ["photos", "taxonomy", "articles", "popularity", "api", "demo", "operations"]
LEAF_MODULES = ["newsroom/text.py", "newsroom/sanitiser.py", "newsroom/db.py", "newsroom/addresses.py"]


def imported_apps(path):
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names.add(node.module.split(".")[0])
    return names & set(APPS)


@pytest.mark.parametrize("app", APPS)
def test_an_app_imports_only_the_apps_below_it(app):
    allowed = set(APPS[: APPS.index(app) + 1])
    for path in (ROOT / app).rglob("*.py"):
        assert imported_apps(path) <= allowed, f"{path.relative_to(ROOT)} imports {imported_apps(path) - allowed}"


@pytest.mark.parametrize("module", LEAF_MODULES)
def test_leaf_modules_import_no_app(module):
    assert imported_apps(ROOT / module) == set()
