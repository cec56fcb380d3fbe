"""Random input at every door a stranger can reach: no 500, no traceback, nothing written when refused.

Doors: the public pages' query strings and archive dates, the content API's parameters, the
view beacon, the photo library's upload form, and imports (NDJSON lines, CSV rows). Examples are
few (hypothesis' ``max_examples``) so the suite stays quick; each run draws new ones, except in
CI, where the seed is fixed (the profiles in tests/conftest.py); a failure prints the blob that replays it.
"""

import csv
import io
import json
from datetime import date
from urllib.parse import quote, urlencode

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from articles.models import Article
from photos.models import Photo
from popularity import counter
from popularity.backends import pending
from popularity.models import HourlyViews
from tests.factories import make_article, make_section

pytestmark = pytest.mark.django_db

FEW = settings(
    max_examples=50,
    deadline=None,
    database=None,
    # The database and the client are set up once per test; each example cleans up after itself.
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
# Text a browser could send: anything but lone surrogates, which no encoding can carry.
any_text = st.text(st.characters(exclude_categories=("Cs",)), max_size=300)
numberish = st.one_of(st.integers(min_value=-(10**30), max_value=10**30).map(str), any_text)
REFUSALS = {400, 404, 405, 410, 413, 429}
READER = "Mozilla/5.0 (X11; Linux x86_64) Chrome/156.0 Safari/537.36"


@pytest.fixture
def site():
    section = make_section("اقتصاد")
    story = make_article("ارتفاع أسعار النفط", section=section, tags=["طاقة"])
    return {"section": section, "story": story, "client": Client(raise_request_exception=True)}


def assert_answered(response, path):
    assert response.status_code < 500, f"{path} → {response.status_code}"
    assert b"Traceback" not in response.content


@FEW
@given(q=any_text, page=numberish)
@example(q="نفط\x00", page="1")
def test_search_and_list_pages_take_any_query_string(site, q, page):
    client = site["client"]
    for path in ("/", "/search/", site["section"].get_absolute_url(), "/tag/طاقة/", "/archive/", "/fr/search/"):
        assert_answered(client.get(path, {"q": q, "page": page}), path)


@FEW
@given(slug=any_text.filter(bool))
@example(slug="a\x00b")
def test_any_slug_in_an_address_is_a_page_or_not_found(site, slug):
    client = site["client"]
    encoded = quote(slug, safe="")
    for path in (f"/section/{encoded}/", f"/tag/{encoded}/", f"/author/{encoded}/", f"/section/{encoded}/rss/",
                 f"/tag/{encoded}/atom/", f"/fr/section/{encoded}/", f"/news/{site['story'].pk}/{encoded}/",
                 f"/preview/{encoded}/", f"/sitemap-{encoded}.xml"):
        response = client.get(path)
        assert_answered(response, path)
        if "\x00" in slug:
            assert response.status_code == 400, path


def real_date(year, month=1, day=1):
    try:
        return date(year, month, day)
    except (ValueError, OverflowError):
        return None


@FEW
@given(
    # Any number, or one near today's calendar, so real dates (and February 30ths) are drawn too.
    year=st.one_of(st.integers(0, 10**25), st.integers(timezone.now().year - 1, timezone.now().year)),
    month=st.one_of(st.integers(0, 10**6), st.integers(1, 12)),
    day=st.one_of(st.integers(0, 10**6), st.integers(1, 31)),
)
@example(year=2024, month=2, day=30)
@example(year=9999, month=12, day=31)
@example(year=0, month=1, day=1)
def test_archive_dates_that_do_not_exist_are_not_found(site, year, month, day):
    """A date that is no date, or a real one without a public story, is a 404; only the story's own periods are pages."""
    client = site["client"]
    published = timezone.localtime(site["story"].published_at).date()
    periods = [
        (f"/archive/{year}/", real_date(year), (published.year,)),
        (f"/archive/{year}/{month}/", real_date(year, month), (published.year, published.month)),
        (f"/archive/{year}/{month}/{day}/", real_date(year, month, day), (published.year, published.month, published.day)),
    ]
    for path, real, story_period in periods:
        response = client.get(path)
        assert_answered(response, path)
        has_the_story = real is not None and (year, month, day)[: len(story_period)] == story_period
        assert response.status_code == (200 if has_the_story else 404), path


@FEW
@given(params=st.dictionaries(
    st.sampled_from(["section", "tag", "lang", "from", "to", "page", "page_size", "window", "limit"]),
    st.one_of(numberish, st.sampled_from(["ar", "fr", "xx", "2024-02-30", "day", "hour", "-1", "0", "101"])),
))
@example(params={"section": "a\x00"})
def test_the_api_answers_any_parameters_with_json(site, params):
    client = site["client"]
    for path in ("/api/v1/articles/", f"/api/v1/articles/{site['story'].pk}/", "/api/v1/sections/",
                 "/api/v1/tags/", "/api/v1/most-read/"):
        response = client.get(path, params)
        assert_answered(response, path)
        if any("\x00" in value for value in params.values()):
            # Refused before any view, the API's included.
            assert response.status_code == 400
            continue
        assert response["Content-Type"].startswith("application/json"), path
        json.loads(response.content)


@FEW
@given(article=numberish, visitor=any_text, extra=st.dictionaries(any_text, any_text, max_size=3))
def test_the_beacon_counts_only_a_public_story_and_refuses_the_rest(site, article, visitor, extra):
    story = site["story"]
    client = Client(HTTP_USER_AGENT="Mozilla/5.0 (X11; Linux x86_64) Chrome/156.0 Safari/537.36")
    before = counter.hourly_series(story.pk, hours=1)[0][1]
    response = client.post(reverse("popularity:beacon"), {**extra, "article": article, "visitor": visitor})
    assert_answered(response, "beacon")
    counted = counter.hourly_series(story.pk, hours=1)[0][1] - before
    if response.status_code in REFUSALS:
        assert counted == 0
    else:
        assert response.status_code == 204
        assert counted == 0 or (counted == 1 and article.isascii() and article.isdigit() and int(article) == story.pk)


@FEW
@given(body=st.binary(max_size=2048), content_type=st.sampled_from(
    ["application/octet-stream", "multipart/form-data; boundary=x", "application/x-www-form-urlencoded", "text/plain"]
))
def test_the_beacon_survives_any_request_body(site, body, content_type):
    # A reader's browser, whose beacon is counted when its body names a public story.
    client = Client(raise_request_exception=True, HTTP_USER_AGENT=READER)
    response = client.post(reverse("popularity:beacon"), body, content_type=content_type)
    assert_answered(response, "beacon")
    if response.status_code in REFUSALS:
        assert not HourlyViews.objects.exists(), f"a refused body was counted: {body!r}"
        assert not pending.counts, f"a refused body is waiting to be counted: {body!r}"
    # Each example starts with nothing counted.
    HourlyViews.objects.all().delete()


@FEW
@given(body=st.one_of(
    st.binary(max_size=1100),
    st.builds(lambda article, visitor: urlencode({"article": article, "visitor": visitor}).encode(), numberish, any_text),
))
def test_readers_beacons_answered_before_django_survive_any_body(site, body):
    """The production WSGI application answers readers' beacons itself (popularity/beacon.py)."""
    from newsroom.wsgi import application

    story = site["story"]
    before = counter.hourly_series(story.pk, hours=1)[0][1]
    environ = {
        "REQUEST_METHOD": "POST", "PATH_INFO": "/popularity/views/", "QUERY_STRING": "", "SERVER_NAME": "testserver",
        "SERVER_PORT": "443", "HTTP_HOST": "testserver", "REMOTE_ADDR": "203.0.113.9", "wsgi.url_scheme": "https",
        "HTTP_USER_AGENT": "Mozilla/5.0 (X11; Linux x86_64) Chrome/156.0 Safari/537.36", "wsgi.errors": io.StringIO(),
        "CONTENT_TYPE": "application/x-www-form-urlencoded", "CONTENT_LENGTH": str(len(body)), "wsgi.input": io.BytesIO(body),
    }
    answer = {}
    # Like Django's test client: the test's transaction keeps its database connection.
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        content = b"".join(application(environ, lambda status, headers: answer.update(status=int(status[:3]))))
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)
    assert answer["status"] < 500 and b"Traceback" not in content
    counted = counter.hourly_series(story.pk, hours=1)[0][1] - before
    assert counted in (0, 1)
    if answer["status"] != 204:
        assert counted == 0
        assert not HourlyViews.objects.exists(), f"a refused body was counted: {body!r}"
        assert not pending.counts, f"a refused body is waiting to be counted: {body!r}"
    # Each example starts with nothing counted.
    HourlyViews.objects.all().delete()


