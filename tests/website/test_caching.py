"""Readers get pages from the cache, and never a page that no longer tells the truth.

Each test first reads pages as an anonymous reader (which stores them), then changes
something the way editors do, then reads again.
"""

from datetime import timedelta

import pytest
import time_machine
from django.conf import settings
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation
from taggit.models import Tag

from articles.models import Article, Status
from newsroom import pagecache
from popularity.counter import record_view
from tests.factories import make_article, make_author, make_photo, make_section
from website import caching

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def arabic_addresses():
    # A request under /fr/ leaves French active in the thread, and addresses would follow it.
    with translation.override(settings.LANGUAGE_CODE):
        yield


def read(client, url):
    response = client.get(url, follow=True)
    assert response.status_code == 200, url
    return response.content.decode()


def shows(client, url, text):
    """Whether the page at ``url``, which must be there (200), shows ``text``.

    A page expected to be gone (a story's own page, a list left with no public story) is
    checked with ``gone()``: a 404 here fails, so it cannot pass for "not shown".
    """
    response = client.get(url, follow=True)
    assert response.status_code == 200, url
    return text in response.content.decode()


def gone(client, url):
    """Whether the page at ``url`` is not found (404)."""
    return client.get(url, follow=True).status_code == 404


@pytest.fixture
def newsroom():
    """A story in Sport › Football with a tag and an author, and a story in another section."""
    sport = make_section("رياضة")
    football = make_section("كرة القدم", parent=sport)
    economy = make_section("اقتصاد")
    author = make_author("كريم بوزيد")
    story = make_article(
        "المنتخب يتأهل إلى النهائي",
        headline_fr="L'équipe nationale en finale",
        section=football,
        tags=["المنتخب"],
        authors=[author],
    )
    other = make_article("أسعار النفط ترتفع", section=economy, tags=["النفط"])
    return {"story": story, "other": other, "sport": sport, "football": football, "economy": economy, "author": author}


def pages_showing_the_story(newsroom):
    story = newsroom["story"]
    tag = Tag.objects.get(name="المنتخب")
    return [
        story.get_absolute_url(),
        "/",
        newsroom["football"].get_absolute_url(),
        newsroom["sport"].get_absolute_url(),
        reverse("website:tag", kwargs={"slug": tag.slug}),
        newsroom["author"].get_absolute_url(),
        reverse("website:rss"),
        reverse("website:atom"),
        reverse("website:section_rss", kwargs={"slug": newsroom["sport"].slug}),
        reverse("website:tag_atom", kwargs={"slug": tag.slug}),
        reverse("website:search") + "?q=المنتخب",
        reverse("news_sitemap"),
    ]


def test_a_corrected_headline_shows_on_every_page_that_shows_the_story(client, newsroom):
    # Search marks the words it found, so only the rest of the headline is looked for.
    pages = pages_showing_the_story(newsroom)
    for url in pages:
        assert "يتأهل إلى النهائي" in read(client, url), url
    story = newsroom["story"]
    story.headline_ar = "المنتخب الوطني يبلغ النهائي"
    story.save()
    for url in pages:
        page = read(client, url)
        assert "الوطني يبلغ النهائي" in page, url
        assert "يتأهل إلى النهائي" not in page, url


def test_a_story_page_is_fresh_in_every_language(client, newsroom):
    story = newsroom["story"]
    with translation.override("fr"):
        french = story.get_absolute_url()
    assert "L&#x27;équipe nationale en finale" in read(client, french)
    story.headline_fr = "Les Verts en finale"
    story.save()
    assert "Les Verts en finale" in read(client, french)


def test_an_edit_leaves_the_pages_that_do_not_show_the_story_in_the_cache(client, newsroom, django_assert_num_queries):
    untouched = [
        newsroom["other"].get_absolute_url(),
        newsroom["economy"].get_absolute_url(),
        reverse("website:tag", kwargs={"slug": Tag.objects.get(name="النفط").slug}),
    ]
    for url in untouched:
        read(client, url)
    story = newsroom["story"]
    story.deck_ar = "تصحيح في العنوان الفرعي"
    story.save()
    for url in untouched:
        with django_assert_num_queries(0):
            read(client, url)


