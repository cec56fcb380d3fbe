from datetime import timedelta

import pytest
import time_machine
from django.core.cache import cache
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from articles.models import Status
from popularity import counter
from tests.factories import make_article, make_staff

pytestmark = pytest.mark.django_db

BEACON = reverse("popularity:beacon")
PHONE = "Mozilla/5.0 (Linux; Android 14; SM-A546B) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0 Mobile Safari/537.36"
LAPTOP = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0 Safari/537.36"


def reader(user_agent=PHONE, address="203.0.113.7"):
    return Client(HTTP_USER_AGENT=user_agent, REMOTE_ADDR=address)


def beacon(client, article, visitor="", **headers):
    article_id = article if isinstance(article, str) else article.pk
    return client.post(BEACON, {"article": article_id, "visitor": visitor}, **headers)


def views_of(article):
    return sum(views for _hour, views in counter.hourly_series(article.pk, hours=2))


def test_a_beacon_counts_one_view_and_answers_empty(views_backend):
    article = make_article()
    response = beacon(reader(), article, visitor="v1")
    assert response.status_code == 204 and response.content == b""
    assert "no-cache" in response["Cache-Control"]
    assert views_of(article) == 1


def test_the_beacon_needs_no_session_or_csrf_token():
    article = make_article()
    client = Client(enforce_csrf_checks=True, HTTP_USER_AGENT=PHONE)
    assert beacon(client, article).status_code == 204


def test_one_count_per_visitor_per_story_per_window(views_backend, settings):
    # A local cache, so the window's end can be reached by travelling in time.
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "dedup"}}
    cache.clear()
    article, other = make_article(), make_article("آخر")
    client = reader()
    for _ in range(5):
        beacon(client, article, visitor="same-reader")
    beacon(client, other, visitor="same-reader")
    assert views_of(article) == 1 and views_of(other) == 1
    with time_machine.travel(timezone.now() + timedelta(minutes=31)):
        beacon(client, article, visitor="same-reader")
        assert views_of(article) == 2


def test_readers_sharing_one_address_all_count(views_backend):
    article = make_article()
    office = [reader(address="198.51.100.20") for _ in range(40)]
    for number, client in enumerate(office):
        assert beacon(client, article, visitor=f"colleague-{number}").status_code == 204
    assert views_of(article) == 40


def test_without_a_visitor_id_address_and_browser_identify_the_reader(views_backend):
    article = make_article()
    beacon(reader(PHONE), article)
    beacon(reader(PHONE), article)
    beacon(reader(LAPTOP), article)
    assert views_of(article) == 2


@pytest.mark.parametrize(
    "user_agent",
    [
        "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)",
        "Mozilla/5.0 (compatible; bingbot/2.0; +http://www.bing.com/bingbot.htm)",
        "facebookexternalhit/1.1 (+http://www.facebook.com/externalhit_uatext.php)",
        "Twitterbot/1.0",
        "WhatsApp/2.23.20.0",
        "curl/8.5.0",
        "python-requests/2.32.3",
        "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) HeadlessChrome/124.0 Safari/537.36",
        "",
    ],
)
def test_bots_and_scripts_are_not_counted(user_agent):
    article = make_article()
    assert beacon(reader(user_agent), article, visitor="x").status_code == 204
    assert views_of(article) == 0


@pytest.mark.parametrize(
    "header", [{"HTTP_PURPOSE": "prefetch"}, {"HTTP_SEC_PURPOSE": "prefetch;prerender"}, {"HTTP_X_MOZ": "prefetch"}]
)
def test_prefetches_are_not_counted(header):
    article = make_article()
    beacon(reader(), article, visitor="x", **header)
    assert views_of(article) == 0


def test_logged_in_staff_are_not_counted():
    article = make_article()
    client = reader()
    client.force_login(make_staff("hind", "Editor"))
    beacon(client, article, visitor="x")
    client.get(reverse("popularity:pixel", args=[article.pk]))
    assert views_of(article) == 0


