"""The personal autosave: kept while typing, offered back, the person's alone, gone once saved."""

import json
import re
from datetime import timedelta

import pytest
import time_machine
from django.conf import settings
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from articles import autosave
from articles.models import Article, Autosave
from tests.articles.test_workflow import change_url, edit_form
from tests.factories import make_article, make_staff

pytestmark = pytest.mark.django_db


@pytest.fixture
def amina():
    return make_staff("amina", "Editor")


@pytest.fixture
def as_amina(amina):
    client = Client()
    client.force_login(amina)
    return client


@pytest.fixture
def story():
    return make_article("الحكومة تعلن خطة النقل", status="draft")


def autosave_url(article):
    return reverse("admin:articles_article_autosave", args=[article.pk])


def safety_settings(page):
    """What the page hands safety.js (json_script writes non-ASCII text \\u-escaped)."""
    found = re.search(r'<script id="safety-settings" type="application/json">(.*?)</script>', page, re.S)
    return json.loads(found[1])


def post_autosave(client, article, **fields):
    data = {"headline_ar": article.headline_ar, "body_ar": article.body_ar, **fields}
    return client.post(autosave_url(article), {"data": json.dumps(data), "loaded_version": str(article.version)})


def test_opening_the_story_again_offers_the_unsaved_changes_with_what_differs(as_amina, story):
    assert post_autosave(as_amina, story, headline_ar="الحكومة تعلن خطة النقل الحضري").status_code == 200
    page = as_amina.get(change_url(story)).content.decode()
    assert 'id="autosave-offer"' in page
    assert "<ins> الحضري</ins>" in page
    offered = safety_settings(page)["offer"]
    assert offered["headline_ar"] == "الحكومة تعلن خطة النقل الحضري", "the text to restore travels with the page"


def test_an_autosave_is_never_shown_to_another_editor(as_amina, story):
    post_autosave(as_amina, story, headline_ar="سر أمينة")
    other = Client()
    other.force_login(make_staff("yacine", "Editor"))
    page = other.get(change_url(story)).content.decode()
    assert 'id="autosave-offer"' not in page and "offer" not in safety_settings(page)


def test_an_autosave_is_not_a_revision_and_readers_never_see_it(as_amina, client, story):
    Article.objects.filter(pk=story.pk).update(status="published")
    post_autosave(as_amina, story, headline_ar="مسودة لم تحفظ")
    assert Autosave.objects.count() == 1
    assert Article.objects.get().headline_ar == "الحكومة تعلن خطة النقل"
    assert "مسودة لم تحفظ" not in client.get(story.get_absolute_url(), follow=True).content.decode()


def test_saving_the_story_deletes_the_autosave(as_amina, story):
    post_autosave(as_amina, story, headline_ar="الحكومة تعلن خطة النقل الحضري")
    story.refresh_from_db()
    assert as_amina.post(change_url(story), edit_form(story, headline_ar="عنوان محفوظ")).status_code == 302
    assert not Autosave.objects.exists()
    assert 'id="autosave-offer"' not in as_amina.get(change_url(story)).content.decode()


def test_an_autosave_equal_to_the_saved_story_is_not_offered(as_amina, story):
    post_autosave(as_amina, story)
    assert 'id="autosave-offer"' not in as_amina.get(change_url(story)).content.decode()


def test_the_add_page_offers_the_persons_unsaved_new_story(as_amina):
    url = reverse("admin:articles_article_autosave_new")
    as_amina.post(url, {"data": json.dumps({"headline_ar": "قصة جديدة لم تحفظ"})})
    page = as_amina.get(reverse("admin:articles_article_add")).content.decode()
    assert 'id="autosave-offer"' in page and "قصة جديدة لم تحفظ" in page


def test_discard_forgets_the_autosave(as_amina, story):
    post_autosave(as_amina, story, headline_ar="الحكومة تعلن خطة النقل الحضري")
    as_amina.post(autosave_url(story), {"discard": "1"})
    assert not Autosave.objects.exists()


def test_a_person_who_may_not_edit_the_story_cannot_autosave_it(story):
    reporter = make_staff("samir", "Reporter")
    client = Client()
    client.force_login(reporter)
    assert post_autosave(client, story, headline_ar="x").status_code == 403
    assert not Autosave.objects.exists()


def test_autosaves_expire_after_the_configured_days(as_amina, amina, story):
    days = settings.NEWSROOM.get("AUTOSAVE_DAYS", 7)
    with time_machine.travel(timezone.now(), tick=False) as clock:
        post_autosave(as_amina, story, headline_ar="قديم")
        clock.shift(timedelta(days=days) - timedelta(minutes=1))
        assert autosave.pending(amina, story) is not None
        clock.shift(timedelta(minutes=2))
        assert autosave.pending(amina, story) is None
        other = make_article("خبر آخر", status="draft")
        post_autosave(as_amina, other, headline_ar="جديد")
    assert list(Autosave.objects.values_list("key", flat=True)) == [f"story-{other.pk}"], "old ones cleared on write"


def test_a_malformed_autosave_is_refused(as_amina, story):
    assert as_amina.post(autosave_url(story), {"data": "[1, 2]"}).status_code == 400
    assert as_amina.post(autosave_url(story), {"data": "{"}).status_code == 400
