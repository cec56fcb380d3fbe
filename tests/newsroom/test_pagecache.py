"""The page cache as readers, editors, browsers and CDNs meet it (what a page shows is tested
in tests/website/test_caching.py)."""

import gzip
import io
import sys
from datetime import timedelta
from urllib.parse import unquote_to_bytes, urlencode

import brotli
import pytest
import time_machine
from django.core.cache import cache
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from django.http import HttpResponse
from django.utils import timezone
from django.utils.http import http_date

from articles.models import Article, Status
from articles.preview import preview_url
from newsroom import pagecache
from newsroom.wsgi import application
from tests.factories import make_article

pytestmark = pytest.mark.django_db

CHROME = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36"


class Served:
    def __init__(self, status, headers, body):
        self.status, self.headers, self.body = status, dict(headers), body

    @property
    def code(self):
        return int(self.status.split()[0])

    @property
    def text(self):
        return self.body.decode()


@pytest.fixture
def wsgi():
    """Requests through the production WSGI application, as gunicorn sends them."""

    def request(path, method="GET", query="", body=b"", **headers):
        environ = {
            "REQUEST_METHOD": method,
            "PATH_INFO": unquote_to_bytes(path).decode("latin-1"),
            "QUERY_STRING": query,
            "SERVER_NAME": "testserver",
            "SERVER_PORT": "443",
            "SERVER_PROTOCOL": "HTTP/1.1",
            "HTTP_HOST": "testserver",
            "HTTP_USER_AGENT": CHROME,
            "REMOTE_ADDR": "127.0.0.1",
            # As behind the site's TLS: production settings send plain HTTP to HTTPS.
            "wsgi.url_scheme": "https",
            "wsgi.input": io.BytesIO(body),
            "wsgi.errors": sys.stderr,
            "CONTENT_LENGTH": str(len(body)),
            "CONTENT_TYPE": "application/x-www-form-urlencoded",
        }
        environ.update({f"HTTP_{name.upper()}": value for name, value in headers.items()})
        started = {}

        def start_response(status, response_headers):
            started.update(status=status, headers=response_headers)

        # Like Django's test client: the test's transaction keeps its database connection.
        request_started.disconnect(close_old_connections)
        request_finished.disconnect(close_old_connections)
        try:
            chunks = application(environ, start_response)
            content = b"".join(chunks)
            if hasattr(chunks, "close"):
                chunks.close()
        finally:
            request_started.connect(close_old_connections)
            request_finished.connect(close_old_connections)
        return Served(started["status"], started["headers"], content)

    return request


def test_a_repeated_page_is_answered_without_running_the_site(wsgi, django_assert_num_queries):
    story = make_article("الخبر الأول في الذاكرة")
    first = wsgi(story.get_absolute_url())
    assert first.code == 200 and "الخبر الأول في الذاكرة" in first.text
    with django_assert_num_queries(0):
        again = wsgi(story.get_absolute_url())
    assert again.code == 200
    assert again.body == first.body
    assert again.headers["Content-Type"] == "text/html; charset=utf-8"
    assert again.headers["Content-Length"] == str(len(first.body))


def test_the_test_client_gets_cached_pages_from_the_middleware(client, django_assert_num_queries):
    make_article("خبر الصفحة الرئيسية")
    client.get("/")
    with django_assert_num_queries(0):
        response = client.get("/")
    assert "خبر الصفحة الرئيسية" in response.content.decode()


def test_editors_never_get_a_stored_page(wsgi, editor_client):
    story = make_article("العنوان الأول")
    wsgi(story.get_absolute_url())
    # A write the cache cannot hear about: readers keep the stored page, the editor does not.
    Article.objects.filter(pk=story.pk).update(headline_ar="العنوان المصحح")
    assert "العنوان الأول" in wsgi(story.get_absolute_url()).text
    response = editor_client.get(story.get_absolute_url())
    assert "العنوان المصحح" in response.content.decode()
    assert "private" in response["Cache-Control"]


def test_editors_never_fill_the_cache(wsgi, editor_client):
    story = make_article("خبر يقرؤه المحرر أولا")
    editor_client.get(story.get_absolute_url())
    editor_client.get(story.get_absolute_url())
    Article.objects.filter(pk=story.pk).update(headline_ar="عنوان بعد زيارة المحرر")
    # The reader's first visit renders the page: nothing the editor saw was kept.
    assert "عنوان بعد زيارة المحرر" in wsgi(story.get_absolute_url()).text


def test_a_session_cookie_bypasses_the_cache(wsgi):
    story = make_article("قبل")
    wsgi(story.get_absolute_url())
    Article.objects.filter(pk=story.pk).update(headline_ar="بعد")
    assert "قبل" in wsgi(story.get_absolute_url()).text
    assert "بعد" in wsgi(story.get_absolute_url(), cookie="theme=dark; sessionid=abc123").text
    assert "قبل" in wsgi(story.get_absolute_url(), cookie="theme=dark; csrftoken=xyz").text


