import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from articles.models import Article, Status
from photos.models import Photo
from tests.factories import make_article, make_photo

from .images import decompression_bomb, image_bytes, jpeg_with_gps

pytestmark = pytest.mark.django_db

ADD_URL = reverse("admin:photos_photo_add")


def photo_form(upload, **overrides):
    form = {
        "file": upload,
        "title_ar": "وقفة احتجاجية أمام البريد المركزي",
        "caption_ar": "مواطنون أمام البريد المركزي",
        "alt_text_ar": "حشد يحمل لافتات أمام مبنى أبيض",
        "credit": "وكالة الأنباء",
        "focal_x": "0.5",
        "focal_y": "0.5",
    }
    return {**form, **overrides}


def stored_files(settings):
    root = settings.MEDIA_ROOT
    return [path for path in root.rglob("*") if path.is_file()] if root.exists() else []


def test_an_editor_uploads_a_photo_and_gets_it_clean_with_renditions(editor_client):
    upload = SimpleUploadedFile("protest.jpg", jpeg_with_gps(size=(2400, 1600)), content_type="image/jpeg")
    response = editor_client.post(ADD_URL, photo_form(upload))

    assert response.status_code == 302
    photo = Photo.objects.get()
    assert (photo.width, photo.height, photo.uploaded_by.username) == (2400, 1600, "rania")
    assert photo.rendition("social")[0]["width"] == 1200
    with photo.file.open("rb") as file:
        assert b"Canon" not in file.read()


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("bomb.png", decompression_bomb(), "megapixels"),
        ("cut.jpg", image_bytes("JPEG", size=(1600, 1200))[:3000], "damaged or incomplete"),
        ("page.jpg", b"<html><body><script>alert(1)</script></body></html>", "Upload a JPEG, PNG, WebP or GIF"),
        ("drawing.svg", b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>',
         "Upload a JPEG, PNG, WebP or GIF"),
    ],
    ids=["bomb", "truncated-jpeg", "html-named-jpg", "svg"],
)
def test_a_bad_upload_is_refused_with_a_clear_message_and_nothing_stored(
    editor_client, settings, name, content, message
):
    settings.LANGUAGE_CODE = "en"
    upload = SimpleUploadedFile(name, content, content_type="image/jpeg")
    response = editor_client.post(ADD_URL, photo_form(upload), HTTP_ACCEPT_LANGUAGE="en")

    assert response.status_code == 200
    assert message in str(response.context["adminform"].form.errors["file"])
    assert Photo.objects.count() == 0
    assert stored_files(settings) == []


def test_the_library_list_shows_thumbnails(editor_client):
    photo = make_photo()
    page = editor_client.get(reverse("admin:photos_photo_changelist")).content.decode()
    assert photo.rendition("thumbnail")[0]["jpeg"] in page


def test_the_focal_point_picker_shows_the_photo_and_saving_a_new_point_recuts(editor_client):
    photo = make_photo()
    url = reverse("admin:photos_photo_change", args=[photo.pk])
    page = editor_client.get(url).content.decode()
    assert 'class="focal-picker"' in page and 'data-focal-axis="x"' in page

    form = photo_form("", focal_x="0.2", focal_y="0.7")
    del form["file"]
    response = editor_client.post(url, form)

    assert response.status_code == 302
    photo.refresh_from_db()
    assert photo.focal_point == (0.2, 0.7)
    assert photo.renditions["card"]["key"].endswith(f"0.200,0.700|{photo.file.name}")


def test_a_story_cannot_be_published_with_an_undescribed_photo(editor_client):
    from tests.articles.test_admin import story_form

    photo = make_photo(title="ملعب 5 جويلية", alt_text_ar="")
    response = editor_client.post(
        reverse("admin:articles_article_add"), story_form(photo=photo.pk, status=Status.PUBLISHED)
    )
    assert response.status_code == 200
    message = "الصورة «ملعب 5 جويلية» تحتاج إلى وصف للمكفوفين قبل نشر المقال."
    assert response.context["adminform"].form.errors["photo"] == [message]
    assert message in response.content.decode()
    assert not Article.objects.exists()


def test_the_publish_action_skips_stories_with_an_undescribed_photo(editor_client):
    story = make_article(status=Status.REVIEW, photo=make_photo(alt_text_ar=""))
    editor_client.post(
        reverse("admin:articles_article_changelist"), {"action": "publish", "_selected_action": [story.pk]}
    )
    story.refresh_from_db()
    assert story.status == Status.REVIEW


def test_a_story_picks_a_photo_from_the_library_and_shows_its_preview(editor_client):
    photo = make_photo()
    story = make_article(status=Status.DRAFT, photo=photo)
    page = editor_client.get(reverse("admin:articles_article_change", args=[story.pk])).content.decode()
    assert 'id="lookup_id_photo"' in page  # the library opens from the story form to pick a photo
    assert 'id="add_id_photo"' in page  # or takes a new one, in the same window
    assert photo.rendition("article")[0]["jpeg"] in page


