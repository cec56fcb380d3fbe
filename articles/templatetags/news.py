import html

from django import template
from django.conf import settings
from django.utils import formats, timezone
from django.utils.encoding import iri_to_uri
from django.utils.html import escape, strip_tags
from django.utils.safestring import mark_safe
from django.utils.timesince import timesince
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from newsroom import pagecache, templating, text
from taxonomy.models import Section

from ..models import Article

register = template.Library()

# Beyond this, a relative time gives way to the date itself.
RELATIVE_DAYS = 7


def arabic_page():
    return (get_language() or settings.LANGUAGE_CODE).split("-")[0] == "ar"


def month_style():
    return settings.NEWSROOM.get("MONTH_STYLE", text.DEFAULT_MONTHS)


def digit_style():
    # French and English pages always write 0-9.
    return settings.NEWSROOM.get("DIGITS", text.DEFAULT_DIGITS) if arabic_page() else "western"


@register.filter(expects_localtime=True)
def news_date(value):
    """A date as the reader's language writes it: in Arabic with the site's month names and digits."""
    if not value:
        return ""
    if arabic_page():
        return text.format_date(value, month_style(), digits=digit_style())
    return formats.date_format(value, "DATE_FORMAT")


@register.filter(expects_localtime=True)
def news_datetime(value):
    if not value:
        return ""
    if arabic_page():
        return text.format_datetime(value, month_style(), digits=digit_style())
    return formats.date_format(value, "DATETIME_FORMAT")


@register.filter(expects_localtime=True)
def news_month(value):
    """'جوان 2026', 'juin 2026', 'June 2026'."""
    if not value:
        return ""
    if arabic_page():
        return text.format_month(value, month_style(), digits=digit_style())
    return formats.date_format(value, "YEAR_MONTH_FORMAT")


@register.filter(expects_localtime=True)
def machine_time(value):
    """A moment as <time datetime> takes it, in the site's time zone: 2026-06-12T14:30:00+0100
    (as the filter date:'Y-m-d\\TH:i:sO' wrote it, for a fraction of the cost)."""
    if not value:
        return ""
    return value.strftime("%Y-%m-%dT%H:%M:%S%z")


@register.filter
def news_since(value):
    """How long ago: "منذ 5 دقائق", "منذ ساعتين", "أمس"; beyond a week, the date."""
    if not value:
        return ""
    if arabic_page():
        return text.time_since(value, months=month_style(), digits=digit_style())
    elapsed = timezone.now() - value
    if abs(elapsed.total_seconds()) < 60:
        return _("just now")
    if elapsed.total_seconds() < 0 or elapsed.days >= RELATIVE_DAYS:
        return news_date(timezone.localtime(value) if timezone.is_aware(value) else value)
    return _("%(time)s ago") % {"time": timesince(value, depth=1)}


@register.filter
def news_digits(value):
    """Any number in the site's digits on Arabic pages (٠-٩ when configured), 0-9 elsewhere."""
    if value is None or value == "":
        return ""
    return text.localise_digits(value, digit_style())


@register.filter
def excerpt(value, words=30):
    """The first ``words`` whole words of a text (HTML tags removed), then "…" if it goes on."""
    try:
        count = int(words)
    except (TypeError, ValueError):
        return value
    return text.truncate_words(html.unescape(strip_tags(str(value or ""))), count)


# Boxes on every page come from the cache; any change to what they show retires them at
# once (see articles/caching.py), so this is only how long an unchanged box is trusted.
BOX_SECONDS = 120
# The boxes link to stories by headline: nothing else is fetched, or kept in the cache.
BOX_FIELDS = ("pk", "slug", "headline")


@register.simple_tag
def front_page_box(exclude=None, limit=5):
    """The front-page picks, drawn once a language: the box as most pages show it, and as the
    page of each story it lists shows it (without that story, the next one moving up)."""

    def draw():
        # One more than shown, so the box stays full on the page of a story it lists.
        stories = list(Article.objects.front_page().only(*BOX_FIELDS)[: limit + 1])

        def box(shown):
            return templating.render_html("includes/front_page_box.html", {"stories": shown[:limit]})

        boxes = {story.pk: box([other for other in stories if other.pk != story.pk]) for story in stories[:limit]}
        boxes[None] = box(stories)
        return boxes

    boxes = pagecache.fragment(f"front-page-box:{limit}:{get_language()}", draw, BOX_SECONDS)
    return boxes.get(getattr(exclude, "pk", None), boxes[None])


@register.simple_tag
def breaking_ticker(limit=3):
    def draw():
        stories = list(Article.objects.breaking().only(*BOX_FIELDS)[:limit])
        return templating.render_html("includes/breaking_ticker.html", {"stories": stories})

    return pagecache.fragment(f"breaking-ticker:{limit}:{get_language()}", draw, BOX_SECONDS)


@register.simple_tag(takes_context=True)
def section_menu(context):
    """The section menu, drawn once a language; the link to the page being shown is marked here."""

    def draw():
        return templating.render_html("includes/section_menu.html", {"sections": list(Section.objects.roots())})

    menu = pagecache.fragment(f"section-menu:{get_language()}", draw, BOX_SECONDS)
    request = context.get("request")
    if request is not None:
        # The links hold addresses as URIs (Arabic slugs percent-encoded); request.path is decoded.
        link = f'<a href="{escape(iri_to_uri(request.path))}">'
        menu = mark_safe(menu.replace(link, f'{link[:-1]} aria-current="page">', 1))
    return menu


@register.simple_tag
def related_stories(article, limit=4):
    """The stories to read next, drawn once per story and language: ranking them is the costliest
    part of a story page. Kept until the story or the public set changes."""

    def draw():
        stories = list(Article.objects.published().for_listing().related_to(article, limit))
        return templating.render_html("includes/related_stories.html", {"stories": stories})

    return pagecache.fragment(
        f"related:{article.pk}:{limit}:{get_language()}", draw, BOX_SECONDS, versions=[f"story:{article.pk}"]
    )
