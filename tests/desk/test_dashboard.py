"""The admin's home page is the desk: each role finds its own boxes, in a fixed number of queries."""

import re
from datetime import timedelta

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from articles import presence
from articles.admin_remarks import move_with_remark
from articles.models import Status
from desk import dashboard
from popularity import counter
from tests.factories import make_article, make_photo, make_section, make_staff

pytestmark = pytest.mark.django_db

DESK = reverse("admin:index")
# The same page in English, where a test reads words the catalogues do not change.
DESK_EN = "/en" + DESK


@pytest.fixture
def reporter():
    return make_staff("samir", "Reporter")


@pytest.fixture
def editor():
    return make_staff("hind", "Editor")


@pytest.fixture
def chief():
    return make_staff("karim", "Chief editor")


def desk_of(client, user, path=DESK):
    client.force_login(user)
    response = client.get(path)
    assert response.status_code == 200
    return response.content.decode()


def box_ids(page):
    return re.findall(r'<section class="desk-box[^"]*" aria-labelledby="desk-([\w-]+)"', page)


def box(page, name):
    """The HTML of one box of the desk."""
    found = re.search(rf'aria-labelledby="desk-{name}">(.*?)</section>', page, re.DOTALL)
    assert found, f"no {name} box"
    return found.group(1)


def change_link(story):
    """The end of the story's change address, whatever the page's language prefix."""
    return f'/admin/articles/article/{story.pk}/change/"'


REPORTER_BOXES = ["sent-back", "my-drafts", "my-review", "my-published", "most-read"]
EDITOR_BOXES = ["review-queue", "upcoming", "breaking", "front-page", "editing", "trending", "most-read"]


def test_each_role_sees_its_own_boxes_and_not_the_others(client, reporter, editor, chief):
    assert box_ids(desk_of(client, reporter)) == REPORTER_BOXES
    assert box_ids(desk_of(client, editor)) == EDITOR_BOXES
    assert box_ids(desk_of(client, chief)) == EDITOR_BOXES + ["history"]


def test_a_reporter_finds_drafts_stories_in_review_with_remarks_sent_back_and_published_with_views(
    client, reporter, editor
):
    draft = make_article("مسودة عن السدود", status=Status.DRAFT, created_by=reporter)
    waiting = make_article("خبر ينتظر المحرر", status=Status.DRAFT, created_by=reporter)
    move_with_remark(waiting, reporter, Status.REVIEW, "أضفت تصريح الوالي")
    returned = make_article("خبر أعيد إلي", status=Status.REVIEW, created_by=reporter)
    move_with_remark(returned, editor, Status.DRAFT, "ينقص مصدر الرقم الثاني")
    published = make_article("خبر منشور عن الترامواي", created_by=reporter)
    counter.record_view(published.pk, count=7)
    counter.record_view(published.pk, when=timezone.now() - timedelta(days=3), count=100)

    page = desk_of(client, reporter)

    assert change_link(draft) in box(page, "my-drafts")
    assert change_link(returned) not in box(page, "my-drafts")
    assert change_link(returned) in box(page, "sent-back")
    assert "ينقص مصدر الرقم الثاني" in box(page, "sent-back")
    assert change_link(waiting) in box(page, "my-review")
    assert "أضفت تصريح الوالي" in box(page, "my-review")
    # Views of the last 24 hours only: the hundred of three days ago are not counted.
    assert change_link(published) in box(desk_of(client, reporter, DESK_EN), "my-published")
    assert "7 views in 24 hours" in box(desk_of(client, reporter, DESK_EN), "my-published")


def test_a_reporter_sees_nothing_of_other_peoples_unpublished_stories(client, reporter):
    colleague = make_staff("amina", "Reporter")
    hidden = [
        make_article(f"سر {status}", status=status, created_by=colleague)
        for status in (Status.DRAFT, Status.REVIEW, Status.SCHEDULED, Status.UNPUBLISHED)
    ]
    presence.arrive(hidden[0].pk, colleague)
    page = desk_of(client, reporter)
    for story in hidden:
        assert story.headline not in page
        assert change_link(story) not in page


