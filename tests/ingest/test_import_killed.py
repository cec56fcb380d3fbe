"""An import killed halfway (SIGKILL: no cleanup of any kind) leaves the database as it was.

The import runs in a separate process against a real database file or server: PostgreSQL's
test database on the PostgreSQL run, a freshly migrated SQLite file on the SQLite run (the
in-memory test database cannot be shared with another process).
"""

import json
import os
import re
import signal
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from django.db import connection

ROOT = Path(__file__).parents[2]
RECORDS = 10_000
KILL_AFTER = 1_500  # records read: a few batches of 500 already written inside the run's transaction
EARLIER = 5  # stories from an earlier import, which the big file updates
LIST_STORIES = (
    "import json, django; django.setup(); from articles.models import Article; from taxonomy.models import Section;"
    "from taggit.models import Tag;"
    "print(json.dumps({'stories': dict(Article.objects.values_list('external_id', 'headline_ar')),"
    "'sections': Section.objects.count(), 'tags': Tag.objects.count()}, ensure_ascii=False))"
)


def database_url(tmp_path):
    settings = connection.settings_dict
    if connection.vendor == "postgresql":
        user = settings["USER"] or "postgres"
        return f"postgres://{user}@{settings['HOST'] or '127.0.0.1'}:{settings['PORT'] or 5432}/{settings['NAME']}"
    url = f"sqlite:///{tmp_path / 'killed.sqlite3'}"
    migrate = subprocess.run([sys.executable, "manage.py", "migrate", "-v0"], cwd=ROOT, env=environment(url),
                             capture_output=True, text=True)
    assert migrate.returncode == 0, migrate.stderr
    return url


def environment(url):
    return {**os.environ, "DATABASE_URL": url, "DJANGO_SETTINGS_MODULE": "newsroom.settings"}


def import_command(url, path, *options):
    return subprocess.Popen([sys.executable, "manage.py", "import_articles", str(path), *options], cwd=ROOT,
                            env=environment(url), stdout=subprocess.PIPE, stderr=subprocess.PIPE)


def stored(url):
    result = subprocess.run([sys.executable, "-c", LIST_STORIES], cwd=ROOT, env=environment(url),
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def write_ndjson(path, count, headline):
    with path.open("w", encoding="utf-8") as file:
        for number in range(count):
            file.write(json.dumps({
                "id": f"story-{number}", "headline": f"{headline} {number}", "section": "اقتصاد/طاقة",
                "tags": [f"وسم {number % 50}"], "published_at": "2024-06-03 08:00",
                "body": f"<p>الفقرة الأولى من الخبر رقم {number}.</p><p>الفقرة الثانية.</p>",
            }, ensure_ascii=False) + "\n")
    return path


def kill_when_halfway(process):
    """SIGKILL ``process`` once its progress bar has passed KILL_AFTER records; the last count seen."""
    seen = 0
    buffer = b""
    while True:
        chunk = process.stderr.read1(4096)
        if not chunk:
            break
        buffer = (buffer + chunk)[-200:]
        counts = [int(number) for number in re.findall(rb"(\d+) articles", buffer)]
        if counts:
            seen = max(seen, *counts)
        if seen >= KILL_AFTER:
            process.send_signal(signal.SIGKILL)
            break
    process.wait(timeout=60)
    return seen


@pytest.mark.django_db(transaction=True)
def test_an_import_killed_halfway_leaves_the_database_as_it_was_and_a_rerun_completes_it(tmp_path):
    url = database_url(tmp_path)
    first = import_command(url, write_ndjson(tmp_path / "earlier.ndjson", EARLIER, "خبر سابق"))
    assert first.wait(timeout=120) == 0, first.stderr.read().decode()
    before = stored(url)
    assert len(before["stories"]) == EARLIER

    big = write_ndjson(tmp_path / "archive.ndjson", RECORDS, "خبر من الأرشيف")
    killed = import_command(url, big, "--progress")
    watcher = threading.Timer(300, killed.kill)  # never hang the suite
    watcher.start()
    try:
        seen = kill_when_halfway(killed)
    finally:
        watcher.cancel()
    assert killed.returncode == -signal.SIGKILL, "the import finished before it could be killed"
    assert KILL_AFTER <= seen < RECORDS

    assert stored(url) == before, "the killed run left something behind"

    rerun = import_command(url, big)
    assert rerun.wait(timeout=600) == 0, rerun.stderr.read().decode()
    after = stored(url)
    assert len(after["stories"]) == RECORDS
    assert after["stories"]["story-0"] == "خبر من الأرشيف 0"
    assert after["stories"][f"story-{RECORDS - 1}"] == f"خبر من الأرشيف {RECORDS - 1}"
    assert after["tags"] == 50
