"""Whole pages for anonymous readers, answered from the cache before Django runs.

A page is stored with the tokens of the *versions* it depends on: ``site`` (read by every
page: menus, boxes, the public set) and the ones its route declares, such as ``story:12`` or
``tag:<slug>``. Each app declares its cacheable pages beside its URL patterns, keyed by URL
name (``cached_pages()``); an address no declared route matches is never cached. Changing
something sets new tokens for the versions that show it (``bump()``); a stored page whose
tokens differ is never served again. When the cache does not take new tokens (Redis away or
paused, so it may come back holding the old ones), the policy starts a new *epoch* in the
database, in the change's own transaction; every stored page and box carries the epoch it was
drawn in, and each process reads the epoch at most once a second. So a page retired by a
change is served by no process more than two seconds after the change commits, whatever the
cache does. The policy (``NEWSROOM["PAGE_CACHE_POLICY"]``, a module with ``next_change()``,
``epoch()`` and ``new_epoch(names)``) knows when the public site changes by itself and keeps
the epochs; this module knows no app.

A hit costs one ``get_many`` (the page, its version tokens and the deadline) and no view,
middleware or template: ``PageCacheApp`` wraps the WSGI application. ``PageCacheMiddleware``
(first in ``MIDDLEWARE``) stores pages on the way out and answers hits itself when the WSGI
wrapper is not in front (the test client, another server). Pages are stored only for GET
requests without a session cookie, and only when the response is a 200 that sets no cookie.

Some changes happen without a save: a scheduled story goes live, a front-page pin or a
breaking-news flag expires. The policy's ``next_change()`` gives the next such moment (the
*deadline*); nothing is stored past it.
"""

import gzip
import hashlib
import importlib
import logging
import math
import re
import secrets
import time
from contextvars import ContextVar
from dataclasses import dataclass, field
from functools import lru_cache

from django.conf import settings
from django.core.cache import caches
from django.core.cache.backends.locmem import LocMemCache
from django.db import transaction
from django.http import HttpResponse
from django.http.cookie import parse_cookie
from django.urls import Resolver404, resolve
from django.utils.cache import get_conditional_response, patch_cache_control, patch_vary_headers, set_response_etag
from django.utils.http import parse_http_date_safe
from django.utils.translation import override

from newsroom import localcache
from newsroom.localcache import MISS, ProcessCache

try:
    import brotli  # whitenoise[brotli] installs it
except ImportError:  # pragma: no cover - gzip alone then
    brotli = None

logger = logging.getLogger(__name__)

ENVIRON_KEY = "newsroom.pagecache"
SITE = "site"
# The version of the pages that list the newest stories: home, site feeds, sitemaps, archive, search.
INDEX = "index"
PREFIX = "pagecache"
DEADLINE_KEY = f"{PREFIX}:deadline"
# A local-memory cache is private to one process: another worker's invalidation never
# reaches it, so what it holds is trusted for a few seconds only.
LOCAL_MEMORY_SECONDS = 5
# Parameters that marketing and social sites add to links; pages never read them, and
# keeping them in the key would make every shared click a miss.
TRACKING_PARAMETER = re.compile(r"^(?:utm_[a-z]+|fbclid|gclid|dclid|msclkid|mc_cid|mc_eid|igshid|_ga)$")
# Headers a response may vary on while still being the same page for every anonymous
# reader: the language comes from the address, and readers here hold no session.
HARMLESS_VARY = {"accept-language", "cookie"}
NOT_MODIFIED_HEADERS = {"cache-control", "content-location", "date", "etag", "expires", "last-modified", "vary"}
NO_DEADLINE = 0.0
# Any address names a version (``story:<id>`` for whatever id a request makes up), so
# version tokens expire: one that is gone gets a fresh token, which only retires pages.
VERSION_SECONDS = 24 * 3600
# Pages are compressed once, when stored, in every encoding browsers commonly accept.
COMPRESSORS = {"gzip": lambda body: gzip.compress(body, compresslevel=6, mtime=0)}
if brotli is not None:
    COMPRESSORS["br"] = lambda body: brotli.compress(body, quality=5)