def test_the_review_queue_is_oldest_first_and_says_how_long_each_has_waited(client, editor, reporter):
    now = timezone.now()
    with time_machine.travel(now - timedelta(hours=2, minutes=5)):
        older = make_article("الأقدم في الطابور", status=Status.REVIEW, created_by=reporter)
    with time_machine.travel(now - timedelta(minutes=5)):
        newer = make_article("الأحدث في الطابور", status=Status.REVIEW, created_by=reporter)
    make_article("مسودة ليست في الطابور", status=Status.DRAFT, created_by=reporter)

    queue = box(desk_of(client, editor, DESK_EN), "review-queue")

    assert queue.index(change_link(older)) < queue.index(change_link(newer))
    assert "مسودة ليست في الطابور" not in queue
    assert "Waiting for 2 hours" in queue
    assert "Waiting for 5 minutes" in queue


def test_the_waiting_time_reads_as_an_editor_says_it_in_arabic(client, editor, reporter):
    """Needs the Arabic catalogue with locale/ar/LC_MESSAGES/pending-desk.po merged."""
    with time_machine.travel(timezone.now() - timedelta(hours=2, minutes=5)):
        make_article("خبر ينتظر", status=Status.REVIEW, created_by=reporter)
    assert "ينتظر منذ ساعتين" in box(desk_of(client, editor), "review-queue")


def test_stories_submitted_since_the_editor_last_looked_are_marked_new(client, editor, reporter):
    seen = make_article("خبر رآه المحرر", status=Status.REVIEW, created_by=reporter)
    first = box(desk_of(client, editor, DESK_EN), "review-queue")
    assert "1 new" in first
    later = make_article("خبر وصل بعد ذلك", status=Status.REVIEW, created_by=reporter)

    queue = box(desk_of(client, editor, DESK_EN), "review-queue")

    new_line = re.search(rf'<li class="desk-line desk-line--new">\s*<a[^>]*{change_link(later)}', queue)
    old_line = re.search(rf'<li class="desk-line">\s*<a[^>]*{change_link(seen)}', queue)
    assert new_line and old_line
    assert "1 new" in queue


def test_scheduled_stories_of_the_next_day_warn_of_a_photo_without_description_or_a_missing_section(client, editor):
    section = make_section()
    ready = make_article("جاهز للنشر", status=Status.SCHEDULED, section=section,
                         published_at=timezone.now() + timedelta(hours=2))
    no_alt = make_article("صورة بلا وصف", status=Status.SCHEDULED, section=section, photo=make_photo(alt_text_ar=""),
                          published_at=timezone.now() + timedelta(hours=3))
    no_section = make_article("بلا قسم", status=Status.SCHEDULED, published_at=timezone.now() + timedelta(hours=4))
    far = make_article("بعد يومين", status=Status.SCHEDULED, section=section,
                       published_at=timezone.now() + timedelta(days=2))

    upcoming = box(desk_of(client, editor, DESK_EN), "upcoming")

    lines = re.findall(r'<li class="desk-line([^"]*)">(.*?)</li>\s*(?=<li class="desk-line|</ol>)', upcoming, re.DOTALL)
    by_story = {story: next(classes for classes, html in lines if change_link(story) in html)
                for story in (ready, no_alt, no_section)}
    assert by_story == {ready: "", no_alt: " desk-line--warning", no_section: " desk-line--warning"}
    assert "needs a description for blind readers" in upcoming
    assert "No section" in upcoming
    assert change_link(far) not in upcoming
    assert upcoming.index(change_link(ready)) < upcoming.index(change_link(no_alt)) < upcoming.index(
        change_link(no_section))


def test_breaking_news_and_the_front_page_show_when_they_end(client, editor):
    until = timezone.now() + timedelta(hours=3)
    running = make_article("عاجل يجري الآن", is_breaking=True, breaking_until=until)
    expired = make_article("عاجل انتهى", is_breaking=True, breaking_until=timezone.now() - timedelta(minutes=1))
    first = make_article("الأول في الواجهة", is_front_page=True, front_page_position=1, front_page_until=until)
    second = make_article("الثاني في الواجهة", is_front_page=True, front_page_position=2)

    page = desk_of(client, editor, DESK_EN)

    breaking = box(page, "breaking")
    assert change_link(running) in breaking and change_link(expired) not in breaking
    assert f'datetime="{timezone.localtime(until).isoformat()}"' in breaking
    front = box(page, "front-page")
    assert front.index(change_link(first)) < front.index(change_link(second))
    assert "pinned until" in front and "pinned with no end" in front


def test_editors_see_who_is_editing_which_story_now(client, editor, reporter):
    story = make_article("خبر مفتوح", status=Status.DRAFT, created_by=reporter)
    closed = make_article("خبر أغلق", status=Status.DRAFT, created_by=reporter)
    presence.arrive(story.pk, reporter)
    presence.arrive(closed.pk, reporter)
    presence.leave(closed.pk, reporter)

    editing = box(desk_of(client, editor), "editing")

    assert change_link(story) in editing and "samir" in editing
    assert change_link(closed) not in editing


