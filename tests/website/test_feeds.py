import calendar
import re
from datetime import timedelta

import feedparser
import pytest
from django.core.cache.backends.locmem import LocMemCache
from django.utils import timezone, translation

from articles.models import Article, Status
from newsroom import pagecache
from photos.library import add_photo
from popularity import counter
from tests.factories import jpeg_upload, make_article, make_author, make_section
from website.feeds import FEED_LENGTH

pytestmark = pytest.mark.django_db

SITE_FEEDS = ["/feeds/rss/", "/feeds/atom/"]


@pytest.fixture(autouse=True)
def arabic_after_each_test():
    # A request to /fr/ leaves French active in the test's thread; addresses built in the
    # next test must be the Arabic ones.
    yield
    translation.activate("ar")


def parse(response):
    assert response.status_code == 200
    feed = feedparser.parse(response.content)
    assert not feed.bozo, feed.get("bozo_exception")
    return feed


def epoch(value):
    """Seconds since the epoch, as feedparser's parsed dates give them (whole seconds, UTC)."""
    return int(value.timestamp())


def parsed_epoch(struct):
    return calendar.timegm(struct)


@pytest.fixture
def hidden_stories():
    """A draft, a story in review, an unpublished one and one embargoed for tomorrow, all in one section and tag."""
    section = make_section("مخفي")
    tomorrow = timezone.now() + timedelta(days=1)
    common = {"section": section, "tags": ["سري"]}
    return section, [
        make_article("مسودة سرية", status=Status.DRAFT, **common),
        make_article("قيد المراجعة سرا", status=Status.REVIEW, **common),
        make_article("مسحوب من النشر", status=Status.UNPUBLISHED, published_at=timezone.now(), **common),
        make_article("خبر مؤجل للغد", status=Status.SCHEDULED, published_at=tomorrow, **common),
    ]


