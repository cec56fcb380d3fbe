from datetime import timedelta

import pytest
import time_machine
from django.core.cache import cache
from django.utils import timezone

from articles.models import Status
from popularity import counter
from popularity.backends import limits_in_memory
from popularity.counter import COUNTED, FLOODING, REPEAT, bucket_start, most_read, record_view
from popularity.models import HourlyViews
from popularity.visitors import Visitor
from tests.factories import make_article, make_section

pytestmark = pytest.mark.django_db


def read(article, times=1, when=None):
    for _ in range(times):
        record_view(article.pk, section_id=article.section_id, when=when)


def test_views_in_one_hour_share_one_database_bucket(settings):
    settings.NEWSROOM = {**settings.NEWSROOM, "COUNTER_BACKEND": "database"}
    article = make_article()
    now = timezone.now().replace(minute=10)
    for minutes in (0, 20, 40):
        record_view(article.pk, when=now + timedelta(minutes=minutes))
    record_view(article.pk, when=now + timedelta(hours=1))
    assert sorted(HourlyViews.objects.values_list("views", flat=True)) == [1, 3]


def test_three_views_rank_above_one(views_backend):
    a, b = make_article("القصة أ"), make_article("القصة ب")
    read(b)
    read(a, 3)
    ranking = most_read()
    assert ranking == [a, b]
    assert [story.recent_views for story in ranking] == [3, 1]


@pytest.mark.parametrize(
    ("window", "ago", "counted"),
    [
        ("hour", timedelta(minutes=30), True),
        ("hour", timedelta(hours=3), False),
        ("day", timedelta(hours=20), True),
        ("day", timedelta(hours=30), False),
        ("week", timedelta(days=6), True),
        ("week", timedelta(days=9), False),
        ("month", timedelta(days=29), True),
        ("month", timedelta(days=33), False),
    ],
)
def test_windows(views_backend, window, ago, counted):
    now = timezone.now()
    story = make_article(published_at=now - timedelta(days=40))
    read(story, when=now - ago)
    assert (most_read(window=window, now=now) == [story]) is counted


def test_a_story_that_is_no_longer_public_drops_out_at_once(views_backend, client):
    article, other = make_article("سيسحب"), make_article("يبقى")
    read(article, 2)
    read(other)
    assert "سيسحب" in client.get("/").content.decode()
    article.status = Status.UNPUBLISHED
    article.save()
    assert most_read() == [other]
    # The sidebar's ranking is cached, but not its visibility check.
    assert counter.sidebar() == [other]


def test_most_read_per_section_includes_subsections(views_backend):
    sport = make_section("رياضة")
    football = make_section("كرة القدم", parent=sport)
    match, election = make_article("مباراة", section=football), make_article("انتخابات")
    read(match)
    read(election, 2)
    assert most_read(section=sport) == [match]
    assert most_read(section=football) == [match]


def test_the_list_is_limited(views_backend):
    for number in range(12):
        read(make_article(f"خبر {number}"))
    assert len(most_read()) == 10
    assert len(most_read(limit=3)) == 3


def test_the_sidebar_widens_its_window_when_the_site_is_quiet(views_backend, settings):
    now = timezone.now()
    stories = [make_article(f"خبر {n}", published_at=now - timedelta(days=20)) for n in range(6)]
    for story in stories:
        read(story, when=now - timedelta(days=3))
    read(stories[0], when=now - timedelta(hours=1))
    sidebar = counter.sidebar(now=now)
    assert len(sidebar) == 6, "one story read today is not enough: the box falls back to the week"
    assert sidebar[0] == stories[0]


def test_the_sidebar_uses_the_day_when_it_is_busy(views_backend):
    now = timezone.now()
    old = make_article("قديم مقروء", published_at=now - timedelta(days=10))
    read(old, 50, when=now - timedelta(days=3))
    fresh = [make_article(f"جديد {n}") for n in range(5)]
    for story in fresh:
        read(story)
    assert old not in counter.sidebar(now=now)