ENCODINGS = tuple(COMPRESSORS)
COMPRESSIBLE = re.compile(r"text/|application/(?:json|xml|[\w.+-]+\+xml|javascript)")
MIN_COMPRESSED_BYTES = 512
VARIANT_HEADERS = {"content-length", "content-encoding", "etag"}
REFUSED = re.compile(r"\s*q\s*=\s*0(?:\.0*)?\s*")

_current = ContextVar("newsroom_pagecache_state", default=None)


@dataclass
class Entry:
    """A page as sent: its headers (less the ones each encoding sets) and its body in each encoding."""

    tokens: tuple
    expires: float
    status: str
    headers: list
    bodies: dict
    etag: str | None
    last_modified: int | None

    @classmethod
    def from_response(cls, response, tokens=None, expires=0.0, encodings=ENCODINGS):
        body = response.content
        compressible = len(body) >= MIN_COMPRESSED_BYTES and COMPRESSIBLE.match(response.get("Content-Type", ""))
        return cls(
            tokens=tokens,
            expires=expires,
            status=f"{response.status_code} {response.reason_phrase}",
            headers=[(name, value) for name, value in response.items() if name.lower() not in VARIANT_HEADERS],
            bodies={"identity": body, **({name: COMPRESSORS[name](body) for name in encodings} if compressible else {})},
            etag=response.get("ETag"),
            last_modified=parse_http_date_safe(response.get("Last-Modified")),
        )

    def variant(self, accept_encoding):
        """(etag, headers, body) in the best encoding the client accepts."""
        encoding = pick_encoding(accept_encoding, self.bodies)
        body = self.bodies[encoding]
        headers = [*self.headers, ("Content-Length", str(len(body)))]
        etag = self.etag
        if encoding != "identity":
            headers.append(("Content-Encoding", encoding))
            # Each encoding is different bytes, so a different entity tag.
            etag = etag and f'{etag.removesuffix(chr(34))}-{encoding}"'
        if etag:
            headers.append(("ETag", etag))
        return etag, headers, body


@dataclass
class PageState:
    """What a request learnt on its way in: enough to store its page on the way out."""

    key: str | None
    names: tuple
    tokens: tuple | None
    deadline: float | None
    reader: bool
    started: float
    # Version tokens (and the deadline) the page's boxes read, so that each is read once.
    read: dict = field(default_factory=dict)


def config(name):
    return settings.NEWSROOM[name]


def cache():
    return caches["default"]


@localcache.register
@lru_cache(maxsize=4)
def _policy(module):
    return importlib.import_module(module)


def policy():
    return _policy(config("PAGE_CACHE_POLICY"))


# Routes ---------------------------------------------------------------------------------

# "namespace:url_name" -> the versions its page shows, as format strings of the route's arguments.
_declared = {}


def cached_pages(namespace, versions_by_name):
    """Let the cache keep these routes' pages: ``{url name: ["story:{pk}", ...]}``.

    Called by an app's ``urls.py`` beside its patterns, so a new page joins the cache where it
    is routed. Each string is filled from the route's arguments; ``site`` is always added.
    """
    for name, versions in versions_by_name.items():
        _declared[f"{namespace}:{name}" if namespace else name] = tuple(versions)


def _language_of(path):
    code = path.split("/", 2)[1] if path.count("/") >= 2 else ""
    return code if code != settings.LANGUAGE_CODE and code in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE


@localcache.register
@lru_cache(maxsize=4096)
def versions_for(path):
    """The versions the page at ``path`` shows (``site`` aside), or None when it is never cached.

    Previews, the admin, the beacon, the API and media are not declared, so never cached.
    Kept per address: resolving runs once per process for the pages readers ask for again,
    until settings change (``newsroom.localcache``).
    """
    try:
        # The language prefix is matched against the active language.
        with override(_language_of(path)):
            match = resolve(path)
    except Resolver404:
        return None
    versions = _declared.get(match.view_name)
    if versions is None:
        return None
    return tuple(version.format(**match.kwargs) for version in versions)


def page_seconds():
    return config("PAGE_CACHE_SECONDS")


def version_key(name):
    # Names carry slugs from addresses, which may hold anything: keys stay short and printable.
    if len(name) > 100 or not name.isprintable() or " " in name:
        return f"{PREFIX}:v:#{hashlib.md5(name.encode('utf-8', 'replace'), usedforsecurity=False).hexdigest()}"
    return f"{PREFIX}:v:{name}"