def test_each_query_is_its_own_page_but_tracking_parameters_are_ignored(wsgi):
    make_article("مهرجان الفيلم القصير")
    make_article("مباراة الدور النهائي")
    festival = wsgi("/search/", query=urlencode({"q": "مهرجان"}))
    final = wsgi("/search/", query=urlencode({"q": "مباراة"}))
    assert "الفيلم القصير" in festival.text and "الفيلم القصير" not in final.text
    assert "الدور النهائي" in final.text
    # A change the cache cannot hear about shows which answers came from it.
    Article.objects.update(headline_ar="عنوان لم يُسمع به")
    shared = wsgi("/search/", query=urlencode({"q": "مهرجان", "utm_source": "facebook", "fbclid": "IwAR0x"}))
    assert shared.body == festival.body
    assert "عنوان لم يُسمع به" not in wsgi("/search/", query=urlencode({"q": "مباراة"})).text
    # A query of its own is rendered (the search text itself was not changed by the update).
    other = wsgi("/search/", query=urlencode({"q": "مهرجان", "page": 1}))
    assert "عنوان لم يُسمع به" in other.text


def test_only_successful_pages_without_cookies_are_stored():
    ok = HttpResponse("page")
    with_cookie = HttpResponse("page")
    with_cookie.set_cookie("csrftoken", "x")
    private = HttpResponse("page")
    private["Cache-Control"] = "private"
    by_device = HttpResponse("page")
    by_device["Vary"] = "User-Agent"
    assert pagecache._storable(ok)
    assert not pagecache._storable(with_cookie)
    assert not pagecache._storable(private)
    assert not pagecache._storable(by_device)
    assert not pagecache._storable(HttpResponse("missing", status=404))


def test_a_missing_page_is_not_stored(wsgi):
    story = make_article("خبر لم يُنشر بعد", status=Status.DRAFT, published_at=timezone.now() - timedelta(hours=1))
    assert wsgi(story.get_absolute_url()).code == 404
    # Published behind the cache's back: the 404 was not kept.
    Article.objects.filter(pk=story.pk).update(status=Status.PUBLISHED)
    assert wsgi(story.get_absolute_url()).code == 200


def test_readers_pages_may_be_kept_by_cdns_for_a_few_seconds_only(client):
    story = make_article()
    for url in ("/", story.get_absolute_url(), "/feeds/rss/", "/sitemap.xml"):
        cache_control = client.get(url)["Cache-Control"]
        assert "public" in cache_control
        max_age = int(cache_control.split("max-age=")[1].split(",")[0])
        assert 0 < max_age <= 10, url


def test_previews_the_admin_and_the_beacon_are_never_kept(client, editor_client):
    story = make_article(status=Status.DRAFT, published_at=timezone.now() - timedelta(hours=1))
    preview = client.get(preview_url(story))
    assert "no-store" in preview["Cache-Control"] and "private" in preview["Cache-Control"]
    admin = editor_client.get("/admin/")
    assert "no-store" in admin["Cache-Control"] and "private" in admin["Cache-Control"]
    beacon = client.post("/popularity/views/", {"article": story.pk}, HTTP_USER_AGENT=CHROME)
    assert "no-store" in beacon["Cache-Control"]


def test_an_unchanged_page_is_a_304(wsgi, client):
    story = make_article()
    first = wsgi(story.get_absolute_url())
    etag, modified = first.headers["ETag"], first.headers["Last-Modified"]
    assert wsgi(story.get_absolute_url(), if_none_match=etag).code == 304
    assert wsgi(story.get_absolute_url(), if_modified_since=modified).code == 304
    assert wsgi(story.get_absolute_url(), if_none_match='"something-else"').code == 200
    # The same through the middleware, for the page rendered and for the stored one.
    cache.clear()
    assert client.get(story.get_absolute_url(), secure=True, HTTP_IF_NONE_MATCH=etag).status_code == 304
    assert client.get(story.get_absolute_url(), secure=True, HTTP_IF_NONE_MATCH=etag).status_code == 304


def test_a_story_page_says_when_it_last_changed(client):
    story = make_article(published_at=timezone.now() - timedelta(days=2))
    story.refresh_from_db()
    response = client.get(story.get_absolute_url())
    assert response["Last-Modified"] == http_date(story.last_changed.timestamp())


@pytest.mark.parametrize(("accepted", "encoding", "decode"), [
    ("gzip, deflate, br", "br", brotli.decompress),
    ("gzip, deflate", "gzip", gzip.decompress),
    ("br;q=0, gzip", "gzip", gzip.decompress),
])
def test_pages_go_out_compressed_once_stored(wsgi, client, accepted, encoding, decode):
    story = make_article("خبر مضغوط")
    plain = wsgi(story.get_absolute_url())
    compressed = wsgi(story.get_absolute_url(), accept_encoding=accepted)
    assert compressed.headers["Content-Encoding"] == encoding
    assert decode(compressed.body) == plain.body
    assert int(compressed.headers["Content-Length"]) == len(compressed.body) < len(plain.body) / 2
    assert "Accept-Encoding" in compressed.headers["Vary"]
    assert compressed.headers["ETag"] != plain.headers["ETag"]
    assert wsgi(story.get_absolute_url(), accept_encoding=accepted, if_none_match=compressed.headers["ETag"]).code == 304
    # The first reader, whose visit stored the page, gets it compressed too.
    cache.clear()
    first = client.get(story.get_absolute_url(), secure=True, HTTP_ACCEPT_ENCODING=accepted)
    assert first["Content-Encoding"] == encoding and decode(first.content) == plain.body


