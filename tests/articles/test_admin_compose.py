"""The body editor's endpoints on the story admin: the photo library, embeds and story cards,
for people who may change stories, in JSON."""

import json
import re
from datetime import timedelta
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth.models import Permission, User
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation

from articles import admin_compose
from articles.models import Status
from newsroom import bodyblocks, embeds
from photos.models import Photo
from tests.factories import jpeg_upload, make_article, make_photo, make_staff

pytestmark = pytest.mark.django_db

YOUTUBE = "https://www.youtube.com/watch?v=dQw4w9WgXcQ"
COMPOSE_SCRIPTS = Path(settings.BASE_DIR) / "static" / "admin-extra" / "compose"


def endpoint(name, *args):
    return reverse(f"admin:articles_article_compose_{name}", args=args)


def results(response):
    assert response.status_code == 200
    return response.json()["results"]


@pytest.fixture
def reporter_client(client):
    client.force_login(make_staff("karim", "Reporter"))
    return client


@pytest.fixture
def reader_of_stories(client):
    """Staff who may look at stories but not change them."""
    user = User.objects.create_user("nadia", "nadia@example.org", "a-long-test-password", is_staff=True)
    user.user_permissions.add(Permission.objects.get(codename="view_article"))
    client.force_login(user)
    return client


# The photo library --------------------------------------------------------------------------


def test_the_photo_search_finds_photos_by_title_caption_or_credit_newest_first(editor_client):
    stadium = make_photo("ملعب 5 جويلية", caption_ar="الجماهير قبل المباراة", credit="وكالة الأنباء")
    port = make_photo("ميناء الجزائر", caption_ar="سفن في الميناء", credit="تصوير: سمير")
    assert [card["id"] for card in results(editor_client.get(endpoint("photos"), {"q": "ملعب"}))] == [stadium.pk]
    assert [card["id"] for card in results(editor_client.get(endpoint("photos"), {"q": "سفن"}))] == [port.pk]
    assert [card["id"] for card in results(editor_client.get(endpoint("photos"), {"q": "وكالة"}))] == [stadium.pk]
    assert results(editor_client.get(endpoint("photos"), {"q": "ملعب سفن"})) == []
    assert [card["id"] for card in results(editor_client.get(endpoint("photos")))] == [port.pk, stadium.pk]


def test_each_photo_found_comes_with_its_thumbnail_and_texts(editor_client):
    photo = make_photo("ملعب 5 جويلية")
    (card,) = results(editor_client.get(endpoint("photos")))
    assert card["title"] == "ملعب 5 جويلية"
    assert card["caption"] == "فرحة اللاعبين بعد الهدف الأول"
    assert card["credit"] == "تصوير: سمير"
    assert card["alt"] == "لاعبون يحتفلون في الملعب"
    # The library's small rendition, not the full photo.
    assert card["thumbnail"]["url"].startswith("/media/photos/renditions/")
    assert "thumbnail" in card["thumbnail"]["url"]
    assert card["thumbnail"]["width"] < photo.width
    assert card["id"] == photo.pk


def test_the_photo_search_answers_a_page_at_a_time(editor_client, monkeypatch):
    monkeypatch.setattr(admin_compose, "PHOTOS_PER_PAGE", 2)
    photos = [make_photo(f"صورة {number}") for number in range(3)]
    first = editor_client.get(endpoint("photos")).json()
    second = editor_client.get(endpoint("photos"), {"page": 2}).json()
    assert (first["page"], first["pages"], second["page"]) == (1, 2, 2)
    assert [card["id"] for card in first["results"] + second["results"]] == [photo.pk for photo in reversed(photos)]


def test_a_photo_is_described_by_its_number_and_a_deleted_one_is_said_to_be_gone(editor_client):
    photo = make_photo("ملعب 5 جويلية")
    assert editor_client.get(endpoint("photo", photo.pk)).json()["photo"]["title"] == "ملعب 5 جويلية"
    photo_id = photo.pk
    photo.delete()
    gone = editor_client.get(endpoint("photo", photo_id))
    assert gone.status_code == 404
    assert gone.json()["error"] == str(admin_compose.PHOTO_MISSING)


