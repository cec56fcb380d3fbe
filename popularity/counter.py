"""The one view counter: record a view, read the most-read and trending stories.

Everything that counts or ranks reader views calls this module; it hands the
storage to the backend chosen by settings (``NEWSROOM["COUNTER_BACKEND"]``).
"""

from datetime import timedelta
from functools import lru_cache

from django.conf import settings
from django.core.cache import cache
from django.utils import timezone

from articles.models import Article

from .backends import COUNTED, FLOODING, REPEAT, DatabaseBackend, RedisBackend, day_start, hour_start

__all__ = ["COUNTED", "FLOODING", "REPEAT"]  # what count_view answers

WINDOWS = {
    "hour": timedelta(hours=1),
    "day": timedelta(hours=24),
    "week": timedelta(days=7),
    "month": timedelta(days=30),
}
# Windows longer than two days are counted in whole (UTC) days.
DAY_GRANULARITY = timedelta(hours=48)

bucket_start = hour_start


@lru_cache(maxsize=8)
def _backend(name, url, prefix):
    if name == "redis":
        return RedisBackend(url, prefix)
    return DatabaseBackend()


def backend():
    config = settings.NEWSROOM
    return _backend(config["COUNTER_BACKEND"], config["COUNTER_REDIS_URL"], config["COUNTER_REDIS_PREFIX"])


def window_start(window, now):
    window = WINDOWS.get(window, window)
    return day_start(now - window) if window > DAY_GRANULARITY else hour_start(now - window)


def top(since, limit, section_ids=None, now=None):
    """[(article_id, views)] of the ``limit`` most-read public stories since ``since``.

    The backend ranks every story read in the window; stories can stop being public after
    they were read, so this reads a little more than asked for and keeps the public ones,
    going further down the ranking only when too many were dropped.
    """
    ranked, offset, batch = [], 0, max(limit * 2, 20)
    while len(ranked) < limit:
        rows = backend().ranking(since, offset, batch, section_ids, now=now)
        if not rows:
            break
        public = set(
            Article.objects.published(now=now).filter(pk__in=[pk for pk, _views in rows]).values_list("pk", flat=True)
        )
        ranked.extend((pk, views) for pk, views in rows if pk in public)
        offset += batch
    return ranked[:limit]


def record_view(article_id, section_id=None, when=None, count=1):
    """Count reader views of a public story: one by default, ``count`` when replaying history."""
    backend().record(article_id, section_id, when or timezone.now(), count)


def count_view(article_id, section_id, visitor, now=None):
    """A reader's view of a public story: COUNTED, or REPEAT (read within the window), or FLOODING.

    ``visitor`` is a ``visitors.Visitor``. Each browser and each address may send
    ``VIEW_RATE_PER_CLIENT`` and ``VIEW_RATE_PER_ADDRESS`` beacons a minute; a reader counts
    once per story per ``VIEW_DEDUP_SECONDS``.
    """
    config = settings.NEWSROOM
    return backend().count_view(
        article_id,
        section_id,
        visitor,
        now or timezone.now(),
        limits=(config["VIEW_RATE_PER_CLIENT"], config["VIEW_RATE_PER_ADDRESS"]),
        window=config["VIEW_DEDUP_SECONDS"],
    )


def most_read(limit=None, window="week", section=None, now=None):
    """Public stories ranked by views over ``window`` (a name in WINDOWS or a timedelta), most read first.

    Each story carries ``recent_views``.
    """
    now = now or timezone.now()
    limit = limit or settings.NEWSROOM["MOST_READ_LIMIT"]
    section_ids = section.descendant_ids() if section is not None else None
    ranking = top(window_start(window, now), limit, section_ids, now=now)
    return _stories_in_order(ranking, now)


def sidebar(limit=None, now=None):
    """The "الأكثر قراءة" box: the configured window, widened when the site is quiet.

    The ranking is cached for ``MOST_READ_CACHE_SECONDS`` (so it can be that stale); the
    public-visibility check runs on every call, so an unpublished story drops out at once.
    """
    now = now or timezone.now()
    limit = limit or settings.NEWSROOM["MOST_READ_LIMIT"]
    key = f"popularity:sidebar:{limit}"
    ranking = cache.get(key)
    if ranking is None:
        ranking = []
        for window in settings.NEWSROOM["MOST_READ_WINDOWS"]:
            ranking = top(window_start(window, now), limit, now=now)
            if len(ranking) >= min(limit, settings.NEWSROOM["MOST_READ_MINIMUM"]):
                break
        cache.set(key, ranking, settings.NEWSROOM["MOST_READ_CACHE_SECONDS"])
    return _stories_in_order(ranking, now)


def trending(limit=10, recent_hours=3, baseline_hours=24, minimum_views=5, now=None):
    """Stories whose views over the last hours rise fastest against their own recent baseline.

    Score: views per hour in the last ``recent_hours`` divided by views per hour over the
    ``baseline_hours`` before them (plus one, so a new story is not infinitely trending).
    """
    now = now or timezone.now()
    recent_since = hour_start(now) - timedelta(hours=recent_hours - 1)
    candidates = top(recent_since, limit * 5, now=now)
    candidates = [(article_id, views) for article_id, views in candidates if views >= minimum_views]
    if not candidates:
        return []
    baseline_since = recent_since - timedelta(hours=baseline_hours)
    counts = backend().hourly_totals(baseline_since, [article_id for article_id, _views in candidates])
    scored = []
    for article_id, recent_views in candidates:
        baseline_views = sum(
            views for (story, hour), views in counts.items() if story == article_id and hour < recent_since
        )
        rate_now = recent_views / recent_hours
        rate_before = baseline_views / baseline_hours
        scored.append((article_id, recent_views, rate_now / (rate_before + 1)))
    scored.sort(key=lambda row: (-row[2], -row[1]))
    stories = _stories_in_order([(article_id, views) for article_id, views, _score in scored[:limit]], now)
    scores = {article_id: score for article_id, _views, score in scored}
    for story in stories:
        story.trend = round(scores[story.pk], 2)
    return stories


def hourly_series(article_id=None, hours=48, now=None):
    """[(hour, views)] for the last ``hours`` hours, oldest first; the whole site when no story."""
    now = now or timezone.now()
    since = hour_start(now) - timedelta(hours=hours - 1)
    totals = backend().hourly_totals(since, None if article_id is None else [article_id])
    return [(since + timedelta(hours=i), totals.get((article_id, since + timedelta(hours=i)), 0)) for i in range(hours)]


def daily_series(article_id=None, days=30, now=None):
    """[(day, views)] for the last ``days`` days, oldest first."""
    now = now or timezone.now()
    since = day_start(now) - timedelta(days=days - 1)
    totals = backend().daily_totals(since, None if article_id is None else [article_id])
    return [(since + timedelta(days=i), totals.get((article_id, since + timedelta(days=i)), 0)) for i in range(days)]


def _stories_in_order(ranking, now):
    """The public stories of ``ranking`` ([(id, views)], best first), in that order."""
    views = dict(ranking)
    position = {article_id: index for index, (article_id, _views) in enumerate(ranking)}
    stories = Article.objects.published(now=now).filter(pk__in=views).select_related("section")
    ordered = sorted(stories, key=lambda story: position[story.pk])
    for story in ordered:
        story.recent_views = views[story.pk]
    return ordered