def test_a_head_request_gets_the_headers_of_the_stored_page(wsgi):
    story = make_article()
    full = wsgi(story.get_absolute_url())
    head = wsgi(story.get_absolute_url(), method="HEAD")
    assert head.code == 200 and head.body == b""
    assert head.headers["Content-Length"] == str(len(full.body))


def test_the_language_comes_from_the_address_not_the_browser(wsgi):
    make_article("خبر", headline_fr="Une nouvelle")
    english_browser = wsgi("/", accept_language="en-US,en")
    assert '<html lang="ar" dir="rtl">' in english_browser.text
    assert '<html lang="ar" dir="rtl">' in wsgi("/", accept_language="fr").text
    assert '<html lang="fr" dir="ltr">' in wsgi("/fr/").text


def test_the_site_still_answers_when_the_cache_is_down(client, monkeypatch):
    story = make_article("خبر رغم العطل")

    class Unreachable:
        def __getattr__(self, name):
            raise ConnectionError("cache server unreachable")

    monkeypatch.setattr(pagecache, "cache", Unreachable)
    response = client.get(story.get_absolute_url())
    assert response.status_code == 200
    assert "خبر رغم العطل" in response.content.decode()


def test_a_cache_that_keeps_nothing_costs_no_errors(client, settings, caplog):
    # What the site sees while Redis is away: reads miss, writes vanish.
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}}
    story = make_article("خبر والذاكرة غائبة")
    for _request in range(2):
        response = client.get(story.get_absolute_url())
        assert response.status_code == 200 and "خبر والذاكرة غائبة" in response.content.decode()
    assert not [record for record in caplog.records if record.name == "newsroom.pagecache"]


def test_a_local_memory_cache_trusts_its_pages_a_few_seconds_only(client, settings):
    if "LocMemCache" not in settings.CACHES["default"]["BACKEND"]:
        pytest.skip("only a local-memory cache is private to one process")
    story = make_article("قبل")
    with time_machine.travel(timezone.now(), tick=False) as traveller:
        client.get(story.get_absolute_url())
        Article.objects.filter(pk=story.pk).update(headline_ar="بعد")
        assert "قبل" in client.get(story.get_absolute_url()).content.decode()
        traveller.shift(pagecache.LOCAL_MEMORY_SECONDS + 1)
        assert "بعد" in client.get(story.get_absolute_url()).content.decode()


def test_another_workers_change_reaches_this_worker_within_a_second(wsgi, settings):
    if "LocMemCache" in settings.CACHES["default"]["BACKEND"]:
        pytest.skip("a local-memory cache keeps no copies apart from itself")
    story = make_article("قبل")
    with time_machine.travel(timezone.now(), tick=False) as clock:
        wsgi(story.get_absolute_url())
        Article.objects.filter(pk=story.pk).update(headline_ar="بعد")
        # What a save in another worker leaves in the shared cache: a new token for the story.
        cache.set(pagecache.version_key(f"story:{story.pk}"), "changed-elsewhere", None)
        assert "قبل" in wsgi(story.get_absolute_url()).text
        clock.shift(pagecache.NEARBY_TRUST_SECONDS + 0.1)
        assert "بعد" in wsgi(story.get_absolute_url()).text


def test_another_workers_change_reaches_the_boxes_of_rendered_pages_within_a_second(wsgi, settings):
    if "LocMemCache" in settings.CACHES["default"]["BACKEND"]:
        pytest.skip("a local-memory cache keeps no copies apart from itself")
    settings.NEWSROOM = {**settings.NEWSROOM, "PAGE_CACHE_SECONDS": 0}
    pick = make_article("مختار الواجهة", is_front_page=True)
    story = make_article("خبر يقرأ")
    with time_machine.travel(timezone.now(), tick=False) as clock:
        assert "مختار الواجهة" in wsgi(story.get_absolute_url()).text
        Article.objects.filter(pk=pick.pk).update(headline_ar="اختيار جديد")
        # A save in another worker leaves a new site token in the shared cache.
        cache.set(pagecache.version_key(pagecache.SITE), "changed-elsewhere", None)
        assert "مختار الواجهة" in wsgi(story.get_absolute_url()).text
        clock.shift(pagecache.NEARBY_TRUST_SECONDS + 0.1)
        page = wsgi(story.get_absolute_url()).text
        assert "اختيار جديد" in page and "مختار الواجهة" not in page


def test_the_cache_can_be_turned_off(client, settings):
    settings.NEWSROOM = {**settings.NEWSROOM, "PAGE_CACHE_SECONDS": 0}
    story = make_article("قبل")
    client.get(story.get_absolute_url())
    Article.objects.filter(pk=story.pk).update(headline_ar="بعد")
    response = client.get(story.get_absolute_url())
    assert "بعد" in response.content.decode()
    assert "public" in response["Cache-Control"] and response.has_header("ETag")
