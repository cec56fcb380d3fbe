"""Readers' beacons answered before Django runs (``BeaconApp``), with the view's answers."""

import io
import time
from datetime import timedelta

import pytest
import time_machine
from django.core.handlers.wsgi import WSGIHandler
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from django.utils import timezone

from articles.models import Status
from popularity import counter
from popularity.beacon import BeaconApp, RecentAnswers
from tests.factories import make_article, make_section
from tests.popularity.conftest import REDIS_URL, needs_redis

pytestmark = pytest.mark.django_db

PHONE = "Mozilla/5.0 (Linux; Android 14; SM-A546B) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0 Mobile Safari/537.36"
FORM = "application/x-www-form-urlencoded"


class Django:
    """Django's own WSGI handler, counting the requests that reach it."""

    def __init__(self):
        self.handler = WSGIHandler()
        self.requests = 0

    def __call__(self, environ, start_response):
        self.requests += 1
        return self.handler(environ, start_response)


@pytest.fixture
def django_app():
    return Django()


@pytest.fixture
def app(django_app):
    return BeaconApp(django_app)


def post(app, body, content_type=FORM, **extra):
    environ = {
        "REQUEST_METHOD": "POST",
        "PATH_INFO": "/popularity/views/",
        "SCRIPT_NAME": "",
        "QUERY_STRING": "",
        "SERVER_NAME": "testserver",
        "SERVER_PORT": "80",
        "HTTP_HOST": "testserver",
        "REMOTE_ADDR": "203.0.113.7",
        "HTTP_USER_AGENT": PHONE,
        "CONTENT_TYPE": content_type,
        "CONTENT_LENGTH": str(len(body)),
        "wsgi.input": io.BytesIO(body),
        "wsgi.url_scheme": "http",
        "wsgi.errors": io.StringIO(),
        **extra,
    }
    answer = {}

    def start_response(status, headers):
        answer.update(status=int(status[:3]), headers=dict(headers))

    # Like Django's test client: the test's transaction keeps its database connection.
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        answer["body"] = b"".join(app(environ, start_response))
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)
    return answer


def views_of(article):
    return sum(views for _hour, views in counter.hourly_series(article.pk, hours=2))


def test_a_readers_beacon_is_counted_once_without_reaching_django(app, django_app, views_backend):
    article = make_article()
    first = post(app, f"article={article.pk}&visitor=reader-1".encode())
    again = post(app, f"article={article.pk}&visitor=reader-1".encode())
    other = post(app, f"article={article.pk}&visitor=reader-2".encode())
    assert [first["status"], again["status"], other["status"]] == [204, 204, 204]
    assert first["body"] == b"" and "no-store" in first["headers"]["Cache-Control"]
    assert views_of(article) == 2
    assert django_app.requests == 0


def test_a_beacon_counts_in_the_stories_section_ranking_too(app, views_backend):
    sport = make_section("رياضة")
    match, election = make_article("مباراة", section=sport), make_article("انتخابات")
    for number, story in enumerate([match, election, election]):
        assert post(app, f"article={story.pk}&visitor=r{number}".encode())["status"] == 204
    assert counter.most_read() == [election, match]
    assert counter.most_read(section=sport) == [match]
    assert [views for _hour, views in counter.hourly_series(hours=1)] == [3]


@needs_redis
def test_counting_goes_on_after_redis_forgets_the_script(app, settings):
    settings.NEWSROOM = {**settings.NEWSROOM, "COUNTER_BACKEND": "redis", "COUNTER_REDIS_URL": REDIS_URL}
    article = make_article()
    assert post(app, f"article={article.pk}&visitor=a".encode())["status"] == 204
    # As after a Redis restart: the server no longer knows the script by its hash.
    counter.backend().client.script_flush()
    assert post(app, f"article={article.pk}&visitor=b".encode())["status"] == 204
    assert post(app, f"article={article.pk}&visitor=c".encode())["status"] == 204
    assert views_of(article) == 3


@pytest.mark.parametrize(
    ("case", "status"),
    [("malformed", 400), ("draft", 404), ("scheduled", 404), ("unknown", 404), ("robot", 204)],
)
def test_the_answers_are_the_views_answers(app, django_app, client, case, status):
    draft = make_article("مسودة", status=Status.DRAFT)
    scheduled = make_article("مجدول", status=Status.SCHEDULED, published_at=timezone.now() + timedelta(hours=1))
    public = make_article()
    article, user_agent = {
        "malformed": ("12x", PHONE),
        "draft": (draft.pk, PHONE),
        "scheduled": (scheduled.pk, PHONE),
        "unknown": (987654, PHONE),
        "robot": (public.pk, "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)"),
    }[case]
    fast = post(app, f"article={article}&visitor=v".encode(), HTTP_USER_AGENT=user_agent)
    view = client.post("/popularity/views/", {"article": article, "visitor": "v"}, HTTP_USER_AGENT=user_agent)
    assert fast["status"] == view.status_code == status
    assert fast["body"] == view.content
    assert django_app.requests == 0
    assert sum(map(views_of, (draft, scheduled, public))) == 0


def test_a_flooding_browser_is_told_to_slow_down(app, settings, views_backend):
    settings.NEWSROOM = {**settings.NEWSROOM, "VIEW_RATE_PER_CLIENT": 3}
    stories = [make_article(f"خبر {n}") for n in range(5)]
    # Rates are counted per minute: these requests must not straddle two.
    with time_machine.travel(timezone.now().replace(second=5), tick=False):
        statuses = [post(app, f"article={story.pk}&visitor=flooder".encode())["status"] for story in stories]
    assert statuses == [204, 204, 204, 429, 429]
    assert sum(map(views_of, stories)) == 3


def test_a_story_unpublished_stops_counting_within_seconds(app):
    article = make_article()
    app.stories.blocks.trust_seconds = 0.05
    assert post(app, f"article={article.pk}&visitor=a".encode())["status"] == 204
    article.status = Status.UNPUBLISHED
    article.save()
    time.sleep(0.1)
    assert post(app, f"article={article.pk}&visitor=b".encode())["status"] == 404
    assert views_of(article) == 1


def test_readers_of_neighbouring_stories_cost_one_query(django_assert_num_queries):
    stories = [make_article(f"خبر {n}") for n in range(3)]
    draft = make_article("مسودة", status=Status.DRAFT)
    answers = RecentAnswers()
    with django_assert_num_queries(1):
        assert [answers(story.pk) for story in stories] == [(story.pk, story.section_id) for story in stories]
        assert answers(draft.pk) is None
        assert answers(stories[0].pk) == (stories[0].pk, stories[0].section_id)


@pytest.mark.parametrize(
    "extra",
    [
        {"HTTP_COOKIE": "sessionid=abc"},
        {"CONTENT_TYPE": "multipart/form-data; boundary=x"},
        {"HTTP_HOST": "evil.example"},
    ],
    ids=["session", "multipart", "unknown-host"],
)
def test_anything_unusual_goes_on_to_django(app, django_app, extra):
    article = make_article()
    post(app, f"article={article.pk}&visitor=v".encode(), **extra)
    assert django_app.requests == 1


def test_a_body_django_must_read_reaches_it_whole(app, django_app):
    article = make_article()
    answer = post(app, f"article={article.pk}&visitor=caf\xe9".encode("latin-1"))
    assert django_app.requests == 1
    assert answer["status"] == 204 and views_of(article) == 1


def test_the_sites_wsgi_application_answers_beacons_first():
    from newsroom.wsgi import application

    assert isinstance(application, BeaconApp)
