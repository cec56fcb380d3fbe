"""Where views are stored: the database (embedded default) or Redis (production).

Both keep views in time buckets, so reading a window touches only that window's
buckets however many views were ever counted. ``counter`` is the only caller.
"""

import atexit
import logging
import os
import threading
import time
from collections import defaultdict
from datetime import UTC, timedelta
from functools import cached_property, wraps

from django.conf import settings
from django.core.cache import cache
from django.db import IntegrityError, connection, transaction
from django.db.models import F, Sum
from django.utils import timezone
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import NoScriptError
from redis.exceptions import TimeoutError as RedisTimeoutError

from articles.models import Article

from .models import HourlyViews

logger = logging.getLogger(__name__)


class FlushRunning(Exception):
    pass


# What became of a reader's view (``count_view``).
COUNTED, REPEAT, FLOODING = "counted", "repeat", "flooding"
# A rate bucket counts one minute's requests and outlives it a little.
RATE_BUCKET_SECONDS = 120


def hour_start(moment):
    return moment.astimezone(UTC).replace(minute=0, second=0, microsecond=0)


def day_start(moment):
    return hour_start(moment).replace(hour=0)


def _add_to_bucket(article_id, hour, count):
    bucket = HourlyViews.objects.filter(article_id=article_id, hour=hour)
    if bucket.update(views=F("views") + count):
        return
    try:
        with transaction.atomic():
            HourlyViews.objects.create(article_id=article_id, hour=hour, views=count)
    except IntegrityError:
        # Another process created this hour's bucket first.
        bucket.update(views=F("views") + count)


class PendingViews:
    """Readers' views this process counted and has not written yet, per story and hour.

    A write per view made the database the beacon's bottleneck (SQLite commits one write at
    a time): views are written ``VIEW_WRITE_SECONDS`` after the first one waiting, in one
    transaction for all of them, from a timer thread; at once before this process reads
    rankings or totals; and when the process exits. A write that fails keeps its views for
    the next. What a killed process held (a second of views at most) is lost, as views are
    when Redis loses its last second.
    """

    def __init__(self):
        self.counts = defaultdict(int)
        self.lock = threading.Lock()
        self.timer = None
        self.registered = False

    def add(self, article_id, moment, delay):
        with self.lock:
            self.counts[(article_id, hour_start(moment))] += 1
            if self.timer is None:
                self.timer = threading.Timer(delay, self._write_from_timer)
                self.timer.daemon = True
                self.timer.start()
            if not self.registered:
                atexit.register(self.write)
                self.registered = True

    def _write_from_timer(self):
        with self.lock:
            self.timer = None
        try:
            self.write()
        except Exception:
            logger.exception("Views could not be written; they are kept for the next write")
        finally:
            # The timer's thread has its own database connection.
            connection.close()

    def write(self):
        """Write every view waiting, in one transaction; on failure they wait for the next write."""
        with self.lock:
            counts, self.counts = self.counts, defaultdict(int)
        if not counts:
            return
        try:
            # A story deleted since its views were counted takes them along, as it takes its
            # buckets; left in, its missing row would fail every later write.
            existing = set(
                Article.objects.filter(pk__in={article_id for article_id, _hour in counts}).values_list("pk", flat=True)
            )
            with transaction.atomic():
                for (article_id, hour), count in counts.items():
                    if article_id in existing:
                        _add_to_bucket(article_id, hour, count)
        except Exception:
            with self.lock:
                for key, count in counts.items():
                    self.counts[key] += count
            raise


pending = PendingViews()


def with_pending_views_written(method):
    @wraps(method)
    def wrapper(self, *args, **kwargs):
        pending.write()
        return method(self, *args, **kwargs)

    return wrapper


