import re
from datetime import timedelta
from urllib.parse import unquote

import pytest
from django.urls import reverse
from django.utils import timezone

from articles.models import Status
from popularity.counter import record_view
from tests.factories import make_article, make_author, make_photo, make_section

pytestmark = pytest.mark.django_db


def text_of(response):
    return response.content.decode()


@pytest.fixture
def hidden_stories():
    """A draft, a story in review, an unpublished one and one embargoed for tomorrow."""
    section = make_section("مخفي")
    tomorrow = timezone.now() + timedelta(days=1)
    return [
        make_article("مسودة سرية", status=Status.DRAFT, section=section, tags=["سري"], is_front_page=True),
        make_article("قيد المراجعة سرا", status=Status.REVIEW, section=section, tags=["سري"]),
        make_article("مسحوب من النشر", status=Status.UNPUBLISHED, section=section, published_at=timezone.now()),
        make_article("خبر مؤجل للغد", status=Status.SCHEDULED, published_at=tomorrow, section=section, tags=["سري"]),
    ]


class TestArticlePage:
    def test_renders_every_part_of_the_story(self, client):
        sport = make_section("رياضة")
        football = make_section("كرة القدم", parent=sport)
        author = make_author("كريم بوزيد")
        article = make_article(
            "المنتخب يفوز على Cameroun بثلاثية",
            deck_ar="فوز مستحق في ملعب 5 جويلية",
            lead_ar="تأهل المنتخب إلى الدور الثاني",
            body_ar="<p>الفقرة الأولى من الخبر.</p><p>الفقرة الثانية.</p>",
            photo=make_photo(caption_ar="لاعبو المنتخب بعد المباراة", alt_text_ar="لاعبون يحتفلون في الملعب",
                             credit="تصوير: سمير"),
            section=football,
            tags=["المنتخب الوطني", "كأس إفريقيا"],
            authors=[author],
            published_at=timezone.make_aware(timezone.datetime(2026, 6, 14, 20, 5)),
        )
        make_article("قصة مختارة للواجهة", is_front_page=True)
        response = client.get(article.get_absolute_url())
        page = text_of(response)
        assert response.status_code == 200
        assert '<html lang="ar" dir="rtl">' in page
        assert re.search(r'<h1 class="story__headline" dir="rtl">المنتخب يفوز على <bdi>Cameroun</bdi> بثلاثية</h1>', page)
        assert "فوز مستحق في ملعب 5 جويلية" in page
        assert "تأهل المنتخب إلى الدور الثاني" in page
        assert "<p>الفقرة الأولى من الخبر.</p><p>الفقرة الثانية.</p>" in page
        assert 'alt="لاعبون يحتفلون في الملعب"' in page
        assert "<figcaption dir=\"rtl\">لاعبو المنتخب بعد المباراة" in page and "تصوير: سمير" in page
        assert re.search(r'<img src="/media/photos/renditions/[^"]+\.jpg" srcset="[^"]+" sizes="[^"]+" width="800" height="533"', page)
        # The section trail, outermost first.
        assert page.index(">رياضة</a>") < page.index(">كرة القدم</a>")
        assert f'href="{unquote(author.get_absolute_url())}"' in unquote(page)
        assert "14 جوان 2026" in page
        for tag in ("المنتخب الوطني", "كأس إفريقيا"):
            assert f'rel="tag">{tag}</a>' in page
        assert 'id="most-read"' in page and "الأكثر قراءة" in page
        picks = page[page.index('id="front-page-picks"') :]
        assert "مقالات الواجهة" in picks and "قصة مختارة للواجهة" in picks

    def test_byline_overrides_authors(self, client):
        article = make_article(byline="وكالة الأنباء الجزائرية", authors=[make_author("كريم")])
        page = text_of(client.get(article.get_absolute_url()))
        assert "وكالة الأنباء الجزائرية" in page
        assert "كريم" not in page

    def test_old_slug_and_bare_number_redirect_to_the_current_address(self, client):
        article = make_article("عنوان قديم")
        old_url = article.get_absolute_url()
        article.slug = "عنوان-جديد"
        article.save()
        for url in (old_url, reverse("website:detail_short", kwargs={"pk": article.pk})):
            response = client.get(url)
            assert response.status_code == 301
            assert unquote(response["Location"]) == unquote(article.get_absolute_url())

    def test_hidden_stories_are_not_found(self, client, hidden_stories):
        for article in hidden_stories:
            assert client.get(article.get_absolute_url()).status_code == 404

    def test_the_page_not_found_is_friendly_and_arabic(self, client):
        response = client.get("/news/999999/لا-يوجد/")
        page = text_of(response)
        assert response.status_code == 404
        assert '<html lang="ar" dir="rtl">' in page
        assert "الصفحة غير موجودة" in page

    def test_french_page_is_left_to_right_and_translated(self, client):
        article = make_article("خبر", headline_fr="Une nouvelle en français", body_fr="<p>Texte.</p>")
        page = text_of(client.get("/fr" + article.get_absolute_url(), follow=True))
        assert '<html lang="fr" dir="ltr">' in page
        assert "Une nouvelle en français" in page


