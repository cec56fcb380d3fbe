"""The demo loader: what a person trying the site sees after ``manage.py load_demo``."""

import io
import re

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.db.models import Sum
from PIL import Image
from taggit.models import Tag

from articles.models import Article, Status
from newsroom.bodyblocks import references
from newsroom.sanitiser import sanitise_html
from photos.models import Photo
from popularity.counter import most_read
from popularity.models import HourlyViews
from taxonomy.models import Author, Section


def load_demo():
    out = io.StringIO()
    call_command("load_demo", stdout=out)
    return out.getvalue()


def demo_stories():
    return Article.objects.filter(source="demo")


def snapshot():
    return {
        "articles": Article.objects.count(),
        "sections": Section.objects.count(),
        "authors": Author.objects.count(),
        "tags": Tag.objects.count(),
        "users": get_user_model().objects.count(),
        "view_buckets": HourlyViews.objects.count(),
        "views": HourlyViews.objects.aggregate(total=Sum("views"))["total"],
        "images": sorted(demo_stories().values_list("photo__file", flat=True)),
        "photos": sorted(Photo.objects.values_list("file", flat=True)),
        "bodies": sorted(demo_stories().values_list("body_ar", flat=True)),
    }


@pytest.mark.django_db
def test_running_twice_adds_nothing_and_keeps_the_editors_work():
    own_section = Section(name_ar="محلي")
    own_section.save()
    own_story = Article(headline_ar="خبر كتبه محرر الموقع", status=Status.PUBLISHED, section=own_section)
    own_story.save()

    load_demo()
    first = snapshot()
    edited = demo_stories().get(external_id="desalination-oran")
    edited.headline_ar = "عنوان عدّله المحرر"
    edited.save()

    load_demo()

    assert snapshot() == first
    assert first["articles"] == 1 + 14
    assert first["sections"] == 1 + 6
    edited.refresh_from_db()
    assert edited.headline_ar == "عنوان عدّله المحرر"
    own_story.refresh_from_db()
    assert own_story.headline_ar == "خبر كتبه محرر الموقع"
    assert own_story.section == own_section


@pytest.mark.django_db
def test_readers_see_the_published_stories_but_not_the_draft_or_scheduled_one(client):
    load_demo()

    published = Article.objects.published()
    draft = demo_stories().get(status=Status.DRAFT)
    scheduled = demo_stories().get(status=Status.SCHEDULED)
    assert published.filter(source="demo").count() == 12
    assert draft not in published
    assert scheduled not in published

    story = published.filter(source="demo").first()
    assert client.get(story.get_absolute_url()).status_code == 200
    assert client.get(draft.get_absolute_url()).status_code == 404
    assert client.get(scheduled.get_absolute_url()).status_code == 404

    home = client.get("/").content.decode()
    assert story.headline_ar in home
    assert draft.headline_ar not in home
    assert scheduled.headline_ar not in home


@pytest.mark.django_db
def test_the_front_page_has_a_lead_story_and_breaking_news(client):
    load_demo()

    front_page = list(Article.objects.front_page())
    assert len(front_page) >= 3
    assert [story.front_page_position for story in front_page][:4] == [1, 2, 3, 4]
    assert Article.objects.published().filter(is_breaking=True).exists()
    assert front_page[0].headline_ar in client.get("/").content.decode()


@pytest.mark.django_db
def test_the_most_read_list_is_filled_with_public_stories_only():
    load_demo()

    ranking = most_read()
    assert ranking
    assert all(story.is_public for story in ranking)
    public_ids = set(Article.objects.published().values_list("pk", flat=True))
    assert {story.pk for story in ranking} <= public_ids
    # Different counts, so the ranking says something.
    assert len({story.recent_views for story in ranking}) == len(ranking)


@pytest.mark.django_db
def test_the_printed_login_lets_the_editor_into_the_admin(client):
    output = load_demo()

    assert "editor" in output
    assert "newsroom-demo" in output
    assert "http://127.0.0.1:8000/admin/" in output
    assert client.login(username="editor", password="newsroom-demo")
    assert client.get("/admin/").status_code == 200

    # A forgotten or changed password is reset by the next run.
    editor = get_user_model().objects.get(username="editor")
    editor.set_password("something-else")
    editor.save()
    client.logout()
    load_demo()
    assert client.login(username="editor", password="newsroom-demo")


@pytest.mark.django_db
def test_sections_are_arabic_and_stories_are_complete(client):
    load_demo()

    roots = [section.name_ar for section in Section.objects.roots()]
    assert roots == ["وطني", "دولي", "اقتصاد", "رياضة", "ثقافة"]
    football = Section.objects.get(name_ar="كرة القدم")
    assert football.parent.name_ar == "رياضة"
    for section in Section.objects.all():
        assert section.slug and not re.search(r"[A-Za-z]", section.slug)
        assert client.get(section.get_absolute_url()).status_code == 200

    for story in demo_stories():
        assert story.headline_ar and story.deck_ar and story.lead_ar and story.photo.alt_text_ar
        assert story.body_ar.count("<p>") >= 3
        assert 2 <= story.tags.count() <= 4
        assert story.byline or story.authors.exists()
        assert story.photo.rendition("card") and story.photo.rendition("social")
        with Image.open(story.photo.file.path) as picture:
            assert picture.format == "JPEG"
            assert picture.size == (1200, 800)
    assert demo_stories().exclude(headline_fr="").exclude(headline_fr=None).count() >= 2
    assert any("<blockquote>" in story.body_ar for story in demo_stories())


@pytest.mark.django_db
def test_one_story_shows_a_library_photo_a_pull_quote_a_table_and_a_video_inside_its_body(client):
    load_demo()

    (story,) = [story for story in demo_stories() if references(story.body_ar).photo_ids]
    assert story.is_public and story.front_page_position == 1
    inside = references(story.body_ar)
    (photo,) = Photo.objects.filter(pk__in=inside.photo_ids)
    assert photo != story.photo
    assert photo.alt_text_ar and photo.caption_ar and photo.caption_fr and photo.rendition("article")
    assert [(embed.provider.name, embed.id) for embed in inside.embeds] == [("youtube", "aqz-KE-bpKQ")]
    assert story.body_ar.count('<figure data-pullquote=""><blockquote>') == 1
    assert "<table><thead><tr><th>" in story.body_ar
    assert references(story.body_fr).photo_ids == [photo.pk]
    # Stored as the editor would store it: another pass of the sanitiser changes nothing.
    assert sanitise_html(story.body_ar) == story.body_ar
    assert client.get(story.get_absolute_url()).status_code == 200
