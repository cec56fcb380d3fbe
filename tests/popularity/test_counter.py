from datetime import timedelta

import pytest
from django.utils import timezone

from articles.models import Status
from popularity.counter import most_read, record_view
from popularity.models import HourlyViews
from tests.factories import make_article, make_section

pytestmark = pytest.mark.django_db


def test_views_in_one_hour_share_one_bucket():
    article = make_article()
    now = timezone.now().replace(minute=10)
    for minutes in (0, 20, 40):
        record_view(article.pk, when=now + timedelta(minutes=minutes))
    record_view(article.pk, when=now + timedelta(hours=1))
    assert sorted(HourlyViews.objects.values_list("views", flat=True)) == [1, 3]


def test_three_views_rank_above_one():
    a, b = make_article("القصة أ"), make_article("القصة ب")
    record_view(b.pk)
    for _ in range(3):
        record_view(a.pk)
    ranking = most_read()
    assert ranking == [a, b]
    assert [story.recent_views for story in ranking] == [3, 1]


def test_views_outside_the_window_do_not_count():
    old_favourite, today = make_article("قديم"), make_article("اليوم")
    for _ in range(5):
        record_view(old_favourite.pk, when=timezone.now() - timedelta(days=8))
    record_view(today.pk)
    assert most_read(days=7) == [today]
    assert most_read(days=30)[0] == old_favourite


def test_a_story_that_is_no_longer_public_drops_out_at_once():
    article = make_article()
    record_view(article.pk)
    article.status = Status.UNPUBLISHED
    article.save()
    assert most_read() == []


def test_most_read_per_section_includes_subsections():
    sport = make_section("رياضة")
    football = make_section("كرة القدم", parent=sport)
    match, election = make_article("مباراة", section=football), make_article("انتخابات")
    record_view(match.pk)
    record_view(election.pk)
    assert most_read(section=sport) == [match]


def test_the_list_is_limited():
    for number in range(12):
        record_view(make_article(f"خبر {number}").pk)
    assert len(most_read()) == 10
    assert len(most_read(limit=3)) == 3
