"""Where views are stored: the database (embedded default) or Redis (production).

Both keep views in time buckets, so reading a window touches only that window's
buckets however many views were ever counted. ``counter`` is the only caller.
"""

from collections import defaultdict
from datetime import UTC, timedelta
from functools import cached_property

from django.db import IntegrityError, connection, transaction
from django.db.models import F, Sum
from django.utils import timezone

from articles.models import Article

from .models import HourlyViews


def hour_start(moment):
    return moment.astimezone(UTC).replace(minute=0, second=0, microsecond=0)


def day_start(moment):
    return hour_start(moment).replace(hour=0)


class DatabaseBackend:
    """One row per story per hour, incremented in place with UPDATE … SET views = views + n."""

    name = "database"

    def record(self, article_id, section_id, moment, count=1):
        hour = hour_start(moment)
        bucket = HourlyViews.objects.filter(article_id=article_id, hour=hour)
        if bucket.update(views=F("views") + count):
            return
        try:
            with transaction.atomic():
                HourlyViews.objects.create(article_id=article_id, hour=hour, views=count)
        except IntegrityError:
            # Another request created this hour's bucket first.
            bucket.update(views=F("views") + count)

    def ranking(self, since, offset, count, section_ids=None, now=None):
        """[(article_id, views)] ranked over buckets since ``since``: a range scan of the window's rows."""
        if connection.vendor == "sqlite":
            return self._sqlite_ranking(since, offset, count, section_ids)
        buckets = HourlyViews.objects.filter(hour__gte=since)
        if section_ids is not None:
            buckets = buckets.filter(article__section_id__in=section_ids)
        ranked = (
            buckets.values("article_id").annotate(total=Sum("views")).order_by("-total", "-article_id")[offset : offset + count]
        )
        return [(row["article_id"], row["total"]) for row in ranked]

    def _sqlite_ranking(self, since, offset, count, section_ids):
        # Without table statistics SQLite groups through the (article, hour) unique index and
        # reads every bucket ever stored; naming the window index keeps the cost to the window.
        views, stories = HourlyViews._meta.db_table, Article._meta.db_table
        sql = f"SELECT article_id, SUM(views) AS total FROM {views} INDEXED BY views_window_idx WHERE hour >= %s"
        params = [connection.ops.adapt_datetimefield_value(since)]
        if section_ids is not None:
            marks = ", ".join(["%s"] * len(section_ids)) or "NULL"
            sql += f" AND article_id IN (SELECT id FROM {stories} WHERE section_id IN ({marks}))"
            params.extend(section_ids)
        sql += " GROUP BY article_id ORDER BY total DESC, article_id DESC LIMIT %s OFFSET %s"
        with connection.cursor() as cursor:
            cursor.execute(sql, [*params, count, offset])
            return [(article_id, total) for article_id, total in cursor.fetchall()]

    def hourly_totals(self, since, article_ids=None):
        """{(article_id or None, hour): views}; None sums the whole site."""
        rows = HourlyViews.objects.filter(hour__gte=since)
        if article_ids is None:
            return {(None, row["hour"]): row["total"] for row in rows.values("hour").annotate(total=Sum("views"))}
        rows = rows.filter(article_id__in=article_ids).values_list("article_id", "hour", "views")
        return {(article_id, hour): views for article_id, hour, views in rows}

    def daily_totals(self, since, article_ids=None):
        totals = defaultdict(int)
        for (article_id, hour), views in self.hourly_totals(since, article_ids).items():
            totals[(article_id, day_start(hour))] += views
        return dict(totals)