def test_editors_see_the_most_read_and_trending_stories(client, editor):
    popular = make_article("الأكثر قراءة اليوم")
    counter.record_view(popular.pk, count=40)
    quiet = make_article("خبر هادئ")

    page = desk_of(client, editor, DESK_EN)

    assert change_link(popular) in box(page, "most-read") and "40 views" in box(page, "most-read")
    assert change_link(popular) in box(page, "trending")
    assert change_link(quiet) not in box(page, "most-read")


def test_chief_editors_see_the_last_fifty_status_changes_of_the_newsroom(client, chief, reporter):
    stories = [make_article(f"خبر {number}", status=Status.DRAFT, created_by=reporter) for number in range(26)]
    for story in stories:
        move_with_remark(story, reporter, Status.REVIEW, "")
    # 26 creations and 26 moves: the oldest two creations are left out.
    history = box(desk_of(client, chief), "history")
    assert history.count('<li class="desk-line">') == 50
    assert change_link(stories[-1]) in history


def test_the_admins_list_of_everything_stays_reachable(client, reporter, chief):
    for person in (reporter, chief):
        page = desk_of(client, person)
        assert '<details class="desk-box desk-box--wide desk-apps">' in page
        assert f'href="{reverse("admin:articles_article_changelist")}"' in page
    assert f'href="{reverse("admin:auth_user_changelist")}"' in desk_of(client, chief)


def test_app_pages_keep_djangos_own_list_of_models(client, editor):
    page = desk_of(client, editor, reverse("admin:app_list", args=["articles"]))
    assert "desk-box" not in page
    assert f'href="{reverse("admin:articles_article_changelist")}"' in page


# The query budget ----------------------------------------------------------------------------


def fill_the_newsroom(reporter, editor, each):
    """``each`` stories in every state a desk box shows, with photos, remarks, views and people editing."""
    section = make_section(f"قسم {each}")
    photo = make_photo(alt_text_ar="")
    now = timezone.now()
    for number in range(each):
        make_article(f"مسودة {number}", status=Status.DRAFT, created_by=reporter, section=section)
        sent = make_article(f"أعيد {number}", status=Status.REVIEW, created_by=reporter)
        move_with_remark(sent, editor, Status.DRAFT, "ملاحظة")
        waiting = make_article(f"ينتظر {number}", status=Status.DRAFT, created_by=reporter)
        move_with_remark(waiting, reporter, Status.REVIEW, "جواب")
        published = make_article(f"منشور {number}", created_by=reporter, section=section, is_front_page=True,
                                 front_page_position=number, is_breaking=True,
                                 breaking_until=now + timedelta(hours=1))
        counter.record_view(published.pk, count=10 + number)
        make_article(f"مجدول {number}", status=Status.SCHEDULED, photo=photo,
                     published_at=now + timedelta(hours=1 + number % 20))
        presence.arrive(published.pk, editor)


def queries_for(client, user):
    client.force_login(user)
    client.get(DESK)  # the first look sets when the person last looked; count a usual one
    with CaptureQueriesContext(connection) as queries:
        assert client.get(DESK).status_code == 200
    return len(queries)


# Session, user, permissions and the session's save, then each role's boxes (desk/dashboard.py): a
# reporter's four boxes and most read; an editor's eight (who is editing reads the newest stories, the
# queue, then those open); a chief editor the same plus the history, less the group check.
BUDGET = {"Reporter": 12, "Editor": 23, "Chief editor": 23}


@pytest.mark.parametrize("role", BUDGET)
def test_the_desk_keeps_its_query_budget_however_many_stories_it_shows(client, role, django_assert_max_num_queries):
    reporter = make_staff("samir", "Reporter")
    editor = make_staff("hind", "Editor")
    person = {"Reporter": reporter, "Editor": editor}.get(role) or make_staff("karim", "Chief editor")
    # Enough read stories for a full most-read box from the start: the counter reads further down
    # its ranking while the box is not full (popularity/counter.py: top()).
    fill_the_newsroom(reporter, editor, each=dashboard.MOST_READ_LIMIT)
    few = queries_for(client, person)
    fill_the_newsroom(reporter, editor, each=dashboard.BOX_LIMIT + 5)
    many = queries_for(client, person)
    assert many == few
    client.force_login(person)
    with django_assert_max_num_queries(BUDGET[role]):
        client.get(DESK)