def new_token():
    return secrets.token_hex(8)


# Versions ------------------------------------------------------------------------------


def bump(*names):
    """Give ``names`` new tokens now, and again once the current transaction commits.

    The first bump stops stored pages from being served; a page rendered from data read
    before the commit may be stored under the new tokens meanwhile, and the second bump
    retires it.
    """
    _set_tokens(names)
    if transaction.get_connection().in_atomic_block:
        transaction.on_commit(lambda: _set_tokens(names), robust=True)


def _set_tokens(names):
    # This process's copies go at once; other processes check theirs within a second.
    forget_nearby()
    _set_shared_tokens(names)


def _set_shared_tokens(names):
    try:
        failed = cache().set_many({version_key(name): new_token() for name in names}, VERSION_SECONDS)
    except Exception:
        logger.warning("The cache refused new tokens for %s", names, exc_info=True)
        failed = True
    if failed:
        # The cache may come back holding the old tokens and pages: a new epoch, kept in the
        # database with the change itself, retires every stored page and box in every process.
        logger.error("The cache did not take new tokens for %s: retiring every cached page", names)
        policy().new_epoch(names)
        _epochs.clear()


def epoch(now):
    """The current epoch (a text), read from the policy at most once a second; None when unknown.

    Every stored page and box carries the epoch it was drawn in, so a change whose new tokens
    the cache did not take (Redis away or paused) still retires them everywhere, within
    ``NEARBY_TRUST_SECONDS`` of its commit.
    """
    if _beside_local_memory():
        # A cache in this process always takes new tokens: it needs no epoch.
        return LOCAL_EPOCH
    current = _epochs.get(EPOCH, now)
    if current is not MISS:
        return current
    try:
        current = str(policy().epoch())
    except Exception:
        # The database is away: no change can be saved meanwhile, so the last epoch read still
        # holds; it is asked again in a second, not on every request.
        logger.warning("The page cache epoch could not be read", exc_info=True)
        current = _epochs.peek(EPOCH, None)
        if current is not None:
            _epochs.put(EPOCH, current, now)
        return current
    _epochs.put(EPOCH, current, now)
    return current


def forget_deadline():
    """The next timed change must be looked up again (a story got a new publish or pin time)."""
    _forget_deadline()
    if transaction.get_connection().in_atomic_block:
        transaction.on_commit(_forget_deadline, robust=True)


def _forget_deadline():
    _nearby_versions.clear()
    try:
        cache().delete(DEADLINE_KEY)
    except Exception:
        logger.exception("Could not reset the page cache deadline")


def _complete_tokens(names, found):
    """Tokens for ``names`` in order; versions the cache lost get fresh ones."""
    missing = [name for name in names if version_key(name) not in found]
    if missing:
        for name in missing:
            cache().add(version_key(name), new_token(), VERSION_SECONDS)
        found = {**found, **cache().get_many([version_key(name) for name in missing])}
    return tuple(found.get(version_key(name)) for name in names)


def _deadline(found_value, now):
    """The stored deadline, or a fresh one when it is unknown or has passed (one query)."""
    if found_value is not None and (found_value == NO_DEADLINE or found_value > now):
        return found_value
    moment = policy().next_change()
    deadline = NO_DEADLINE if moment is None else moment
    cache().set(DEADLINE_KEY, deadline, None)
    _nearby_versions.put(DEADLINE_KEY, deadline, now)
    return deadline


def current_tokens(names):
    """(tokens of ``names``, deadline): from what this request already read, else from the cache."""
    state = _current.get()
    read = state.read if state is not None else {}
    known = dict(zip(state.names, state.tokens)) if state is not None and state.tokens is not None else {}
    known.update(read)
    deadline = state.deadline if state is not None and state.deadline is not None else read.get(DEADLINE_KEY)
    missing = [name for name in names if name not in known]
    if missing or deadline is None:
        now = time.time()
        found = _read_versions([*map(version_key, missing), DEADLINE_KEY], now)
        tokens = dict(zip(missing, _complete_tokens(missing, found)))
        known.update(tokens)
        read.update(tokens)
        if deadline is None:
            deadline = read[DEADLINE_KEY] = _deadline(found.get(DEADLINE_KEY), now)
    return tuple(known[name] for name in names), deadline


