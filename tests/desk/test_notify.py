"""Editors hear of a story entering review: on the desk always, by email when NEWSROOM_REVIEW_EMAILS is on."""

import pytest
from django.urls import reverse

from articles.admin_remarks import move_with_remark
from articles.models import Status
from tests.factories import make_article, make_staff

pytestmark = pytest.mark.django_db


@pytest.fixture
def people():
    reporter = make_staff("samir", "Reporter")
    editor = make_staff("hind", "Editor")
    chief = make_staff("karim", "Chief editor")
    no_email = make_staff("nadia", "Editor")
    no_email.email = ""
    no_email.save()
    gone = make_staff("yacine", "Editor")
    gone.is_active = False
    gone.save()
    return reporter, editor, chief


@pytest.fixture
def emails_on(settings):
    settings.NEWSROOM = {**settings.NEWSROOM, "REVIEW_EMAILS": True}


def submit(story, by, django_capture_on_commit_callbacks, remark=""):
    with django_capture_on_commit_callbacks(execute=True):
        move_with_remark(story, by, Status.REVIEW, remark)


def test_editors_with_an_email_get_one_each_when_a_story_enters_review(
    people, emails_on, mailoutbox, django_capture_on_commit_callbacks
):
    reporter, editor, chief = people
    story = make_article("خبر عن الميزانية", status=Status.DRAFT, created_by=reporter)
    submit(story, reporter, django_capture_on_commit_callbacks, remark="أضفت الأرقام")
    assert sorted(message.to[0] for message in mailoutbox) == sorted([chief.email, editor.email])
    assert all(len(message.to) == 1 for message in mailoutbox)
    text = mailoutbox[0].body
    assert "خبر عن الميزانية" in mailoutbox[0].subject
    assert "أضفت الأرقام" in text
    assert reverse("admin:articles_article_change", args=[story.pk]) in text


def test_the_email_is_in_arabic(people, emails_on, mailoutbox, django_capture_on_commit_callbacks):
    """Needs the Arabic catalogue with locale/ar/LC_MESSAGES/pending-desk.po merged."""
    reporter, _editor, _chief = people
    story = make_article("خبر", status=Status.DRAFT, created_by=reporter)
    submit(story, reporter, django_capture_on_commit_callbacks)
    assert mailoutbox[0].subject.startswith("للمراجعة")
    assert "أرسل" in mailoutbox[0].body


def test_no_email_by_default(people, mailoutbox, django_capture_on_commit_callbacks):
    reporter, _editor, _chief = people
    story = make_article(status=Status.DRAFT, created_by=reporter)
    submit(story, reporter, django_capture_on_commit_callbacks)
    assert mailoutbox == []


def test_submitting_with_the_compose_screens_button_emails_too(
    client, people, emails_on, mailoutbox, django_capture_on_commit_callbacks
):
    from tests.articles.test_admin import resubmitted

    reporter, _editor, _chief = people
    story = make_article(status=Status.DRAFT, created_by=reporter)
    client.force_login(reporter)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("admin:articles_article_change", args=[story.pk]), resubmitted(story, _transition="review"))
    assert len(mailoutbox) == 2


def test_an_editor_moving_a_story_into_review_is_not_emailed_about_it(
    people, emails_on, mailoutbox, django_capture_on_commit_callbacks
):
    reporter, editor, chief = people
    story = make_article(status=Status.DRAFT, created_by=reporter)
    submit(story, editor, django_capture_on_commit_callbacks)
    assert [message.to for message in mailoutbox] == [[chief.email]]


def test_other_moves_send_nothing(people, emails_on, mailoutbox, django_capture_on_commit_callbacks):
    reporter, editor, _chief = people
    story = make_article(status=Status.REVIEW, created_by=reporter)
    with django_capture_on_commit_callbacks(execute=True):
        move_with_remark(story, editor, Status.DRAFT, "راجع")
    assert mailoutbox == []