class TestSiteFeeds:
    def test_rss_and_atom_parse_with_the_right_dialect(self, client):
        make_article()
        assert parse(client.get("/feeds/rss/")).version == "rss20"
        assert parse(client.get("/feeds/atom/")).version == "atom10"

    def test_newest_public_stories_first_and_nothing_hidden(self, client, hidden_stories):
        section, _hidden = hidden_stories
        now = timezone.now()
        make_article("الخبر الأقدم", published_at=now - timedelta(days=2), section=section, tags=["سري"])
        make_article("الخبر الأحدث", published_at=now - timedelta(minutes=5))
        make_article("موعد مضى", status=Status.SCHEDULED, published_at=now - timedelta(minutes=30))
        for url in SITE_FEEDS:
            titles = [entry.title for entry in parse(client.get(url)).entries]
            assert titles == ["الخبر الأحدث", "موعد مضى", "الخبر الأقدم"]

    def test_only_the_newest_thirty(self, client):
        now = timezone.now()
        for minutes in range(FEED_LENGTH + 2):
            make_article(f"خبر رقم {minutes}", published_at=now - timedelta(minutes=minutes + 1))
        entries = parse(client.get("/feeds/rss/")).entries
        assert len(entries) == FEED_LENGTH == 30
        assert entries[0].title == "خبر رقم 0"
        assert entries[-1].title == "خبر رقم 29"

    def test_full_arabic_text_summary_authors_and_tags(self, client):
        author = make_author("كريم بوزيد")
        make_article(
            "المنتخب يفوز على Cameroun",
            deck_ar="فوز مستحق في ملعب 5 جويلية",
            body_ar="<p>الفقرة الأولى من الخبر.</p><p>الفقرة الثانية مع <strong>تفاصيل</strong>.</p>",
            authors=[author],
            tags=["المنتخب الوطني", "كأس إفريقيا"],
        )
        for url in SITE_FEEDS:
            entry = parse(client.get(url)).entries[0]
            content = entry.content[0]
            assert content.type == "text/html"
            assert "<p>الفقرة الأولى من الخبر.</p>" in content.value
            assert "<strong>تفاصيل</strong>" in content.value
            assert 'dir="rtl"' in content.value
            assert entry.summary == "فوز مستحق في ملعب 5 جويلية"
            assert entry.author == "كريم بوزيد"
            assert sorted(tag.term for tag in entry.tags) == ["المنتخب الوطني", "كأس إفريقيا"]

    def test_summary_falls_back_to_the_start_of_the_body(self, client):
        words = " ".join(f"كلمة{n}" for n in range(60))
        make_article(body_ar=f"<p>{words}</p>")
        summary = parse(client.get("/feeds/rss/")).entries[0].summary
        assert summary.startswith("كلمة0 كلمة1")
        assert "كلمة39" in summary and "كلمة40" not in summary

    def test_byline_stands_for_the_authors_and_the_site_for_nobody(self, client):
        make_article("خبر وكالة", byline="وكالة الأنباء", published_at=timezone.now() - timedelta(minutes=1))
        make_article("خبر بلا كاتب", published_at=timezone.now() - timedelta(minutes=2))
        rss = parse(client.get("/feeds/rss/")).entries
        assert rss[0].author == "وكالة الأنباء"
        assert "author" not in rss[1]
        atom = parse(client.get("/feeds/atom/"))
        # Atom requires an author per entry: the feed's own (the site) covers the story without one.
        assert atom.feed.author == "نيوزروم"
        assert atom.entries[0].author == "وكالة الأنباء"

    def test_links_are_absolute_and_ids_survive_a_headline_edit(self, client):
        article = make_article(body_ar='<p>اقرأ <a href="/news/1/">الخبر السابق</a>.</p>')
        for url in SITE_FEEDS:
            feed = parse(client.get(url))
            entry = feed.entries[0]
            assert entry.link == f"http://testserver{article.get_absolute_url()}"
            assert entry.id == f"http://testserver/news/{article.pk}/"
            assert 'href="http://testserver/news/1/"' in entry.content[0].value
            assert feed.feed.link == "http://testserver/"
        article.slug = "عنوان-جديد"
        article.save()
        entry = parse(client.get("/feeds/rss/")).entries[0]
        assert entry.link.endswith("/%D8%B9%D9%86%D9%88%D8%A7%D9%86-%D8%AC%D8%AF%D9%8A%D8%AF/")
        assert entry.id == f"http://testserver/news/{article.pk}/"

    def test_headline_with_markup_characters_reads_as_written(self, client):
        make_article("أرباح «سوناطراك» & شركائها < 5%")
        for url in SITE_FEEDS:
            assert parse(client.get(url)).entries[0].title == "أرباح «سوناطراك» & شركائها < 5%"

    def test_dates_published_and_updated(self, client):
        published = timezone.now() - timedelta(hours=5)
        article = make_article(published_at=published)
        article.refresh_from_db()
        rss = parse(client.get("/feeds/rss/")).entries[0]
        assert parsed_epoch(rss.published_parsed) == epoch(published)
        atom = parse(client.get("/feeds/atom/")).entries[0]
        assert parsed_epoch(atom.published_parsed) == epoch(published)
        assert parsed_epoch(atom.updated_parsed) == epoch(article.updated_at)

    def test_a_scheduled_story_is_updated_no_earlier_than_it_went_live(self, client):
        goes_live = timezone.now() - timedelta(minutes=1)
        article = make_article(status=Status.SCHEDULED, published_at=goes_live)
        Article.objects.filter(pk=article.pk).update(updated_at=goes_live - timedelta(days=1))
        atom = parse(client.get("/feeds/atom/")).entries[0]
        assert parsed_epoch(atom.updated_parsed) == epoch(goes_live)

    def test_the_photo_is_an_enclosure(self, client):
        photo = add_photo(jpeg_upload("ملعب.jpg"), "ملعب.jpg", title_ar="ملعب 5 جويلية")
        make_article("خبر مصور", photo=photo, published_at=timezone.now() - timedelta(minutes=1))
        make_article("خبر بلا صورة", published_at=timezone.now() - timedelta(minutes=2))
        for url in SITE_FEEDS:
            pictured, plain = parse(client.get(url)).entries
            (enclosure,) = pictured.enclosures
            # A JPEG no wider than 1200 pixels: readers fetch enclosures, so not the original.
            jpeg = photo.file_for("article", max_width=1200)
            assert enclosure.href == f"http://testserver{jpeg['url']}"
            assert int(enclosure.length) == jpeg["bytes"] > 0
            assert enclosure.type == "image/jpeg"
            assert plain.enclosures == []

    def test_reading_a_feed_counts_no_view(self, client):
        article = make_article()
        body = client.get("/feeds/rss/").content.decode() + client.get("/feeds/atom/").content.decode()
        assert "/popularity/" not in body
        assert counter.hourly_series(article.pk, hours=1)[0][1] == 0

    def test_an_unchanged_feed_is_not_sent_again(self, client):
        make_article()
        first = client.get("/feeds/rss/")
        assert first["Last-Modified"] and first["ETag"]
        assert client.get("/feeds/rss/", HTTP_IF_NONE_MATCH=first["ETag"]).status_code == 304
        assert client.get("/feeds/rss/", HTTP_IF_MODIFIED_SINCE=first["Last-Modified"]).status_code == 304
        make_article("خبر جديد")
        assert client.get("/feeds/rss/", HTTP_IF_NONE_MATCH=first["ETag"]).status_code == 200

    def test_queries_do_not_grow_with_stories(self, client, django_assert_max_num_queries):
        author = make_author()
        for n in range(12):
            make_article(f"خبر {n}", authors=[author], tags=["اقتصاد", f"وسم {n}"], section=make_section(f"قسم {n}"))
        # Beside a shared cache, the page cache's epoch is read too (once a second per process).
        epoch = 0 if isinstance(pagecache.cache(), LocMemCache) else 1
        with django_assert_max_num_queries(4 + epoch):
            parse(client.get("/feeds/atom/"))


