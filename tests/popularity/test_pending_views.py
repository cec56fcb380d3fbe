"""Views counted in the database wait a moment and are written together (PendingViews)."""

import time

import pytest
from django.db import OperationalError

from popularity import backends, counter
from popularity.counter import COUNTED, most_read
from popularity.models import HourlyViews
from popularity.visitors import Visitor
from tests.factories import make_article

pytestmark = pytest.mark.django_db


@pytest.fixture
def delayed_writes(settings):
    def delay(seconds):
        settings.NEWSROOM = {**settings.NEWSROOM, "COUNTER_BACKEND": "database", "VIEW_WRITE_SECONDS": seconds}

    yield delay
    with backends.pending.lock:
        if backends.pending.timer is not None:
            backends.pending.timer.cancel()
            backends.pending.timer = None
        backends.pending.counts.clear()


def reader(number):
    return Visitor(client=f"client-{number}", address=f"address-{number}", reader=f"reader-{number}")


def test_views_wait_and_are_written_together_before_a_ranking_is_read(delayed_writes, django_assert_max_num_queries):
    delayed_writes(60)
    first, second = make_article("الأولى"), make_article("الثانية")
    outcomes = [counter.count_view(first.pk, None, reader(n)) for n in range(3)]
    outcomes += [counter.count_view(second.pk, None, reader(n)) for n in range(2)]
    assert outcomes == [COUNTED] * 5
    assert not HourlyViews.objects.exists()
    # Which stories still exist; then one UPDATE, and one INSERT when the hour's row is new,
    # per story (and a savepoint each).
    with django_assert_max_num_queries(1 + 2 * 2 * 3):
        backends.pending.write()
    assert sorted(HourlyViews.objects.values_list("views", flat=True)) == [2, 3]


def test_this_process_s_waiting_views_show_in_its_rankings_at_once(delayed_writes):
    delayed_writes(60)
    first, second = make_article("الأولى"), make_article("الثانية")
    counter.count_view(second.pk, None, reader(1))
    for n in range(3):
        counter.count_view(first.pk, None, reader(n))
    ranking = most_read()
    assert ranking == [first, second]
    assert [story.recent_views for story in ranking] == [3, 1]


def test_a_repeat_view_waiting_to_be_written_still_counts_once(delayed_writes):
    delayed_writes(60)
    story = make_article()
    assert [counter.count_view(story.pk, None, reader(1)) for _ in range(3)] == [COUNTED, "repeat", "repeat"]
    assert [s.recent_views for s in most_read()] == [1]


def test_a_failed_write_keeps_its_views_for_the_next_one(delayed_writes, monkeypatch):
    delayed_writes(60)
    story = make_article()
    for n in range(4):
        counter.count_view(story.pk, None, reader(n))

    def database_away(*args):
        raise OSError("disk full")

    with monkeypatch.context() as patch:
        patch.setattr(backends, "_add_to_bucket", database_away)
        with pytest.raises(OSError):
            backends.pending.write()
    assert not HourlyViews.objects.exists()
    backends.pending.write()
    assert HourlyViews.objects.get().views == 4


def test_a_story_deleted_while_its_views_wait_does_not_hold_up_the_others(delayed_writes):
    delayed_writes(60)
    kept, deleted = make_article("باقية"), make_article("محذوفة")
    counter.count_view(kept.pk, None, reader(1))
    counter.count_view(deleted.pk, None, reader(1))
    deleted.delete()
    backends.pending.write()
    assert list(HourlyViews.objects.values_list("article_id", "views")) == [(kept.pk, 1)]
    assert not backends.pending.counts


@pytest.mark.django_db(transaction=True)
def test_a_quiet_process_writes_its_views_within_the_delay(delayed_writes):
    delay = 0.5
    delayed_writes(delay)
    story = make_article()
    counted_at = time.monotonic()
    assert counter.count_view(story.pk, None, reader(1)) == COUNTED
    # Nothing is written at once: the view waits in this process for the timer.
    assert not HourlyViews.objects.exists()
    assert time.monotonic() - counted_at < delay, "too slow to look before the delay was over"
    assert backends.pending.timer is not None and sum(backends.pending.counts.values()) == 1
    # Then, with no ranking read to hurry it, the timer writes it once the delay is over.
    deadline = counted_at + delay + 5
    while not written() and time.monotonic() < deadline:
        time.sleep(0.02)
    appeared_at = time.monotonic()
    assert written(), "the view was not written within 5 seconds of the delay"
    assert appeared_at - counted_at >= delay
    assert HourlyViews.objects.get().views == 1
    assert not backends.pending.counts


def written():
    try:
        return HourlyViews.objects.exists()
    except OperationalError:
        # SQLite's shared in-memory test database refuses a read while the timer's write is open
        # (a database file, as the site uses, waits for it instead).
        return False