def test_an_upload_joins_the_library_with_its_texts_and_is_answered_as_a_found_photo(editor_client, editor):
    response = editor_client.post(
        endpoint("photo_upload"),
        {"file": jpeg_upload("stade.jpg"), "title": "ملعب وهران", "caption": "قبل المباراة", "credit": "سمير"},
    )
    assert response.status_code == 201
    photo = Photo.objects.get()
    assert (photo.title, photo.caption, photo.credit, photo.uploaded_by) == (
        "ملعب وهران",
        "قبل المباراة",
        "سمير",
        editor,
    )
    assert response.json()["photo"]["id"] == photo.pk
    assert response.json()["photo"]["thumbnail"]["url"]


def test_an_upload_without_a_title_is_named_after_its_file(editor_client):
    editor_client.post(endpoint("photo_upload"), {"file": jpeg_upload("port-alger.jpg")})
    assert Photo.objects.get().title == "port-alger"


def test_a_file_that_is_not_an_image_is_refused_in_the_librarys_words_and_nothing_is_stored(editor_client):
    response = editor_client.post(
        endpoint("photo_upload"),
        {"file": SimpleUploadedFile("photo.jpg", b"<html>not a photo</html>", content_type="image/jpeg")},
    )
    assert response.status_code == 400
    # The Arabic admin says it in Arabic: the library's own refusal.
    assert response.json()["error"] == "هذا الملف ليس صورة يقبلها الموقع. ارفع صورة JPEG أو PNG أو WebP أو GIF."
    assert response.json()["fields"] == {"file": [response.json()["error"]]}
    assert not Photo.objects.exists()


def test_an_upload_without_a_file_or_with_too_long_a_caption_is_refused_field_by_field(editor_client):
    response = editor_client.post(endpoint("photo_upload"), {"caption": "ت" * 401})
    assert response.status_code == 400
    assert set(response.json()["fields"]) == {"file", "caption"}
    assert not Photo.objects.exists()


def test_only_people_who_may_add_photos_upload_them(client):
    user = User.objects.create_user("salim", "salim@example.org", "a-long-test-password", is_staff=True)
    user.user_permissions.add(*Permission.objects.filter(codename__in=["change_article", "view_article"]))
    client.force_login(user)
    response = client.post(endpoint("photo_upload"), {"file": jpeg_upload()})
    assert response.status_code == 403
    assert response.json()["error"]
    assert not Photo.objects.exists()


def test_an_upload_must_come_from_the_admins_own_form(editor):
    client = Client(enforce_csrf_checks=True)
    client.force_login(editor)
    assert client.post(endpoint("photo_upload"), {"file": jpeg_upload()}).status_code == 403
    assert not Photo.objects.exists()
    token = client.get(reverse("admin:articles_article_add")).cookies["csrftoken"].value
    response = client.post(endpoint("photo_upload"), {"file": jpeg_upload()}, headers={"X-CSRFToken": token})
    assert response.status_code == 201


def test_an_upload_is_sent_with_post(editor_client):
    assert editor_client.get(endpoint("photo_upload")).status_code == 405


# Embeds -----------------------------------------------------------------------------------


def test_a_known_address_is_answered_with_its_embeds_stored_form(editor_client):
    response = editor_client.get(endpoint("embed"), {"url": YOUTUBE})
    assert response.status_code == 200
    answer = response.json()
    assert answer["html"] == bodyblocks.embed_block(embeds.match(YOUTUBE))
    assert answer["html"] == bodyblocks.canonical(answer["html"])
    assert (answer["provider"], answer["label"]) == ("youtube", "YouTube")


@pytest.mark.parametrize(
    "address",
    [
        "https://example.org/video/12",
        "https://youtube.com.evil.example/watch?v=dQw4w9WgXcQ",
        "javascript:alert(1)//youtube.com/watch?v=dQw4w9WgXcQ",
        "",
    ],
)
def test_an_address_of_no_provider_is_refused_in_words(editor_client, address):
    response = editor_client.get(endpoint("embed"), {"url": address})
    assert response.status_code == 400
    assert response.json()["error"]
    assert "html" not in response.json()


# Story cards ------------------------------------------------------------------------------


def test_the_story_search_offers_public_stories_only_whatever_their_diacritics(editor_client):
    public = make_article("المُنتخبُ الوطنيّ يتأهّل إلى النهائي")
    make_article("المنتخب الوطني في مسودة", status=Status.DRAFT)
    make_article("المنتخب الوطني بعد ساعة", status=Status.SCHEDULED)
    make_article("المنتخب الوطني سحب من النشر", status=Status.UNPUBLISHED)
    make_article("المنتخب الوطني في المراجعة", status=Status.REVIEW)
    make_article("خبر لا علاقة له")
    found = results(editor_client.get(endpoint("stories"), {"q": "المنتخب الوطني"}))
    assert [story["id"] for story in found] == [public.pk]
    assert found[0]["headline"] == "المُنتخبُ الوطنيّ يتأهّل إلى النهائي"
    assert found[0]["is_public"] is True


