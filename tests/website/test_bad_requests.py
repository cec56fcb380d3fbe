"""Whatever a client asks of a public address (dates at the ends of their ranges, huge ids,
odd methods, broken escapes), the answer is never a server error and never an ERROR log line."""

import io
import logging
import re

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver

from newsroom.logs import SecurityEventFilter
from tests.factories import make_article, make_section

pytestmark = pytest.mark.django_db

EDGE_VALUES = {
    "int": ["0", "1", "9999", "10000", "99999999999999999999", "2147483648", "9223372036854775808"],
    "str": ["%", "%ZZ", "%C0%AF", "..", "a" * 300, "%00", "ع%", "رياضة"],
}
DATES = [
    "/archive/9999/",
    "/archive/9999/12/",
    "/archive/9999/12/31/",
    "/archive/1/1/1/",
    "/archive/0/0/0/",
    "/archive/2026/13/1/",
    "/archive/2026/2/30/",
    "/archive/10000/1/1/",
]
METHODS = ["TRACE", "OPTIONS", "PUT", "DELETE", "PATCH", "HEAD", "POST"]


def public_routes():
    """(route with <converter:name> parts, converters) of every reader-facing pattern."""
    routes = []

    def walk(patterns, prefix):
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                if "admin" in str(pattern.pattern) or "api" in str(pattern.pattern):
                    continue
                walk(pattern.url_patterns, prefix + str(pattern.pattern))
            elif isinstance(pattern, URLPattern):
                routes.append((prefix + str(pattern.pattern)).replace("^", "").replace("$", ""))

    walk(get_resolver().url_patterns, "")
    return sorted({route for route in routes if "(?P" not in route})


PLACEHOLDER = re.compile(r"<(?:(\w+):)?\w+>")
HARMLESS = {"int": "1", "str": "x"}


def addresses():
    """Every public route with each of its arguments pushed to the edges, the others harmless."""
    for route in public_routes():
        kinds = {match[1] or "str" for match in PLACEHOLDER.finditer(route)}
        if not kinds:
            yield "/" + route
        for kind in kinds:
            for value in EDGE_VALUES[kind]:
                yield "/" + PLACEHOLDER.sub(
                    lambda match, kind=kind, value=value: value if (match[1] or "str") == kind else HARMLESS[match[1] or "str"],
                    route,
                )
    yield from DATES
    for prefix in ("/fr", "/en"):
        yield from (prefix + date for date in DATES)


@pytest.fixture
def site():
    section = make_section("رياضة")
    make_article("خبر", section=section, tags=["رياضة"])


@pytest.fixture
def errors(caplog):
    caplog.set_level(logging.WARNING)
    yield lambda: [record for record in caplog.records if record.levelno >= logging.ERROR]


def test_the_walk_finds_the_public_routes():
    routes = public_routes()
    assert "news/<int:pk>/<str:slug>/" in routes
    assert "archive/<int:year>/<int:month>/<int:day>/" in routes
    assert "sitemap-<str:section>.xml" in routes


@pytest.mark.parametrize("path", sorted(set(addresses())))
def test_no_address_is_a_server_error(site, errors, path):
    response = Client(raise_request_exception=False).get(path)
    assert response.status_code < 500, path
    assert not errors(), [record.getMessage() for record in errors()]


@pytest.mark.parametrize("path", ["/archive/9999/12/31/", "/fr/archive/9999/12/31/", "/en/archive/9999/12/31/"])
def test_the_last_day_a_date_holds_is_not_found(site, path):
    assert Client().get(path).status_code == 404


@pytest.mark.parametrize("method", METHODS)
@pytest.mark.parametrize("path", ["/", "/news/1/x/", "/feeds/rss/", "/sitemap.xml", "/search/?q=a", "/archive/2026/"])
def test_odd_methods_are_answered_without_a_server_error(site, errors, method, path):
    response = Client(raise_request_exception=False).generic(method, path)
    assert response.status_code < 500, (method, path)
    assert not errors()


@pytest.fixture
def security_log():
    """What the site writes about refused suspicious requests, as a list of lines."""
    (handler,) = [
        handler
        for handler in logging.getLogger("django.security").handlers
        if any(isinstance(each, SecurityEventFilter) for each in handler.filters)
    ]
    written = io.StringIO()
    previous = handler.setStream(written)
    yield lambda: written.getvalue().splitlines()
    handler.setStream(previous)


def test_a_forged_host_is_one_warning_line_without_a_traceback(security_log):
    response = Client(raise_request_exception=False).get("/", HTTP_HOST="evil.example")
    assert response.status_code == 400
    (line,) = security_log()
    assert line.startswith("Refused a suspicious request (DisallowedHost): Invalid HTTP_HOST header")


@pytest.mark.parametrize(
    "path", ["/media/../../etc/passwd", "/media/%2e%2e/%2e%2e/etc/passwd", "/media/..%2f..%2fetc%2fpasswd", "/media/%00"]
)
def test_a_path_out_of_the_media_folder_is_refused_without_an_error(security_log, errors, path):
    response = Client(raise_request_exception=False).get(path)
    assert response.status_code in (400, 404)
    assert not errors()
    assert all(line.startswith("Refused a suspicious request") for line in security_log())


@pytest.mark.parametrize("number", ["0", "9223372036854775807", "9223372036854775808", "99999999999999999999"])
def test_a_story_number_beyond_any_key_is_not_found_on_the_page_and_in_the_api(site, number):
    assert Client().get(f"/news/{number}/x/").status_code == 404
    assert Client().get(f"/api/v1/articles/{number}/").status_code == 404
