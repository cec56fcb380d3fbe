"""Revisions, diffs, restore, and two editors on one story."""

from datetime import timedelta

import pytest
import time_machine
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from articles import presence, revisions
from articles.models import Article
from tests.articles.test_workflow import change_url, edit_form
from tests.factories import make_staff

pytestmark = pytest.mark.django_db


@pytest.fixture
def editors():
    first, second = Client(), Client()
    first.force_login(make_staff("amina", "Editor"))
    second.force_login(make_staff("yacine", "Editor"))
    return first, second


@pytest.fixture
def story(editors):
    first, _second = editors
    first.post(reverse("admin:articles_article_add"), edit_form(
        Article(headline_ar="الحكومة تعلن خطة النقل", body_ar="<p>الخطة تشمل عشر ولايات.</p>", status="draft"),
        loaded_version="",
    ))
    return Article.objects.get()


def test_word_diff_marks_removed_and_added_words():
    diff = revisions.word_diff("<p>الخطة تشمل عشر ولايات</p>", "<p>الخطة تشمل اثنتي عشرة ولاية</p>")
    assert diff == "الخطة تشمل <del>عشر</del><ins>اثنتي</ins> <del>ولايات</del><ins>عشرة ولاية</ins>"


def test_word_diff_escapes_text():
    assert "&lt;b&gt;" in revisions.word_diff("", "&lt;b&gt;")


def test_every_save_keeps_a_revision_that_can_be_compared(editors, story):
    first, _second = editors
    first.post(change_url(story), edit_form(story, body_ar="<p>الخطة تشمل اثنتي عشرة ولاية.</p>"))
    versions = list(revisions.history(story))
    assert len(versions) == 2
    page = first.get(reverse("admin:articles_article_compare", args=[story.pk])).content.decode()
    assert "<del>عشر</del><ins>اثنتي</ins> <del>ولايات</del><ins>عشرة ولاية</ins>." in page
    assert "نص المقال (العربية)" in page


def test_an_old_revision_can_be_restored(editors, story):
    first, _second = editors
    original_version = revisions.history(story).first()
    story.refresh_from_db()
    first.post(change_url(story), edit_form(story, headline_ar="عنوان خاطئ"))
    assert Article.objects.get().headline_ar == "عنوان خاطئ"
    restore_url = reverse("admin:articles_article_revision", args=[story.pk, original_version.pk])
    form_page = first.get(restore_url).content.decode()
    assert "<ins>الحكومة</ins>" in form_page, "shows what restoring brings back"
    assert Article.objects.get().headline_ar == "عنوان خاطئ", "viewing an old revision changes nothing"
    current = Article.objects.get()
    response = first.post(restore_url)
    assert response.status_code == 302
    restored = Article.objects.get()
    assert restored.headline_ar == "الحكومة تعلن خطة النقل"
    assert restored.version > current.version, "a restore is a new save, so stale forms stay stale"


@pytest.fixture
def published_front_page_story(editors, story):
    """The story's first version is a draft; it is now published, on the front page, breaking."""
    first, _second = editors
    story.refresh_from_db()
    first.post(change_url(story), edit_form(
        story, headline_ar="الحكومة تعلن خطة النقل الجديدة", status="published", is_front_page="on",
        front_page_position="2", is_breaking="on",
    ))
    published = Article.objects.get()
    assert (published.status, published.is_front_page, published.is_breaking) == ("published", True, True)
    return published


def test_restoring_a_draft_version_of_a_published_story_keeps_it_published_and_on_the_front_page(
    editors, published_front_page_story
):
    first, _second = editors
    story = published_front_page_story
    draft_version = revisions.history(story).last()
    assert draft_version.field_dict["status"] == "draft"
    response = first.post(reverse("admin:articles_article_revision", args=[story.pk, draft_version.pk]), follow=True)
    restored = Article.objects.get()
    assert restored.headline_ar == "الحكومة تعلن خطة النقل"
    assert (restored.status, restored.published_at) == ("published", story.published_at)
    assert (restored.is_front_page, restored.front_page_position, restored.is_breaking) == (True, 2, True)
    assert restored.is_public
    shown = [str(message) for message in response.context["messages"]]
    when = timezone.localtime(draft_version.revision.date_created).strftime("%Y-%m-%d %H:%M")
    # Earlier saves' messages were never shown (their redirects were not followed): the restore's is last.
    assert when in shown[-1] and "الحكومة تعلن خطة النقل" in shown[-1], shown
    assert "إضافة" not in shown[-1] and "added" not in shown[-1], "a restore is not an addition"