def test_a_reader_never_sees_a_story_unpublished_a_moment_ago(client, newsroom):
    story, other = newsroom["story"], newsroom["other"]
    neighbour = make_article("خبر في نفس القسم", section=newsroom["football"], tags=["المنتخب"])
    record_view(story.pk, story.section_id)
    pages = [url for url in pages_showing_the_story(newsroom) if url != story.get_absolute_url()]
    pages += [neighbour.get_absolute_url(), other.get_absolute_url()]
    # The neighbour shows it as a related story, every page in the most-read box.
    assert "المنتخب يتأهل إلى النهائي" in read(client, neighbour.get_absolute_url())
    assert "المنتخب يتأهل إلى النهائي" in read(client, other.get_absolute_url())
    for url in pages:
        read(client, url)

    story.status = Status.UNPUBLISHED
    story.save()

    assert client.get(story.get_absolute_url()).status_code == 404
    for url in pages:
        assert not shows(client, url, "يتأهل إلى النهائي"), url


def test_an_unpublish_from_the_admin_reaches_readers_at_once(editor_client, newsroom):
    story = newsroom["story"]
    reader = Client()
    read(reader, newsroom["other"].get_absolute_url())
    record_view(story.pk, story.section_id)
    assert "المنتخب يتأهل إلى النهائي" in read(reader, "/")
    response = editor_client.post(
        reverse("admin:articles_article_changelist"), {"action": "unpublish", "_selected_action": [story.pk]}
    )
    assert response.status_code == 302
    assert reader.get(story.get_absolute_url()).status_code == 404
    assert not shows(reader, "/", "المنتخب يتأهل إلى النهائي")


def test_a_deleted_story_leaves_every_page(client, newsroom):
    story = newsroom["story"]
    own_page = story.get_absolute_url()
    tag = Tag.objects.get(name="المنتخب")
    # Only the story carried its tag: the tag's page and feed go with it.
    tag_pages = [reverse("website:tag", kwargs={"slug": tag.slug}), reverse("website:tag_atom", kwargs={"slug": tag.slug})]
    pages = [url for url in pages_showing_the_story(newsroom) if url != own_page]
    for url in pages + [own_page]:
        read(client, url)
    story.delete()
    assert gone(client, own_page)
    for url in tag_pages:
        assert gone(client, url), url
    for url in pages:
        if url not in tag_pages:
            assert not shows(client, url, "يتأهل إلى النهائي"), url


def test_a_newly_published_story_shows_at_once(client, newsroom):
    draft = make_article("خبر ينشر الآن", status=Status.DRAFT, section=newsroom["football"], tags=["المنتخب"])
    tag_page = reverse("website:tag", kwargs={"slug": Tag.objects.get(name="المنتخب").slug})
    pages = ["/", newsroom["sport"].get_absolute_url(), tag_page, reverse("website:rss")]
    for url in pages:
        assert not shows(client, url, "خبر ينشر الآن")
    draft.status = Status.PUBLISHED
    draft.save()
    for url in pages:
        assert "خبر ينشر الآن" in read(client, url), url


def test_a_scheduled_story_appears_when_its_time_comes_without_any_save(client, newsroom):
    with time_machine.travel(timezone.now(), tick=False) as clock:
        make_article("خبر مجدول", status=Status.SCHEDULED, published_at=timezone.now() + timedelta(seconds=2))
        assert not shows(client, "/", "خبر مجدول")
        assert not shows(client, reverse("website:rss"), "خبر مجدول")
        clock.shift(3)
        assert "خبر مجدول" in read(client, "/")
        assert "خبر مجدول" in read(client, reverse("website:rss"))


