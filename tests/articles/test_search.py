import re
from datetime import timedelta

import pytest
from django.db import connection
from django.urls import reverse
from django.utils import timezone, translation
from taggit.models import Tag

from articles.models import Article, Status
from tests.factories import make_article, make_section

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def arabic_urls():
    # A French page leaves French active in this thread; reverse() here means the Arabic site.
    with translation.override("ar"):
        yield


def search_page(client, query, **params):
    response = client.get(reverse("website:search"), {"q": query, **params})
    assert response.status_code == 200
    return response.content.decode()


def found_headlines(page):
    """The headlines of the result list, in order, with the highlighting removed."""
    headlines = re.findall(r'<h2 class="search-result__headline"[^>]*><a [^>]*>(.*?)</a></h2>', page)
    return [re.sub(r"</?mark>", "", headline) for headline in headlines]


def ago(hours):
    return timezone.now() - timedelta(hours=hours)


@pytest.mark.parametrize(
    ("written", "typed"),
    [
        # Tashkeel, either side.
        ("وصل الرئيسُ إلى الجَزائِر صباحا", "الجزائر"),
        ("وصل الرئيس إلى الجزائر صباحا", "الجَزائِر"),
        # Tatweel, either side.
        ("وصل الرئيس إلى الجزائـــر صباحا", "الجزائر"),
        ("وصل الرئيس إلى الجزائر صباحا", "الجزائــر"),
        # The alef forms.
        ("قمة الاتحاد إفريقيا في أديس أبابا", "افريقيا"),
        ("قمة الاتحاد افريقيا في اديس ابابا", "أفريقيا"),
        ("ترميم آثار تيمقاد", "اثار"),
        ("ترميم اثار تيمقاد", "آثار"),
        # Alef maqsura and yaa.
        ("افتتاح مستشفى جديد", "مستشفي"),
        ("افتتاح مستشفي جديد", "مستشفى"),
        # Taa marbuta and haa.
        ("أشغال في المدينة القديمة", "المدينه"),
        ("أشغال في المدينه القديمه", "المدينة"),
    ],
)
def test_search_ignores_diacritics_tatweel_and_letter_variants(client, written, typed):
    make_article("خبر اليوم", body_ar=f"<p>{written}.</p>")
    make_article("خبر لا علاقة له", body_ar="<p>طقس معتدل في الشمال.</p>")
    assert found_headlines(search_page(client, typed)) == ["خبر اليوم"]


def test_every_word_of_the_query_must_occur(client):
    make_article("المنتخب يفوز في وهران", body_ar="<p>مباراة كرة القدم.</p>")
    make_article("المنتخب يتعادل", body_ar="<p>مباراة في قسنطينة.</p>")
    assert found_headlines(search_page(client, "المنتخب وهران")) == ["المنتخب يفوز في وهران"]


def test_a_headline_match_ranks_above_a_lead_match_above_a_body_match(client):
    make_article("نقاش حول الميزانية", body_ar="<p>جلسة في البرلمان حول الضرائب.</p>", published_at=ago(1))
    make_article("جلسة البرلمان", lead_ar="الحكومة تعرض الضرائب الجديدة", published_at=ago(2))
    make_article("الضرائب الجديدة تثير الجدل", body_ar="<p>نص قصير.</p>", published_at=ago(30))
    assert found_headlines(search_page(client, "الضرائب")) == [
        "الضرائب الجديدة تثير الجدل",
        "جلسة البرلمان",
        "نقاش حول الميزانية",
    ]


def test_equal_matches_come_newest_first(client):
    for hours, headline in [(5, "الخبر الأقدم"), (1, "الخبر الأحدث"), (3, "الخبر الأوسط")]:
        make_article(headline, body_ar="<p>ارتفاع أسعار البطاطا في الأسواق.</p>", published_at=ago(hours))
    assert found_headlines(search_page(client, "البطاطا")) == ["الخبر الأحدث", "الخبر الأوسط", "الخبر الأقدم"]


def test_tags_are_searchable_and_follow_changes(client):
    story = make_article("ندوة في العاصمة", body_ar="<p>نقاش مفتوح.</p>", tags=["الطاقات المتجددة"])
    assert found_headlines(search_page(client, "المتجدده")) == ["ندوة في العاصمة"]

    story.tags.remove("الطاقات المتجددة")
    assert found_headlines(search_page(client, "المتجددة")) == []

    story.tags.add("الهيدروجين الأخضر")
    assert found_headlines(search_page(client, "الهيدروجين")) == ["ندوة في العاصمة"]


