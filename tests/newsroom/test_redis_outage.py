"""Redis goes away: readers still get pages, views are counted in the database, and when Redis
comes back counting returns to it without losing what the database counted meanwhile."""

import logging
import shutil

import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.test import Client

from newsroom import cache as tolerant_cache
from popularity import backends, counter
from popularity.models import HourlyViews
from tests.factories import make_article, make_section
from tests.services import free_port, start_redis, stop, tolerant_cache_settings

pytestmark = pytest.mark.django_db

READER = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/156.0 Safari/537.36"


@pytest.fixture
def redis_at(settings, monkeypatch):
    """Points the cache and the view counter at a Redis on ``port`` (nothing listens there yet)."""

    def point(port):
        url = f"redis://127.0.0.1:{port}/0"
        settings.CACHES = tolerant_cache_settings(port)
        settings.NEWSROOM = {**settings.NEWSROOM, "COUNTER_BACKEND": "redis", "COUNTER_REDIS_URL": url,
                             "PAGE_CACHE_SECONDS": 120}
        # Retry Redis at once rather than after a few seconds, so the test need not wait.
        monkeypatch.setattr(tolerant_cache, "RETRY_SECONDS", 0)
        monkeypatch.setattr(backends.RedisBackend, "RETRY_SECONDS", 0)
        return url

    return point


def beacon(story, visitor):
    client = Client(HTTP_USER_AGENT=READER)
    return client.post("/popularity/views/", {"article": str(story.pk), "visitor": visitor})


def test_with_redis_down_readers_get_pages_and_views_go_to_the_database(redis_at, caplog):
    redis_at(free_port())
    story = make_article("انقطاع الكهرباء في العاصمة", section=make_section("وطني"))
    client = Client(HTTP_USER_AGENT=READER)
    with caplog.at_level(logging.WARNING):
        for path in ("/", story.get_absolute_url(), story.section.get_absolute_url(), "/fr/"):
            response = client.get(path)
            assert response.status_code == 200, path
            assert story.headline_ar in response.content.decode(), path
        assert client.get("/search/?q=الكهرباء").status_code == 200
        assert beacon(story, "reader-1").status_code == 204
        assert beacon(story, "reader-2").status_code == 204
    assert HourlyViews.objects.get(article=story).views == 2
    assert [(read.pk, read.recent_views) for read in counter.most_read(window="day")] == [(story.pk, 2)]
    warnings = [record.getMessage() for record in caplog.records if record.levelno == logging.WARNING]
    assert any("serving without the cache" in message for message in warnings)
    assert any("views are counted in the database" in message for message in warnings)
    # One warning per outage, not one per call.
    assert sum("Redis is unreachable" in message for message in warnings) == 2


@pytest.mark.skipif(not shutil.which("redis-server"), reason="needs the redis-server program to start and stop a Redis")
def test_when_redis_comes_back_counting_resumes_there_and_the_outage_views_are_kept(redis_at, caplog, tmp_path):
    port = free_port()
    redis_at(port)
    story = make_article("عودة التيار الكهربائي")
    assert beacon(story, "during-outage").status_code == 204
    assert HourlyViews.objects.get(article=story).views == 1

    server = start_redis(port, tmp_path)
    try:
        with caplog.at_level(logging.WARNING):
            assert beacon(story, "after-return-1").status_code == 204
            assert beacon(story, "after-return-2").status_code == 204
        assert any("reachable again" in record.getMessage() for record in caplog.records)
        # Counted in Redis now: the database has not moved until the flush.
        assert HourlyViews.objects.get(article=story).views == 1
        assert cache.get("popularity:seen:probe") is None and cache.add("popularity:seen:probe", 1)
        assert not cache.add("popularity:seen:probe", 1), "the cache works again"
        call_command("flush_views", verbosity=0)
        assert HourlyViews.objects.get(article=story).views == 3
        call_command("flush_views", verbosity=0)
        assert HourlyViews.objects.get(article=story).views == 3
    finally:
        stop(server)
