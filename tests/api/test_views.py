from datetime import datetime, timedelta
from urllib.parse import parse_qs, quote, urlsplit

import pytest
from django.urls import URLPattern, get_resolver
from django.utils import timezone
from django.utils.http import http_date
from jsonschema import Draft202012Validator
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

from articles.models import Article, Status
from photos.library import add_photo
from popularity.counter import record_view
from tests.factories import jpeg_upload, make_article, make_author, make_section

pytestmark = pytest.mark.django_db

API = "/api/v1"


@pytest.fixture
def api(client):
    """GET an API path; returns (response, parsed JSON), checking the JSON and the CORS header."""

    def get(path, **headers):
        response = client.get(API + path, **headers)
        # A 304 is read cross-origin too, so it carries the CORS header; it has no body.
        assert response["Access-Control-Allow-Origin"] == "*"
        if response.status_code == 304:
            return response, None
        assert response["Content-Type"] == "application/json"
        return response, response.json()

    return get


@pytest.fixture(scope="module")
def openapi_document():
    from django.test import Client

    return Client().get(f"{API}/openapi.json").json()


def validate(document, path, payload, status="200"):
    """``payload`` matches the schema the OpenAPI document gives for a GET of ``path`` answered ``status``."""
    pointer = "/".join(
        part.replace("~", "~0").replace("/", "~1")
        for part in ("paths", path, "get", "responses", status, "content", "application/json", "schema")
    )
    registry = Registry().with_resource("urn:api", Resource(contents=document, specification=DRAFT202012))
    Draft202012Validator({"$ref": f"urn:api#/{quote(pointer)}"}, registry=registry).validate(payload)


@pytest.fixture
def hidden_stories():
    """A draft, a story in review, an unpublished one and one embargoed for tomorrow, all tagged and in one section."""
    section = make_section("مخفي")
    tomorrow = timezone.now() + timedelta(days=1)
    common = {"section": section, "tags": ["سري"]}
    return [
        make_article("مسودة سرية", status=Status.DRAFT, **common),
        make_article("قيد المراجعة سرا", status=Status.REVIEW, **common),
        make_article("مسحوب من النشر", status=Status.UNPUBLISHED, published_at=timezone.now(), **common),
        make_article("خبر مؤجل للغد", status=Status.SCHEDULED, published_at=tomorrow, **common),
    ]


def headlines(payload):
    return [story["headline"] for story in payload["results"]]


def at(day, hour=12):
    return timezone.make_aware(datetime(2026, 6, day, hour, 0))


