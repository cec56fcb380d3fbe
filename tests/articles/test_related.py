import re
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from articles.models import Article, Status
from tests.factories import make_article, make_section

pytestmark = pytest.mark.django_db


def ago(hours):
    return timezone.now() - timedelta(hours=hours)


def related(article, limit=4):
    return [story.headline for story in Article.objects.published().for_listing().related_to(article, limit)]


@pytest.fixture
def sport():
    return make_section("رياضة")


def test_stories_sharing_the_most_tags_come_first_then_the_same_section(sport):
    economy = make_section("اقتصاد")
    story = make_article("المنتخب يتأهل", section=sport, tags=["المنتخب", "كأس إفريقيا", "بلماضي"])
    make_article("ثلاثة وسوم مشتركة", section=economy, tags=["المنتخب", "كأس إفريقيا", "بلماضي"], published_at=ago(50))
    make_article("وسم واحد مشترك", section=economy, tags=["المنتخب", "طقس"], published_at=ago(2))
    make_article("وسمان مشتركان", section=economy, tags=["المنتخب", "بلماضي"], published_at=ago(40))
    make_article("نفس القسم", section=sport, published_at=ago(3))
    make_article("لا علاقة", section=economy, tags=["طقس"], published_at=ago(1))
    assert related(story) == ["ثلاثة وسوم مشتركة", "وسمان مشتركان", "وسم واحد مشترك", "نفس القسم"]


def test_newest_first_among_equals_and_at_most_four(sport):
    story = make_article("الخبر", section=sport, tags=["الدوري"])
    for hours in (5, 1, 3):
        make_article(f"وسم منذ {hours}", tags=["الدوري"], published_at=ago(hours))
    for hours in (4, 2):
        make_article(f"قسم منذ {hours}", section=sport, published_at=ago(hours))
    assert related(story) == ["وسم منذ 1", "وسم منذ 3", "وسم منذ 5", "قسم منذ 2"]
    assert related(story, limit=2) == ["وسم منذ 1", "وسم منذ 3"]


def test_never_the_story_itself_nor_a_story_readers_cannot_see(sport):
    story = make_article("الخبر", section=sport, tags=["الدوري"])
    make_article("مسودة", status=Status.DRAFT, section=sport, tags=["الدوري"])
    make_article("قيد المراجعة", status=Status.REVIEW, section=sport, tags=["الدوري"])
    make_article("مسحوب", status=Status.UNPUBLISHED, published_at=ago(1), section=sport, tags=["الدوري"])
    make_article("مجدول للغد", status=Status.SCHEDULED, published_at=timezone.now() + timedelta(days=1), section=sport)
    make_article("منشور", section=sport, published_at=ago(30))
    assert related(story) == ["منشور"]


def test_the_editors_public_picks_come_first(sport):
    story = make_article("الخبر", section=sport, tags=["الدوري"])
    make_article("وسم مشترك", tags=["الدوري"], published_at=ago(1))
    pick = make_article("اختيار المحرر", section=make_section("ثقافة"), published_at=ago(90))
    hidden_pick = make_article("اختيار غير منشور", status=Status.DRAFT)
    story.related_articles.add(pick, hidden_pick)
    assert related(story) == ["اختيار المحرر", "وسم مشترك"]


def test_a_story_without_tags_or_section_has_only_its_picks():
    story = make_article("الخبر")
    make_article("خبر آخر")
    assert related(story) == []
    older_pick = make_article("اختيار أقدم", published_at=ago(30))
    newer_pick = make_article("اختيار أحدث", section=make_section("ثقافة"), tags=["فن"], published_at=ago(5))
    hidden_pick = make_article("اختيار غير منشور", status=Status.DRAFT)
    story.related_articles.add(older_pick, newer_pick, hidden_pick)
    # Exactly its public picks, newest first: never "خبر آخر", which is newer than both.
    assert related(story) == ["اختيار أحدث", "اختيار أقدم"]


def test_the_number_of_queries_does_not_grow_with_the_candidates(sport):
    story = make_article("الخبر", section=sport, tags=["أ", "ب"])

    def count_queries():
        with CaptureQueriesContext(connection) as queries:
            related(story)
        return len(queries)

    make_article("واحد", section=sport, tags=["أ"])
    few = count_queries()
    for number in range(12):
        other = make_article(f"خبر {number}", section=sport, tags=["أ", "ب"][: number % 2 + 1])
        story.related_articles.add(other)
    assert count_queries() == few


def test_related_stories_are_shown_at_the_foot_of_the_article(client, sport):
    story = make_article("المنتخب يتأهل", section=sport, tags=["المنتخب"])
    make_article("خبر ذو صلة", tags=["المنتخب"])
    page = client.get(story.get_absolute_url()).content.decode()
    block = re.search(r'<section class="related" aria-labelledby="related-title">(.*?)</section>', page, re.S)
    assert block
    assert "خبر ذو صلة" in block.group(1)
    assert "المنتخب يتأهل" not in block.group(1)
    # Inside the story, after its tags.
    assert page.index('class="tags"') < page.index('class="related"') < page.index("</article>\n  <aside")


def test_no_related_block_when_there_is_nothing_to_show(client):
    story = make_article("خبر وحيد")
    assert 'class="related"' not in client.get(story.get_absolute_url()).content.decode()