@FEW
@given(content=st.one_of(
    st.binary(max_size=4096),
    # Random bytes behind a real image signature, so the checks go past the first bytes.
    st.sampled_from([b"\xff\xd8\xff\xe0", b"\x89PNG\r\n\x1a\n", b"GIF89a", b"RIFF\x00\x00\x00\x00WEBPVP8 "])
    .flatmap(lambda magic: st.binary(max_size=4096).map(lambda tail: magic + tail)),
), name=st.sampled_from(["photo.jpg", "photo.png", "x.gif", "a.webp", "page.html", "drawing.svg", "noname"]))
def test_random_bytes_uploaded_to_the_photo_library_are_refused_and_nothing_is_stored(
    editor_client, settings, content, name
):
    media = settings.MEDIA_ROOT
    response = editor_client.post(reverse("admin:photos_photo_add"), {
        "file": SimpleUploadedFile(name, content), "title_ar": "صورة", "caption_ar": "", "alt_text_ar": "وصف",
        "credit": "", "focal_x": "0.5", "focal_y": "0.5",
    })
    assert_answered(response, "photo upload")
    if response.status_code == 302:
        # Bytes that happen to be a real image are a photo like any other.
        Photo.objects.all().delete()
        return
    assert response.status_code == 200 and response.context["adminform"].form.errors
    assert Photo.objects.count() == 0
    assert not media.exists() or not [path for path in media.rglob("*") if path.is_file()]


