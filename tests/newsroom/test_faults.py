"""Faults of the cache server, with a real Redis on its own port that the tests pause, kill and
start: a takedown is never undone by a Redis that comes back, and counting keeps its limits."""

import shutil
import time
from datetime import UTC, datetime

import pytest
import time_machine
from django.db import DatabaseError
from django.test import Client

from articles.models import Article, Status
from newsroom import cache as tolerant_cache
from newsroom import pagecache
from popularity import backends
from popularity.models import HourlyViews
from tests.factories import make_article
from tests.services import free_port, paused, start_redis, stop, tolerant_cache_settings
from website.models import CacheEpoch

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(not shutil.which("redis-server"), reason="needs the redis-server program"),
]

READER = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/156.0 Safari/537.36"


@pytest.fixture
def redis(tmp_path):
    """A Redis of the test's own on a free 127.0.0.1 port, stopped by its process id."""
    server = start_redis(free_port(), tmp_path)
    yield server
    stop(server)


@pytest.fixture
def cache_on(settings, monkeypatch):
    def point(port, counter="database"):
        url = f"redis://127.0.0.1:{port}/0"
        settings.CACHES = tolerant_cache_settings(port, timeout=0.5)
        settings.NEWSROOM = {
            **settings.NEWSROOM, "COUNTER_BACKEND": counter, "COUNTER_REDIS_URL": url, "PAGE_CACHE_SECONDS": 120,
            "VIEW_WRITE_SECONDS": 0,
        }
        # Redis is retried at once instead of after a few seconds, so the tests need not wait.
        monkeypatch.setattr(tolerant_cache, "RETRY_SECONDS", 0)
        monkeypatch.setattr(backends.RedisBackend, "RETRY_SECONDS", 0)
        backends.limits_in_memory.clear()
        pagecache.forget_nearby()

    yield point
    backends.limits_in_memory.clear()


def shows(client, path, headline):
    response = client.get(path)
    return response.status_code == 200 and headline in response.content.decode()


def test_a_story_unpublished_while_redis_is_paused_stays_down_when_redis_resumes(redis, cache_on):
    cache_on(redis.port)
    story = make_article("خبر سيسحب لأسباب قانونية")
    reader = Client(HTTP_USER_AGENT=READER)
    pages = {
        story.get_absolute_url(): story.headline_ar,
        "/": story.headline_ar,
        "/fr/": story.headline_ar,
        "/feeds/rss/": story.headline_ar,
        "/archive/": story.headline_ar,
        "/sitemap-articles.xml": f"/news/{story.pk}/",
    }
    for path, mark in pages.items():
        assert shows(reader, path, mark), path
        assert shows(reader, path, mark), path  # from the cache now

    with paused(redis):
        # As the admin saves it: the save succeeds although the cache does not answer.
        story.status = Status.UNPUBLISHED
        story.save()
    assert CacheEpoch.objects.exists(), "the missed invalidation is recorded with the change"

    # Redis is back with the old tokens and pages; another process has its own copies too.
    pagecache._epochs.clear()
    for path, mark in pages.items():
        assert not shows(reader, path, mark), path
    assert reader.get(story.get_absolute_url()).status_code == 404


def test_another_process_drops_its_copies_within_the_bound(redis, cache_on, monkeypatch):
    cache_on(redis.port)
    story = make_article("خبر في نسخة عامل آخر")
    reader = Client(HTTP_USER_AGENT=READER)
    assert shows(reader, story.get_absolute_url(), story.headline_ar)
    before = pagecache.epoch(time.time())
    with paused(redis):
        story.status = Status.UNPUBLISHED
        story.save()
    # A process that read the epoch just before the change keeps it for at most a second.
    pagecache._epochs.put(pagecache.EPOCH, before, time.time())
    clock = time.time()
    monkeypatch.setattr(pagecache.time, "time", lambda: clock + pagecache.NEARBY_TRUST_SECONDS + 0.1)
    pagecache._nearby.clear()
    assert reader.get(story.get_absolute_url()).status_code == 404


@time_machine.travel(datetime(2026, 12, 7, 20, 30, 5, tzinfo=UTC), tick=False)
def test_while_redis_is_down_a_reader_counts_once_and_a_flood_is_refused(cache_on):
    cache_on(free_port())  # nothing listens there
    story = make_article("خبر يقرأ أثناء الانقطاع")
    reader = Client(HTTP_USER_AGENT=READER)

    def beacon():
        return reader.post("/popularity/views/", {"article": str(story.pk), "visitor": "same-reader"}).status_code

    assert [beacon() for _ in range(20)] == [204] * 20
    assert HourlyViews.objects.get(article=story).views == 1
    # Within the same minute: 60 beacons a minute per client, as with Redis up.
    burst = [beacon() for _ in range(200)]
    assert burst.count(204) == 60 - 20 and burst.count(429) == 200 - (60 - 20)
    assert HourlyViews.objects.get(article=story).views == 1


def test_when_redis_is_killed_and_restarted_counting_keeps_its_limits(redis, cache_on, tmp_path):
    cache_on(redis.port, counter="redis")
    story = make_article("خبر أثناء إعادة التشغيل")
    reader = Client(HTTP_USER_AGENT=READER)

    def beacon(visitor):
        return reader.post("/popularity/views/", {"article": str(story.pk), "visitor": visitor}).status_code

    assert beacon("first") == 204
    redis.kill()
    redis.wait(timeout=10)
    assert [beacon("repeat") for _ in range(5)] == [204] * 5
    assert HourlyViews.objects.get(article=story).views == 1, "counted once in the database meanwhile"
    restarted = start_redis(redis.port, tmp_path)
    try:
        assert beacon("after") == 204
        assert HourlyViews.objects.get(article=story).views == 1, "counted in Redis again"
    finally:
        stop(restarted)


def test_a_worker_that_cannot_read_the_epoch_keeps_the_last_one_and_stores_nothing_without_one(
    redis, cache_on, monkeypatch
):
    cache_on(redis.port)
    story = make_article("خبر والقاعدة بعيدة")
    now = time.time()
    known = pagecache.epoch(now)
    policy = pagecache.policy()

    def database_away():
        raise DatabaseError("the database is away")

    monkeypatch.setattr(policy, "epoch", database_away)
    later = now + pagecache.NEARBY_TRUST_SECONDS + 0.1
    assert pagecache.epoch(later) == known
    pagecache._epochs.clear()
    assert pagecache.epoch(later) is None
    # Without an epoch nothing is stored: each request renders the page afresh.
    reader = Client(HTTP_USER_AGENT=READER)
    assert shows(reader, story.get_absolute_url(), story.headline_ar)
    Article.objects.filter(pk=story.pk).update(headline_ar="عنوان مصحح")
    assert shows(reader, story.get_absolute_url(), "عنوان مصحح")