class RedisBackend:
    """Hourly and daily sorted sets (site-wide and per section) that expire on their own.

    A view is one pipelined round trip: ZINCRBY into the hour's and the day's sets, and
    INCRBY into their totals. The database keeps the history: ``flush`` copies the hourly
    counts across as absolute values, so running it twice never counts twice.
    """

    name = "redis"
    HOUR_TTL = int(timedelta(days=3).total_seconds())
    DAY_TTL = int(timedelta(days=35).total_seconds())
    UNION_TTL = 30

    def __init__(self, url, prefix="newsroom:views"):
        self.url = url
        self.prefix = prefix

    @cached_property
    def client(self):
        import redis

        return redis.Redis.from_url(self.url, socket_timeout=2, socket_connect_timeout=2)

    def _hour_key(self, hour, section_id=None):
        key = f"{self.prefix}:h:{hour:%Y%m%d%H}"
        return f"{key}:s:{section_id}" if section_id else key

    def _day_key(self, day, section_id=None):
        key = f"{self.prefix}:d:{day:%Y%m%d}"
        return f"{key}:s:{section_id}" if section_id else key

    def record(self, article_id, section_id, moment, count=1):
        hour, day = hour_start(moment), day_start(moment)
        pipe = self.client.pipeline(transaction=False)
        for key, ttl in ((self._hour_key(hour), self.HOUR_TTL), (self._day_key(day), self.DAY_TTL)):
            pipe.zincrby(key, count, article_id)
            pipe.expire(key, ttl)
            pipe.incrby(f"{key}:total", count)
            pipe.expire(f"{key}:total", ttl)
        if section_id:
            for key, ttl in ((self._hour_key(hour, section_id), self.HOUR_TTL), (self._day_key(day, section_id), self.DAY_TTL)):
                pipe.zincrby(key, count, article_id)
                pipe.expire(key, ttl)
        pipe.execute()

    def _window_keys(self, since, now, section_ids=None):
        """The buckets covering [since, now]: hours for short windows, days for long ones."""
        sections = section_ids or [None]
        keys, moment = [], since
        if now - since > timedelta(hours=48):
            while moment <= now:
                keys.extend(self._day_key(moment, section) for section in sections)
                moment += timedelta(days=1)
        else:
            while moment <= now:
                keys.extend(self._hour_key(moment, section) for section in sections)
                moment += timedelta(hours=1)
        return keys

    def ranking(self, since, offset, count, section_ids=None, now=None):
        now = now or timezone.now()
        union = f"{self.prefix}:union:{since:%Y%m%d%H}:{now:%Y%m%d%H}:{','.join(map(str, section_ids or []))}"
        if offset == 0 or not self.client.exists(union):
            pipe = self.client.pipeline(transaction=False)
            pipe.zunionstore(union, self._window_keys(since, now, section_ids), aggregate="SUM")
            pipe.expire(union, self.UNION_TTL)
            pipe.execute()
        rows = self.client.zrevrange(union, offset, offset + count - 1, withscores=True)
        return [(int(member), int(score)) for member, score in rows]

    def hourly_totals(self, since, article_ids=None):
        hours = []
        moment = since
        while moment <= timezone.now():
            hours.append(moment)
            moment += timedelta(hours=1)
        return self._totals(hours, self._hour_key, article_ids)

    def daily_totals(self, since, article_ids=None):
        days, moment = [], day_start(since)
        while moment <= timezone.now():
            days.append(moment)
            moment += timedelta(days=1)
        return self._totals(days, self._day_key, article_ids)

    def _totals(self, buckets, key_of, article_ids):
        pipe = self.client.pipeline(transaction=False)
        wanted = []
        for bucket in buckets:
            if article_ids is None:
                pipe.get(f"{key_of(bucket)}:total")
                wanted.append((None, bucket))
            else:
                for article_id in article_ids:
                    pipe.zscore(key_of(bucket), article_id)
                    wanted.append((article_id, bucket))
        return {key: int(float(value)) for key, value in zip(wanted, pipe.execute()) if value is not None}

    def flush(self, now):
        """Copy every hour Redis still holds into the database; returns the buckets written."""
        hours, moment = [], hour_start(now) - timedelta(seconds=self.HOUR_TTL)
        while moment <= now:
            hours.append(moment)
            moment += timedelta(hours=1)
        pipe = self.client.pipeline(transaction=False)
        for hour in hours:
            pipe.zrange(self._hour_key(hour), 0, -1, withscores=True)
        counts = {
            (int(member), hour): int(score)
            for hour, rows in zip(hours, pipe.execute())
            for member, score in rows
        }
        existing = set(Article.objects.filter(pk__in={article_id for article_id, _hour in counts}).values_list("pk", flat=True))
        buckets = [
            HourlyViews(article_id=article_id, hour=hour, views=views)
            for (article_id, hour), views in counts.items()
            if article_id in existing
        ]
        HourlyViews.objects.bulk_create(
            buckets,
            batch_size=1000,
            update_conflicts=True,
            unique_fields=["article", "hour"],
            update_fields=["views"],
        )
        return len(buckets)