def lifetime(seconds, deadline, now=None):
    """How long something may be kept: ``seconds``, never past the deadline, briefly in local memory."""
    now = time.time() if now is None else now
    if deadline:
        seconds = min(seconds, deadline - now)
    if _beside_local_memory():
        seconds = min(seconds, LOCAL_MEMORY_SECONDS)
    return seconds


def fragment(name, compute, seconds, versions=()):
    """``compute()``, kept for ``seconds`` under the current tokens of ``site`` and ``versions``.

    For parts drawn on many pages (most read, front-page picks, the ticker, the menu) or
    costly to draw (a story's related stories): a change that bumps one of those versions,
    or a timed change, retires them at once.
    """
    now = time.time()
    try:
        tokens, deadline = current_tokens((SITE, *versions))
        tokens = (*tokens, epoch(now))
        if None in tokens:
            # A cache that keeps nothing (Redis away, a dummy cache): draw it every time.
            return compute()
        key = f"{PREFIX}:fragment:{name}:{':'.join(tokens)}"
        # (expires, value): a cache server's own expiry counts whole seconds. The key holds
        # the tokens, so a copy kept in this process is good for as long as they are current.
        stored = _nearby_fragments.get(key, default=None)
        if stored is None:
            stored = cache().get(key)
            if stored is not None:
                _nearby_fragments.put(key, stored, now)
    except Exception:
        logger.exception("The page cache could not be read")
        return compute()
    if stored is not None and stored[0] > now:
        return stored[1]
    value = compute()
    keep = lifetime(seconds, deadline, now=now)
    if keep > 0:
        try:
            cache().set(key, (now + keep, value), math.ceil(keep))
        except Exception:
            logger.exception("The page cache could not store %s", key)
        _nearby_fragments.put(key, (now + keep, value), now)
    return value


# Looking pages up ----------------------------------------------------------------------


def wsgi_path(environ):
    # WSGI hands the path over as bytes decoded as Latin-1; Django reads them as UTF-8.
    return environ.get("PATH_INFO", "/").encode("latin-1").decode("utf-8", "replace")


def _scheme(environ):
    header = settings.SECURE_PROXY_SSL_HEADER
    if header and environ.get(header[0]) == header[1]:
        return "https"
    return environ.get("wsgi.url_scheme", "http")


def _host(environ):
    if settings.USE_X_FORWARDED_HOST and environ.get("HTTP_X_FORWARDED_HOST"):
        return environ["HTTP_X_FORWARDED_HOST"]
    return environ.get("HTTP_HOST") or f"{environ.get('SERVER_NAME', '')}:{environ.get('SERVER_PORT', '')}"


def _query(environ):
    query = environ.get("QUERY_STRING", "")
    if not query:
        return ""
    parts = [part for part in query.split("&") if part and not TRACKING_PARAMETER.match(part.split("=", 1)[0])]
    return "&".join(parts)


def page_key(environ, path):
    # Pages hold absolute links (feeds, Open Graph), so scheme and host are part of the page.
    address = f"{_scheme(environ)}://{_host(environ)}{path}?{_query(environ)}"
    return f"{PREFIX}:page:{hashlib.md5(address.encode('utf-8', 'replace'), usedforsecurity=False).hexdigest()}"


def _holds_session(environ):
    cookie = environ.get("HTTP_COOKIE")
    return bool(cookie) and settings.SESSION_COOKIE_NAME in cookie and bool(parse_cookie(cookie).get(settings.SESSION_COOKIE_NAME))


