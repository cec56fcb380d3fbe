"""Copies of shared state kept inside one worker process, and the one rule for how stale they get.

A worker keeps what it could read again from the shared cache or the database, or work out
again, where doing so on every request would cost more than the request: whole pages and the
version tokens that vouch for them, the boxes pages draw, which stories are public (for the
view beacon), the addresses and chrome every page writes. Every such copy follows one rule:

    A copy is trusted for at most ``trust_seconds`` after it was last read from, or checked
    against, its shared source; past that it is not served as it is (it may be checked again,
    which is often cheaper than reading it whole, and is then trusted as long again). ``None``
    is for copies that cannot go stale by themselves: values worked out from code and settings
    alone, or kept under a key that names the version of what they copy. A change made in this
    process clears the copies it affects at once (``clear()``); a change of settings clears
    every copy (``forget_all()``, on Django's ``setting_changed``).

So a change made in another process reaches this one within ``trust_seconds``, one made here
at once, and one of settings (tests make them) at once too. A copy is kept in a
``ProcessCache``, or, for a ``functools.lru_cache`` on a path so hot that its C lookup matters,
in the lru_cache ``register``-ed here, so that ``forget_all()`` reaches it. Memos keyed by all
they depend on (a user agent's robot test) never go stale and need neither; nor do writes
waiting to be made (``popularity.backends.PendingViews``), which are no copy of anything.
Django's local-memory cache, where it is the site's cache, is a copy in the process too:
``pagecache.lifetime()`` keeps nothing in it longer than ``LOCAL_MEMORY_SECONDS``.
"""

import threading
import time
import weakref
from collections import OrderedDict

from django.core.signals import setting_changed
from django.dispatch import receiver


class _Miss:
    __slots__ = ()

    def __repr__(self):
        return "MISS"


# What ``get`` answers when no trusted copy is kept: a copy may be None.
MISS = _Miss()

_registry_lock = threading.Lock()
_caches = weakref.WeakSet()
_lru_caches = []


class ProcessCache:
    """At most ``size`` copies, the least recently used going first, each trusted ``trust_seconds``.

    ``now`` is a reading of ``clock`` that the caller has already taken (it is read here only
    when left out). ``bypass`` answers True while copies would save nothing (beside a cache
    that lives in this process already): ``put`` keeps nothing then. It must depend on settings
    alone, so that what was kept before it turned True went with the settings change.
    """

    def __init__(self, name, size, trust_seconds=None, *, clock=time.monotonic, bypass=None):
        self.name = name
        self.size = size
        self.trust_seconds = trust_seconds
        self.clock = clock
        self.bypass = bypass
        self._copies = OrderedDict()
        self._lock = threading.Lock()
        with _registry_lock:
            _caches.add(self)

    def __repr__(self):
        return f"<ProcessCache {self.name}: {len(self._copies)}/{self.size}, trusted {self.trust_seconds} s>"

    def __len__(self):
        return len(self._copies)

    def get(self, key, now=None, default=MISS):
        """The copy kept under ``key`` if it is still trusted at ``now``, else ``default``."""
        # Served pages come through here: acquire() and release() cost a third less than ``with``.
        lock = self._lock
        lock.acquire()
        try:
            copy = self._copies.get(key)
            if copy is None:
                return default
            trust = self.trust_seconds
            if trust is not None and (self.clock() if now is None else now) - copy[1] >= trust:
                return default
            self._copies.move_to_end(key)
            return copy[0]
        finally:
            lock.release()

    def peek(self, key, default=MISS):
        """The copy whatever its age: to check against its source and ``put`` back, not to serve."""
        with self._lock:
            copy = self._copies.get(key)
        return default if copy is None else copy[0]

    def get_many(self, keys, now=None):
        """{key: copy} of the ``keys`` whose copies are still trusted at ``now``."""
        found = {}
        trust = self.trust_seconds
        if trust is not None and now is None:
            now = self.clock()
        with self._lock:
            for key in keys:
                copy = self._copies.get(key)
                if copy is not None and (trust is None or now - copy[1] < trust):
                    self._copies.move_to_end(key)
                    found[key] = copy[0]
        return found

    def put(self, key, value, now=None):
        """Keep ``value``, read from (or checked against) its source at ``now``."""
        if self.bypass is not None and self.bypass():
            return
        if now is None and self.trust_seconds is not None:
            now = self.clock()
        with self._lock:
            self._copies[key] = (value, now)
            self._copies.move_to_end(key)
            while len(self._copies) > self.size:
                self._copies.popitem(last=False)

    def put_many(self, values, now=None):
        if not values or (self.bypass is not None and self.bypass()):
            return
        if now is None and self.trust_seconds is not None:
            now = self.clock()
        with self._lock:
            for key, value in values.items():
                self._copies[key] = (value, now)
                self._copies.move_to_end(key)
            while len(self._copies) > self.size:
                self._copies.popitem(last=False)

    def clear(self):
        with self._lock:
            self._copies.clear()


def register(function):
    """Have ``forget_all()`` clear this ``functools.lru_cache``-wrapped function too (a decorator)."""
    with _registry_lock:
        if function.cache_clear not in _lru_caches:
            _lru_caches.append(function.cache_clear)
    return function


def forget_all():
    """Forget every copy this process keeps."""
    with _registry_lock:
        clears = [cache.clear for cache in _caches] + _lru_caches
    for clear in clears:
        clear()


@receiver(setting_changed)
def _settings_changed(**kwargs):
    forget_all()