def test_breaking_news_and_front_page_pins_end_on_time(client, newsroom):
    story, other = newsroom["story"], newsroom["other"]
    with time_machine.travel(timezone.now(), tick=False) as clock:
        make_article("زلزال بقوة 5 درجات", is_breaking=True, breaking_until=timezone.now() + timedelta(seconds=2))
        make_article("قصة الواجهة المؤقتة", is_front_page=True, front_page_until=timezone.now() + timedelta(seconds=2))
        page = read(client, story.get_absolute_url())
        assert "زلزال بقوة 5 درجات" in page and "قصة الواجهة المؤقتة" in page
        clock.shift(3)
        page = read(client, story.get_absolute_url())
        assert "زلزال بقوة 5 درجات" not in page
        assert not shows(client, other.get_absolute_url(), "قصة الواجهة المؤقتة")


def test_changing_the_front_page_changes_every_page(client, newsroom):
    story, other = newsroom["story"], newsroom["other"]
    assert 'id="front-page-picks"' not in read(client, story.get_absolute_url())
    read(client, "/")
    other.is_front_page = True
    other.save()
    picks = read(client, story.get_absolute_url()).split('id="front-page-picks"')[1]
    assert "أسعار النفط ترتفع" in picks
    home = read(client, "/")
    assert home.index("أسعار النفط ترتفع") < home.index("المنتخب يتأهل إلى النهائي")


def test_tag_and_author_pages_follow_the_story(client, newsroom):
    story, author = newsroom["story"], newsroom["author"]
    old_tag = reverse("website:tag", kwargs={"slug": Tag.objects.get(name="المنتخب").slug})
    assert "المنتخب يتأهل إلى النهائي" in read(client, old_tag)
    assert "المنتخب يتأهل إلى النهائي" in read(client, author.get_absolute_url())
    story.tags.set(["كأس إفريقيا"])
    story.authors.clear()
    # No public story carries the old tag any more: its page is gone; the author's stays, without the story.
    assert gone(client, old_tag)
    assert not shows(client, author.get_absolute_url(), "المنتخب يتأهل إلى النهائي")
    new_tag = reverse("website:tag", kwargs={"slug": Tag.objects.get(name="كأس إفريقيا").slug})
    assert "المنتخب يتأهل إلى النهائي" in read(client, new_tag)
    assert "كأس إفريقيا" in read(client, story.get_absolute_url())


def test_moving_a_story_to_another_section_updates_both(client, newsroom):
    story, economy, sport = newsroom["story"], newsroom["economy"], newsroom["sport"]
    assert "المنتخب يتأهل إلى النهائي" in read(client, sport.get_absolute_url())
    assert not shows(client, economy.get_absolute_url(), "المنتخب يتأهل إلى النهائي")
    story.section = economy
    story.save()
    assert not shows(client, sport.get_absolute_url(), "المنتخب يتأهل إلى النهائي")
    assert "المنتخب يتأهل إلى النهائي" in read(client, economy.get_absolute_url())


def test_renaming_a_section_updates_the_menu_on_every_page(client, newsroom):
    pages = [newsroom["story"].get_absolute_url(), "/", newsroom["other"].get_absolute_url()]
    for url in pages:
        assert ">اقتصاد</a>" in read(client, url)
    economy = newsroom["economy"]
    economy.name_ar = "المال والأعمال"
    economy.save()
    for url in pages:
        assert ">المال والأعمال</a>" in read(client, url), url


def test_an_edited_photo_shows_on_its_stories(client, newsroom):
    photo = make_photo(size=(400, 300), caption_ar="اللاعبون في التدريب")
    story = newsroom["story"]
    story.photo = photo
    story.save()
    assert "اللاعبون في التدريب" in read(client, story.get_absolute_url())
    photo.caption_ar = "اللاعبون بعد الفوز"
    photo.save()
    assert "اللاعبون بعد الفوز" in read(client, story.get_absolute_url())