def test_a_renamed_or_deleted_tag_changes_what_finds_the_story(client):
    make_article("ندوة في العاصمة", body_ar="<p>نقاش مفتوح.</p>", tags=["غاز"])
    tag = Tag.objects.get(name="غاز")
    tag.name = "الغاز الطبيعي"
    tag.save()
    assert found_headlines(search_page(client, "الطبيعي")) == ["ندوة في العاصمة"]

    tag.delete()
    assert found_headlines(search_page(client, "الطبيعي")) == []


def test_editing_a_tagged_story_keeps_its_tags_searchable(client):
    story = make_article("ندوة في العاصمة", tags=["السياحة الصحراوية"])
    story = Article.objects.get(pk=story.pk)
    story.headline_ar = "ندوة دولية في العاصمة"
    story.save()
    assert found_headlines(search_page(client, "الصحراوية")) == ["ندوة دولية في العاصمة"]


def test_unpublished_drafts_and_embargoed_stories_are_never_found(client):
    section = make_section("وطني")
    body = "<p>زلزال بقوة خمس درجات.</p>"
    make_article("مسودة الزلزال", status=Status.DRAFT, body_ar=body, section=section)
    make_article("الزلزال قيد المراجعة", status=Status.REVIEW, body_ar=body)
    make_article("الزلزال مسحوب", status=Status.UNPUBLISHED, published_at=ago(2), body_ar=body)
    make_article("الزلزال غدا", status=Status.SCHEDULED, published_at=timezone.now() + timedelta(days=1), body_ar=body)
    make_article("الزلزال المنشور", body_ar=body, tags=["زلزال"])
    page = search_page(client, "الزلزال")
    assert found_headlines(page) == ["الزلزال المنشور"]
    assert "مسودة" not in page and "مسحوب" not in page and "غدا" not in page
    assert [story.headline for story in Article.objects.published().search("زلزال")] == ["الزلزال المنشور"]


def test_a_scheduled_story_is_found_once_its_time_has_passed(client):
    make_article("موعد الزلزال", status=Status.SCHEDULED, published_at=ago(1), body_ar="<p>زلزال.</p>")
    assert found_headlines(search_page(client, "زلزال")) == ["موعد الزلزال"]


def test_an_empty_query_shows_search_tips(client):
    make_article("خبر")
    # Control characters are nothing typed (a NUL is refused before any view: see newsroom.security).
    for query in ("", "   ", "\x07\x1b"):
        page = search_page(client, query)
        assert 'class="search-tips"' in page
        assert found_headlines(page) == []
        assert 'class="search-empty"' not in page


@pytest.mark.parametrize(
    "query",
    [
        "ب" * 1000,
        "؟!،.;:«»()[]{}-–—…" * 20,
        "في من على إلى",
        "' OR 1=1; DROP TABLE articles_article; --",
        '"; DELETE FROM articles_article WHERE ""="',
        "<script>alert(1)</script>",
        "%_%",
    ],
)
def test_an_absurd_query_gets_a_clear_no_results_page(client, query):
    make_article("خبر عادي", body_ar="<p>نص عادي بلا مفاجآت.</p>")
    page = search_page(client, query)
    assert found_headlines(page) == []
    assert 'class="search-empty"' in page
    assert "<script>alert" not in page
    # The database is intact and search still works.
    assert found_headlines(search_page(client, "عادي")) == ["خبر عادي"]


def test_percent_and_underscore_inside_a_word_are_not_wildcards(client):
    make_article("رمز المنتج", body_ar="<p>الرمز abxcd مطبوع على العلبة.</p>")
    assert found_headlines(search_page(client, "ab%cd")) == []
    assert found_headlines(search_page(client, "ab_cd")) == []
    assert found_headlines(search_page(client, "abxcd")) == ["رمز المنتج"]


def test_matches_are_marked_in_the_headline_as_written(client):
    make_article("الجَزائِـــر تستضيف القمة العربية")
    page = search_page(client, "الجزائر القمه")
    assert "<mark>الجَزائِـــر</mark> تستضيف <mark>القمة</mark> العربية" in page


def test_the_excerpt_is_cut_on_word_boundaries_around_the_first_match(client):
    opening = " ".join(f"كلمة{number}" for number in range(60))
    closing = " ".join(f"نهاية{number}" for number in range(60))
    make_article("تقرير طويل", body_ar=f"<p>{opening} أعلنت الوزارة عن مشروع مستشفى جديد {closing}</p>")
    page = search_page(client, "مستشفي")
    excerpt = re.search(r'<p class="search-result__excerpt"[^>]*>(.*?)</p>', page).group(1)
    assert "<mark>مستشفى</mark>" in excerpt
    assert excerpt.startswith("…") and excerpt.endswith("…")
    # Whole words only at both cuts.
    words = re.sub(r"</?mark>", "", excerpt).strip("…").split()
    assert all(re.fullmatch(r"كلمة\d+|نهاية\d+|أعلنت|الوزارة|عن|مشروع|مستشفى|جديد", word) for word in words)
    assert "كلمة0 " not in excerpt and "نهاية59" not in excerpt