@pytest.mark.parametrize("status", [Status.DRAFT, Status.UNPUBLISHED, Status.REVIEW])
def test_hidden_stories_are_not_counted(status):
    article = make_article(status=status, published_at=timezone.now() - timedelta(days=1))
    assert beacon(reader(), article, visitor="x").status_code == 404
    assert views_of(article) == 0


def test_an_embargoed_or_unknown_story_is_not_found():
    embargoed = make_article(status=Status.SCHEDULED, published_at=timezone.now() + timedelta(hours=2))
    assert beacon(reader(), embargoed, visitor="x").status_code == 404
    assert beacon(reader(), "987654", visitor="x").status_code == 404
    assert views_of(embargoed) == 0


@pytest.mark.parametrize("bad", ["", "abc", "-1", "1.5", "9" * 40, "١٢"])
def test_malformed_input_is_refused(bad):
    assert reader().post(BEACON, {"article": bad}).status_code == 400


def test_get_is_not_allowed():
    article = make_article()
    assert reader().get(BEACON, {"article": article.pk}).status_code == 405
    assert views_of(article) == 0


def within_one_minute():
    """Rates are counted per minute: a test's requests must not straddle two."""
    return time_machine.travel(timezone.now().replace(second=5), tick=False)


def test_one_client_flooding_is_stopped(settings):
    settings.NEWSROOM = {**settings.NEWSROOM, "VIEW_RATE_PER_CLIENT": 10}
    stories = [make_article(f"خبر {n}") for n in range(15)]
    client = reader()
    with within_one_minute():
        statuses = [beacon(client, story, visitor="flooder").status_code for story in stories]
        # Other readers at the same address are not blocked.
        assert beacon(reader(), stories[-1], visitor="neighbour").status_code == 204
    assert statuses[:10] == [204] * 10
    assert set(statuses[10:]) == {429}
    assert sum(views_of(story) for story in stories) == 11


def test_a_script_rotating_visitor_ids_hits_the_address_ceiling(settings):
    settings.NEWSROOM = {**settings.NEWSROOM, "VIEW_RATE_PER_ADDRESS": 20}
    article = make_article()
    with within_one_minute():
        statuses = [beacon(reader(), article, visitor=f"fake-{n}").status_code for n in range(30)]
        assert beacon(reader(address="192.0.2.1"), article, visitor="elsewhere").status_code == 204
    assert statuses.count(204) == 20 and statuses.count(429) == 10


def test_behind_a_trusted_proxy_the_forwarded_address_is_the_reader(settings):
    settings.NEWSROOM = {**settings.NEWSROOM, "VIEW_RATE_PER_ADDRESS": 2, "TRUSTED_PROXIES": 1}
    article = make_article()
    proxy = "10.0.0.1"
    for number in range(4):
        client = reader(address=proxy)
        assert beacon(client, article, visitor=f"v{number}", HTTP_X_FORWARDED_FOR=f"198.51.100.{number}").status_code == 204


def test_no_javascript_fallback_pixel_counts(views_backend):
    article = make_article()
    response = reader().get(reverse("popularity:pixel", args=[article.pk]))
    assert response.status_code == 200 and response["Content-Type"] == "image/gif"
    assert views_of(article) == 1


def test_the_article_page_carries_the_beacon_and_the_pixel(client):
    article = make_article()
    page = client.get(article.get_absolute_url()).content.decode()
    assert f'data-url="{BEACON}" data-article="{article.pk}"' in page
    assert f'<noscript><img src="/popularity/views/{article.pk}.gif"' in page


def test_sidebar_ranks_stories_by_beacon_views(views_backend, client):
    a, b = make_article("القصة الأكثر قراءة"), make_article("القصة الأقل قراءة")
    for number in range(3):
        beacon(reader(), a, visitor=f"reader-{number}")
    beacon(reader(), b, visitor="reader-9")
    page = client.get(b.get_absolute_url()).content.decode()
    box = page[page.index('id="most-read"') : page.index("</section>", page.index('id="most-read"'))]
    assert box.index("القصة الأكثر قراءة") < box.index("القصة الأقل قراءة")