def test_an_editors_related_pick_shows_at_once(client, newsroom):
    story, other = newsroom["story"], newsroom["other"]
    assert not shows(client, story.get_absolute_url(), "أسعار النفط ترتفع")
    story.related_articles.add(other)
    assert "أسعار النفط ترتفع" in read(client, story.get_absolute_url())


def test_saving_a_draft_retires_no_page(client, newsroom, django_assert_num_queries):
    read(client, "/")
    draft = make_article("مسودة", status=Status.DRAFT, section=newsroom["football"])
    draft.body_ar = "<p>نص جديد</p>"
    draft.save()
    with django_assert_num_queries(0):
        read(client, "/")


def test_the_next_timed_change_is_the_earliest_one(newsroom):
    now = timezone.now()
    make_article("بعد ساعة", status=Status.SCHEDULED, published_at=now + timedelta(hours=1))
    make_article("عاجل لنصف ساعة", is_breaking=True, breaking_until=now + timedelta(minutes=30))
    make_article("مسودة بتاريخ قريب", status=Status.DRAFT, published_at=now + timedelta(minutes=5))
    assert abs(caching.next_change() - (now + timedelta(minutes=30)).timestamp()) < 1
    Article.objects.filter(is_breaking=True).update(is_breaking=False)
    assert abs(caching.next_change() - (now + timedelta(hours=1)).timestamp()) < 1
    Article.objects.filter(status=Status.SCHEDULED).delete()
    assert caching.next_change() is None


@pytest.mark.parametrize(
    ("path", "versions"),
    [
        ("/", ("index",)),
        ("/fr/", ("index",)),
        ("/news/12/الخبر/", ("story:12",)),
        ("/en/section/رياضة/rss/", ("section:رياضة",)),
        ("/tag/المنتخب/", ("tag:المنتخب",)),
        ("/author/karim/", ("author:karim",)),
        ("/search/", ("index",)),
        ("/archive/2026/6/", ("index",)),
        ("/sitemap.xml", ("index",)),
        ("/robots.txt", ()),
        ("/news/12/", None),
        ("/preview/abc/", None),
        ("/admin/", None),
        ("/popularity/views/", None),
        ("/api/v1/stories/", None),
        ("/media/photos/a.jpg", None),
        ("/fr/sitemap.xml", None),
    ],
)
def test_what_each_address_shows(path, versions):
    assert pagecache.versions_for(path) == versions


# The boxes every page shows are kept as rendered HTML, one copy a language, even when whole
# pages are not cached: the next render after a change must show it.


@pytest.fixture
def pages_rendered_every_time(settings):
    settings.NEWSROOM = {**settings.NEWSROOM, "PAGE_CACHE_SECONDS": 0}


def section_menu(page):
    return page.split('class="section-menu"')[1].split("</nav>")[0]


def front_page_picks(page):
    return page.split('id="front-page-picks"')[1].split("</section>")[0] if 'id="front-page-picks"' in page else ""


@pytest.mark.usefixtures("pages_rendered_every_time")
def test_the_front_page_box_leaves_out_the_story_being_read_and_stays_full(client, newsroom):
    picks = [
        make_article(f"خبر الواجهة {number}", is_front_page=True, front_page_position=number) for number in range(6)
    ]
    elsewhere = read(client, newsroom["other"].get_absolute_url())
    assert [f"خبر الواجهة {number}" in front_page_picks(elsewhere) for number in range(6)] == [True] * 5 + [False]
    # The same box, drawn once, on the page of a story it lists: that story gives way to the sixth.
    own = front_page_picks(read(client, picks[2].get_absolute_url()))
    assert [f"خبر الواجهة {number}" in own for number in range(6)] == [True, True, False, True, True, True]
    assert "خبر الواجهة 2" in front_page_picks(read(client, picks[0].get_absolute_url()))


