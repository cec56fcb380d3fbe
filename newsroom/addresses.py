"""Addresses every page writes, worked out once per language and process.

``reverse()`` and the static files manifest cost some microseconds a call, and a page's
chrome writes a dozen of them. What is kept here depends on settings and code only, so it is
kept until settings change (tests change them; ``newsroom.localcache`` then forgets it). These
stay ``lru_cache``s: their C lookup is a fraction of a ``ProcessCache``'s.
"""

from functools import lru_cache

from django.contrib.staticfiles.storage import staticfiles_storage
from django.core.files.storage import default_storage
from django.urls import get_script_prefix, get_urlconf, reverse
from django.utils.translation import get_language

from newsroom import localcache


@localcache.register
@lru_cache(maxsize=4096)
def _address(name, args, language, script_prefix, urlconf):
    return reverse(name, args=args)


def address(name, *args):
    """``reverse(name, args=args)`` in the current language, for names that take few, simple arguments."""
    return _address(name, args, get_language(), get_script_prefix(), get_urlconf())


@localcache.register
@lru_cache(maxsize=64)
def asset(path):
    """The static file's address (with its content hash in production)."""
    return staticfiles_storage.url(path)


@localcache.register
@lru_cache(maxsize=4096)
def media(name):
    """The address of a stored file (an uploaded photo's rendition, say)."""
    return default_storage.url(name)
