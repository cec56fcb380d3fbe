from django import template
from django.conf import settings
from django.template.loader import render_to_string
from django.utils.translation import get_language

from newsroom import pagecache

from .. import counter

register = template.Library()


@register.simple_tag
def most_read_box():
    """The "most read" box, drawn once a language and kept as long as its ranking.

    Unpublishing a story retires it at once (the box is kept under the site's version), so a
    page render normally runs no popularity query.
    """

    def draw():
        return render_to_string("includes/most_read.html", {"stories": counter.sidebar()})

    return pagecache.fragment(
        f"most-read:{get_language()}", draw, settings.NEWSROOM["MOST_READ_CACHE_SECONDS"]
    )


@register.inclusion_tag("includes/view_beacon.html")
def view_beacon(article):
    return {"article": article}
