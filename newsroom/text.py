"""Arabic text helpers: the one normaliser, month names, dates and slugs.

A leaf module: it imports no app, so taxonomy, articles, popularity and the
importers all call the same rules.
"""

import re
import unicodedata
from datetime import datetime
from decimal import Decimal
from functools import lru_cache

from django.conf import settings
from django.utils import timezone
from django.utils.html import escape
from django.utils.safestring import mark_safe
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
# How numbers are written: 0-9, or the Arabic-Indic ٠-٩ of the Mashreq.
DIGIT_STYLES = ("western", "arabic-indic")
DEFAULT_DIGITS = "western"
_TO_ARABIC_INDIC = str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩")
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


def format_date(value, months=DEFAULT_MONTHS, weekday=False, digits=DEFAULT_DIGITS):
    """'30 نوفمبر 2026' in the site's time zone, with Maghreb month names by default."""
    if value is None:
        return ""
    if isinstance(value, datetime) and timezone.is_aware(value):
        value = timezone.localtime(value)
    text = f"{value.day} {MONTHS[months][value.month - 1]} {value.year}"
    if weekday:
        text = f"{WEEKDAYS[value.weekday()]} {text}"
    return localise_digits(text, digits)


def format_datetime(value, months=DEFAULT_MONTHS, weekday=False, digits=DEFAULT_DIGITS):
    """'30 نوفمبر 2026، 17:28' in the site's time zone."""
    if value is None:
        return ""
    if timezone.is_aware(value):
        value = timezone.localtime(value)
    return localise_digits(f"{format_date(value, months, weekday)}، {value:%H:%M}", digits)


def format_month(value, months=DEFAULT_MONTHS, digits=DEFAULT_DIGITS):
    """'جوان 2026': the heading of a month's archive."""
    if value is None:
        return ""
    if isinstance(value, datetime) and timezone.is_aware(value):
        value = timezone.localtime(value)
    return localise_digits(f"{MONTHS[months][value.month - 1]} {value.year}", digits)


def localise_digits(value, digits=DEFAULT_DIGITS):
    """``value`` as text, its digits in the chosen style: "western" (0-9) or "arabic-indic" (٠-٩).

    A number also gets the Arabic decimal separator (٫); in other text a full stop stays a full stop.
    """
    if digits not in DIGIT_STYLES:
        raise ValueError(f"unknown digit style {digits!r}; choose one of {', '.join(DIGIT_STYLES)}")
    text = str(value)
    if digits == "western":
        return text
    if isinstance(value, (int, float, Decimal)) and not isinstance(value, bool):
        text = text.replace(".", "\u066b")
    return text.translate(_TO_ARABIC_INDIC)


def arabic_count(number, one, two, few, many, digits=DEFAULT_DIGITS):
    """A counted noun the Arabic way: "دقيقة", "دقيقتين", "3 دقائق", "11 دقيقة", "100 دقيقة".

    One and two are said by the noun alone (singular, dual); 3 to 10 take the plural, 11 to 99
    the singular, and so on for each hundred.
    """
    if number == 1:
        return one
    if number == 2:
        return two
    rest = number % 100
    noun = few if 3 <= rest <= 10 else many
    return f"{localise_digits(number, digits)} {noun}"