class TestHomePage:
    def test_front_page_in_the_editors_order_then_latest(self, client):
        make_article("القصة الثانية في الواجهة", is_front_page=True, front_page_position=2)
        make_article("القصة الأولى في الواجهة", is_front_page=True, front_page_position=1)
        make_article("آخر خبر خارج الواجهة")
        page = text_of(client.get("/"))
        assert page.index("القصة الأولى في الواجهة") < page.index("القصة الثانية في الواجهة")
        assert page.index("القصة الثانية في الواجهة") < page.index("آخر خبر خارج الواجهة")

    def test_stories_below_the_latest_are_grouped_by_section(self, client):
        economy = make_section("اقتصاد", position=2)
        culture = make_section("ثقافة", position=1)
        older = timezone.now() - timedelta(days=1)
        make_article("سعر النفط يرتفع", section=economy, published_at=older)
        make_article("مهرجان الفيلم", section=culture, published_at=older)
        # Enough recent stories to fill the front-page slots and the latest list.
        for number in range(11):
            make_article(f"خبر الساعة {number}")
        page = text_of(client.get("/"))
        assert page.count("مهرجان الفيلم") == 1, "a story is shown once on the home page"
        assert page.index('id="latest-heading"') < page.index('">ثقافة</a></h2>')
        assert page.index('">ثقافة</a></h2>') < page.index("مهرجان الفيلم") < page.index('">اقتصاد</a></h2>')
        assert page.index('">اقتصاد</a></h2>') < page.index("سعر النفط يرتفع")

    def test_accept_language_does_not_move_readers_off_arabic(self, client):
        response = client.get("/", HTTP_ACCEPT_LANGUAGE="en-US,en")
        assert '<html lang="ar" dir="rtl">' in text_of(response)

    def test_breaking_news_ticker(self, client):
        make_article("زلزال بقوة 5 درجات", is_breaking=True)
        page = text_of(client.get("/"))
        assert 'class="breaking"' in page and "زلزال بقوة 5 درجات" in page


class TestListPages:
    def test_section_page_lists_its_stories_and_its_subsections(self, client):
        sport = make_section("رياضة")
        football = make_section("كرة القدم", parent=sport)
        make_article("مباراة القمة", section=football)
        make_article("سباق الدراجات", section=sport)
        make_article("خبر سياسي", section=make_section("سياسة"))
        page = text_of(client.get(sport.get_absolute_url()))
        assert "مباراة القمة" in page and "سباق الدراجات" in page
        assert "خبر سياسي" not in page

    def test_section_pages_are_paginated(self, client, settings):
        settings.NEWSROOM = {**settings.NEWSROOM, "PAGE_SIZE": 2}
        section = make_section("وطني")
        for number in range(5):
            make_article(f"خبر رقم {number}", section=section, published_at=timezone.now() - timedelta(hours=number + 1))
        first = text_of(client.get(section.get_absolute_url()))
        last = text_of(client.get(section.get_absolute_url() + "?page=3"))
        assert "خبر رقم 0" in first and "خبر رقم 2" not in first
        assert "خبر رقم 4" in last and 'rel="prev"' in last
        assert client.get(section.get_absolute_url() + "?page=9").status_code == 404

    def test_tag_page_with_an_arabic_slug(self, client):
        make_article("خبر عن الانتخابات", tags=["الانتخابات الرئاسية"])
        response = client.get("/tag/الانتخابات-الرئاسية/")
        assert response.status_code == 200
        assert "خبر عن الانتخابات" in text_of(response)

    def test_author_page(self, client):
        author = make_author("نادية قاسمي", bio_ar="صحفية في القسم الدولي")
        make_article("تقرير من جنيف", authors=[author])
        page = text_of(client.get(author.get_absolute_url()))
        assert "تقرير من جنيف" in page and "صحفية في القسم الدولي" in page

    def test_unknown_section_and_tag_are_not_found(self, client):
        assert client.get("/section/لا-يوجد/").status_code == 404
        assert client.get("/tag/لا-يوجد/").status_code == 404


def test_hidden_stories_appear_in_no_list(client, hidden_stories):
    section = hidden_stories[0].section
    for story in hidden_stories:
        record_view(story.pk)
    visible = make_article("خبر منشور", section=section, tags=["سري"], is_front_page=True)
    pages = [
        "/",
        section.get_absolute_url(),
        "/tag/سري/",
        visible.get_absolute_url(),
    ]
    for url in pages:
        page = text_of(client.get(url))
        assert "خبر منشور" in page, url
        for story in hidden_stories:
            assert story.headline_ar not in page, (url, story.headline_ar)
