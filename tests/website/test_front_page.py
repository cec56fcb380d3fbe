"""The curated front page ("مقالات الواجهة") and the breaking-news ticker."""

import re
from datetime import timedelta

import pytest
import time_machine
from django.utils import timezone

from articles.models import Article
from tests.factories import make_article

pytestmark = pytest.mark.django_db


def front_page_block(client):
    page = client.get("/").content.decode()
    return page[page.index('class="front-page"') : page.index('id="latest-heading"') if 'id="latest-heading"' in page else None]


def test_pinned_stories_come_in_the_editors_order(client):
    make_article("الثالثة", is_front_page=True, front_page_position=3)
    make_article("الأولى", is_front_page=True, front_page_position=1)
    make_article("الثانية", is_front_page=True, front_page_position=2)
    block = front_page_block(client)
    assert block.index("الأولى") < block.index("الثانية") < block.index("الثالثة")


def test_empty_slots_fill_with_the_latest_stories_once(client, settings):
    settings.NEWSROOM = {**settings.NEWSROOM, "FRONT_PAGE_SLOTS": 3}
    make_article("مثبتة قديمة", is_front_page=True, front_page_position=1, published_at=timezone.now() - timedelta(days=3))
    make_article("أحدث خبر", published_at=timezone.now() - timedelta(minutes=5))
    make_article("خبر قبله", published_at=timezone.now() - timedelta(minutes=50))
    make_article("خبر أقدم", published_at=timezone.now() - timedelta(hours=5))
    page = client.get("/").content.decode()
    block = front_page_block(client)
    assert block.index("مثبتة قديمة") < block.index("أحدث خبر") < block.index("خبر قبله")
    assert "خبر أقدم" not in block
    for headline in ("مثبتة قديمة", "أحدث خبر", "خبر قبله", "خبر أقدم"):
        assert page.count(f">{headline}</a>") == 1, headline


def test_a_pin_with_a_window_shows_only_inside_it():
    start = timezone.now() + timedelta(hours=1)
    story = make_article(is_front_page=True, front_page_from=start, front_page_until=start + timedelta(hours=2))
    assert story not in Article.objects.front_page()
    with time_machine.travel(start + timedelta(minutes=1)):
        assert story in Article.objects.front_page()
    with time_machine.travel(start + timedelta(hours=3)):
        assert story not in Article.objects.front_page()


def test_breaking_news_shows_on_every_page_until_it_expires(client):
    until = timezone.now() + timedelta(hours=1)
    breaking = make_article("انفجار في ميناء", is_breaking=True, breaking_until=until)
    other = make_article("خبر عادي")
    for url in ("/", other.get_absolute_url(), breaking.get_absolute_url()):
        page = client.get(url).content.decode()
        assert 'class="breaking"' in page and "انفجار في ميناء" in page, url
    with time_machine.travel(until + timedelta(minutes=1)):
        assert 'class="breaking"' not in client.get(other.get_absolute_url()).content.decode()


def test_clearing_the_flag_clears_the_ticker(client):
    story = make_article("عاجل مؤقت", is_breaking=True)
    story.is_breaking = False
    story.save()
    assert 'class="breaking"' not in client.get("/").content.decode()


def headlines_in(block):
    return re.findall(r'class="card__headline"[^>]*><a [^>]*>([^<]+)</a>', block)


def test_the_front_page_shows_its_documented_slots_in_the_editors_order(client, settings):
    slots = settings.NEWSROOM["FRONT_PAGE_SLOTS"]
    assert slots == 5
    for position in range(slots + 1, 0, -1):
        make_article(f"المثبتة رقم {position}", is_front_page=True, front_page_position=position)
    block = front_page_block(client)
    assert headlines_in(block) == [f"المثبتة رقم {position}" for position in range(1, slots + 1)]
    assert f"المثبتة رقم {slots + 1}" not in block