class DatabaseBackend:
    """One row per story per hour, incremented in place with UPDATE … SET views = views + n."""

    name = "database"

    def record(self, article_id, section_id, moment, count=1):
        _add_to_bucket(article_id, hour_start(moment), count)

    def count_view(self, article_id, section_id, visitor, moment, limits, window):
        """Record a reader's view unless they flood or read the story within ``window`` seconds.

        Rates and repeats are kept in Django's cache; ``cache.add`` makes each check atomic.
        While the cache is unreachable (its ``add`` would answer yes to everything) they are
        kept in this process's memory instead (``limits_in_memory``), under the same rules.
        """
        outcome = _decide(cache, article_id, visitor, moment, limits, window)
        if _cache_unreachable():
            # The cache answered like a dummy one (while it is away that costs no round trip).
            outcome = _decide(limits_in_memory, article_id, visitor, moment, limits, window)
        if outcome != COUNTED:
            return outcome
        delay = settings.NEWSROOM["VIEW_WRITE_SECONDS"]
        if delay > 0:
            pending.add(article_id, moment, delay)
        else:
            self.record(article_id, section_id, moment)
        return COUNTED

    @with_pending_views_written
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

    @with_pending_views_written
    def hourly_totals(self, since, article_ids=None):
        """{(article_id or None, hour): views}; None sums the whole site."""
        rows = HourlyViews.objects.filter(hour__gte=since)
        if article_ids is None:
            return {(None, row["hour"]): row["total"] for row in rows.values("hour").annotate(total=Sum("views"))}
        rows = rows.filter(article_id__in=article_ids).values_list("article_id", "hour", "views")
        return {(article_id, hour): views for article_id, hour, views in rows}

    @with_pending_views_written
    def daily_totals(self, since, article_ids=None):
        totals = defaultdict(int)
        for (article_id, hour), views in self.hourly_totals(since, article_ids).items():
            totals[(article_id, day_start(hour))] += views
        return dict(totals)


