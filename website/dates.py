"""Dates, digits and excerpts as the public pages write them (the templates' filters)."""

import html

from django.conf import settings
from django.utils import formats, timezone
from django.utils.html import strip_tags
from django.utils.timesince import timesince
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from newsroom import text

# Beyond this, a relative time gives way to the date itself.
RELATIVE_DAYS = 7


def arabic_page():
    return (get_language() or settings.LANGUAGE_CODE).split("-")[0] == "ar"


def month_style():
    return settings.NEWSROOM.get("MONTH_STYLE", text.DEFAULT_MONTHS)


def digit_style():
    # French and English pages always write 0-9.
    return settings.NEWSROOM.get("DIGITS", text.DEFAULT_DIGITS) if arabic_page() else "western"


def news_date(value):
    """A date as the reader's language writes it: in Arabic with the site's month names and digits."""
    if not value:
        return ""
    if arabic_page():
        return text.format_date(value, month_style(), digits=digit_style())
    return formats.date_format(value, "DATE_FORMAT")


def news_datetime(value):
    if not value:
        return ""
    if arabic_page():
        return text.format_datetime(value, month_style(), digits=digit_style())
    return formats.date_format(value, "DATETIME_FORMAT")


def news_month(value):
    """'جوان 2026', 'juin 2026', 'June 2026'."""
    if not value:
        return ""
    if arabic_page():
        return text.format_month(value, month_style(), digits=digit_style())
    return formats.date_format(value, "YEAR_MONTH_FORMAT")


def machine_time(value):
    """A moment as <time datetime> takes it, in the site's time zone: 2026-06-12T14:30:00+0100
    (as the filter date:'Y-m-d\\TH:i:sO' wrote it, for a fraction of the cost)."""
    if not value:
        return ""
    return value.strftime("%Y-%m-%dT%H:%M:%S%z")


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


def news_digits(value):
    """Any number in the site's digits on Arabic pages (٠-٩ when configured), 0-9 elsewhere."""
    if value is None or value == "":
        return ""
    return text.localise_digits(value, digit_style())


def excerpt(value, words=30):
    """The first ``words`` whole words of a text (HTML tags removed), then "…" if it goes on."""
    try:
        count = int(words)
    except (TypeError, ValueError):
        return value
    return text.truncate_words(html.unescape(strip_tags(str(value or ""))), count)