class TestArticleList:
    def test_public_stories_newest_first_in_the_documented_shape(self, api, hidden_stories, openapi_document):
        author = make_author("كريم بوزيد")
        sport = make_section("رياضة")
        make_article("الأقدم", published_at=timezone.now() - timedelta(days=1))
        make_article(
            "الأحدث",
            deck_ar="فوز مستحق",
            section=sport,
            authors=[author],
            tags=["المنتخب"],
            photo=add_photo(jpeg_upload(size=(800, 500)), "ملعب.jpg", title_ar="ملعب", alt_text_ar="لاعبون يحتفلون"),
        )
        response, payload = api("/articles/")
        assert response.status_code == 200
        validate(openapi_document, "/articles/", payload)
        assert payload["count"] == 2
        assert payload["next"] is None and payload["previous"] is None
        assert headlines(payload) == ["الأحدث", "الأقدم"]
        newest = payload["results"][0]
        story = Article.objects.get(headline_ar="الأحدث")
        assert newest["id"] == story.pk
        assert newest["url"] == f"http://testserver{story.get_absolute_url()}"
        assert newest["section"]["slug"] == "رياضة"
        assert newest["authors"][0]["name"] == "كريم بوزيد"
        assert newest["byline"] == "كريم بوزيد"
        assert newest["tags"] == [{"slug": "المنتخب", "name": "المنتخب"}]
        image = newest["image"]
        jpeg = story.photo.file_for("article", max_width=1200)
        assert image["url"] == f"http://testserver{jpeg['url']}" and image["url"].endswith(".jpg")
        assert (image["width"], image["height"]) == (jpeg["width"], jpeg["height"])
        assert image["width"] <= 1200
        assert image["alt"] == "لاعبون يحتفلون"
        assert payload["results"][1]["image"] is None
        assert datetime.fromisoformat(newest["published_at"]) == story.published_at.replace(microsecond=0)
        assert "body" not in newest

    def test_filter_by_section_includes_subsections(self, api, hidden_stories):
        sport = make_section("رياضة")
        football = make_section("كرة القدم", parent=sport)
        make_article("خبر رياضي", section=sport)
        make_article("مباراة الأمس", section=football)
        make_article("خبر سياسي", section=make_section("سياسة"))
        _response, payload = api("/articles/?section=رياضة")
        assert sorted(headlines(payload)) == ["خبر رياضي", "مباراة الأمس"]
        _response, payload = api(f"/articles/?section={football.slug}")
        assert headlines(payload) == ["مباراة الأمس"]
        _response, payload = api("/articles/?section=مخفي")
        assert payload["count"] == 0 and payload["results"] == []

    def test_filter_by_tag(self, api, hidden_stories):
        make_article("خبر الانتخابات", tags=["الانتخابات الرئاسية", "سري"])
        make_article("خبر آخر", tags=["اقتصاد"])
        _response, payload = api("/articles/?tag=الانتخابات-الرئاسية")
        assert headlines(payload) == ["خبر الانتخابات"]
        _response, payload = api("/articles/?tag=سري")
        assert headlines(payload) == ["خبر الانتخابات"]

    def test_unknown_section_or_tag_is_a_json_404(self, api):
        for query, parameter in (("section=لا-يوجد", "section"), ("tag=لا-يوجد", "tag")):
            response, payload = api(f"/articles/?{query}")
            assert response.status_code == 404
            assert payload["error"]["parameter"] == parameter
        assert "لا-يوجد" in api("/articles/?section=لا-يوجد")[1]["error"]["message"]

    def test_a_tag_only_unpublished_stories_carry_answers_as_an_unknown_tag(self, api):
        make_article("مسودة", status=Status.DRAFT, tags=["قريبا"])
        make_article("منشور", tags=["ظاهر"])
        unknown_response, unknown = api("/articles/?tag=لا-يوجد")
        hidden_response, hidden = api("/articles/?tag=قريبا")
        assert (hidden_response.status_code, hidden) == (unknown_response.status_code, unknown)
        assert hidden_response.status_code == 404
        assert api("/articles/?tag=ظاهر")[0].status_code == 200

    def test_filter_by_date_range(self, api):
        make_article("الثالث عشر", published_at=at(13, 23))
        make_article("الرابع عشر صباحا", published_at=at(14, 0))
        make_article("الرابع عشر ليلا", published_at=at(14, 23))
        make_article("الخامس عشر", published_at=at(15, 0))
        # A bare date is a whole day in the site's time zone, at both ends.
        _response, payload = api("/articles/?from=2026-06-14&to=2026-06-14")
        assert headlines(payload) == ["الرابع عشر ليلا", "الرابع عشر صباحا"]
        _response, payload = api("/articles/?from=2026-06-14")
        assert headlines(payload) == ["الخامس عشر", "الرابع عشر ليلا", "الرابع عشر صباحا"]
        _response, payload = api("/articles/?to=2026-06-13")
        assert headlines(payload) == ["الثالث عشر"]
        # Date-times are exact; an offset written with an unencoded "+" still reads right.
        _response, payload = api("/articles/?from=2026-06-14T22:00:00%2B01:00&to=2026-06-15T00:00:00+01:00")
        assert headlines(payload) == ["الخامس عشر", "الرابع عشر ليلا"]

    def test_future_dates_do_not_reveal_scheduled_stories(self, api, hidden_stories):
        tomorrow = (timezone.localdate() + timedelta(days=1)).isoformat()
        _response, payload = api(f"/articles/?from={tomorrow}")
        assert payload["count"] == 0

    def test_lang_gives_translated_stories_in_that_language(self, api):
        section = make_section("رياضة", name_fr="Sport")
        make_article(
            "الرئيس يستقبل الوفد",
            headline_fr="Le président reçoit la délégation",
            deck_fr="Une visite officielle",
            section=section,
            published_at=timezone.now() - timedelta(minutes=1),
        )
        make_article("خبر بالعربية فقط", section=section, published_at=timezone.now() - timedelta(minutes=2))
        response, payload = api("/articles/?lang=fr")
        assert response["Content-Language"] == "fr"
        assert headlines(payload) == ["Le président reçoit la délégation"]
        story = payload["results"][0]
        assert story["language"] == "fr"
        assert story["translations"] == ["ar", "fr"]
        assert story["deck"] == "Une visite officielle"
        assert story["section"]["name"] == "Sport"
        assert story["url"].startswith("http://testserver/fr/news/")
        _response, payload = api("/articles/")
        assert headlines(payload) == ["الرئيس يستقبل الوفد", "خبر بالعربية فقط"]
        assert [story["language"] for story in payload["results"]] == ["ar", "ar"]

    def test_accept_language_does_not_change_the_answer(self, api):
        make_article("خبر", headline_en="News")
        _response, payload = api("/articles/", HTTP_ACCEPT_LANGUAGE="en-US,en")
        assert headlines(payload) == ["خبر"]
        assert payload["results"][0]["url"].startswith("http://testserver/news/")

    def test_pages_with_next_and_previous_links(self, api):
        now = timezone.now()
        for n in range(5):
            make_article(f"خبر {n}", published_at=now - timedelta(minutes=n + 1))
        _response, first = api("/articles/?page_size=2&tag=")
        assert first["count"] == 5
        assert headlines(first) == ["خبر 0", "خبر 1"]
        assert first["previous"] is None
        next_url = urlsplit(first["next"])
        assert next_url.netloc == "testserver" and next_url.path == f"{API}/articles/"
        assert parse_qs(next_url.query)["page"] == ["2"] and parse_qs(next_url.query)["page_size"] == ["2"]
        _response, last = api(f"/articles/?{urlsplit(first['next']).query.replace('page=2', 'page=3')}")
        assert headlines(last) == ["خبر 4"]
        assert last["next"] is None
        assert parse_qs(urlsplit(last["previous"]).query)["page"] == ["2"]

    def test_page_size_is_capped_at_a_hundred(self, api):
        now = timezone.now()
        Article.objects.bulk_create(
            Article(headline_ar=f"خبر {n}", slug="khabar", status=Status.PUBLISHED, published_at=now - timedelta(minutes=n))
            for n in range(101)
        )
        _response, payload = api("/articles/?page_size=1000")
        assert payload["count"] == 101
        assert len(payload["results"]) == 100
        assert parse_qs(urlsplit(payload["next"]).query)["page"] == ["2"]

    @pytest.mark.parametrize(
        ("query", "parameter"),
        [
            ("page=abc", "page"),
            ("page=0", "page"),
            ("page=-1", "page"),
            ("page_size=ten", "page_size"),
            ("from=yesterday", "from"),
            ("from=2026-13-01", "from"),
            ("to=2026-06-31", "to"),
            ("to=9999-12-31", "to"),
            ("from=2026-06-15&to=2026-06-14", "from"),
            ("lang=de", "lang"),
        ],
    )
    def test_a_bad_parameter_is_a_json_400_naming_it(self, api, query, parameter, openapi_document):
        response, payload = api(f"/articles/?{query}")
        assert response.status_code == 400
        assert payload["error"]["parameter"] == parameter
        assert payload["error"]["status"] == 400
        assert payload["error"]["message"]
        validate(openapi_document, "/articles/", payload, status="400")

    def test_a_page_past_the_last_is_a_json_404(self, api):
        make_article()
        response, payload = api("/articles/?page=2")
        assert response.status_code == 404
        assert payload["error"]["parameter"] == "page"
        # An empty first page is still a page.
        Article.objects.all().delete()
        response, payload = api("/articles/")
        assert response.status_code == 200 and payload["results"] == []

    def test_queries_do_not_grow_with_stories(self, api, django_assert_max_num_queries):
        sport = make_section("رياضة")
        football = make_section("كرة القدم", parent=sport)
        authors = [make_author("كاتب أول"), make_author("كاتب ثان")]
        for n in range(25):
            make_article(f"خبر {n}", section=football, authors=authors, tags=["المنتخب", f"وسم {n}"])
        # Section, section tree, tag, count, page, authors, tags.
        with django_assert_max_num_queries(7):
            response, payload = api("/articles/?section=رياضة&tag=المنتخب&page_size=20")
        assert response.status_code == 200 and len(payload["results"]) == 20


