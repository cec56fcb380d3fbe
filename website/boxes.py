"""The boxes every public page shows (front-page picks, breaking ticker, section menu, most
read, related stories) and the view beacon: drawn once and kept as fragments of the page
cache (newsroom/pagecache.py), so a page render normally runs none of their queries."""

from django.conf import settings
from django.utils.encoding import iri_to_uri
from django.utils.html import escape, format_html
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

from articles.models import Article
from newsroom import addresses, pagecache
from popularity import counter
from taxonomy.models import Section

from .templating import render_html

# Boxes on every page come from the cache; any change to what they show retires them at
# once (see caching.py), so this is only how long an unchanged box is trusted.
BOX_SECONDS = 120
# The boxes link to stories by headline: nothing else is fetched, or kept in the cache.
BOX_FIELDS = ("pk", "slug", "headline")


def front_page_box(exclude=None, limit=5):
    """The front-page picks, drawn once a language: the box as most pages show it, and as the
    page of each story it lists shows it (without that story, the next one moving up)."""

    def draw():
        # One more than shown, so the box stays full on the page of a story it lists.
        stories = list(Article.objects.front_page().only(*BOX_FIELDS)[: limit + 1])

        def box(shown):
            return render_html("includes/front_page_box.html", {"stories": shown[:limit]})

        boxes = {story.pk: box([other for other in stories if other.pk != story.pk]) for story in stories[:limit]}
        boxes[None] = box(stories)
        return boxes

    boxes = pagecache.fragment(f"front-page-box:{limit}:{get_language()}", draw, BOX_SECONDS)
    return boxes.get(getattr(exclude, "pk", None), boxes[None])


def breaking_ticker(limit=3):
    def draw():
        stories = list(Article.objects.breaking().only(*BOX_FIELDS)[:limit])
        return render_html("includes/breaking_ticker.html", {"stories": stories})

    return pagecache.fragment(f"breaking-ticker:{limit}:{get_language()}", draw, BOX_SECONDS)


def section_menu(context):
    """The section menu, drawn once a language; the link to the page being shown is marked here."""

    def draw():
        return render_html("includes/section_menu.html", {"sections": list(Section.objects.roots())})

    menu = pagecache.fragment(f"section-menu:{get_language()}", draw, BOX_SECONDS)
    request = context.get("request")
    if request is not None:
        # The links hold addresses as URIs (Arabic slugs percent-encoded); request.path is decoded.
        link = f'<a href="{escape(iri_to_uri(request.path))}">'
        menu = mark_safe(menu.replace(link, f'{link[:-1]} aria-current="page">', 1))
    return menu


def related_stories(article, limit=4):
    """The stories to read next, drawn once per story and language: ranking them is the costliest
    part of a story page. Kept until the story or the public set changes."""

    def draw():
        stories = list(Article.objects.published().for_listing().related_to(article, limit))
        return render_html("includes/related_stories.html", {"stories": stories})

    return pagecache.fragment(
        f"related:{article.pk}:{limit}:{get_language()}", draw, BOX_SECONDS, versions=[f"story:{article.pk}"]
    )


def most_read_box():
    """The "most read" box, drawn once a language and kept as long as its ranking.

    Unpublishing a story retires it at once (the box is kept under the site's version), so a
    page render normally runs no popularity query.
    """

    def draw():
        return render_html("includes/most_read.html", {"stories": counter.sidebar()})

    return pagecache.fragment(
        f"most-read:{get_language()}", draw, settings.NEWSROOM["MOST_READ_CACHE_SECONDS"]
    )


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