def test_the_story_search_lists_the_newest_public_stories_and_never_the_one_being_edited(editor_client):
    older = make_article("خبر الأمس", published_at=timezone.now() - timedelta(days=1))
    newer = make_article("خبر اليوم")
    assert [story["id"] for story in results(editor_client.get(endpoint("stories")))] == [newer.pk, older.pk]
    assert [story["id"] for story in results(editor_client.get(endpoint("stories"), {"exclude": newer.pk}))] == [
        older.pk
    ]


def test_a_story_card_by_number_says_whether_its_story_is_public(editor_client):
    draft = make_article("مسودة خبر", status=Status.DRAFT)
    public = make_article("خبر منشور")
    assert editor_client.get(endpoint("story", draft.pk)).json()["story"]["is_public"] is False
    assert editor_client.get(endpoint("story", draft.pk)).json()["story"]["headline"] == "مسودة خبر"
    assert editor_client.get(endpoint("story", public.pk)).json()["story"]["is_public"] is True
    gone = editor_client.get(endpoint("story", draft.pk + public.pk + 1))
    assert gone.status_code == 404
    assert gone.json()["error"] == str(admin_compose.STORY_MISSING)


# Who may ask --------------------------------------------------------------------------------


def every_endpoint():
    return [
        ("get", endpoint("photos")),
        ("get", endpoint("photo", 1)),
        ("post", endpoint("photo_upload")),
        ("get", endpoint("embed") + "?url=" + YOUTUBE),
        ("get", endpoint("stories")),
        ("get", endpoint("story", 1)),
    ]


def test_reporters_use_the_dialogs_too(reporter_client):
    make_photo()
    assert results(reporter_client.get(endpoint("photos")))
    assert reporter_client.post(endpoint("photo_upload"), {"file": jpeg_upload()}).status_code == 201


def test_staff_who_may_not_change_stories_are_refused_by_every_endpoint(reader_of_stories):
    make_photo()
    make_article()
    for method, address in every_endpoint():
        response = getattr(reader_of_stories, method)(address)
        assert response.status_code == 403, address
        assert response.json()["error"], address
    assert Photo.objects.count() == 1


def test_visitors_who_are_not_logged_in_are_sent_to_the_login_page(client):
    for method, address in every_endpoint():
        response = getattr(client, method)(address)
        assert response.status_code == 302, address
        assert reverse("admin:login") in response["Location"], address


# The editor's words --------------------------------------------------------------------------


def test_the_change_form_gives_the_editor_its_words_and_loads_its_parts(editor_client):
    page = editor_client.get(reverse("admin:articles_article_add")).content.decode()
    words = json.loads(re.search(r'<script id="compose-strings" type="application/json">(.*?)</script>', page)[1])
    assert set(words["providers"]) == set(embeds.PROVIDERS)
    assert words["providers"]["youtube"]["label"] == "YouTube"
    assert words["directions"] == {"ar": "rtl", "fr": "ltr", "en": "ltr"}
    # The body editor is configured with the compose screen's own parts, from our static files.
    assert re.search(r"admin-extra/compose/compose\.[0-9a-f]+\.js", page)
    for extension in ("ParagraphDirection", "ComposeTable", "LibraryPhoto", "Embed", "PullQuote", "StoryCard"):
        assert f"&quot;{extension}&quot;" in page


def test_every_plural_message_has_a_form_for_each_plural_category_in_each_language():
    for language in ("ar", "fr", "en"):
        with translation.override(language):
            plurals = admin_compose.ComposeEndpointsMixin().compose_strings()["plurals"]
        for forms in plurals.values():
            assert set(forms) == set(admin_compose.PLURAL_SAMPLES)
            assert all("%(count)s" in forms[category] for category in ("few", "many", "other"))


def test_every_word_the_editors_scripts_ask_for_is_given():
    strings = admin_compose.ComposeEndpointsMixin().compose_strings()
    scripts = "".join(path.read_text() for path in COMPOSE_SCRIPTS.glob("*.js"))
    for function, table in (("word", "words"), ("menuTitle", "menu"), ("counted", "plurals")):
        asked = set(re.findall(rf'\b{function}\("([a-z_:A-Z]+)"', scripts))
        assert asked, function
        assert asked <= set(strings[table]), (function, asked - set(strings[table]))