class TestArticleDetail:
    def test_a_public_story_with_its_body(self, api, openapi_document):
        story = make_article(
            "خبر كامل", body_ar='<p>نص <strong>الخبر</strong>.</p>', tags=["وسم"], authors=[make_author()]
        )
        response, payload = api(f"/articles/{story.pk}/")
        assert response.status_code == 200
        validate(openapi_document, "/articles/{id}/", payload)
        assert payload["headline"] == "خبر كامل"
        assert payload["body"] == "<p>نص <strong>الخبر</strong>.</p>"

    def test_photos_embeds_cards_and_quotes_in_the_body_are_plain_html(self, api, openapi_document):
        from newsroom import embeds
        from newsroom.bodyblocks import embed_block, photo_block, pull_quote_block, story_block
        from tests.factories import make_photo

        photo = make_photo(caption_ar="الوزير في الميناء", alt_text_ar="رجل على رصيف", credit="واج")
        public = make_article("خبر منشور للبطاقة")
        hidden = make_article("خبر مسحوب لا يظهر", status=Status.UNPUBLISHED)
        video = embeds.match("https://www.youtube.com/watch?v=dQw4w9WgXcQ")
        story = make_article(
            "خبر بمحتوى مضمن",
            body_ar=(
                f"<p>مقدمة.</p>{photo_block(photo.pk, 'تعليق خاص')}{embed_block(video)}{story_block(public.pk)}"
                f"{story_block(hidden.pk)}{pull_quote_block('Nous y serons', 'Le ministre', 'ltr')}"
            ),
        )
        response, payload = api(f"/articles/{story.pk}/")
        validate(openapi_document, "/articles/{id}/", payload)
        body = payload["body"]
        assert "<iframe" not in body and "data-embed" not in body and "<script" not in body
        assert "خبر مسحوب لا يظهر" not in body
        image = photo.file_for("article", max_width=1200)
        assert (
            f'<figure><img src="http://testserver{image["url"]}" width="{image["width"]}" height="{image["height"]}" '
            'alt="رجل على رصيف"><figcaption>تعليق خاص (واج)</figcaption></figure>'
        ) in body
        assert '<p><a href="https://www.youtube.com/watch?v=dQw4w9WgXcQ">' in body
        assert f'<p><a href="http://testserver{public.get_absolute_url()}">خبر منشور للبطاقة</a></p>' in body
        assert '<blockquote dir="ltr"><p>Nous y serons</p><p>— Le ministre</p></blockquote>' in body

    def test_hidden_and_missing_stories_are_json_404s(self, api, hidden_stories):
        for story in hidden_stories:
            response, payload = api(f"/articles/{story.pk}/")
            assert response.status_code == 404
            assert str(story.pk) in payload["error"]["message"]
        assert api("/articles/999999/")[0].status_code == 404

    def test_an_untranslated_story_says_it_is_in_arabic(self, api):
        story = make_article("خبر بالعربية فقط")
        _response, payload = api(f"/articles/{story.pk}/?lang=en")
        assert payload["headline"] == "خبر بالعربية فقط"
        assert payload["language"] == "ar"
        assert payload["url"].startswith("http://testserver/en/news/")


