"""Which beacon requests are real reader views.

No personal data is kept: a visitor is a keyed hash (HMAC with a key derived from
SECRET_KEY) of the browser's random visitor id, or of address and browser when it
sends none, and the hashes live only in the cache, expiring with their window.
"""

import time

from crawlerdetect import CrawlerDetect
from django.conf import settings
from django.core.cache import cache
from django.utils.crypto import salted_hmac

_crawlers = CrawlerDetect()
PREFETCH_HEADERS = {
    "HTTP_PURPOSE": "prefetch",
    "HTTP_SEC_PURPOSE": "prefetch",
    "HTTP_X_PURPOSE": "preview",
    "HTTP_X_MOZ": "prefetch",
}


def is_robot(request):
    """Crawlers, link previewers, scripts and prefetches (a maintained user-agent list)."""
    user_agent = request.META.get("HTTP_USER_AGENT", "").strip()
    if not user_agent or _crawlers.isCrawler(user_agent):
        return True
    return any(word in request.META.get(header, "").lower() for header, word in PREFETCH_HEADERS.items())


def is_staff(request):
    user = getattr(request, "user", None)
    return bool(user and user.is_authenticated and user.is_staff)


def client_address(request):
    """The reader's address: REMOTE_ADDR, or the right entry of X-Forwarded-For behind trusted proxies."""
    proxies = settings.NEWSROOM["TRUSTED_PROXIES"]
    if proxies:
        forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if part.strip()]
        if len(forwarded) >= proxies:
            return forwarded[-proxies]
    return request.META.get("REMOTE_ADDR", "")


def _hash(*parts):
    return salted_hmac("popularity.visitor", "|".join(parts), algorithm="sha256").hexdigest()[:32]


def client_key(request):
    visitor = request.POST.get("visitor", "")[:64] if request.method == "POST" else ""
    return _hash(client_address(request), request.META.get("HTTP_USER_AGENT", ""), visitor)


def visitor_key(request):
    """The same reader on later page loads: their browser's visitor id, else address and browser."""
    visitor = request.POST.get("visitor", "")[:64] if request.method == "POST" else ""
    if visitor:
        return _hash("visitor", visitor, request.META.get("HTTP_USER_AGENT", ""))
    return _hash("address", client_address(request), request.META.get("HTTP_USER_AGENT", ""))


def _over_limit(key, limit):
    minute = int(time.time() // 60)
    bucket = f"popularity:rate:{key}:{minute}"
    cache.add(bucket, 0, 120)
    try:
        return cache.incr(bucket) > limit
    except ValueError:
        # The bucket expired between add and incr: this is its first request.
        cache.set(bucket, 1, 120)
        return False


def is_flooding(request):
    config = settings.NEWSROOM
    return _over_limit(f"client:{client_key(request)}", config["VIEW_RATE_PER_CLIENT"]) or _over_limit(
        f"address:{_hash(client_address(request))}", config["VIEW_RATE_PER_ADDRESS"]
    )


def is_first_view(request, article_id):
    """True once per visitor per story per window (cache.add is atomic)."""
    key = f"popularity:seen:{visitor_key(request)}:{article_id}"
    return cache.add(key, 1, settings.NEWSROOM["VIEW_DEDUP_SECONDS"])
