"""A page runs the same number of SQL queries however much it shows.

Each page is rendered (the page cache off) once for a site where everything comes one at a
time and once for ten of each: tags, authors, photos, related stories, stories in a list.
The boxes every page shares (menu, ticker, most read, front-page picks) are drawn first by
another page, as they are on a live site, so each count is what rendering the page costs.
"""

import pytest
from django.core.cache.backends.locmem import LocMemCache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from newsroom import embeds, pagecache
from newsroom.bodyblocks import embed_block, photo_block, pull_quote_block, story_block
from popularity.counter import record_view
from tests.factories import make_article, make_author, make_photo, make_section

pytestmark = pytest.mark.django_db

# The story with its section, parents, photo, authors and tags; the related stories; their
# authors.
ARTICLE_QUERIES = 3
# Inside the body: every library photo at once; every story card's story at once (only those
# public now). A body without them costs neither; embeds and pull quotes cost nothing.
BODY_PHOTO_QUERIES = 1
BODY_CARD_QUERIES = 1
# Front-page picks and their authors; the latest stories and their authors.
HOME_QUERIES = 4
# The section; the section tree; the count for pagination; its sub-sections; the stories;
# their authors.
SECTION_QUERIES = 6
# The stories with section and photo; their authors; their tags.
FEED_QUERIES = 3


@pytest.fixture(autouse=True)
def pages_rendered_every_time(settings):
    settings.NEWSROOM = {**settings.NEWSROOM, "PAGE_CACHE_SECONDS": 0}


def small_photo():
    return make_photo(size=(320, 200))


def build_site(count):
    """A story with ``count`` tags, authors and related stories, each with a photo, all in one section."""
    sport = make_section("رياضة")
    football = make_section("كرة القدم", parent=sport)
    tags = [f"وسم {number}" for number in range(count)]
    authors = [make_author(f"كاتب {number}") for number in range(count)]
    story = make_article("الخبر", section=football, tags=tags, authors=authors, photo=small_photo())
    for number in range(count):
        related = make_article(
            f"خبر ذو صلة {number}",
            section=football,
            tags=tags,
            authors=authors,
            photo=small_photo(),
            is_front_page=True,
            front_page_position=number,
        )
        story.related_articles.add(related)
        record_view(related.pk, football.pk)
    elsewhere = make_article("خبر في قسم آخر", section=make_section("اقتصاد"))
    return {"story": story, "section": sport, "elsewhere": elsewhere}


def draw_shared_boxes(client, site):
    assert client.get(site["elsewhere"].get_absolute_url()).status_code == 200


@pytest.mark.parametrize("count", [1, 10])
def test_an_article_page(client, count, django_assert_num_queries):
    site = build_site(count)
    draw_shared_boxes(client, site)
    with django_assert_num_queries(ARTICLE_QUERIES):
        page = client.get(site["story"].get_absolute_url()).content.decode()
    assert page.count('class="card') >= min(count, 4)
    assert page.count('rel="tag"') == count


@pytest.mark.parametrize("count", [1, 10])
def test_an_article_page_with_photos_embeds_and_cards_in_its_body(client, count, django_assert_num_queries):
    site = build_site(1)
    story = site["story"]
    others = [make_article(f"خبر مرتبط {number}", photo=small_photo()) for number in range(count)]
    video = embeds.match("https://www.youtube.com/watch?v=dQw4w9WgXcQ")
    story.body_ar = "".join(
        f"<p>فقرة {number}.</p>{photo_block(small_photo().pk)}{embed_block(video)}{story_block(others[number].pk)}"
        f"{pull_quote_block('قول مأثور', 'قائله')}"
        for number in range(count)
    )
    story.save()
    draw_shared_boxes(client, site)
    with django_assert_num_queries(ARTICLE_QUERIES + BODY_PHOTO_QUERIES + BODY_CARD_QUERIES):
        page = client.get(story.get_absolute_url()).content.decode()
    assert page.count('class="story-photo"') == count
    assert page.count('class="story-card"') == count
    assert page.count("data-embed=") == count


def test_an_article_page_with_photos_alone_in_its_body_costs_one_query_more(client, django_assert_num_queries):
    site = build_site(1)
    story = site["story"]
    story.body_ar = "".join(f"<p>فقرة {number}.</p>{photo_block(small_photo().pk)}" for number in range(5))
    story.save()
    draw_shared_boxes(client, site)
    with django_assert_num_queries(ARTICLE_QUERIES + BODY_PHOTO_QUERIES):
        page = client.get(story.get_absolute_url()).content.decode()
    assert page.count('class="story-photo"') == 5


@pytest.mark.parametrize("count", [1, 10])
def test_the_home_page(client, count, django_assert_num_queries):
    site = build_site(count)
    draw_shared_boxes(client, site)
    with django_assert_num_queries(HOME_QUERIES):
        page = client.get("/").content.decode()
    assert page.count("خبر ذو صلة") >= count


@pytest.mark.parametrize("count", [1, 10])
def test_a_section_page(client, count, django_assert_num_queries):
    site = build_site(count)
    draw_shared_boxes(client, site)
    with django_assert_num_queries(SECTION_QUERIES):
        page = client.get(site["section"].get_absolute_url()).content.decode()
    assert page.count("خبر ذو صلة") >= count


@pytest.mark.parametrize("count", [1, 10])
def test_a_feed(client, count, django_assert_num_queries):
    build_site(count)
    with django_assert_num_queries(FEED_QUERIES):
        feed = client.get(reverse("website:rss")).content.decode()
    assert feed.count("<enclosure") == count + 1


def test_a_feed_whose_bodies_hold_photos_and_cards(client, django_assert_num_queries):
    for number in range(5):
        other = make_article(f"خبر آخر {number}")
        make_article(f"خبر {number}", body_ar=f"<p>نص.</p>{photo_block(small_photo().pk)}{story_block(other.pk)}")
    with django_assert_num_queries(FEED_QUERIES + BODY_PHOTO_QUERIES + BODY_CARD_QUERIES):
        feed = client.get(reverse("website:rss")).content.decode()
    assert feed.count("&lt;figure&gt;") == 5


def test_an_article_page_runs_no_popularity_query_once_the_boxes_are_drawn(client):
    site = build_site(3)
    draw_shared_boxes(client, site)
    with CaptureQueriesContext(connection) as queries:
        page = client.get(site["story"].get_absolute_url()).content.decode()
    assert 'id="most-read"' in page and "خبر ذو صلة" in page.split('id="most-read"')[1]
    assert not [query["sql"] for query in queries if "popularity" in query["sql"]]


def test_the_shared_boxes_cost_a_fixed_number_of_queries_too(client, settings, django_assert_num_queries):
    # With nothing cached: the next timed change, the menu, the ticker, which of the most-read
    # stories are public and those stories, the front-page picks; the ranking itself when
    # views are counted in the database rather than in Redis; and, beside a shared cache, the
    # epoch (read once a second per process).
    site = build_site(10)
    ranking = 1 if settings.NEWSROOM["COUNTER_BACKEND"] == "database" else 0
    epoch = 0 if isinstance(pagecache.cache(), LocMemCache) else 1
    with django_assert_num_queries(ARTICLE_QUERIES + 6 + ranking + epoch):
        client.get(site["story"].get_absolute_url())
