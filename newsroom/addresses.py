"""Addresses every page writes, worked out once per language and process.

``reverse()`` and the static files manifest cost some microseconds a call, and a page's
chrome writes a dozen of them. What is kept here depends on settings and code only, so a
change of settings (tests make them) forgets it.
"""

from functools import lru_cache

from django.contrib.staticfiles.storage import staticfiles_storage
from django.core.files.storage import default_storage
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.urls import get_script_prefix, get_urlconf, reverse
from django.utils.translation import get_language


@lru_cache(maxsize=4096)
def _address(name, args, language, script_prefix, urlconf):
    return reverse(name, args=args)


def address(name, *args):
    """``reverse(name, args=args)`` in the current language, for names that take few, simple arguments."""
    return _address(name, args, get_language(), get_script_prefix(), get_urlconf())


@lru_cache(maxsize=64)
def asset(path):
    """The static file's address (with its content hash in production)."""
    return staticfiles_storage.url(path)


@lru_cache(maxsize=4096)
def media(name):
    """The address of a stored file (an uploaded photo's rendition, say)."""
    return default_storage.url(name)


def forget():
    _address.cache_clear()
    asset.cache_clear()
    media.cache_clear()


@receiver(setting_changed)
def _settings_changed(**kwargs):
    forget()
