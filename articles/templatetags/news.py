from django import template
from django.utils import formats
from django.utils.translation import get_language

from newsroom import text
from taxonomy.models import Section

from ..models import Article

register = template.Library()


@register.filter
def news_date(value):
    """A date as the reader's language writes it: Maghreb month names in Arabic."""
    if not value:
        return ""
    if get_language() == "ar":
        return text.format_date(value)
    return formats.date_format(value, "DATE_FORMAT")


@register.filter
def news_datetime(value):
    if not value:
        return ""
    if get_language() == "ar":
        return text.format_datetime(value)
    return formats.date_format(value, "DATETIME_FORMAT")


@register.inclusion_tag("includes/front_page_box.html")
def front_page_box(exclude=None, limit=5):
    stories = Article.objects.front_page()
    if exclude is not None:
        stories = stories.exclude(pk=exclude.pk)
    return {"stories": stories[:limit]}


@register.inclusion_tag("includes/breaking_ticker.html")
def breaking_ticker(limit=3):
    return {"stories": Article.objects.breaking()[:limit]}


@register.inclusion_tag("includes/section_menu.html", takes_context=True)
def section_menu(context):
    return {"sections": Section.objects.roots(), "request": context.get("request")}
