"""The view beacon's one answer, given by its view or, for readers, before Django runs.

A page's script posts ``article`` (the story's id) and ``visitor`` (a random id kept by the
browser) to ``/popularity/views/``. ``answer()`` decides: 400 for a malformed id, 204 and
nothing counted for robots and staff, 404 for a story that is not public, 429 for a
flooding browser or address, else 204 and the view handed to ``counter.count_view``.

Most requests a site gets under load are beacons, and a reader's beacon needs none of
Django's request machinery: ``BeaconApp`` wraps the WSGI application and answers readers'
beacons itself (a query per block of story ids every ``STORY_SECONDS`` and one Redis round
trip per view with the Redis counter). Anything unusual (a session cookie, an unexpected host,
body or content type) goes on to Django and the view, which gives the same answers.
"""

import io
import logging
import time
from functools import lru_cache
from urllib.parse import parse_qsl

from django.conf import settings
from django.core.signals import request_finished, request_started
from django.http.request import split_domain_port, validate_host
from django.urls import reverse
from django.utils.http import http_date

from articles.models import Article
from newsroom import localcache
from newsroom.localcache import MISS, ProcessCache

from . import counter, visitors

logger = logging.getLogger(__name__)

MESSAGES = {400: "article must be a story number", 404: "no such public story"}
REASONS = {204: "No Content", 400: "Bad Request", 404: "Not Found", 429: "Too Many Requests", 500: "Internal Server Error"}
MAX_BODY_BYTES = 1024
FORM = "application/x-www-form-urlencoded"
# How long this process trusts its answer to "is story N public?". Counting a view of a
# story unpublished a second ago does no harm: rankings check visibility when they are read.
STORY_SECONDS = 2.0


def public_sections(first_id, end_id):
    """{id: section id} of the public stories with ids in [first_id, end_id)."""
    stories = Article.objects.published().filter(pk__gte=first_id, pk__lt=end_id)
    return dict(stories.values_list("pk", "section_id"))


def public_story(article_id):
    """(id, section id) of the story if it is public, else None."""
    sections = public_sections(article_id, article_id + 1)
    return (article_id, sections[article_id]) if article_id in sections else None


def answer(meta, article, visitor_id="", staff=False, find_story=public_story):
    """The status code for a beacon about ``article`` (the id as sent) from the request ``meta``."""
    if not (article.isascii() and article.isdigit()) or len(article) > 18:
        return 400
    if staff or visitors.is_robot(meta):
        return 204
    story = find_story(int(article))
    if story is None:
        return 404
    outcome = counter.count_view(story[0], story[1], visitors.identify(meta, visitor_id))
    return 429 if outcome == counter.FLOODING else 204


class RecentAnswers:
    """Which stories are public, read a block of ids at a time and trusted ``seconds`` in this process.

    A miss reads the public stories among ``BLOCK`` neighbouring ids in one query, so readers
    spread over thousands of stories cost a query per block every few seconds, not one per view.
    """

    BLOCK = 256

    def __init__(self, seconds=STORY_SECONDS, size=1024):
        self.blocks = ProcessCache("beacon.public-stories", size, seconds)

    def __call__(self, article_id, before_query=None):
        number = article_id // self.BLOCK
        now = time.monotonic()
        sections = self.blocks.get(number, now)
        if sections is MISS:
            if before_query is not None:
                before_query()
            start = number * self.BLOCK
            sections = public_sections(start, start + self.BLOCK)
            self.blocks.put(number, sections, now)
        if article_id not in sections:
            return None
        return article_id, sections[article_id]


@lru_cache(maxsize=64)
def _host_allowed(host, allowed):
    domain, _port = split_domain_port(host)
    return bool(domain) and validate_host(domain, allowed)


@lru_cache(maxsize=2)
def _expires(second):
    return http_date(second)


@localcache.register
@lru_cache(maxsize=1)
def beacon_path():
    """The beacon's address, worked out once per process until settings change."""
    return reverse("popularity:beacon")


class BeaconApp:
    """WSGI wrapper: answers readers' beacons; hands every other request on."""

    def __init__(self, application):
        self.application = application
        self.stories = RecentAnswers()

    def __call__(self, environ, start_response):
        if environ.get("REQUEST_METHOD") != "POST" or environ.get("PATH_INFO") != beacon_path() or not self._plain(environ):
            return self.application(environ, start_response)
        body = environ["wsgi.input"].read(int(environ["CONTENT_LENGTH"]))
        form = self._form(body)
        if form is None:
            environ["wsgi.input"] = io.BytesIO(body)
            return self.application(environ, start_response)
        # Django's handler sends these around every request: their receivers close database
        # connections that broke or grew old. Most beacons here never touch the database.
        started = False

        def start():
            nonlocal started
            if not started:
                started = True
                request_started.send(sender=self.__class__, environ=environ)

        if counter.backend().name == "database":
            start()
        try:
            status = answer(
                environ, form.get("article", ""), form.get("visitor", ""), find_story=lambda pk: self.stories(pk, start)
            )
        except Exception:
            logger.exception("The view beacon failed")
            status = 500
            start()
        if started:
            request_finished.send(sender=self.__class__)
        message = MESSAGES.get(status, "").encode()
        headers = [
            ("Cache-Control", "max-age=0, no-cache, no-store, must-revalidate, private"),
            ("Expires", _expires(int(time.time()))),
            ("X-Content-Type-Options", "nosniff"),
        ]
        if message:
            headers += [("Content-Type", "text/html; charset=utf-8"), ("Content-Length", str(len(message)))]
        start_response(f"{status} {REASONS[status]}", headers)
        return [message] if message else []

    def _plain(self, environ):
        """A reader's beacon as the page's script sends it, to a host and scheme Django would serve."""
        cookie = environ.get("HTTP_COOKIE", "")
        if settings.SESSION_COOKIE_NAME in cookie:
            return False
        if environ.get("CONTENT_TYPE", "").split(";")[0].strip().lower() != FORM:
            return False
        length = environ.get("CONTENT_LENGTH", "")
        if not (length.isascii() and length.isdigit() and int(length) <= MAX_BODY_BYTES):
            return False
        if settings.SECURE_SSL_REDIRECT and not self._secure(environ):
            return False
        allowed = settings.ALLOWED_HOSTS or ([".localhost", "127.0.0.1", "[::1]"] if settings.DEBUG else [])
        return _host_allowed(environ.get("HTTP_HOST", ""), tuple(allowed))

    @staticmethod
    def _secure(environ):
        header = settings.SECURE_PROXY_SSL_HEADER
        if header and environ.get(header[0]) == header[1]:
            return True
        return environ.get("wsgi.url_scheme") == "https"

    @staticmethod
    def _form(body):
        """{name: last value} of a well-formed form of plain text, else None (Django then answers)."""
        try:
            text = body.decode("utf-8")
            pairs = parse_qsl(text, keep_blank_values=True, strict_parsing=bool(text), max_num_fields=8)
        except (UnicodeDecodeError, ValueError):
            return None
        form = dict(pairs)
        if any("\x00" in value for value in form.values()):
            return None
        return form