def lookup(environ, path):
    """(entry, state) for a request to ``path`` (decoded, without the script prefix).

    ``entry`` is a stored page to send as it is, or None. ``state`` is None when the cache
    has nothing to do with the request (a POST, the admin, an address the policy does not
    name); otherwise it says whether the request is an anonymous reader's and carries what
    storing the page needs.
    """
    if environ.get("REQUEST_METHOD") not in ("GET", "HEAD"):
        return None, None
    names = versions_for(path)
    if names is None:
        return None, None
    now = time.time()
    names = (SITE, *names)
    if _holds_session(environ):
        # Editors see every change at once and their pages are never stored.
        return None, PageState(None, names, None, None, reader=False, started=now)
    if page_seconds() <= 0:
        return None, PageState(None, names, None, None, reader=True, started=now)
    key = page_key(environ, path)
    nearby = _nearby.get(key, now)
    if nearby is not MISS and nearby.expires > now:
        return nearby, None
    nearby = _nearby.peek(key, None)
    if nearby is not None and nearby.expires <= now:
        nearby = None
    try:
        # With a copy of the page in this process, only the small version tokens travel.
        wanted = [DEADLINE_KEY, *map(version_key, names)]
        found = cache().get_many(wanted if nearby is not None else [key, *wanted])
        tokens = (*_complete_tokens(names, found), epoch(now))
        if nearby is not None:
            if nearby.tokens == tokens:
                _nearby.put(key, nearby, now)
                return nearby, None
            # Retired here; another process may have stored the new page already.
            found[key] = cache().get(key)
    except Exception:
        logger.exception("The page cache could not be read")
        return None, None
    if None in tokens:
        # A cache that keeps nothing (Redis away, a dummy cache): render, store nothing.
        return None, PageState(None, names, None, None, reader=True, started=now)
    entry = found.get(key)
    if entry is not None and entry.tokens == tokens and entry.expires > now:
        _nearby.put(key, entry, now)
        return entry, None
    return None, PageState(key, names, tokens, found.get(DEADLINE_KEY), reader=True, started=now)


def _etag_matches(header, etag):
    if header.strip() == "*":
        return True
    wanted = etag.removeprefix("W/")
    return any(candidate.strip().removeprefix("W/") == wanted for candidate in header.split(","))


def pick_encoding(accept_encoding, available):
    if accept_encoding:
        accepted = set()
        for part in accept_encoding.lower().split(","):
            name, _, parameters = part.partition(";")
            if not REFUSED.fullmatch(parameters):
                accepted.add(name.strip())
        for encoding in ("br", "gzip"):
            if encoding in available and (encoding in accepted or "*" in accepted):
                return encoding
    return "identity"


def not_modified(environ, etag, last_modified):
    """True when the client already holds this page (If-None-Match, else If-Modified-Since)."""
    if_none_match = environ.get("HTTP_IF_NONE_MATCH")
    if if_none_match is not None:
        return etag is not None and _etag_matches(if_none_match, etag)
    since = environ.get("HTTP_IF_MODIFIED_SINCE")
    if since and last_modified is not None:
        since = parse_http_date_safe(since)
        return since is not None and last_modified <= since
    return False


class PageCacheApp:
    """WSGI wrapper: answers hits before Django builds a request; hands everything else on."""

    def __init__(self, application):
        self.application = application

    def __call__(self, environ, start_response):
        entry, state = lookup(environ, wsgi_path(environ))
        if entry is None:
            environ[ENVIRON_KEY] = state
            return self.application(environ, start_response)
        etag, headers, body = entry.variant(environ.get("HTTP_ACCEPT_ENCODING"))
        if not_modified(environ, etag, entry.last_modified):
            start_response("304 Not Modified", [h for h in headers if h[0].lower() in NOT_MODIFIED_HEADERS])
            return []
        start_response(entry.status, headers)
        return [] if environ["REQUEST_METHOD"] == "HEAD" else [body]


# Storing pages ------------------------------------------------------------------------


def _storable(response):
    if response.status_code != 200 or response.streaming or response.cookies:
        return False
    cache_control = response.get("Cache-Control", "").lower()
    if any(word in cache_control for word in ("private", "no-store", "no-cache")):
        return False
    vary = {part.strip().lower() for part in response.get("Vary", "").split(",") if part.strip()}
    return vary <= HARMLESS_VARY


def store(state, entry):
    keep = entry.expires - state.started
    try:
        cache().set(state.key, entry, math.ceil(keep))
    except Exception:
        logger.exception("The page cache could not store %s", state.key)
    _nearby.put(state.key, entry, state.started)


def _beside_local_memory():
    return isinstance(cache(), LocMemCache)


