"""The parts of every page that depend only on the language, drawn once per language and
process instead of on every render (see newsroom/addresses.py for why that adds up), and
kept until settings change (``newsroom.localcache``)."""

from functools import lru_cache

from django.conf import settings
from django.urls import get_script_prefix, get_urlconf
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

from newsroom import addresses, localcache

from . import templating


@localcache.register
@lru_cache(maxsize=64)
def _drawn(template_name, language, script_prefix, urlconf):
    # Without the file's last newline, as the tag stands in a line of its own.
    html = templating.render_html(template_name, {"site_name": settings.NEWSROOM["SITE_NAME"]})
    return mark_safe(html.removesuffix("\n"))


def chrome(template_name):
    """``template_name`` drawn once per language, knowing only the site's name (no request, no page)."""
    return _drawn(template_name, get_language(), get_script_prefix(), get_urlconf())


def site_url(name, *args):
    """``{% url name arg %}`` for the addresses every page writes, kept once worked out."""
    return addresses.address(name, *args)
