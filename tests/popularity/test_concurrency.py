"""Many processes counting the same story at once lose no views."""

import multiprocessing
import os

import pytest
from django.db import connection

from popularity import counter
from tests.factories import make_article
from tests.popularity.conftest import needs_redis
from tests.popularity.workers import count_views

WORKERS = 8
VIEWS_EACH = 150


def run_workers(article_id, settings):
    context = multiprocessing.get_context("spawn")
    # Each worker is a separate process with its own connections, pointed at the test database.
    overrides = {"DATABASE": {"NAME": connection.settings_dict["NAME"]}, "NEWSROOM": settings.NEWSROOM}
    workers = [context.Process(target=count_views, args=(article_id, overrides, VIEWS_EACH)) for _ in range(WORKERS)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(timeout=120)
        assert worker.exitcode == 0


@pytest.mark.skipif(
    not os.environ.get("DATABASE_URL", "").startswith("postgres"),
    reason="needs PostgreSQL (CI's second run); SQLite allows one writer at a time",
)
@pytest.mark.django_db(transaction=True)
def test_parallel_processes_lose_no_views_in_postgresql(settings):
    settings.NEWSROOM = {**settings.NEWSROOM, "COUNTER_BACKEND": "database"}
    article = make_article()
    run_workers(article.pk, settings)
    assert counter.most_read(window="hour")[0].recent_views == WORKERS * VIEWS_EACH


@needs_redis
@pytest.mark.django_db(transaction=True)
def test_parallel_processes_lose_no_views_in_redis(settings):
    from tests.popularity.conftest import REDIS_URL

    settings.NEWSROOM = {**settings.NEWSROOM, "COUNTER_BACKEND": "redis", "COUNTER_REDIS_URL": REDIS_URL}
    article = make_article()
    run_workers(article.pk, settings)
    assert counter.most_read(window="hour")[0].recent_views == WORKERS * VIEWS_EACH