class TestSectionAndTagFeeds:
    def test_section_feed_includes_its_subsections(self, client, hidden_stories):
        hidden_section, _hidden = hidden_stories
        sport = make_section("رياضة")
        football = make_section("كرة القدم", parent=sport)
        make_article("خبر رياضي", section=sport)
        make_article("مباراة الأمس", section=football)
        make_article("خبر سياسي", section=make_section("سياسة"))
        for kind in ("rss", "atom"):
            feed = parse(client.get(f"/section/{sport.slug}/{kind}/"))
            assert sorted(entry.title for entry in feed.entries) == ["خبر رياضي", "مباراة الأمس"]
            assert feed.feed.title == "رياضة | نيوزروم"
            assert feed.feed.link == f"http://testserver{sport.get_absolute_url()}"
            assert parse(client.get(f"/section/{hidden_section.slug}/{kind}/")).entries == []

    def test_tag_feed(self, client, hidden_stories):
        make_article("خبر الانتخابات", tags=["الانتخابات الرئاسية"])
        make_article("خبر آخر", tags=["اقتصاد"])
        for kind in ("rss", "atom"):
            feed = parse(client.get(f"/tag/الانتخابات-الرئاسية/{kind}/"))
            assert [entry.title for entry in feed.entries] == ["خبر الانتخابات"]
            assert "الانتخابات الرئاسية" in feed.feed.title
            # A tag only hidden stories carry names what is not published yet: no feed shows it.
            assert client.get(f"/tag/سري/{kind}/").status_code == 404

    def test_unknown_section_or_tag_is_not_found(self, client):
        for url in ("/section/لا-يوجد/rss/", "/section/لا-يوجد/atom/", "/tag/لا-يوجد/rss/", "/tag/لا-يوجد/atom/"):
            assert client.get(url).status_code == 404


class TestLanguages:
    def test_french_feed_gives_french_texts_where_they_exist(self, client):
        make_article(
            "الرئيس يستقبل الوفد",
            headline_fr="Le président reçoit la délégation",
            body_fr="<p>Texte en français.</p>",
            published_at=timezone.now() - timedelta(minutes=1),
        )
        make_article("خبر بالعربية فقط", body_ar="<p>نص عربي.</p>", published_at=timezone.now() - timedelta(minutes=2))
        for kind in ("rss", "atom"):
            feed = parse(client.get(f"/fr/feeds/{kind}/"))
            assert feed.feed.language == "fr"
            translated, untranslated = feed.entries
            assert translated.title == "Le président reçoit la délégation"
            assert '<div dir="ltr" lang="fr"><p>Texte en français.</p></div>' in translated.content[0].value
            assert translated.link.startswith("http://testserver/fr/news/")
            # An untranslated story stays in the feed in Arabic, marked as Arabic and right to left.
            assert untranslated.title == "خبر بالعربية فقط"
            assert 'lang="ar"' in untranslated.content[0].value and 'dir="rtl"' in untranslated.content[0].value

    def test_atom_entries_carry_their_own_language(self, client):
        make_article("خبر", headline_en="News in English", published_at=timezone.now() - timedelta(minutes=1))
        make_article("خبر آخر", published_at=timezone.now() - timedelta(minutes=2))
        english, arabic = parse(client.get("/en/feeds/atom/")).entries
        assert english.title_detail.language == "en"
        assert arabic.title_detail.language == "ar"