class TestCaching:
    def test_etag_and_last_modified_give_304s_until_the_story_changes(self, api):
        story = make_article()
        story.refresh_from_db()
        for path in (f"/articles/{story.pk}/", "/articles/"):
            first, _payload = api(path)
            assert first["ETag"]
            assert first["Last-Modified"] == http_date(story.last_changed.timestamp())
            assert api(path, HTTP_IF_NONE_MATCH=first["ETag"])[0].status_code == 304
            assert api(path, HTTP_IF_MODIFIED_SINCE=first["Last-Modified"])[0].status_code == 304
        before, _payload = api(f"/articles/{story.pk}/")
        story.headline_ar = "عنوان معدل"
        story.save()
        after, payload = api(f"/articles/{story.pk}/", HTTP_IF_NONE_MATCH=before["ETag"])
        assert after.status_code == 200
        assert payload["headline"] == "عنوان معدل"
        assert after["ETag"] != before["ETag"]

    def test_last_modified_is_the_newest_change_on_the_page(self, api):
        old = make_article("قديم", published_at=timezone.now() - timedelta(days=3))
        Article.objects.filter(pk=old.pk).update(updated_at=timezone.now() - timedelta(days=3))
        recent = make_article("حديث")
        recent.refresh_from_db()
        response, _payload = api("/articles/")
        assert response["Last-Modified"] == http_date(recent.last_changed.timestamp())

    def test_a_story_going_live_changes_the_etag(self, api):
        make_article("منشور")
        first, _payload = api("/articles/")
        Article.objects.create(headline_ar="مجدول", status=Status.SCHEDULED, published_at=timezone.now())
        second, payload = api("/articles/", HTTP_IF_NONE_MATCH=first["ETag"])
        assert second.status_code == 200
        assert payload["count"] == 2

    def test_responses_are_public_for_a_minute(self, api):
        assert api("/articles/")[0]["Cache-Control"] == "public, max-age=60"


