from datetime import timedelta

import pytest
from django.contrib.admin.models import CHANGE, LogEntry
from django.contrib.messages import constants
from django.urls import reverse
from django.utils import timezone

from articles.models import Article, Status, StatusChange
from tests.factories import make_article, make_photo, make_section, make_staff

pytestmark = pytest.mark.django_db

CHANGELIST_URL = reverse("admin:articles_article_changelist")


@pytest.fixture
def editor():
    return make_staff("hind", "Editor")


@pytest.fixture
def as_editor(client, editor):
    client.force_login(editor)
    return client


def act(client, action, stories, **extra):
    return client.post(
        CHANGELIST_URL, {"action": action, "_selected_action": [story.pk for story in stories], **extra}, follow=True
    )


def said(response):
    """The messages shown after an action, as (level, text)."""
    return [(message.level, message.message) for message in response.context["messages"]]


def test_publish_now_on_a_story_published_with_a_time_still_ahead_publishes_it_now(as_editor, client):
    later = make_article("موعد لاحق", status=Status.PUBLISHED, published_at=timezone.now() + timedelta(hours=5))
    assert client.get(later.get_absolute_url()).status_code == 404
    response = act(as_editor, "publish", [later])
    later.refresh_from_db()
    assert later.is_public and later.published_at <= timezone.now()
    assert said(response) == [(constants.SUCCESS, "عدد المقالات المنشورة: 1.")]


def test_publish_now_on_a_scheduled_story_brings_its_time_to_now(as_editor):
    scheduled = make_article(status=Status.SCHEDULED)
    act(as_editor, "publish", [scheduled])
    scheduled.refresh_from_db()
    assert scheduled.status == Status.PUBLISHED and scheduled.is_public


def test_an_action_that_changed_nothing_warns_and_names_why_never_a_green_tick(as_editor):
    live = make_article("منشور من قبل")
    response = act(as_editor, "publish", [live])
    levels = [level for level, _text in said(response)]
    assert levels == [constants.WARNING]
    text = said(response)[0][1]
    assert "منشور من قبل" in text and str(Status.PUBLISHED.label) in text


def test_a_story_refused_for_a_photo_without_description_is_named_with_that_reason(as_editor):
    photo = make_photo(title="صورة بلا وصف", alt_text_ar="")
    draft = make_article("خبر بصورة", status=Status.REVIEW, photo=photo)
    ready = make_article("خبر جاهز", status=Status.REVIEW)
    response = act(as_editor, "publish", [draft, ready])
    messages = said(response)
    assert messages[0][0] == constants.SUCCESS
    assert messages[1][0] == constants.WARNING and "صورة بلا وصف" in messages[1][1] and "خبر بصورة" in messages[1][1]
    draft.refresh_from_db()
    assert draft.status == Status.REVIEW


def test_each_story_an_action_changes_gets_an_admin_log_entry_and_a_status_history_entry(as_editor, editor):
    first, second = make_article("أول"), make_article("ثاني")
    act(as_editor, "unpublish", [first, second])
    entries = LogEntry.objects.filter(user=editor, action_flag=CHANGE)
    assert sorted(int(entry.object_id) for entry in entries) == sorted([first.pk, second.pk])
    assert all("الحالة" in entry.get_change_message() for entry in entries)
    moves = StatusChange.objects.filter(to_status=Status.UNPUBLISHED, changed_by=editor)
    assert {move.article_id for move in moves} == {first.pk, second.pk}


def test_front_page_actions_write_log_entries_and_say_when_a_story_was_already_there(as_editor, editor):
    story = make_article("في الواجهة")
    act(as_editor, "put_on_front_page", [story])
    assert LogEntry.objects.filter(object_id=str(story.pk), user=editor).count() == 1
    response = act(as_editor, "put_on_front_page", [story])
    assert [level for level, _text in said(response)] == [constants.WARNING]


def test_moving_stories_to_a_section_asks_which_then_moves_and_logs_each(as_editor, editor):
    sport = make_section("رياضة")
    first, second = make_article("مباراة"), make_article("بطولة")
    page = act(as_editor, "move_to_section", [first, second])
    assert page.templates[0].name == "admin/articles/article/action_choice.html"
    assert "مباراة" in page.content.decode() and 'name="section"' in page.content.decode()

    response = act(as_editor, "move_to_section", [first, second], apply="1", section=sport.pk)
    assert set(Article.objects.filter(section=sport)) == {first, second}
    assert LogEntry.objects.filter(user=editor, action_flag=CHANGE).count() == 2
    assert said(response)[0][0] == constants.SUCCESS


def test_adding_a_tag_to_stories_tags_them_and_finds_them_by_it(as_editor):
    first, second = make_article("مباراة"), make_article("بطولة", tags=["كرة القدم"])
    response = act(as_editor, "add_tag", [first, second], apply="1", tag="كرة القدم")
    assert Article.objects.filter(tags__name="كرة القدم").count() == 2
    levels = [level for level, _text in said(response)]
    assert levels == [constants.SUCCESS, constants.WARNING]
    found = as_editor.get(CHANGELIST_URL, {"q": "كرة القدم"}).content.decode()
    assert "مباراة" in found


def test_a_reporter_cannot_move_someone_elses_story_and_is_told_why(client):
    reporter = make_staff("samir", "Reporter")
    client.force_login(reporter)
    sport = make_section("رياضة")
    mine = make_article("خبري", status=Status.DRAFT, created_by=reporter)
    theirs = make_article("خبر غيري", status=Status.DRAFT)
    response = act(client, "move_to_section", [mine, theirs], apply="1", section=sport.pk)
    mine.refresh_from_db()
    theirs.refresh_from_db()
    assert mine.section == sport and theirs.section != sport
    assert any(level == constants.WARNING and "خبر غيري" in text for level, text in said(response))


def test_reporters_are_not_offered_publishing_or_front_page_actions(client):
    client.force_login(make_staff("samir", "Reporter"))
    make_article("خبر")
    page = client.get(CHANGELIST_URL).content.decode()
    assert 'value="publish"' not in page and 'value="put_on_front_page"' not in page
    assert 'value="move_to_section"' in page