class TestPagesAdvertiseFeeds:
    def alternates(self, html):
        return re.findall(r'<link rel="alternate" type="application/(rss|atom)\+xml" title="[^"]*" href="([^"]+)">', html)

    def test_every_page_links_the_site_feeds(self, client):
        html = client.get("/").content.decode()
        assert self.alternates(html) == [("rss", "/feeds/rss/"), ("atom", "/feeds/atom/")]
        html = client.get("/fr/").content.decode()
        assert self.alternates(html) == [("rss", "/fr/feeds/rss/"), ("atom", "/fr/feeds/atom/")]

    def test_section_and_tag_pages_offer_their_own_feed_first(self, client):
        section = make_section("رياضة")
        make_article(section=section, tags=["كرة"])
        links = self.alternates(client.get(section.get_absolute_url()).content.decode())
        assert links[:2] == [("rss", "/section/%D8%B1%D9%8A%D8%A7%D8%B6%D8%A9/rss/"), ("atom", "/section/%D8%B1%D9%8A%D8%A7%D8%B6%D8%A9/atom/")]
        assert links[2:] == [("rss", "/feeds/rss/"), ("atom", "/feeds/atom/")]
        links = self.alternates(client.get("/tag/كرة/").content.decode())
        assert links[0] == ("rss", "/tag/%D9%83%D8%B1%D8%A9/rss/")
        for _kind, href in links:
            assert client.get(href).status_code == 200


class TestBodyConstructs:
    """Photos, embeds, story cards and pull quotes reach feed readers as plain HTML."""

    @pytest.fixture
    def story(self):
        from newsroom import embeds
        from newsroom.bodyblocks import embed_block, photo_block, pull_quote_block, story_block
        from tests.factories import make_photo

        photo = make_photo(caption_ar="الوزير في الميناء", alt_text_ar="رجل على رصيف", credit="واج")
        public = make_article("خبر منشور للبطاقة", published_at=timezone.now() - timedelta(days=2))
        hidden = make_article(
            "خبر مسحوب لا يظهر", status=Status.UNPUBLISHED, published_at=timezone.now() - timedelta(days=3)
        )
        video = embeds.match("https://www.youtube.com/watch?v=dQw4w9WgXcQ")
        post = embeds.match("https://x.com/Presidency_DZ/status/1790000000000000000")
        return make_article(
            "خبر بمحتوى مضمن",
            body_ar=(
                f"<p>مقدمة الخبر.</p>{photo_block(photo.pk)}{embed_block(video, 'كلمة الوزير')}{embed_block(post)}"
                f"{story_block(public.pk)}{story_block(hidden.pk)}{pull_quote_block('الميناء جاهز', 'الوزير')}"
            ),
        )

    def test_photos_embeds_cards_and_quotes_are_plain_html(self, client, story):
        for url in SITE_FEEDS:
            raw = client.get(url).content.decode()
            assert "<iframe" not in raw and "&lt;iframe" not in raw and "data-embed" not in raw
            assert "خبر مسحوب لا يظهر" not in raw
            content = next(entry for entry in parse(client.get(url)).entries if entry.title == "خبر بمحتوى مضمن")
            html = content.content[0].value
            caption = r"<figcaption>الوزير في الميناء \(واج\)</figcaption>"
            figure = re.search(r"<figure><img ([^>]*)>" + caption + "</figure>", html)
            image = dict(re.findall(r'(\w+)="([^"]*)"', figure[1]))
            assert re.fullmatch(r"http://testserver/media/photos/renditions/.+\.jpg", image["src"])
            assert image["alt"] == "رجل على رصيف" and int(image["width"]) <= 1200 and int(image["height"]) > 0
            assert '<p><a href="https://www.youtube.com/watch?v=dQw4w9WgXcQ">كلمة الوزير</a></p>' in html
            assert '<a href="https://x.com/Presidency_DZ/status/1790000000000000000">منشور على X</a>' in html
            assert re.search(r'<p><a href="http://testserver/news/\d+/[^"]+">خبر منشور للبطاقة</a></p>', html)
            assert "<blockquote><p>الميناء جاهز</p><p>— الوزير</p></blockquote>" in html

    def test_the_summary_is_the_story_s_own_text(self, client, story):
        entry = next(entry for entry in parse(client.get("/feeds/rss/")).entries if entry.title == "خبر بمحتوى مضمن")
        assert entry.summary == "مقدمة الخبر."