FIELDS = ["id", "headline", "deck", "lead", "body", "byline", "status", "published_at", "section", "tags",
          "authors", "image", "image_caption", "url", "translations", "headline_fr", "body_en"]
json_value = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | any_text,
    lambda children: st.lists(children, max_size=3) | st.dictionaries(any_text, children, max_size=3),
    max_leaves=6,
)
translations = st.dictionaries(st.sampled_from(["fr", "en", "ar", "xx"]), json_value, max_size=3)
record = st.one_of(
    st.dictionaries(st.sampled_from(FIELDS) | any_text, json_value, max_size=8),
    # Mostly well-formed: the id and headline a record needs, then anything in the other fields.
    st.fixed_dictionaries(
        {"id": any_text, "headline": any_text},
        optional={name: st.one_of(translations, json_value) if name == "translations"
                  else st.one_of(any_text, json_value) for name in FIELDS[2:]},
    ),
)
ndjson_line = st.one_of(record.map(lambda data: json.dumps(data, ensure_ascii=False)), any_text.filter(lambda s: "\n" not in s and "\r" not in s))


def run_import(path):
    """None when the import ran, else the error it reported (CommandError is the command's refusal)."""
    try:
        call_command("import_articles", str(path), stdout=io.StringIO(), stderr=io.StringIO())
    except CommandError as refusal:
        return refusal
    return None


@FEW
@given(lines=st.lists(ndjson_line, min_size=1, max_size=6))
# Found by this test in CI: an image "path" that is an object, its text too long for a file name.
@example(lines=[json.dumps({"id": "1", "headline": "خبر", "image": {"x" * 300: {"y": None}}})])
def test_random_ndjson_lines_import_or_are_refused_whole(tmp_path, lines):
    before = Article.objects.count()
    path = tmp_path / "random.ndjson"
    path.write_text("\n".join(lines), encoding="utf-8")
    refusal = run_import(path)
    if refusal is not None:
        assert Article.objects.count() == before, f"a refused import wrote stories: {refusal}"
    Article.objects.all().delete()


@pytest.mark.parametrize(("name", "content"), [
    ("string.ndjson", json.dumps({"id": "0", "headline": "0", "translations": "0"})),
    ("list.ndjson", json.dumps({"id": "0", "headline": "0", "translations": ["fr"]})),
    ("column.csv", "id,headline,translations\r\n0,0,fr\r\n"),
])
def test_translations_that_are_not_an_object_are_a_record_error(tmp_path, name, content):
    path = tmp_path / name
    path.write_text(content, encoding="utf-8")
    refusal = run_import(path)
    assert refusal is not None and not Article.objects.exists()


@FEW
@given(rows=st.lists(st.lists(any_text, min_size=1, max_size=len(FIELDS)), min_size=1, max_size=5),
       header=st.permutations(FIELDS))
def test_random_csv_rows_import_or_are_refused_whole(tmp_path, rows, header):
    before = Article.objects.count()
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(header)
    writer.writerows(rows)
    path = tmp_path / "random.csv"
    path.write_text(buffer.getvalue(), encoding="utf-8")
    refusal = run_import(path)
    if refusal is not None:
        assert Article.objects.count() == before, f"a refused import wrote stories: {refusal}"
    Article.objects.all().delete()
