"""Who sent a beacon: robot or reader, and which reader.

No personal data is kept: a visitor is a keyed hash (HMAC with a key derived from
SECRET_KEY) of the browser's random visitor id, or of address and browser when it
sends none, and the hashes live only in Redis or the cache, expiring with their window.

Everything here reads the request's WSGI environ (``META``) and form, so the beacon can be
answered before Django builds a request (``popularity.beacon``) as well as by its view.
"""

import hashlib
import hmac
from dataclasses import dataclass
from functools import lru_cache

from crawlerdetect import CrawlerDetect
from django.conf import settings
from django.utils.crypto import salted_hmac

_crawlers = CrawlerDetect()
PREFETCH_HEADERS = {
    "HTTP_PURPOSE": "prefetch",
    "HTTP_SEC_PURPOSE": "prefetch",
    "HTTP_X_PURPOSE": "preview",
    "HTTP_X_MOZ": "prefetch",
}
VISITOR_ID_LENGTH = 64


@dataclass(frozen=True)
class Visitor:
    """The hashes a view is checked against: one browser (rate), one address (rate), one reader (repeats)."""

    client: str
    address: str
    reader: str


# Readers share a few browser versions; the crawler list is some hundreds of patterns.
@lru_cache(maxsize=2048)
def _is_crawler(user_agent):
    return not user_agent or _crawlers.isCrawler(user_agent)


def is_robot(meta):
    """Crawlers, link previewers, scripts and prefetches (a maintained user-agent list)."""
    if _is_crawler(meta.get("HTTP_USER_AGENT", "").strip()[:512]):
        return True
    return any(word in meta.get(header, "").lower() for header, word in PREFETCH_HEADERS.items())


def is_staff(request):
    user = getattr(request, "user", None)
    return bool(user and user.is_authenticated and user.is_staff)


def address_from(meta):
    """The reader's address: REMOTE_ADDR, or the right entry of X-Forwarded-For behind trusted proxies."""
    proxies = settings.NEWSROOM["TRUSTED_PROXIES"]
    if proxies:
        forwarded = [part.strip() for part in meta.get("HTTP_X_FORWARDED_FOR", "").split(",") if part.strip()]
        if len(forwarded) >= proxies:
            return forwarded[-proxies]
    return meta.get("REMOTE_ADDR", "")


def client_address(request):
    # django-axes calls this with its request (AXES_CLIENT_IP_CALLABLE).
    return address_from(request.META)


@lru_cache(maxsize=2)
def _hmac_key(secret):
    # What salted_hmac derives from the salt and SECRET_KEY on every call, derived once.
    return salted_hmac("popularity.visitor", "", secret=secret, algorithm="sha256").digest()


def _hash(*parts):
    key = _hmac_key(settings.SECRET_KEY)
    return hmac.new(key, "|".join(parts).encode("utf-8", "surrogateescape"), hashlib.sha256).hexdigest()[:32]


def identify(meta, visitor_id=""):
    """The ``Visitor`` behind a request: ``visitor_id`` is the random id the page's script sends."""
    visitor_id = visitor_id[:VISITOR_ID_LENGTH]
    address = address_from(meta)
    user_agent = meta.get("HTTP_USER_AGENT", "")
    return Visitor(
        client=_hash(address, user_agent, visitor_id),
        address=_hash(address),
        # The same reader on later page loads: their browser's id, else address and browser.
        reader=_hash("visitor", visitor_id, user_agent) if visitor_id else _hash("address", address, user_agent),
    )
