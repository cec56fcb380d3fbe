"""Settings come from the environment; these run a fresh interpreter per case."""

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).parents[2]
PRINT_SETTINGS = (
    "import json, django; from django.conf import settings; django.setup();"
    "print(json.dumps({'debug': settings.DEBUG, 'engine': settings.DATABASES['default']['ENGINE'],"
    "'name': str(settings.DATABASES['default']['NAME']), 'cache': settings.CACHES['default']['BACKEND'],"
    "'language': settings.LANGUAGE_CODE, 'tz': settings.TIME_ZONE, 'use_tz': settings.USE_TZ}))"
)
CLEARED = ("DJANGO_DEBUG", "SECRET_KEY", "DATABASE_URL", "REDIS_URL")


def load_settings(**env):
    environment = {key: value for key, value in os.environ.items() if key not in CLEARED}
    environment.update(DJANGO_SETTINGS_MODULE="newsroom.settings", **env)
    return subprocess.run(
        [sys.executable, "-c", PRINT_SETTINGS], capture_output=True, text=True, cwd=ROOT, env=environment
    )


def test_the_embedded_default_needs_only_a_secret_key(tmp_path):
    result = load_settings(SECRET_KEY="s" * 50, NEWSROOM_VAR_DIR=str(tmp_path))
    values = json.loads(result.stdout)
    assert values["debug"] is False
    assert values["engine"] == "django.db.backends.sqlite3"
    assert values["name"] == str(tmp_path / "newsroom.sqlite3")
    assert values["cache"] == "django.core.cache.backends.locmem.LocMemCache"
    assert (values["language"], values["tz"], values["use_tz"]) == ("ar", "Africa/Algiers", True)


def test_a_missing_secret_key_is_a_clear_error_when_debug_is_off():
    result = load_settings()
    assert result.returncode != 0
    assert "SECRET_KEY is not set" in result.stderr


def test_debug_mode_runs_without_a_secret_key(tmp_path):
    result = load_settings(DJANGO_DEBUG="1", NEWSROOM_VAR_DIR=str(tmp_path))
    assert json.loads(result.stdout)["debug"] is True


def test_database_and_cache_urls_switch_backends():
    result = load_settings(
        SECRET_KEY="s" * 50,
        DATABASE_URL="postgres://newsroom@db.example:5432/news",
        REDIS_URL="redis://cache.example:6379/0",
    )
    values = json.loads(result.stdout)
    assert values["engine"] == "django.db.backends.postgresql"
    assert values["name"] == "news"
    assert values["cache"] == "newsroom.cache.TolerantRedisCache"


WRITE_WHILE_READING = """
import sqlite3, django
django.setup()
from django.db import connection, transaction
connection.settings_dict["OPTIONS"]["timeout"] = 1
with connection.cursor() as cursor:
    cursor.execute("CREATE TABLE counts (views integer)")
reader = sqlite3.connect(connection.settings_dict["NAME"], isolation_level=None)
reader.execute("BEGIN")
reader.execute("SELECT * FROM counts").fetchall()
with transaction.atomic():
    with connection.cursor() as cursor:
        cursor.execute("INSERT INTO counts VALUES (1)")
print("written")
"""


def test_on_sqlite_a_write_goes_through_while_another_worker_is_reading(tmp_path):
    # Without write-ahead logging the commit waits for every reader, and under load fails
    # with "database is locked".
    environment = {key: value for key, value in os.environ.items() if key not in CLEARED}
    environment.update(DJANGO_SETTINGS_MODULE="newsroom.settings", SECRET_KEY="s" * 50, NEWSROOM_VAR_DIR=str(tmp_path))
    result = subprocess.run(
        [sys.executable, "-c", WRITE_WHILE_READING], capture_output=True, text=True, cwd=ROOT, env=environment
    )
    assert result.stdout.strip() == "written", result.stderr