def test_the_excerpt_comes_from_the_deck_or_lead_when_they_match(client):
    make_article("قرار جديد", deck_ar="الحكومة تقرر دعم الفلاحين", body_ar="<p>تفاصيل القرار.</p>")
    page = search_page(client, "الفلاحين")
    assert re.search(r'<p class="search-result__excerpt"[^>]*>الحكومة تقرر دعم <mark>الفلاحين</mark></p>', page)


def test_headlines_and_excerpts_are_escaped(client):
    make_article(
        '<img src=x onerror="alert(1)"> الجزائر & تونس',
        body_ar="<p>الجزائر &lt;script&gt;alert(2)&lt;/script&gt;</p>",
    )
    page = search_page(client, "الجزائر")
    assert "<img src=x" not in page and "<script>alert(2)" not in page
    # Latin runs in an Arabic headline are isolated in <bdi>: the escaping is what is checked here.
    unmarked = page.replace("<bdi>", "").replace("</bdi>", "")
    assert "&lt;img src=x onerror=&quot;alert(1)&quot;&gt; <mark>الجزائر</mark> &amp; تونس" in unmarked
    assert "<mark>الجزائر</mark> &lt;script&gt;alert(2)&lt;/script&gt;" in unmarked


def test_the_query_is_shown_back_escaped(client):
    page = search_page(client, '"><script>alert(1)</script>')
    assert 'value="&#34;&gt;&lt;script&gt;alert(1)&lt;/script&gt;"' in page
    assert "<script>alert(1)" not in page


def test_results_are_paginated_and_pages_keep_the_query(client, settings):
    settings.NEWSROOM = {**settings.NEWSROOM, "PAGE_SIZE": 2}
    for hours in range(1, 4):
        make_article(f"خبر رقم {hours}", body_ar="<p>أمطار غزيرة.</p>", published_at=ago(hours))
    first = search_page(client, "أمطار")
    assert found_headlines(first) == ["خبر رقم 1", "خبر رقم 2"]
    assert "3" in re.search(r'<p class="search-summary"[^>]*>(.*?)</p>', first).group(1)
    next_link = re.search(r'<a rel="next" href="([^"]+)"', first).group(1).replace("&amp;", "&")
    assert "q=%D8%A3%D9%85%D8%B7%D8%A7%D8%B1" in next_link and "page=2" in next_link
    second = client.get(reverse("website:search") + next_link).content.decode()
    assert found_headlines(second) == ["خبر رقم 3"]
    # A page number that is not one shows a page all the same.
    assert found_headlines(search_page(client, "أمطار", page="abc")) == ["خبر رقم 1", "خبر رقم 2"]
    assert found_headlines(search_page(client, "أمطار", page="9" * 50)) == ["خبر رقم 3"]


def test_french_pages_search_and_highlight_french_text(client):
    make_article("خبر", headline_fr="L'Énergie solaire au Sahara", body_fr="<p>Une centrale.</p>")
    response = client.get("/fr/search/", {"q": "énergie"})
    page = response.content.decode()
    assert response.status_code == 200 and '<html lang="fr" dir="ltr">' in page
    assert "L&#x27;<mark>Énergie</mark> solaire au Sahara" in page


def test_every_page_has_a_labelled_search_box(client):
    page = client.get(reverse("website:home")).content.decode()
    form = re.search(r'(<form class="site-search"[^>]*>)(.*?)</form>', page, re.S)
    assert 'role="search"' in form.group(1) and 'action="/search/"' in form.group(1)
    assert re.search(r'<label class="visually-hidden" for="site-search-q">[^<]+</label>', form.group(2))
    assert re.search(r'<input id="site-search-q" type="search" name="q"', form.group(2))


def test_search_pages_are_not_indexed(client):
    assert '<meta name="robots" content="noindex, follow">' in search_page(client, "الجزائر")


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the GIN index exists on PostgreSQL only")
def test_postgresql_answers_the_match_from_the_gin_index():
    make_article("الجزائر")
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        plan = Article.objects.search("الجزائر").explain()
    assert "article_search_idx" in plan
