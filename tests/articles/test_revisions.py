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
    assert "نص المقال (ar)" in page


def test_an_old_revision_can_be_restored(editors, story):
    first, _second = editors
    original_version = revisions.history(story).first()
    story.refresh_from_db()
    first.post(change_url(story), edit_form(story, headline_ar="عنوان خاطئ"))
    assert Article.objects.get().headline_ar == "عنوان خاطئ"
    restore_url = reverse("admin:articles_article_revision", args=[story.pk, original_version.pk])
    form_page = first.get(restore_url).content.decode()
    assert "الحكومة تعلن خطة النقل" in form_page
    assert Article.objects.get().headline_ar == "عنوان خاطئ", "viewing an old revision changes nothing"
    current = Article.objects.get()
    response = first.post(restore_url, edit_form(current, headline_ar="الحكومة تعلن خطة النقل",
                                                 loaded_version=str(original_version.field_dict["version"])))
    assert response.status_code == 302
    restored = Article.objects.get()
    assert restored.headline_ar == "الحكومة تعلن خطة النقل"
    assert restored.version > current.version, "a restore is a new save, so stale forms stay stale"


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
    assert second.post(presence_url).json() == {"others": ["amina"]}
    first.post(presence_url, {"leave": "1"})
    assert second.post(presence_url).json() == {"others": []}


def test_presence_expires_ninety_seconds_after_the_last_heartbeat(editors, story):
    assert presence.EXPIRES_AFTER == 90
    first, second = editors
    presence_url = reverse("admin:articles_article_presence", args=[story.pk])
    with time_machine.travel(timezone.now(), tick=False) as clock:
        first.get(change_url(story))
        clock.shift(timedelta(seconds=presence.EXPIRES_AFTER - 30))
        assert second.post(presence_url).json() == {"others": ["amina"]}
        clock.shift(timedelta(seconds=40))
        assert second.post(presence_url).json() == {"others": []}