# This process's copies (newsroom/localcache.py says how stale they may be). A copy of a page
# is served as it is for NEARBY_TRUST_SECONDS after the shared version tokens last matched it,
# then checked against them again (only the tokens travel); version tokens and the deadline
# are trusted as long after they were read, so the boxes a rendered page draws cost no round
# trip between two checks. A change made in this process forgets them at once.
NEARBY_TRUST_SECONDS = 1.0
# A few hundred pages of some tens of kilobytes each (three encodings). Not kept beside a
# local-memory cache, which is in the process already.
_nearby = ProcessCache("pagecache.pages", 256, NEARBY_TRUST_SECONDS, clock=time.time, bypass=_beside_local_memory)
# Boxes and related stories, drawn once per language (and story): some kilobytes each. Their
# keys hold the tokens they were drawn under, so a copy is right as long as its key is
# current, and it saves unpickling one from a local-memory cache too.
_nearby_fragments = ProcessCache("pagecache.fragments", 1024)
_epochs = ProcessCache("pagecache.epoch", 1, NEARBY_TRUST_SECONDS, clock=time.time)
EPOCH = "epoch"
LOCAL_EPOCH = "0"
_nearby_versions = ProcessCache("pagecache.versions", 4096, NEARBY_TRUST_SECONDS, clock=time.time, bypass=_beside_local_memory)


def _read_versions(keys, now):
    """{key: value} of version tokens and the deadline: this process's trusted copies, then the cache."""
    found = _nearby_versions.get_many(keys, now)
    if len(found) < len(keys):
        fetched = cache().get_many([key for key in keys if key not in found])
        _nearby_versions.put_many(fetched, now)
        found.update(fetched)
    return found


def forget_nearby():
    _nearby.clear()
    _nearby_fragments.clear()
    _nearby_versions.clear()


def entry_response(entry, request):
    """The page in the encoding ``request`` accepts, with the validators it matches."""
    etag, headers, body = entry.variant(request.META.get("HTTP_ACCEPT_ENCODING"))
    response = HttpResponse(body, status=int(entry.status.split(" ", 1)[0]))
    for name, value in headers:
        response[name] = value
    return get_conditional_response(request, etag=etag, last_modified=entry.last_modified, response=response)


class PageCacheMiddleware:
    """Stores anonymous readers' pages, marks them for shared caches, and answers 304s.

    First in ``MIDDLEWARE``, so what it stores carries every header the others add.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if ENVIRON_KEY in request.META:
            state = request.META[ENVIRON_KEY]
        else:
            entry, state = lookup(request.META, request.path_info)
            if entry is not None:
                return entry_response(entry, request)
        if state is None:
            return self.get_response(request)
        if not state.reader:
            response = self.get_response(request)
            patch_cache_control(response, private=True, no_cache=True)
            return response
        return self.reader_page(request, state)

    def reader_page(self, request, state):
        if state.tokens is not None:
            try:
                state.deadline = _deadline(state.deadline, state.started)
            except Exception:
                logger.exception("The page cache deadline could not be read")
                state.key = None
        reset = _current.set(state)
        try:
            response = self.get_response(request)
        finally:
            _current.reset(reset)
        if not _storable(response):
            return response
        patch_cache_control(response, public=True, max_age=config("PAGE_MAX_AGE"))
        patch_vary_headers(response, ["Accept-Encoding"])
        if not response.has_header("ETag"):
            set_response_etag(response)
        keep = lifetime(page_seconds(), state.deadline, now=state.started) if state.deadline is not None else 0
        if request.method == "GET" and state.key is not None and keep > 0:
            entry = Entry.from_response(response, state.tokens, state.started + keep)
            store(state, entry)
        else:
            # Not kept: compressed only in the encoding this client takes.
            accepted = pick_encoding(request.META.get("HTTP_ACCEPT_ENCODING"), ENCODINGS)
            if accepted == "identity":
                # Sent as the view made it: copying it into an entry and back would change nothing.
                last_modified = parse_http_date_safe(response.get("Last-Modified"))
                return get_conditional_response(
                    request, etag=response.get("ETag"), last_modified=last_modified, response=response
                )
            entry = Entry.from_response(response, encodings=[accepted])
        return entry_response(entry, request)