def _decide(store, article_id, visitor, moment, limits, window):
    minute = int(moment.timestamp() // 60)
    client_limit, address_limit = limits
    if _over_limit(store, f"client:{visitor.client}:{minute}", client_limit) or _over_limit(
        store, f"address:{visitor.address}:{minute}", address_limit
    ):
        return FLOODING
    if not store.add(f"popularity:seen:{visitor.reader}:{article_id}", 1, window):
        return REPEAT
    return COUNTED


def _over_limit(store, bucket, limit):
    key = f"popularity:rate:{bucket}"
    store.add(key, 0, RATE_BUCKET_SECONDS)
    try:
        return store.incr(key) > limit
    except ValueError:
        # The bucket expired between add and incr: its first request.
        store.set(key, 1, RATE_BUCKET_SECONDS)
        return False


def _cache_unreachable():
    unreachable = getattr(cache, "unreachable", None)
    return unreachable is not None and unreachable()


class LimitsInMemory:
    """Rate buckets and "already counted" marks in this process, for while the cache is away.

    The same rules as in the cache, held per process: with W worker processes a reader counts
    at most W times per story per window, and a client gets at most W times its rate limit.
    When full, it counts nothing more (``add`` refuses) rather than count without limits.
    """

    def __init__(self, size=200_000):
        self.size = size
        self.values = {}
        self.lock = threading.Lock()

    def _live(self, key, now):
        found = self.values.get(key)
        if found is not None and found[1] <= now:
            del self.values[key]
            return None
        return found

    def add(self, key, value, timeout):
        now = time.monotonic()
        with self.lock:
            if self._live(key, now) is not None:
                return False
            if len(self.values) >= self.size:
                self.values = {k: v for k, v in self.values.items() if v[1] > now}
                if len(self.values) >= self.size:
                    return False
            self.values[key] = (value, now + timeout)
            return True

    def incr(self, key):
        with self.lock:
            found = self._live(key, time.monotonic())
            if found is None:
                raise ValueError(f"Key {key!r} not found")
            self.values[key] = (found[0] + 1, found[1])
            return found[0] + 1

    def set(self, key, value, timeout):
        with self.lock:
            self.values[key] = (value, time.monotonic() + timeout)

    def clear(self):
        with self.lock:
            self.values.clear()


limits_in_memory = LimitsInMemory()


REDIS_UNREACHABLE = (RedisConnectionError, RedisTimeoutError, OSError)


def or_the_database(method):
    """Runs ``method`` on Redis or, while Redis is unreachable, the same method on the database.

    After a failure Redis is left alone for ``RETRY_SECONDS``; a warning is logged when the
    outage starts and when Redis answers again. Views counted meanwhile stay in the database,
    where ``flush`` adds to them rather than overwriting them.
    """

    @wraps(method)
    def wrapper(self, *args, **kwargs):
        if self._down_until and time.monotonic() < self._down_until:
            return getattr(self.standby, method.__name__)(*args, **kwargs)
        try:
            result = method(self, *args, **kwargs)
        except REDIS_UNREACHABLE as error:
            if not self._down_until:
                logger.warning("Redis is unreachable (%s): views are counted in the database until it is back", error)
            self._down_until = time.monotonic() + self.RETRY_SECONDS
            return getattr(self.standby, method.__name__)(*args, **kwargs)
        if self._down_until:
            self._down_until = 0.0
            logger.warning("Redis is reachable again: views are counted in Redis")
        return result

    return wrapper


# One argument, its fields separated by SEPARATOR: the key prefix, the hour ("YYYYMMDDHH") and
# day ("YYYYMMDD") of the view, the client's, the address's and the reader's hashes, the story,
# its section (0 for none), the minute (rate buckets), the client and address limits, now
# (seconds, the caller's clock, so tests can travel), the repeat window, and the hour, day and
# rate-bucket TTLs. The script builds the keys as ``RedisBackend._hour_key`` and the others
# do: one argument costs the client far less to send than twenty (this runs on every view),
# and it needs one Redis server, not a Cluster, as the rankings' unions do anyway.
# Returns 0 counted, 1 repeat, 2 flooding: the same decisions as DatabaseBackend.count_view.
SEPARATOR = "\x1f"
COUNT_VIEW_SCRIPT = """
local a = {}
for field in string.gmatch(ARGV[1], '[^\\31]+') do a[#a + 1] = field end
local prefix, story, section = a[1], a[7], a[8]
local function over(key, limit)
    local n = redis.call('INCR', key)
    if n == 1 then redis.call('EXPIRE', key, a[16]) end
    return n > tonumber(limit)
end
if over(prefix .. ':rate:client:' .. a[4] .. ':' .. a[9], a[10])
    or over(prefix .. ':rate:address:' .. a[5] .. ':' .. a[9], a[11]) then
    return 2
end
local seen = prefix .. ':seen:' .. a[6] .. ':' .. story
local now, window = tonumber(a[12]), tonumber(a[13])
if tonumber(redis.call('GET', seen) or '0') > now then return 1 end
redis.call('SET', seen, tostring(now + window), 'EX', window)
local hour, day, hour_ttl, day_ttl = prefix .. ':h:' .. a[2], prefix .. ':d:' .. a[3], a[14], a[15]
local function count(key, ttl, total)
    redis.call('ZINCRBY', key, 1, story); redis.call('EXPIRE', key, ttl)
    if total then redis.call('INCRBY', key .. ':total', 1); redis.call('EXPIRE', key .. ':total', ttl) end
end
count(hour, hour_ttl, true)
count(day, day_ttl, true)
if section ~= '0' then
    count(hour .. ':s:' .. section, hour_ttl, false)
    count(day .. ':s:' .. section, day_ttl, false)
end
return 0
"""


class RedisBackend:
    """Hourly and daily sorted sets (site-wide and per section) that expire on their own.

    A view is one pipelined round trip: ZINCRBY into the hour's and the day's sets, and
    INCRBY into their totals. The database keeps the history: ``flush`` adds to it what each
    hour's set gained since the last flush, so running it twice never counts twice. While
    Redis is unreachable the database backend stands in (``or_the_database``).
    """

    name = "redis"
    HOUR_TTL = int(timedelta(days=3).total_seconds())
    DAY_TTL = int(timedelta(days=35).total_seconds())
    UNION_TTL = 30
    RETRY_SECONDS = 5
    FLUSH_LOCK_SECONDS = 300

    def __init__(self, url, prefix="newsroom:views"):
        self.url = url
        self.prefix = prefix
        self.standby = DatabaseBackend()
        self._down_until = 0.0

    @cached_property
    def client(self):
        import redis

        return redis.Redis.from_url(self.url, socket_timeout=2, socket_connect_timeout=2)

    @cached_property
    def _count_view_script(self):
        return self.client.register_script(COUNT_VIEW_SCRIPT)

    @cached_property
    def _own_connections(self):
        return threading.local()

    def _run_count_view_script(self, packed):
        """The view script on this thread's own connection: every view runs it, and taking a
        connection from the pool and giving it back cost more CPU than sending the command."""
        local = self._own_connections
        connection = getattr(local, "connection", None)
        if connection is None or local.pid != os.getpid():
            pool = self.client.connection_pool
            connection = local.connection = pool.connection_class(**pool.connection_kwargs)
            local.pid = os.getpid()
        script = self._count_view_script
        try:
            connection.send_command("EVALSHA", script.sha, 0, packed)
            return connection.read_response()
        except NoScriptError:
            # A restarted Redis forgot the script: load it and run it once the usual way.
            return script(args=[packed])
        except REDIS_UNREACHABLE:
            connection.disconnect()
            raise

    @or_the_database
    def count_view(self, article_id, section_id, visitor, moment, limits, window):
        """``DatabaseBackend.count_view`` in one round trip: a script checks and counts at once."""
        hour = hour_start(moment)
        stamp = moment.timestamp()
        fields = (
            self.prefix, f"{hour:%Y%m%d%H}", f"{hour:%Y%m%d}", visitor.client, visitor.address, visitor.reader,
            article_id, section_id or 0, int(stamp // 60), *limits, stamp, window,
            self.HOUR_TTL, self.DAY_TTL, RATE_BUCKET_SECONDS,
        )
        outcome = self._run_count_view_script(SEPARATOR.join(map(str, fields)))
        return (COUNTED, REPEAT, FLOODING)[int(outcome)]

    def _hour_key(self, hour, section_id=None):
        key = f"{self.prefix}:h:{hour:%Y%m%d%H}"
        return f"{key}:s:{section_id}" if section_id else key

    def _day_key(self, day, section_id=None):
        key = f"{self.prefix}:d:{day:%Y%m%d}"
        return f"{key}:s:{section_id}" if section_id else key

    @or_the_database
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

    @or_the_database
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

    @or_the_database
    def hourly_totals(self, since, article_ids=None):
        hours = []
        moment = since
        while moment <= timezone.now():
            hours.append(moment)
            moment += timedelta(hours=1)
        return self._totals(hours, self._hour_key, article_ids)

    @or_the_database
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

    def _flushed_key(self, hour):
        return f"{self._hour_key(hour)}:flushed"

    def flush(self, now):
        """Add to the database what every hour Redis still holds gained since the last flush.

        Each hour's ``…:flushed`` hash remembers the count already copied per story, so only
        the difference is added: views the database counted while Redis was down are kept,
        and after a Redis restart (marks gone with the counts) the new counts are added in
        full. The marks are set after the database commits: a crash in between adds those
        views again on the next run rather than losing them. Returns the buckets written.
        """
        lock = self.client.lock(f"{self.prefix}:flush-lock", timeout=self.FLUSH_LOCK_SECONDS, blocking_timeout=0)
        if not lock.acquire():
            raise FlushRunning("another flush is running")
        try:
            return self._flush(now)
        finally:
            lock.release()

    def _flush(self, now):
        hours, moment = [], hour_start(now) - timedelta(seconds=self.HOUR_TTL)
        while moment <= now:
            hours.append(moment)
            moment += timedelta(hours=1)
        pipe = self.client.pipeline(transaction=False)
        for hour in hours:
            pipe.zrange(self._hour_key(hour), 0, -1, withscores=True)
            pipe.hgetall(self._flushed_key(hour))
        replies = pipe.execute()
        gained = {}
        for hour, rows, marks in zip(hours, replies[::2], replies[1::2]):
            done = {int(member): int(count) for member, count in marks.items()}
            for member, score in rows:
                total = int(score)
                if total > done.get(int(member), 0):
                    gained[(int(member), hour)] = (total - done.get(int(member), 0), total)
        existing = set(Article.objects.filter(pk__in={article_id for article_id, _hour in gained}).values_list("pk", flat=True))
        written = {key: value for key, value in gained.items() if key[0] in existing}
        with transaction.atomic():
            for (article_id, hour), (views, _total) in written.items():
                self.standby.record(article_id, None, hour, views)
        pipe = self.client.pipeline(transaction=False)
        for (article_id, hour), (_views, total) in gained.items():
            pipe.hset(self._flushed_key(hour), article_id, total)
            pipe.expire(self._flushed_key(hour), self.HOUR_TTL)
        pipe.execute()
        return len(written)