class TestSectionsAndTags:
    def test_sections_as_a_tree(self, api, openapi_document):
        sport = make_section("رياضة", name_fr="Sport", position=2)
        make_section("كرة القدم", parent=sport, name_fr="Football")
        make_section("سياسة", position=1)
        response, payload = api("/sections/?lang=fr")
        assert response.status_code == 200
        validate(openapi_document, "/sections/", payload)
        politics, sport_node = payload["results"]
        assert politics["name"] == "سياسة" and politics["children"] == []
        assert sport_node["name"] == "Sport"
        assert sport_node["parent"] is None
        (football,) = sport_node["children"]
        assert football["name"] == "Football" and football["parent"] == sport.pk
        assert football["url"].startswith("http://testserver/fr/section/")
        assert football["feeds"]["rss"].endswith("/rss/")

    def test_tags_of_public_stories_most_used_first(self, api, hidden_stories, openapi_document):
        make_article("أ", tags=["اقتصاد", "نفط"])
        make_article("ب", tags=["اقتصاد"])
        response, payload = api("/tags/")
        assert response.status_code == 200
        validate(openapi_document, "/tags/", payload)
        assert [(tag["name"], tag["stories"]) for tag in payload["results"]] == [("اقتصاد", 2), ("نفط", 1)]
        assert payload["results"][0]["url"] == "http://testserver/tag/%D8%A7%D9%82%D8%AA%D8%B5%D8%A7%D8%AF/"

    def test_tags_are_paginated(self, api):
        for n in range(3):
            make_article(tags=[f"وسم {n}"])
        _response, payload = api("/tags/?page_size=2&page=2")
        assert payload["count"] == 3 and len(payload["results"]) == 1


