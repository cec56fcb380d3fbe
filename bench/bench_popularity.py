"""Benchmarks for view counting and the most-read ranking. Prints figures; asserts nothing.

    .venv/bin/python bench/bench_popularity.py                 # SQLite in a temporary folder
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench .venv/bin/python bench/bench_popularity.py
    REDIS_URL=redis://127.0.0.1:6379/2 …                      # adds the Redis backend (uses that Redis db)

1. Beacon requests per second through the real WSGI stack (every middleware, the bot
   filter, de-duplication, rate limits, the counter), one process, for each backend.
2. Time to compute the top 10 over the last 24 hours with a small site (1,000 stories,
   10,000 stored views) and a large one (100,000 stories, 10,000,000 stored views). Both
   get the same 2,500 views a day, mostly on the last two days' stories: the small site's
   views cover 4 days, the large one's 4,000 (an eleven-year archive). The two figures
   should be close, because the ranking reads only the window's buckets, not the history.
   ``--scale 0.1`` runs a tenth of the large site.
"""

import argparse
import os
import random
import statistics
import sys
import tempfile
import time
from datetime import timedelta
from io import BytesIO
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsroom.settings")
os.environ.setdefault("SECRET_KEY", "benchmark-only-secret-key-0123456789abcdefghijklmnopqrstuvwxyz")
if not os.environ.get("DATABASE_URL"):
    os.environ["NEWSROOM_VAR_DIR"] = tempfile.mkdtemp(prefix="newsroom-bench-")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.core.cache import cache  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.core.wsgi import get_wsgi_application  # noqa: E402
from django.db import connection  # noqa: E402
from django.utils import timezone  # noqa: E402

from articles.models import Article, Status  # noqa: E402
from newsroom.db import refresh_planner_statistics  # noqa: E402
from popularity import counter  # noqa: E402
from popularity.backends import hour_start  # noqa: E402
from popularity.models import HourlyViews  # noqa: E402

VIEWS_PER_DAY = 2500
PHONE = "Mozilla/5.0 (Linux; Android 14; SM-A546B) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0 Mobile Safari/537.36"


def use_backend(name):
    settings.NEWSROOM = {**settings.NEWSROOM, "COUNTER_BACKEND": name, "COUNTER_REDIS_PREFIX": f"bench:{name}"}
    if name == "redis":
        counter.backend().client.flushdb()


def reset_database():
    HourlyViews.objects.all().delete()
    Article.objects.all().delete()


def make_site(stories, views, days):
    """``stories`` public stories over ``days`` days and ``views`` views in hourly buckets."""
    now = timezone.now()
    rng = random.Random(42)
    articles = []
    for number in range(stories):
        published = now - timedelta(days=days) + timedelta(seconds=(days * 86400) * number / stories)
        articles.append(
            Article(
                headline_ar=f"خبر رقم {number}", headline=f"خبر رقم {number}", slug=f"khabar-{number}",
                body_ar="<p>نص</p>", status=Status.PUBLISHED, published_at=published, version=1,
            )
        )
    Article.objects.bulk_create(articles, batch_size=5000)
    ids_and_times = list(Article.objects.values_list("pk", "published_at"))
    per_story = views / stories
    buckets = {}
    for article_id, published in ids_and_times:
        # Readers come in the first two days after publication, most in the first hours.
        remaining = int(per_story + rng.random())
        while remaining:
            moment = published + timedelta(hours=min(47, int(rng.expovariate(1 / 8))))
            if moment > now:
                moment = now
            chunk = min(remaining, 1 + int(rng.expovariate(1 / 4)))
            key = (article_id, hour_start(moment))
            buckets[key] = buckets.get(key, 0) + chunk
            remaining -= chunk
    return buckets


