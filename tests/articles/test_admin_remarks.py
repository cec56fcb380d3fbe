"""Review with remarks: an editor sends a story back saying why; the reporter reads it and answers."""

import pytest
from django.urls import reverse

from articles.models import Remark, Status, StatusChange
from tests.articles.test_admin import resubmitted
from tests.factories import make_article, make_staff

pytestmark = pytest.mark.django_db


@pytest.fixture
def reporter():
    return make_staff("samir", "Reporter")


@pytest.fixture
def editor():
    return make_staff("hind", "Editor")


def change_url(story):
    return reverse("admin:articles_article_change", args=[story.pk])


def send_back_url(story):
    return reverse("admin:articles_article_send_back", args=[story.pk])


def submit_url(story):
    return reverse("admin:articles_article_submit_for_review", args=[story.pk])


def test_an_editor_sends_a_story_back_with_a_remark_the_reporter_then_reads_on_the_story_and_the_desk(
    client, reporter, editor
):
    story = make_article("خبر عن الانتخابات", status=Status.REVIEW, created_by=reporter)
    client.force_login(editor)
    response = client.post(send_back_url(story), {"remark": "تحقق من عدد المقاعد"})
    assert response.status_code == 302 and response["Location"] == reverse("admin:index")

    story.refresh_from_db()
    assert story.status == Status.DRAFT
    move = story.status_changes.first()
    assert (move.from_status, move.to_status, move.changed_by) == (Status.REVIEW, Status.DRAFT, editor)
    remark = story.remarks.get()
    assert (remark.text, remark.author, remark.status_change) == ("تحقق من عدد المقاعد", editor, move)

    client.force_login(reporter)
    assert "تحقق من عدد المقاعد" in client.get(change_url(story)).content.decode()
    assert "تحقق من عدد المقاعد" in client.get(reverse("admin:index")).content.decode()


def test_a_send_back_without_a_remark_is_refused_and_moves_nothing(client, reporter, editor):
    story = make_article(status=Status.REVIEW, created_by=reporter)
    client.force_login(editor)
    response = client.post(send_back_url(story), {"remark": "   "}, follow=True)
    story.refresh_from_db()
    assert story.status == Status.REVIEW
    assert not Remark.objects.exists()
    assert [message.level_tag for message in response.context["messages"]] == ["error"]


def test_a_reporter_cannot_send_a_story_back(client, reporter):
    story = make_article(status=Status.REVIEW, created_by=reporter)
    client.force_login(reporter)
    assert client.post(send_back_url(story), {"remark": "أعيده"}).status_code == 403
    story.refresh_from_db()
    assert story.status == Status.REVIEW and not Remark.objects.exists()


def test_only_a_story_in_review_can_be_sent_back(client, editor):
    story = make_article(status=Status.PUBLISHED)
    client.force_login(editor)
    response = client.post(send_back_url(story), {"remark": "أعيده"}, follow=True)
    story.refresh_from_db()
    assert story.status == Status.PUBLISHED and not Remark.objects.exists()
    assert [message.level_tag for message in response.context["messages"]] == ["warning"]


def test_sending_back_is_a_post(client, reporter, editor):
    story = make_article(status=Status.REVIEW, created_by=reporter)
    client.force_login(editor)
    assert client.get(send_back_url(story)).status_code == 405


def test_the_editor_gets_the_send_back_box_on_a_story_in_review_and_the_reporter_the_answer_box_on_a_draft(
    client, reporter, editor
):
    story = make_article(status=Status.REVIEW, created_by=reporter)
    client.force_login(editor)
    page = client.get(change_url(story)).content.decode()
    assert f'formaction="{send_back_url(story)}"' in page and 'name="remark"' in page
    client.force_login(reporter)
    assert send_back_url(story) not in client.get(change_url(story)).content.decode()
    draft = make_article(status=Status.DRAFT, created_by=reporter)
    page = client.get(change_url(draft)).content.decode()
    assert 'name="remark"' in page and f'formaction="{send_back_url(draft)}"' not in page


def test_a_reporter_answers_with_a_note_when_submitting_again_and_the_thread_is_newest_first(
    client, reporter, editor
):
    story = make_article("خبر عن السدود", status=Status.REVIEW, created_by=reporter)
    client.force_login(editor)
    client.post(send_back_url(story), {"remark": "أضف رأي الخبراء"})
    story.refresh_from_db()
    client.force_login(reporter)
    client.post(change_url(story), resubmitted(story, _transition="review", remark="أضفت رأي خبيرين"))

    story.refresh_from_db()
    assert story.status == Status.REVIEW
    assert [(remark.text, remark.author) for remark in story.remarks.all()] == [
        ("أضفت رأي خبيرين", reporter), ("أضف رأي الخبراء", editor)]
    assert story.remarks.first().status_change == story.status_changes.first()
    page = client.get(change_url(story)).content.decode()
    assert page.index("أضفت رأي خبيرين") < page.index("أضف رأي الخبراء")


def test_a_note_saved_without_a_move_is_not_recorded(client, reporter):
    story = make_article(status=Status.DRAFT, created_by=reporter)
    client.force_login(reporter)
    client.post(change_url(story), resubmitted(story, _continue="1", remark="ملاحظة"))
    assert not Remark.objects.exists()


def test_a_reporter_submits_a_draft_for_review_from_the_desk(client, reporter):
    story = make_article(status=Status.DRAFT, created_by=reporter)
    client.force_login(reporter)
    response = client.post(submit_url(story), {"remark": "جاهز"})
    assert response["Location"] == reverse("admin:index")
    story.refresh_from_db()
    assert story.status == Status.REVIEW
    assert StatusChange.objects.filter(article=story, to_status=Status.REVIEW, changed_by=reporter).exists()
    assert story.remarks.get().text == "جاهز"


def test_a_reporter_cannot_submit_someone_elses_draft(client, reporter):
    story = make_article(status=Status.DRAFT, created_by=make_staff("amina", "Reporter"))
    client.force_login(reporter)
    assert client.post(submit_url(story)).status_code == 403
    story.refresh_from_db()
    assert story.status == Status.DRAFT
