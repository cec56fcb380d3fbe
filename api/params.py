"""Reading the query string: every bad value is a 400 that names the parameter."""

import re
from datetime import datetime, time, timedelta

from django.conf import settings
from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime

DEFAULT_PAGE_SIZE = 20
MAX_PAGE_SIZE = 100
UNENCODED_PLUS = re.compile(r"(\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?) (\d{2}(?::?\d{2})?)$")


class ApiError(Exception):
    def __init__(self, status, message, parameter=None):
        super().__init__(message)
        self.status, self.message, self.parameter = status, message, parameter


def bad(parameter, message):
    return ApiError(400, message, parameter)


def language(request):
    codes = [code for code, _name in settings.LANGUAGES]
    value = request.GET.get("lang", settings.LANGUAGE_CODE)
    if value not in codes:
        raise bad("lang", f"lang must be one of {', '.join(codes)}.")
    return value


def positive_int(request, name, default, maximum=None):
    value = request.GET.get(name)
    if value is None or value == "":
        return default
    try:
        number = int(value)
    except ValueError:
        number = 0
    if number < 1:
        raise bad(name, f"{name} must be a whole number of 1 or more, not {value!r}.")
    return min(number, maximum) if maximum else number


def page(request):
    return positive_int(request, "page", 1)


def page_size(request, default=DEFAULT_PAGE_SIZE):
    # Larger requests are served at the cap rather than refused.
    return positive_int(request, "page_size", default, maximum=MAX_PAGE_SIZE)


def moment(request, name, end_of_day=False):
    """An ISO 8601 date or date-time from the query string, aware in the site's time zone.

    A bare date is the start of that day, or for an end bound the start of the next one
    (so ``to=2026-06-14`` includes the whole of that day).
    """
    value = request.GET.get(name)
    if not value:
        return None, False
    # An unencoded "+" in a time-zone offset reaches us as a space.
    value = UNENCODED_PLUS.sub(r"\1+\2", value)
    try:
        # A date first: parse_datetime would read "2026-06-14" as its midnight.
        day = parse_date(value)
        parsed = None if day else parse_datetime(value)
        if day is not None:
            parsed = timezone.make_aware(datetime.combine(day + timedelta(days=1) if end_of_day else day, time.min))
            return parsed, True
    except (ValueError, OverflowError):
        parsed = None
    if parsed is None:
        raise bad(
            name,
            f"{name} must be an ISO 8601 date (2026-06-14) or date-time (2026-06-14T08:30:00+01:00), not {value!r}.",
        )
    if timezone.is_naive(parsed):
        parsed = timezone.make_aware(parsed)
    return parsed, False


def date_range(request):
    """(start, end, end_is_exclusive) of ``from``/``to``, either of which may be None."""
    start, _whole_day = moment(request, "from")
    end, exclusive = moment(request, "to", end_of_day=True)
    if start and end and (start >= end if exclusive else start > end):
        raise bad("from", "from must not be later than to.")
    return start, end, exclusive