@pytest.mark.usefixtures("pages_rendered_every_time")
def test_the_shared_boxes_follow_an_unpublished_story_on_the_next_render(client, newsroom):
    flagged = make_article("زلزال في الشرق", is_breaking=True, is_front_page=True)
    url = newsroom["other"].get_absolute_url()
    page = read(client, url)
    assert page.count("زلزال في الشرق") == 2 and "زلزال في الشرق" in front_page_picks(page)
    flagged.status = Status.UNPUBLISHED
    flagged.save()
    assert "زلزال في الشرق" not in read(client, url)


@pytest.mark.usefixtures("pages_rendered_every_time")
def test_the_shared_boxes_are_drawn_in_each_language(client, newsroom):
    newsroom["economy"].name_fr = "Économie"
    newsroom["economy"].save()
    make_article("عاجل بالعربية", headline_fr="Urgent en français", is_breaking=True, is_front_page=True)
    story = newsroom["story"]
    arabic = read(client, story.get_absolute_url())
    with translation.override("fr"):
        french = read(client, story.get_absolute_url())
    assert ">اقتصاد</a>" in arabic and "عاجل بالعربية" in arabic and "Urgent en français" not in arabic
    assert ">Économie</a>" in french and french.count("Urgent en français") == 2 and "عاجل بالعربية" not in french
    newsroom["economy"].name_fr = "Finances"
    newsroom["economy"].save()
    with translation.override("fr"):
        assert ">Finances</a>" in read(client, story.get_absolute_url())


@pytest.mark.usefixtures("pages_rendered_every_time")
@pytest.mark.parametrize("slug", ["economy", "اقتصاد-وطني"])
def test_the_section_menu_marks_the_section_being_shown(client, newsroom, slug):
    economy = newsroom["economy"]
    economy.slug = slug
    economy.save()
    read(client, newsroom["story"].get_absolute_url())
    page = read(client, economy.get_absolute_url())
    assert f'<a href="{economy.get_absolute_url()}" aria-current="page">' in section_menu(page)
    assert section_menu(page).count("aria-current") == 1
    assert "aria-current" not in section_menu(read(client, newsroom["story"].get_absolute_url()))


def test_a_photo_edited_in_the_library_changes_the_stories_that_show_it_in_their_body(client, newsroom):
    from newsroom.bodyblocks import photo_block

    photo = make_photo(size=(400, 300), caption_ar="الوزير في الميناء")
    story = newsroom["story"]
    story.body_ar = f"<p>نص الخبر.</p>{photo_block(photo.pk)}"
    story.save()
    assert "الوزير في الميناء" in read(client, story.get_absolute_url())
    photo.caption_ar = "الوزير في المطار"
    photo.save()
    assert "الوزير في المطار" in read(client, story.get_absolute_url())


def test_a_photo_deleted_from_the_library_leaves_the_bodies_that_showed_it(client, newsroom):
    from newsroom.bodyblocks import photo_block

    photo = make_photo(size=(400, 300), caption_ar="صورة ستحذف")
    story = newsroom["story"]
    story.body_ar = f"<p>نص الخبر.</p>{photo_block(photo.pk)}"
    story.save()
    assert "صورة ستحذف" in read(client, story.get_absolute_url())
    photo.delete()
    assert not shows(client, story.get_absolute_url(), "صورة ستحذف")


def test_a_story_card_leaves_the_cached_page_when_its_story_is_unpublished(client, newsroom):
    from newsroom.bodyblocks import story_block

    story, other = newsroom["story"], newsroom["other"]
    story.body_ar = f"<p>نص الخبر.</p>{story_block(other.pk)}"
    story.save()
    page = read(client, story.get_absolute_url())
    assert 'class="story-card"' in page and "أسعار النفط ترتفع" in page
    other.status = Status.UNPUBLISHED
    other.save()
    page = read(client, story.get_absolute_url())
    assert 'class="story-card"' not in page and "أسعار النفط ترتفع" not in page