def test_trending_favours_stories_rising_against_their_own_baseline(views_backend):
    now = timezone.now()
    steady = make_article("قراءة ثابتة", published_at=now - timedelta(days=2))
    rising = make_article("خبر صاعد", published_at=now - timedelta(days=2))
    for hours_ago in range(4, 27):
        read(steady, 10, when=now - timedelta(hours=hours_ago))
        read(rising, 1, when=now - timedelta(hours=hours_ago))
    read(steady, 30, when=now - timedelta(hours=1))
    read(rising, 20, when=now - timedelta(hours=1))
    trend = counter.trending(now=now)
    assert trend[0] == rising
    assert trend.index(rising) < trend.index(steady)


def test_series_for_a_story_and_the_site(views_backend):
    now = timezone.now()
    a, b = make_article("أ"), make_article("ب")
    read(a, 2, when=now - timedelta(hours=2))
    read(b, 1, when=now - timedelta(hours=2))
    read(a, 1, when=now)
    hourly = dict(counter.hourly_series(a.pk, hours=48, now=now))
    assert hourly[bucket_start(now)] == 1 and hourly[bucket_start(now - timedelta(hours=2))] == 2
    site = dict(counter.hourly_series(None, hours=48, now=now))
    assert site[bucket_start(now - timedelta(hours=2))] == 3
    assert sum(views for _day, views in counter.daily_series(None, days=30, now=now)) == 4
    assert len(counter.daily_series(None, days=30, now=now)) == 30


def test_reading_the_top_ten_costs_the_same_however_much_history(views_backend, django_assert_max_num_queries):
    now = timezone.now()
    stories = [make_article(f"خبر {n}", published_at=now - timedelta(days=60)) for n in range(12)]
    for story in stories:
        read(story, when=now - timedelta(days=45))
        read(story, when=now - timedelta(hours=2))
    with django_assert_max_num_queries(3):
        assert len(most_read(window="day", now=now)) == 10


def test_views_are_counted_at_the_time_travelled_to(views_backend):
    story = make_article(published_at=timezone.now() - timedelta(days=1))
    with time_machine.travel(timezone.now() + timedelta(hours=5)):
        read(story)
        assert most_read(window="hour") == [story]


@pytest.fixture
def counted_in_the_database(settings):
    settings.NEWSROOM = {**settings.NEWSROOM, "COUNTER_BACKEND": "database", "VIEW_WRITE_SECONDS": 0}
    # A local cache, so that travelling in time expires its marks.
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "limits"}}
    cache.clear()
    limits_in_memory.clear()
    yield
    cache.clear()
    limits_in_memory.clear()


def visitor(client="phone", address="203.0.113.7"):
    return Visitor(client=client, address=address, reader=client)


def one_minute():
    return time_machine.travel(timezone.now().replace(second=5), tick=False)


def count(story, who):
    return counter.count_view(story.pk, story.section_id, who)


def test_a_client_is_refused_after_its_documented_beacons_a_minute(counted_in_the_database, settings):
    limit = settings.NEWSROOM["VIEW_RATE_PER_CLIENT"]
    assert limit == 60
    stories = [make_article(f"خبر {number}") for number in range(limit + 1)]
    with one_minute():
        outcomes = [count(story, visitor("phone")) for story in stories]
    assert outcomes[:limit] == [COUNTED] * limit
    assert outcomes[limit] == FLOODING


def test_an_address_is_refused_after_its_documented_beacons_a_minute(counted_in_the_database, settings):
    limit = settings.NEWSROOM["VIEW_RATE_PER_ADDRESS"]
    assert limit == 3000
    story = make_article()
    with one_minute():
        outcomes = [count(story, visitor(f"colleague-{number}", "198.51.100.20")) for number in range(limit + 1)]
        assert count(story, visitor("elsewhere", "192.0.2.1")) == COUNTED
    assert outcomes[:limit] == [COUNTED] * limit
    assert outcomes[limit] == FLOODING


def test_a_reader_counts_again_only_after_the_documented_window(counted_in_the_database, settings):
    window = settings.NEWSROOM["VIEW_DEDUP_SECONDS"]
    assert window == 1800
    story = make_article()
    with time_machine.travel(timezone.now(), tick=False) as clock:
        assert count(story, visitor()) == COUNTED
        clock.shift(timedelta(seconds=window - 60))
        assert count(story, visitor()) == REPEAT
        clock.shift(timedelta(seconds=120))
        assert count(story, visitor()) == COUNTED
    assert sum(HourlyViews.objects.filter(article=story).values_list("views", flat=True)) == 2
