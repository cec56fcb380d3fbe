"""The one view counter: record a view, read the most-read stories.

Views land in hourly buckets, incremented in the database so concurrent
readers lose nothing; reading the top N sums only the buckets of the window.
"""

from datetime import UTC, timedelta

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import F, Sum
from django.utils import timezone

from articles.models import Article

from .models import HourlyViews


def bucket_start(moment):
    return moment.astimezone(UTC).replace(minute=0, second=0, microsecond=0)


def record_view(article_id, when=None, count=1):
    """Count reader views of a story: one by default, ``count`` when replaying history."""
    hour = bucket_start(when or timezone.now())
    bucket = HourlyViews.objects.filter(article_id=article_id, hour=hour)
    if bucket.update(views=F("views") + count):
        return
    try:
        with transaction.atomic():
            HourlyViews.objects.create(article_id=article_id, hour=hour, views=count)
    except IntegrityError:
        # Another request created this hour's bucket first.
        bucket.update(views=F("views") + count)


def most_read(limit=None, days=None, section=None, now=None):
    """Public stories ranked by views over the last ``days`` days, most read first."""
    now = now or timezone.now()
    limit = limit or settings.NEWSROOM["MOST_READ_LIMIT"]
    days = days or settings.NEWSROOM["MOST_READ_DAYS"]
    stories = Article.objects.published(now=now)
    if section is not None:
        stories = stories.filter(section_id__in=section.descendant_ids())
    return list(
        stories.filter(hourly_views__hour__gte=bucket_start(now - timedelta(days=days)))
        .annotate(recent_views=Sum("hourly_views__views"))
        .order_by("-recent_views", "-published_at", "-pk")
        .select_related("section")[:limit]
    )
