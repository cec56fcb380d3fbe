"""The public lists read an index in order and stop after a page, on PostgreSQL.

With a few thousand stories and fresh planner statistics, PostgreSQL's own choice is
checked: no sequential scan of the stories, and for the newest stories no sort either.
SQLite plans differently and is not the production database.
"""

import re
from datetime import timedelta

import pytest
from django.db import connection
from django.utils import timezone

from articles.models import Article, Status
from tests.factories import make_section

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="query plans are checked on PostgreSQL (CI's second run)"
    ),
]

STORIES = 3000


@pytest.fixture
def archive():
    sections = [make_section(name) for name in ("وطني", "دولي", "اقتصاد", "رياضة", "ثقافة", "علوم")]
    now = timezone.now()
    statuses = [Status.PUBLISHED] * 8 + [Status.DRAFT, Status.UNPUBLISHED]
    stories = [
        Article(
            headline=f"خبر {number}",
            headline_ar=f"خبر {number}",
            slug=f"story-{number}",
            status=statuses[number % len(statuses)],
            published_at=now - timedelta(hours=number),
            # One story in a hundred in the small section, the rest spread over the big ones.
            section=sections[5] if number % 100 == 0 else sections[number % 5],
            is_front_page=number % 500 == 0,
            front_page_position=number % 7,
        )
        for number in range(STORIES)
    ]
    Article.objects.bulk_create(stories, batch_size=1000)
    with connection.cursor() as cursor:
        cursor.execute(f"ANALYZE {Article._meta.db_table}")
    return sections


def plan(queryset):
    return queryset.explain()


def reads_an_index_in_order(query_plan):
    """An index scan of the stories and no sort of everything it found (an incremental sort is fine)."""
    return (
        re.search(r"Index Scan (?:Backward )?using article_\w+_idx on articles_article", query_plan) is not None
        and "Seq Scan on articles_article" not in query_plan
        and re.search(r"^\s*(?:->\s*)?Sort\b", query_plan, re.M) is None
    )


def test_the_newest_public_stories_come_from_the_index_without_a_sort(archive):
    latest = plan(Article.objects.published().for_listing()[:20])
    assert "article_latest_public_idx" in latest
    assert reads_an_index_in_order(latest), latest


def test_a_day_of_the_archive_reads_the_same_index(archive):
    # As the archive views ask for a day: a range of publish times.
    start = timezone.now().replace(hour=0, minute=0, second=0, microsecond=0) - timedelta(days=3)
    day = Article.objects.published().filter(published_at__gte=start, published_at__lt=start + timedelta(days=1))
    stories = plan(day.order_by("-published_at", "-pk")[:20])
    assert "article_latest_public_idx" in stories
    assert reads_an_index_in_order(stories), stories


def test_a_big_section_reads_an_index_in_order(archive):
    stories = plan(Article.objects.published().for_listing().filter(section_id__in=archive[0].descendant_ids())[:20])
    assert reads_an_index_in_order(stories), stories


def test_a_small_section_reads_its_few_stories_through_an_index(archive):
    # Thirty stories: fetching them all by section and sorting them beats walking the newest.
    stories = plan(Article.objects.published().for_listing().filter(section_id__in=archive[5].descendant_ids())[:20])
    assert re.search(r"Index Scan .*on articles_article|Bitmap Index Scan on articles_article", stories), stories
    assert "Seq Scan on articles_article" not in stories, stories


def test_the_front_page_reads_the_front_page_index(archive):
    picks = plan(Article.objects.front_page()[:5])
    assert "article_front_page_idx" in picks
    assert "Seq Scan on articles_article" not in picks