@pytest.mark.parametrize("role", ["Reporter", "Editor"])
def test_reporters_and_editors_can_open_the_library_to_pick_a_photo(client, role):
    from tests.factories import make_staff

    photo = make_photo()
    client.force_login(make_staff("writer", role))
    page = client.get(reverse("admin:photos_photo_changelist") + "?_to_field=id&_popup=1")
    assert page.status_code == 200 and photo.rendition("thumbnail")[0]["jpeg"] in page.content.decode()
    assert client.get(ADD_URL).status_code == 200


# The story form's photo field: what it shows of a picked photo, and its focal point ------------


def info_url(photo_id):
    return reverse("admin:photos_photo_info", args=[photo_id])


def focal_url(photo_id):
    return reverse("admin:photos_photo_focal_point", args=[photo_id])


@pytest.fixture
def as_reporter():
    from tests.factories import make_staff

    browser = Client()
    browser.force_login(make_staff("samir", "Reporter"))
    return browser


@pytest.fixture
def as_staff_without_the_library(django_user_model):
    browser = Client()
    browser.force_login(django_user_model.objects.create_user("visitor", "visitor@example.org", is_staff=True))
    return browser


def test_a_picked_photo_is_shown_by_its_picture_caption_credit_and_description(as_reporter):
    photo = make_photo(caption_ar="مواطنون أمام البريد المركزي", credit="وكالة الأنباء", alt_text_ar="")
    card = as_reporter.get(info_url(photo.pk)).json()
    assert (card["id"], card["title"], card["caption"], card["credit"]) == (
        photo.pk, "ملعب 5 جويلية", "مواطنون أمام البريد المركزي", "وكالة الأنباء")
    assert card["described"] is False
    # The uncropped rendition, so a click on it is a spot in the original.
    assert card["image"]["url"].endswith(photo.rendition("article")[0]["jpeg"])
    assert (card["image"]["width"], card["image"]["height"]) == (480, 320)
    assert (card["focal_x"], card["focal_y"]) == (0.5, 0.5)
    assert card["change_url"] == reverse("admin:photos_photo_change", args=[photo.pk])


def test_the_photo_info_is_refused_to_staff_without_the_library(as_staff_without_the_library):
    photo = make_photo()
    assert as_staff_without_the_library.get(info_url(photo.pk)).status_code == 403


@pytest.mark.parametrize(("photo_id", "status"), [("123456", 404), ("12abc", 400), ("-1", 400)])
def test_the_photo_info_refuses_numbers_that_name_no_photo(as_reporter, photo_id, status):
    response = as_reporter.get(info_url(photo_id))
    assert response.status_code == status and "error" in response.json()


def test_a_click_on_the_story_forms_photo_moves_its_focal_point_and_recuts_it(as_reporter):
    from django.contrib.admin.models import LogEntry

    photo = make_photo()
    response = as_reporter.post(focal_url(photo.pk), {"focal_x": "0.25", "focal_y": "0.8"})
    assert response.status_code == 200
    assert (response.json()["focal_x"], response.json()["focal_y"]) == (0.25, 0.8)
    photo.refresh_from_db()
    assert photo.focal_point == (0.25, 0.8)
    assert photo.renditions["card"]["key"].endswith(f"0.250,0.800|{photo.file.name}")
    # The library's history says who moved it.
    assert LogEntry.objects.get(object_id=str(photo.pk)).user.username == "samir"


@pytest.mark.parametrize("point", [{"focal_x": "1.5", "focal_y": "0.5"}, {"focal_x": "abc", "focal_y": "0.5"},
                                   {"focal_x": "nan", "focal_y": "0.5"}, {"focal_x": "0.5"}])
def test_a_focal_point_outside_the_photo_is_refused_and_changes_nothing(as_reporter, point):
    photo = make_photo()
    response = as_reporter.post(focal_url(photo.pk), point)
    assert response.status_code == 400 and "error" in response.json()
    photo.refresh_from_db()
    assert photo.focal_point == (0.5, 0.5)


def test_the_focal_point_is_moved_only_by_a_post_from_someone_who_may_change_photos(
    as_reporter, as_staff_without_the_library
):
    photo = make_photo()
    assert as_reporter.get(focal_url(photo.pk), {"focal_x": "0.1", "focal_y": "0.1"}).status_code == 405
    response = as_staff_without_the_library.post(focal_url(photo.pk), {"focal_x": "0.1", "focal_y": "0.1"})
    assert response.status_code == 403
    photo.refresh_from_db()
    assert photo.focal_point == (0.5, 0.5)


def test_the_focal_point_needs_the_pages_csrf_token():
    from tests.factories import make_staff

    photo = make_photo()
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(make_staff("samir", "Reporter"))
    assert browser.post(focal_url(photo.pk), {"focal_x": "0.1", "focal_y": "0.1"}).status_code == 403
    photo.refresh_from_db()
    assert photo.focal_point == (0.5, 0.5)
