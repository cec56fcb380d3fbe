"""Arabic text helpers: the one normaliser, month names, dates and slugs.

A leaf module: it imports no app, so taxonomy, articles, popularity and the
importers all call the same rules.
"""

import re
import unicodedata
from datetime import datetime

from django.utils import timezone
from django.utils.text import slugify

# Harakat and Quranic marks (U+0610–061A, U+064B–065F, U+0670, U+06D6–06ED).
_TASHKEEL = re.compile("[\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed]")
TATWEEL = "\u0640"
# Replaced one by one: str.replace runs in C, far faster on long texts than str.translate.
_LETTER_VARIANTS = (("أ", "ا"), ("إ", "ا"), ("آ", "ا"), ("ٱ", "ا"), ("ى", "ي"), ("ة", "ه"))

MONTHS = {
    # Algeria, Tunisia, Morocco (French-derived).
    "maghreb": (
        "جانفي", "فيفري", "مارس", "أفريل", "ماي", "جوان",
        "جويلية", "أوت", "سبتمبر", "أكتوبر", "نوفمبر", "ديسمبر",
    ),
    # Syria, Lebanon, Jordan, Palestine, Iraq (Syriac-derived).
    "levant": (
        "كانون الثاني", "شباط", "آذار", "نيسان", "أيار", "حزيران",
        "تموز", "آب", "أيلول", "تشرين الأول", "تشرين الثاني", "كانون الأول",
    ),
    # Egypt, the Gulf (English-derived).
    "egypt": (
        "يناير", "فبراير", "مارس", "أبريل", "مايو", "يونيو",
        "يوليو", "أغسطس", "سبتمبر", "أكتوبر", "نوفمبر", "ديسمبر",
    ),
}
DEFAULT_MONTHS = "maghreb"
# datetime.weekday(): Monday is 0.
WEEKDAYS = ("الإثنين", "الثلاثاء", "الأربعاء", "الخميس", "الجمعة", "السبت", "الأحد")


def strip_tashkeel(text):
    """Remove diacritics and tatweel, keeping every letter as written."""
    return _TASHKEEL.sub("", text).replace(TATWEEL, "")


def normalise(text):
    """Fold Arabic text for comparison and search.

    Diacritics and tatweel go, alef, yaa and taa-marbuta variants fold to one
    letter, Unicode compatibility forms are unified, white space collapses and
    Latin letters are lower-cased. Indexing and querying both call this.
    """
    if not text:
        return ""
    text = str(text)
    if not unicodedata.is_normalized("NFKC", text):
        text = unicodedata.normalize("NFKC", text)
    text = strip_tashkeel(text)
    for variant, letter in _LETTER_VARIANTS:
        text = text.replace(variant, letter)
    # split() and join() collapse white space several times faster than a regular expression.
    return " ".join(text.split()).casefold()


def arabic_slugify(text, max_length=None):
    """A readable Unicode slug: Arabic letters kept, diacritics and tatweel removed."""
    slug = slugify(strip_tashkeel(str(text or "")), allow_unicode=True)
    if max_length and len(slug) > max_length:
        slug = slug[:max_length].rsplit("-", 1)[0] or slug[:max_length]
    return slug.strip("-")


def format_date(value, months=DEFAULT_MONTHS, weekday=False):
    """'30 نوفمبر 2026' in the site's time zone, with Maghreb month names by default."""
    if value is None:
        return ""
    if isinstance(value, datetime) and timezone.is_aware(value):
        value = timezone.localtime(value)
    text = f"{value.day} {MONTHS[months][value.month - 1]} {value.year}"
    if weekday:
        text = f"{WEEKDAYS[value.weekday()]} {text}"
    return text


def format_datetime(value, months=DEFAULT_MONTHS, weekday=False):
    """'30 نوفمبر 2026، 17:28' in the site's time zone."""
    if value is None:
        return ""
    if timezone.is_aware(value):
        value = timezone.localtime(value)
    return f"{format_date(value, months, weekday)}، {value:%H:%M}"


def unique_slug(text, is_taken, max_length=255):
    """``arabic_slugify(text)``, suffixed -2, -3… until ``is_taken(slug)`` is false."""
    base = arabic_slugify(text, max_length=max_length) or "-"
    slug, counter = base, 1
    while is_taken(slug):
        counter += 1
        suffix = f"-{counter}"
        slug = f"{base[: max_length - len(suffix)]}{suffix}"
    return slug


_ARABIC_DIGITS = str.maketrans("٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹", "01234567890123456789")
_MONTH_NUMBERS = {
    normalise(name): number
    for names in MONTHS.values()
    for number, name in enumerate(names, start=1)
}
_ARABIC_DATE = re.compile(r"(\d{1,2})\s+([^\d\s،,]+(?:\s[^\d\s،,]+)?)\s+(\d{4})(?:\D+(\d{1,2}):(\d{2}))?")


def parse_datetime(value, default_timezone=None):
    """An aware datetime from the ways dates reach us: ISO 8601, "YYYY-MM-DD HH:MM", RFC 2822
    (feeds, e-mail), and Arabic text with Maghreb, Levant or Egyptian month names and Arabic
    or Western digits ("الإثنين 3 جوان 2024، 10:30"). Naive times are in the site's time zone.
    Raises ValueError naming the text it could not read.
    """
    from datetime import datetime as _datetime
    from email.utils import parsedate_to_datetime

    text = str(value or "").strip().translate(_ARABIC_DIGITS)
    if not text:
        raise ValueError("empty date")
    zone = default_timezone or timezone.get_default_timezone()
    parsed = None
    try:
        parsed = _datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        pass
    if parsed is None:
        try:
            parsed = parsedate_to_datetime(text)
        except (TypeError, ValueError, IndexError):
            pass
    if parsed is None:
        match = _ARABIC_DATE.search(text)
        if match:
            day, month_name, year, hour, minute = match.groups()
            month = _MONTH_NUMBERS.get(normalise(month_name))
            if month:
                parsed = _datetime(int(year), month, int(day), int(hour or 0), int(minute or 0))
    if parsed is None:
        raise ValueError(f"cannot read the date {value!r}")
    return parsed if timezone.is_aware(parsed) else timezone.make_aware(parsed, zone)
