from django import template
from django.conf import settings
from django.utils.html import format_html
from django.utils.translation import get_language

from newsroom import addresses, pagecache, templating

from .. import counter

register = template.Library()


@register.simple_tag
def most_read_box():
    """The "most read" box, drawn once a language and kept as long as its ranking.

    Unpublishing a story retires it at once (the box is kept under the site's version), so a
    page render normally runs no popularity query.
    """

    def draw():
        return templating.render_html("includes/most_read.html", {"stories": counter.sidebar()})

    return pagecache.fragment(
        f"most-read:{get_language()}", draw, settings.NEWSROOM["MOST_READ_CACHE_SECONDS"]
    )


@register.simple_tag
def view_beacon(article):
    """The script that counts the view once the page is read, and the pixel without JavaScript."""
    return format_html(
        '<script src="{}" data-url="{}" data-article="{}" defer></script>\n'
        '<noscript><img src="{}" alt="" width="1" height="1" class="view-pixel"></noscript>\n',
        addresses.asset("js/view-beacon.js"),
        addresses.address("popularity:beacon"),
        article.pk,
        addresses.address("popularity:pixel", article.pk),
    )