class TestMostRead:
    def test_ranked_public_stories_with_their_views(self, api, hidden_stories, openapi_document):
        popular = make_article("الأكثر قراءة", tags=["وسم"])
        quieter = make_article("أقل قراءة")
        record_view(popular.pk, count=7)
        record_view(quieter.pk, count=3)
        record_view(hidden_stories[0].pk, count=50)
        record_view(hidden_stories[3].pk, count=50)
        response, payload = api("/most-read/")
        assert response.status_code == 200
        validate(openapi_document, "/most-read/", payload)
        assert payload["window"] == "day"
        assert [(story["headline"], story["views"]) for story in payload["results"]] == [
            ("الأكثر قراءة", 7),
            ("أقل قراءة", 3),
        ]
        assert payload["results"][0]["tags"] == [{"slug": "وسم", "name": "وسم"}]

    def test_a_story_unpublished_after_being_read_drops_out_at_once(self, api):
        story = make_article()
        record_view(story.pk, count=5)
        assert len(api("/most-read/")[1]["results"]) == 1
        story.status = Status.UNPUBLISHED
        story.save()
        assert api("/most-read/")[1]["results"] == []

    def test_limit_window_and_section(self, api):
        sport = make_section("رياضة")
        stories = [make_article(f"خبر {n}", section=sport if n % 2 else None) for n in range(4)]
        for n, story in enumerate(stories):
            record_view(story.pk, section_id=story.section_id, count=10 - n)
        assert len(api("/most-read/?limit=2")[1]["results"]) == 2
        _response, payload = api("/most-read/?section=رياضة&window=week")
        assert [story["headline"] for story in payload["results"]] == ["خبر 1", "خبر 3"]
        response, payload = api("/most-read/?window=year")
        assert response.status_code == 400 and payload["error"]["parameter"] == "window"


class TestProtocol:
    def test_the_api_is_read_only(self, client):
        response = client.post(f"{API}/articles/", {"headline": "x"})
        assert response.status_code == 405
        assert response["Allow"] == "GET, HEAD, OPTIONS"
        assert response.json()["error"]["status"] == 405

    def test_browsers_may_send_conditional_headers_from_any_origin(self, client):
        response = client.options(f"{API}/articles/", HTTP_ORIGIN="https://app.example.org")
        assert response.status_code == 204
        assert response["Access-Control-Allow-Origin"] == "*"
        assert "If-None-Match" in response["Access-Control-Allow-Headers"]
        assert "ETag" in client.get(f"{API}/articles/")["Access-Control-Expose-Headers"]

    def test_an_unknown_endpoint_is_a_json_404(self, api):
        response, payload = api("/stories/")
        assert response.status_code == 404
        assert "openapi.json" in payload["error"]["message"]

    def test_the_index_links_every_endpoint(self, api):
        _response, payload = api("/")
        for url in payload.values():
            assert api(url.removeprefix("http://testserver" + API))[0].status_code == 200


class TestOpenApi:
    def test_describes_every_endpoint(self, api):
        response, document = api("/openapi.json")
        assert response.status_code == 200
        assert document["openapi"] == "3.1.0"
        assert document["servers"] == [{"url": f"http://testserver{API}"}]
        api_urls = next(pattern for pattern in get_resolver().url_patterns if str(pattern.pattern) == "api/v1/")
        served = {
            "/" + str(pattern.pattern).replace("<int:pk>", "{id}")
            for pattern in api_urls.url_patterns
            if isinstance(pattern, URLPattern) and pattern.name not in (None, "index", "openapi")
        }
        assert set(document["paths"]) == served

    def test_every_reference_resolves(self, api):
        _response, document = api("/openapi.json")
        registry = Registry().with_resource("urn:api", Resource(contents=document, specification=DRAFT202012))
        resolver = registry.resolver(base_uri="urn:api")

        def walk(node):
            if isinstance(node, dict):
                if "$ref" in node:
                    resolver.lookup("urn:api" + node["$ref"])
                for value in node.values():
                    walk(value)
            elif isinstance(node, list):
                for value in node:
                    walk(value)

        walk(document)
        for schema in document["components"]["schemas"].values():
            Draft202012Validator.check_schema(schema)