def test_a_restore_is_recorded_in_the_history_with_the_version_and_its_author(editors, published_front_page_story):
    first, _second = editors
    story = published_front_page_story
    draft_version = revisions.history(story).last()
    first.post(reverse("admin:articles_article_revision", args=[story.pk, draft_version.pk]))
    newest = revisions.history(story).first()
    comment = newest.revision.get_comment()
    assert "amina" in comment
    assert timezone.localtime(draft_version.revision.date_created).strftime("%Y-%m-%d %H:%M") in comment
    assert newest.revision.user.username == "amina"


def test_a_reporter_cannot_restore_and_so_cannot_unpublish_a_published_story(published_front_page_story):
    reporter = make_staff("samir", "Reporter")
    story = published_front_page_story
    Article.objects.filter(pk=story.pk).update(created_by=reporter)
    client = Client()
    client.force_login(reporter)
    draft_version = revisions.history(story).last()
    response = client.post(reverse("admin:articles_article_revision", args=[story.pk, draft_version.pk]))
    assert response.status_code == 403
    assert Article.objects.get().status == "published"


def test_revision_comments_name_fields_in_the_admins_language(editors, story):
    first, _second = editors
    story.refresh_from_db()
    first.post(change_url(story), edit_form(story, headline_ar="الحكومة تعلن خطة جديدة"))
    comment = revisions.history(story).first().revision.get_comment()
    assert "العنوان (العربية)" in comment, comment
    assert "Headline" not in comment and "[ar]" not in comment


def test_the_heartbeat_says_who_saved_the_story_since_the_form_was_loaded(editors, story):
    first, second = editors
    story.refresh_from_db()
    loaded = str(story.version)
    presence_url = reverse("admin:articles_article_presence", args=[story.pk])
    assert "saved_by" not in first.post(presence_url, {"loaded_version": loaded}).json()
    second.post(change_url(story), edit_form(story, headline_ar="عنوان من يسين"))
    answer = first.post(presence_url, {"loaded_version": loaded}).json()
    assert answer["saved_by"] == "yacine"
    assert answer["version"] == Article.objects.get().version


def test_a_stale_save_is_refused_and_both_texts_survive(editors, story):
    first, second = editors
    story.refresh_from_db()
    form_of_first = edit_form(story)
    form_of_second = edit_form(story)

    # The second editor saves first.
    form_of_second["body_ar"] = "<p>الخطة تشمل عشر ولايات وتبدأ في جانفي.</p>"
    assert second.post(change_url(story), form_of_second).status_code == 302

    # The first editor's save, from the form loaded before, is refused.
    form_of_first["headline_ar"] = "الحكومة تعلن خطة جديدة للنقل"
    response = first.post(change_url(story), form_of_first)
    page = response.content.decode()
    assert response.status_code == 200
    assert "حفظ yacine هذا المقال أثناء تحريرك له" in page
    assert "ولايات<ins> وتبدأ في جانفي</ins>." in page, "shows what changed meanwhile"
    assert '>\nالحكومة تعلن خطة جديدة للنقل</textarea>' in page, "keeps the first editor's text in the form"
    saved = Article.objects.get()
    assert saved.headline_ar == "الحكومة تعلن خطة النقل" and "جانفي" in saved.body_ar

    # Having seen the other changes, the first editor merges them and saves on purpose.
    merged = dict(form_of_first, body_ar=form_of_second["body_ar"],
                  loaded_version=str(saved.version))
    assert first.post(change_url(story), merged).status_code == 302
    final = Article.objects.get()
    assert final.headline_ar == "الحكومة تعلن خطة جديدة للنقل" and "جانفي" in final.body_ar


def test_the_second_editor_sees_who_else_is_editing(editors, story):
    first, second = editors
    first.get(change_url(story))
    page = second.get(change_url(story)).content.decode()
    assert "يحرر هذا المقال الآن أيضًا: amina" in page
    presence_url = reverse("admin:articles_article_presence", args=[story.pk])
    assert second.post(presence_url).json()["others"] == ["amina"]
    first.post(presence_url, {"leave": "1"})
    assert second.post(presence_url).json()["others"] == []


def test_presence_expires_ninety_seconds_after_the_last_heartbeat(editors, story):
    assert presence.EXPIRES_AFTER == 90
    first, second = editors
    presence_url = reverse("admin:articles_article_presence", args=[story.pk])
    with time_machine.travel(timezone.now(), tick=False) as clock:
        first.get(change_url(story))
        clock.shift(timedelta(seconds=presence.EXPIRES_AFTER - 30))
        assert second.post(presence_url).json()["others"] == ["amina"]
        clock.shift(timedelta(seconds=40))
        assert second.post(presence_url).json()["others"] == []
