"""The site under load, as gunicorn serves it with production settings, while its Redis is
paused around a takedown, then killed and started again: readers always get the site, never a server error, and a story taken
down meanwhile does not come back."""

import os
import shutil
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection

from articles.models import Status
from tests.factories import make_article
from tests.services import free_port, paused, start_redis, stop, tolerant_cache_settings, wait_for

ROOT = Path(__file__).parents[2]
READER = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/156.0 Safari/537.36"

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="a second process shares only PostgreSQL (CI's second run)"),
    pytest.mark.skipif(not shutil.which("redis-server"), reason="needs the redis-server program"),
    pytest.mark.skipif(not (Path(settings.STATIC_ROOT) / "staticfiles.json").exists(), reason="needs collectstatic (make test runs it)"),
]


@pytest.fixture
def site(tmp_path, settings):
    redis_port, web_port = free_port(), free_port()
    redis = start_redis(redis_port, tmp_path)
    # The test saves stories as the admin would: through the same Redis as the site.
    settings.CACHES = tolerant_cache_settings(redis_port)
    database = connection.settings_dict
    url = f"postgres://{database['USER']}@{database['HOST'] or '127.0.0.1'}:{database['PORT'] or 5432}/{database['NAME']}"
    environment = {
        **os.environ,
        "DJANGO_DEBUG": "",
        "SECRET_KEY": "fault-test-secret-key-" + "x" * 40,
        "DATABASE_URL": url,
        "REDIS_URL": f"redis://127.0.0.1:{redis_port}/0",
        "ALLOWED_HOSTS": "127.0.0.1",
        "NEWSROOM_SSL_REDIRECT": "0",
        "NEWSROOM_HTTPS": "0",
        "NEWSROOM_VIEW_WRITE_SECONDS": "0",
    }
    # Its log goes to a file: a pipe nobody reads while the test runs would fill and stall it.
    log = (tmp_path / "gunicorn.log").open("wb")
    web = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "newsroom.wsgi", "-w", "2", "-b", f"127.0.0.1:{web_port}", "--log-level", "warning"],
        cwd=ROOT, env=environment, stdout=log, stderr=subprocess.STDOUT,
    )
    state = {"redis": redis}
    try:
        wait_for(web_port)
        state.update(web=web, url=f"http://127.0.0.1:{web_port}", redis_port=redis_port, folder=tmp_path)
        yield state
    finally:
        stop(web)
        stop(state["redis"])
        log.close()
        state["log"] = (tmp_path / "gunicorn.log").read_text(encoding="utf-8", errors="replace")
        assert "Traceback" not in state["log"], state["log"]


def fetch(url, data=None):
    request = urllib.request.Request(url, data=data, headers={"User-Agent": READER})
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, response.read().decode("utf-8", "replace")
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode("utf-8", "replace")
    except OSError as error:
        return 0, f"no answer: {error}"


def test_redis_killed_and_restarted_under_load_serves_every_reader_and_keeps_a_takedown(site):
    kept, taken = make_article("خبر يبقى منشورا"), make_article("خبر سيسحب أثناء الانقطاع")
    pages = ["/", kept.get_absolute_url(), taken.get_absolute_url(), "/feeds/rss/"]
    for path in pages:
        assert fetch(site["url"] + path)[0] == 200  # stored in Redis now
    answers, stop_load = [], threading.Event()

    def load(number):
        while not stop_load.is_set():
            for path in pages:
                status, _body = fetch(site["url"] + path)
                answers.append((path, status))
            beacon = f"article={kept.pk}&visitor=reader-{number}".encode()
            answers.append(("beacon", fetch(site["url"] + "/popularity/views/", beacon)[0]))

    readers = [threading.Thread(target=load, args=(number,)) for number in range(4)]
    for reader in readers:
        reader.start()
    try:
        time.sleep(1)
        # Paused, not killed: it keeps the old tokens and pages, as after a long GC or a stalled VM.
        with paused(site["redis"]):
            taken.status = Status.UNPUBLISHED
            taken.save()  # as the admin does, while the cache does not answer
            time.sleep(1)
        time.sleep(6)  # the workers leave Redis alone for 5 s after a failure
        middle = [fetch(site["url"] + path) for path in pages]
        site["redis"].kill()
        site["redis"].wait(timeout=10)
        time.sleep(1)
        site["redis"] = start_redis(site["redis_port"], site["folder"])
        time.sleep(6)
    finally:
        stop_load.set()
        for reader in readers:
            reader.join(timeout=30)
    for path, (status, body) in zip(pages, middle):
        assert status in (200, 404), (path, status, body[:200])
        assert "خبر سيسحب أثناء الانقطاع" not in body, f"{path} showed the story after Redis resumed"
    assert answers and not [answer for answer in answers if answer[1] >= 500 or answer[1] == 0]
    assert {status for path, status in answers if path == "beacon"} <= {204, 429}
    # And after Redis was killed and started empty.
    for path in pages:
        status, body = fetch(site["url"] + path)
        assert "خبر سيسحب أثناء الانقطاع" not in body, path
    assert fetch(site["url"] + taken.get_absolute_url())[0] == 404
    assert fetch(site["url"] + kept.get_absolute_url())[0] == 200
