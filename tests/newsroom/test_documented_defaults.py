"""The README's configuration table says what each variable defaults to: settings must agree."""

import json
import os
import re
import subprocess
import sys

from tests.newsroom.test_settings import CLEARED, ROOT

README = ROOT / "README.md"
SETTINGS = ROOT / "newsroom" / "settings.py"

# Variables whose setting has another name, or whose README figure is in other units.
SETTING_OF = {
    "DJANGO_DEBUG": ("settings.DEBUG", None),
    "DATABASE_PREPARED_STATEMENTS": ("settings.NEWSROOM['PREPARED_STATEMENTS']", None),
    "MEDIA_ROOT": ("str(settings.MEDIA_ROOT)", lambda value: str(ROOT / value)),
    "STATIC_ROOT": ("str(settings.STATIC_ROOT)", lambda value: str(ROOT / value)),
    "NEWSROOM_COUNTER": ("settings.NEWSROOM['COUNTER_BACKEND']", None),
    "NEWSROOM_PREVIEW_HOURS": ("settings.NEWSROOM['PREVIEW_MAX_AGE']", lambda value: int(value) * 3600),
    "NEWSROOM_PHOTO_MAX_MB": ("settings.NEWSROOM['PHOTO_MAX_BYTES']", lambda value: int(value) * 1_000_000),
    "NEWSROOM_PHOTO_MAX_MEGAPIXELS": ("settings.NEWSROOM['PHOTO_MAX_PIXELS']", lambda value: int(value) * 1_000_000),
    "NEWSROOM_HTTPS": ("settings.HTTPS", None),
    "NEWSROOM_SSL_REDIRECT": ("settings.SECURE_SSL_REDIRECT", None),
    "NEWSROOM_HSTS_SECONDS": ("settings.SECURE_HSTS_SECONDS", None),
    "NEWSROOM_HSTS_INCLUDE_SUBDOMAINS": ("settings.SECURE_HSTS_INCLUDE_SUBDOMAINS", None),
    "NEWSROOM_HSTS_PRELOAD": ("settings.SECURE_HSTS_PRELOAD", None),
    "NEWSROOM_LOGIN_FAILURE_LIMIT": ("settings.AXES_FAILURE_LIMIT", None),
    "NEWSROOM_LOGIN_LOCKOUT_MINUTES": (
        "settings.AXES_COOLOFF_TIME.total_seconds()",
        lambda value: int(value) * 60,
    ),
}
# The defaults the behaviour tests pin at their edge; this test must at least check these.
PINNED_ELSEWHERE = {
    "NEWSROOM_VIEW_DEDUP_SECONDS",
    "NEWSROOM_VIEW_RATE_PER_CLIENT",
    "NEWSROOM_VIEW_RATE_PER_ADDRESS",
    "NEWSROOM_FRONT_PAGE_SLOTS",
    "NEWSROOM_LOGIN_LOCKOUT_MINUTES",
}
WORDS = {"on": "1", "off": "0"}


def table_rows():
    """(variable names, default cell) for each row of the README's configuration table."""
    section = README.read_text(encoding="utf-8").split("## Configuration", 1)[1]
    for line in section.splitlines():
        cells = [cell.strip() for cell in line.strip().strip("|").split("|")]
        names = re.findall(r"`([A-Z][A-Z0-9_]+)`", cells[0])
        if line.startswith("|") and names:
            yield names, cells[-1]


def literal_defaults(cell):
    """The cell's defaults in order, or None when one of them is prose ("as `X`", "—")."""
    values = []
    for part in re.split(r",\s+(?=(?:[^`]*`[^`]*`)*[^`]*$)", cell):
        quoted = re.fullmatch(r"`([^`]*)`", part.strip())
        if quoted:
            values.append(quoted.group(1))
        elif part.strip() in WORDS:
            values.append(WORDS[part.strip()])
        else:
            return None
    return values


def documented_defaults():
    defaults = {}
    for names, cell in table_rows():
        values = literal_defaults(cell)
        if values is not None and len(values) == len(names):
            defaults.update(zip(names, values))
    return defaults


def variables_read_by_settings():
    source = SETTINGS.read_text(encoding="utf-8")
    return set(re.findall(r"""(?:environ\.get|environ\[|env_flag|env_list|env_choice)\(?\s*["']([A-Z0-9_]+)["']""", source))


def expression_for(name):
    if name in SETTING_OF:
        return SETTING_OF[name][0]
    if name.startswith("NEWSROOM_"):
        return f"settings.NEWSROOM[{name.removeprefix('NEWSROOM_')!r}]"
    return f"settings.{name}"


def settings_with_unset(names, expressions):
    """The value of each expression in a fresh interpreter whose environment sets none of ``names``."""
    script = (
        "import json, django; from django.conf import settings; django.setup();"
        f"print(json.dumps({{name: eval(expression) for name, expression in {expressions!r}.items()}}))"
    )
    unset = set(CLEARED) | set(names) | {"NEWSROOM_VAR_DIR"}
    environment = {key: value for key, value in os.environ.items() if key not in unset}
    environment.update(DJANGO_SETTINGS_MODULE="newsroom.settings", SECRET_KEY="s" * 50)
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, cwd=ROOT, env=environment)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def as_documented(name, written, actual):
    convert = SETTING_OF.get(name, (None, None))[1]
    if convert is not None:
        return convert(written)
    if isinstance(actual, bool):
        return written in ("1", "true", "yes", "on")
    if isinstance(actual, list):
        return [item.strip() for item in written.split(",") if item.strip()]
    return type(actual)(written)


def test_the_readme_table_can_be_read():
    defaults = documented_defaults()
    assert defaults["NEWSROOM_VIEW_DEDUP_SECONDS"] == "1800"
    assert defaults["NEWSROOM_VIEW_RATE_PER_ADDRESS"] == "3000"
    assert defaults["NEWSROOM_HSTS_PRELOAD"] == "1"
    assert "NEWSROOM_COUNTER" not in defaults and "NEWSROOM_SSL_REDIRECT" not in defaults


def test_every_documented_default_is_the_setting_with_its_variable_unset():
    read = variables_read_by_settings()
    documented = {name: written for name, written in documented_defaults().items() if name in read}
    assert PINNED_ELSEWHERE <= documented.keys()
    actual = settings_with_unset(read, {name: expression_for(name) for name in documented})
    mismatches = {
        name: (written, actual[name])
        for name, written in documented.items()
        if as_documented(name, written, actual[name]) != actual[name]
    }
    assert mismatches == {}