def store(buckets, backend):
    if backend == "database":
        rows = (HourlyViews(article_id=a, hour=h, views=v) for (a, h), v in buckets.items())
        batch = []
        for row in rows:
            batch.append(row)
            if len(batch) == 20000:
                HourlyViews.objects.bulk_create(batch)
                batch = []
        HourlyViews.objects.bulk_create(batch)
    else:
        redis_backend = counter.backend()
        horizon = timezone.now() - timedelta(days=35)  # what Redis keeps; older keys have expired
        pipe = redis_backend.client.pipeline(transaction=False)
        for number, ((article_id, hour), views) in enumerate(buckets.items()):
            if hour < horizon:
                continue
            for key in (redis_backend._hour_key(hour), redis_backend._day_key(hour.replace(hour=0))):
                pipe.zincrby(key, views, article_id)
            if number % 10000 == 0:
                pipe.execute()
        pipe.execute()


def time_top_ten(repeats=15):
    timings = []
    for _ in range(repeats):
        started = time.perf_counter()
        stories = counter.most_read(limit=10, window="day")
        timings.append((time.perf_counter() - started) * 1000)
    assert len(stories) == 10
    return statistics.median(timings)


def beacon_throughput(requests):
    application = get_wsgi_application()
    story_ids = list(Article.objects.published().values_list("pk", flat=True)[:200])
    statuses = {}

    def start_response(status, headers):
        statuses[status] = statuses.get(status, 0) + 1

    started = time.perf_counter()
    for number in range(requests):
        body = f"article={story_ids[number % len(story_ids)]}&visitor=reader-{number}".encode()
        environ = {
            "REQUEST_METHOD": "POST", "PATH_INFO": "/popularity/views/", "QUERY_STRING": "",
            "SERVER_NAME": "127.0.0.1", "SERVER_PORT": "8000", "HTTP_HOST": "127.0.0.1",
            "REMOTE_ADDR": f"10.{number // 65536 % 256}.{number // 256 % 256}.{number % 256}",
            "HTTP_USER_AGENT": PHONE, "CONTENT_TYPE": "application/x-www-form-urlencoded",
            "CONTENT_LENGTH": str(len(body)), "wsgi.input": BytesIO(body), "wsgi.url_scheme": "http",
            "wsgi.errors": sys.stderr, "SERVER_PROTOCOL": "HTTP/1.1",
        }
        for chunk in application(environ, start_response):
            pass
    elapsed = time.perf_counter() - started
    return requests / elapsed, statuses


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--scale", type=float, default=1.0, help="fraction of the large site to build")
    parser.add_argument("--requests", type=int, default=3000, help="beacon requests per backend")
    options = parser.parse_args()

    call_command("migrate", verbosity=0)
    backends = ["database"] + (["redis"] if os.environ.get("REDIS_URL") else [])
    print(f"database: {connection.vendor}; cache: {settings.CACHES['default']['BACKEND'].rsplit('.', 1)[-1]}")
    print(f"backends: {', '.join(backends)}" + ("" if "redis" in backends else " (set REDIS_URL to add redis)"))

    sites = {
        "small": (1000, 10_000),
        "large": (int(100_000 * options.scale), int(10_000_000 * options.scale)),
    }
    for backend in backends:
        use_backend(backend)
        for name, (stories, views) in sites.items():
            reset_database()
            cache.clear()
            started = time.perf_counter()
            buckets = make_site(stories, views, days=max(1, views // VIEWS_PER_DAY))
            store(buckets, backend)
            # As the import and prune commands do after large writes.
            refresh_planner_statistics()
            built = time.perf_counter() - started
            total = sum(buckets.values())
            top = time_top_ten()
            print(
                f"[{backend}] {name} site: {stories:,} stories, {total:,} views in {len(buckets):,} hourly buckets "
                f"(built in {built:.0f}s) — top 10 over 24 hours: {top:.1f} ms (median of 15)"
            )
        cache.clear()
        rate, statuses = beacon_throughput(options.requests)
        print(f"[{backend}] beacon through WSGI: {rate:,.0f} requests/s over {options.requests:,} requests {statuses}")
    reset_database()


if __name__ == "__main__":
    main()
