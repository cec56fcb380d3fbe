"""A Redis cache that a Redis outage cannot take the site down with.

Django's Redis backend raises when Redis is unreachable, so every page that touches the cache
would be a server error. This one behaves, while Redis is away, as Django's dummy cache does:
reads miss, writes are dropped, ``add`` answers True and ``incr`` finds no key, except that
``set_many`` names every key as not stored (Django's contract), so the page cache knows an
invalidation did not reach Redis; ``unreachable()`` says whether Redis is being left alone. Every caller
already copes with a cold cache, so readers keep getting pages, only slower. After a failure
Redis is left alone for ``RETRY_SECONDS`` (no connection attempt per call while it is down),
and one warning per outage is logged, plus one when it is back.
"""

import logging
import threading
import time

from redis.exceptions import ConnectionError, TimeoutError

from newsroom.redis_cache import RedisCache

logger = logging.getLogger(__name__)

UNREACHABLE = (ConnectionError, TimeoutError, OSError)
RETRY_SECONDS = 5


class TolerantRedisCache(RedisCache):
    def __init__(self, server, params):
        super().__init__(server, params)
        self._down_until = 0.0
        self._failed = False
        self._lock = threading.Lock()

    def unreachable(self):
        """True from a failed call until one succeeds: meanwhile answers are the fallbacks'."""
        return self._failed

    def _call(self, operation, fallback, *args, **kwargs):
        if self._down_until and time.monotonic() < self._down_until:
            return fallback(*args, **kwargs)
        try:
            result = getattr(super(), operation)(*args, **kwargs)
        except UNREACHABLE as error:
            self._failed = True
            with self._lock:
                first = not self._down_until
                self._down_until = time.monotonic() + RETRY_SECONDS
            if first:
                logger.warning("Redis is unreachable (%s); serving without the cache until it is back", error)
            return fallback(*args, **kwargs)
        self._failed = False
        if self._down_until:
            with self._lock:
                was_down, self._down_until = bool(self._down_until), 0.0
            if was_down:
                logger.warning("Redis is reachable again; the cache is back")
        return result

    def get(self, key, default=None, version=None):
        return self._call("get", lambda *args: default, key, default, version)

    def get_many(self, keys, version=None):
        return self._call("get_many", lambda *args: {}, keys, version)

    def has_key(self, key, version=None):
        return self._call("has_key", lambda *args: False, key, version)


def _missing_key(*args, **kwargs):
    raise ValueError("Key not found (the cache is unreachable)")


def _none_stored(data, *args, **kwargs):
    return list(data)


def _writer(name, fallback):
    def method(self, *args, **kwargs):
        return self._call(name, fallback, *args, **kwargs)

    method.__name__ = name
    method.__doc__ = f"``{name}``, or the dummy cache's answer while Redis is unreachable."
    return method


# What Django's dummy cache answers, for every call that writes.
for _name, _fallback in {
    "set": lambda *args, **kwargs: None,
    "add": lambda *args, **kwargs: True,
    "touch": lambda *args, **kwargs: False,
    "delete": lambda *args, **kwargs: False,
    "set_many": _none_stored,
    "delete_many": lambda *args, **kwargs: None,
    "incr": _missing_key,
    "clear": lambda *args, **kwargs: None,
}.items():
    setattr(TolerantRedisCache, _name, _writer(_name, _fallback))