def time_since(value, now=None, months=DEFAULT_MONTHS, digits=DEFAULT_DIGITS):
    """How long ago, as an Arabic reader says it: "منذ 5 دقائق", "منذ ساعتين", "أمس", "منذ 3 أيام".

    Beyond a week (or for a time still to come) it is the date itself.
    """
    if value is None:
        return ""
    now = now or timezone.now()
    seconds = (now - value).total_seconds()
    if -60 < seconds < 60:
        # A clock a few seconds ahead of the server's is still "now".
        return "الآن"
    if seconds < 0:
        return format_date(value, months, digits=digits)
    minutes = int(seconds // 60)
    if minutes < 60:
        return f"منذ {arabic_count(minutes, 'دقيقة', 'دقيقتين', 'دقائق', 'دقيقة', digits)}"
    hours = minutes // 60
    if hours < 24:
        return f"منذ {arabic_count(hours, 'ساعة', 'ساعتين', 'ساعات', 'ساعة', digits)}"
    # Days are counted on the calendar of the site's time zone: "أمس" is yesterday's date.
    days = (_local_date(now) - _local_date(value)).days
    if days <= 1:
        return "أمس"
    if days <= 7:
        return f"منذ {arabic_count(days, 'يوم', 'يومين', 'أيام', 'يوما', digits)}"
    return format_date(value, months, digits=digits)


def _local_date(value):
    return (timezone.localtime(value) if timezone.is_aware(value) else value).date()


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


# Words too common to narrow a search, in their normalised form. Arabic first, then the
# French and English of translated stories.
STOPWORDS = frozenset(
    normalise(word)
    for word in (
        "في من إلى الى على عن مع ثم أو أن إن لا ما لم لن قد هل كل بين حتى عند بعد قبل منذ "
        "هذا هذه ذلك تلك هو هي هم التي الذي الذين كان كانت وفي ومن وعلى و ف ب ل "
        "le la les un une des de du et ou en au aux à a the an of and or to in on for is"
    ).split()
)
MAX_SEARCH_TERMS = 10
# Longer "words" are not words (PostgreSQL does not index them either).
MAX_TERM_LENGTH = 60
_EDGE_PUNCTUATION = re.compile(r"^[\W_]+|[\W_]+$")
# Control characters (a NUL byte in a query) mean nothing and PostgreSQL refuses some of them.
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")


def strip_control(value):
    """``value`` with control characters (a NUL byte, a bell…) turned into spaces."""
    return _CONTROL.sub(" ", str(value or ""))


def search_terms(query):
    """The words of a reader's query that a search looks for, normalised.

    Punctuation around words goes (inside a word it stays: "SNTF-2024"), common words and
    repeats are dropped, and at most MAX_SEARCH_TERMS words are kept.
    """
    terms = []
    for word in normalise(strip_control(query)).split():
        word = _EDGE_PUNCTUATION.sub("", word)
        if word and word not in STOPWORDS and len(word) <= MAX_TERM_LENGTH and word not in terms:
            terms.append(word)
    return terms[:MAX_SEARCH_TERMS]


def is_mark(character):
    return unicodedata.category(character) in ("Mn", "Me")


@lru_cache(maxsize=4096)
def _fold(cluster):
    # A letter with its marks, folded as the normaliser folds it; white space stays one space.
    return " " if cluster.isspace() else normalise(cluster)


def match_spans(text, terms):
    """Where ``terms`` (normalised words) occur in ``text`` as written: [(start, end), ...].

    The text is folded by ``normalise`` one letter (with its marks) at a time while remembering
    where each folded character came from, so "الجَزائِـــر" is found for "الجزائر" and the
    span covers the marks and tatweel as written. Overlapping spans are merged.
    """
    folded, origin = [], []
    start, length = 0, len(text)
    while start < length:
        end = start + 1
        while end < length and is_mark(text[end]):
            end += 1
        for character in _fold(text[start:end]):
            folded.append(character)
            origin.append((start, end))
        start = end
    folded = "".join(folded)
    spans = []
    for term in terms:
        found = folded.find(term)
        while term and found != -1:
            spans.append((origin[found][0], origin[found + len(term) - 1][1]))
            found = folded.find(term, found + len(term))
    merged = []
    for start, end in sorted(spans):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


def contains_any(text, terms):
    """Whether ``text`` holds one of ``terms`` once normalised: a quick test before ``match_spans``."""
    folded = normalise(text)
    return any(term in folded for term in terms)


# Trailing punctuation that should not stand before an ellipsis.
_DANGLING = "،؛,;:-–—/"


def passage(text, start=0, width=220, before=70):
    """About ``width`` characters of ``text`` around ``start``, cut between words, "…" where cut.

    The passage begins about ``before`` characters ahead of ``start`` so the match is read in
    context; no word is ever cut in half.
    """
    text = " ".join(str(text or "").split())
    if len(text) <= width:
        return text
    begin = max(0, start - before)
    if begin:
        # Move forward to the start of the next whole word.
        space = text.find(" ", begin - 1)
        begin = space + 1 if 0 <= space < start else begin
    finish = begin + width
    if finish >= len(text):
        finish = len(text)
    else:
        space = text.rfind(" ", begin, finish + 1)
        finish = space if space > begin else finish
    excerpt = text[begin:finish]
    if finish < len(text):
        excerpt = excerpt.rstrip(_DANGLING + " ") + "…"
    if begin:
        excerpt = "…" + excerpt
    return excerpt


def has_letters(word):
    # Tatweel is a "letter" to Unicode but only stretches the one before it.
    return any(character.isalnum() and character != TATWEEL for character in word)


def truncate_words(text, count, ellipsis="…"):
    """The first ``count`` words of ``text``, whole, then "…" when some were left out.

    A "word" must hold a letter or digit: a lone dash, Arabic comma or tatweel does not count,
    and punctuation left dangling at the cut goes before the ellipsis.
    """
    words = str(text or "").split()
    kept, counted = [], 0
    for word in words:
        if has_letters(word):
            if counted == count:
                break
            counted += 1
        kept.append(word)
    else:
        return " ".join(words)
    result = " ".join(kept).rstrip(_DANGLING + " ")
    return f"{result}{ellipsis}"


# Direction ---------------------------------------------------------------------------------

LEFT_TO_RIGHT = {"L"}
RIGHT_TO_LEFT = {"R", "AL"}
# Digits written against a foreign word stay with it ("COVID-19", "G20"), so the word and its
# number are read in one direction.
_ATTACHED_NUMBER = re.compile(r"(?:[-\u2010\u2011\u2013./:]?[0-9\u0660-\u0669\u06f0-\u06f9]+)+")


def text_direction(language):
    """"rtl" or "ltr": the direction text in ``language`` is written in."""
    return "rtl" if str(language or "").split("-")[0] in settings.LANGUAGES_BIDI else "ltr"


def foreign_runs(text, language):
    """Where ``text`` (in ``language``) holds runs of the other direction's script: [(start, end), ...].

    In Arabic, a Latin name ("FIFA", "Real Madrid"); in French, an Arabic one. A run goes from
    its first strong letter of the other direction to its last (the spaces and punctuation
    between them included, those around left out), with the digits written against it.
    """
    text = str(text or "")
    foreign, own = (LEFT_TO_RIGHT, RIGHT_TO_LEFT)
    if text_direction(language) == "ltr":
        foreign, own = own, foreign
    runs, start, last = [], None, None
    for index, character in enumerate(text):
        kind = unicodedata.bidirectional(character)
        if kind in foreign:
            start = index if start is None else start
            last = index
        elif kind in own and start is not None:
            runs.append((start, last + 1))
            start = None
    if start is not None:
        runs.append((start, last + 1))
    extended = []
    for start, end in runs:
        number = _ATTACHED_NUMBER.match(text, end)
        extended.append((start, number.end() if number else end))
    return extended


def isolate_foreign_runs(text, language):
    """``text`` (in ``language``) escaped, each run of the other direction's script in ``<bdi>``.

    The text then keeps the direction of its language whatever letter it starts with (an
    Arabic headline opening on "FIFA" stays right to left), and the run reads in its own.
    """
    text = str(text or "")
    pieces, done = [], 0
    for start, end in foreign_runs(text, language):
        pieces.append(escape(text[done:start]))
        pieces.append(f"<bdi>{escape(text[start:end])}</bdi>")
        done = end
    pieces.append(escape(text[done:]))
    return mark_safe("".join(pieces))
