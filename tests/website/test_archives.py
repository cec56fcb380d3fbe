import re
from datetime import UTC, datetime, timedelta

import pytest
from django.utils import timezone, translation

from articles.models import Status
from tests.factories import make_article

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def arabic_urls():
    with translation.override("ar"):
        yield


def at(year, month, day, hour=12, minute=0):
    """A moment in the site's time zone (Algiers)."""
    return timezone.make_aware(datetime(year, month, day, hour, minute))


def page_of(client, url, status=200):
    response = client.get(url)
    assert response.status_code == status
    return response.content.decode()


def card_headlines(page):
    return re.findall(r'<h3 class="card__headline" dir="rtl"><a [^>]*>(.*?)</a></h3>', page)


def heading(page):
    return " ".join(re.search(r'<h1 class="section-title">(.*?)</h1>', page, re.S).group(1).split())


@pytest.fixture
def archive():
    make_article("خبر جوان الأول", published_at=at(2025, 6, 3, 9))
    make_article("خبر جوان الثاني", published_at=at(2025, 6, 20, 18))
    make_article("خبر جويلية", published_at=at(2025, 7, 14))
    make_article("خبر سبتمبر", published_at=at(2025, 9, 1))
    make_article("خبر 2023", published_at=at(2023, 1, 5))
    make_article("مسودة جوان", status=Status.DRAFT, published_at=at(2025, 6, 4))
    make_article("مسحوب جوان", status=Status.UNPUBLISHED, published_at=at(2025, 6, 5))
    make_article("مجدول", status=Status.SCHEDULED, published_at=timezone.now() + timedelta(days=40))


def test_a_year_lists_its_public_stories_newest_first_with_links_to_its_months(client, archive):
    page = page_of(client, "/archive/2025/")
    assert card_headlines(page) == ["خبر سبتمبر", "خبر جويلية", "خبر جوان الثاني", "خبر جوان الأول"]
    assert "2025" in heading(page)
    months = re.findall(r'<li><a href="(/archive/2025/\d+/)">(.*?)</a></li>', page)
    assert months == [
        ("/archive/2025/6/", "جوان 2025"),
        ("/archive/2025/7/", "جويلية 2025"),
        ("/archive/2025/9/", "سبتمبر 2025"),
    ]
    # The previous year with stories, skipping empty 2024; no link to a year still to come.
    assert '<a rel="prev" href="/archive/2023/">2023</a>' in page
    assert 'rel="next"' not in page


def test_a_month_has_an_arabic_heading_its_days_and_its_neighbours(client, archive):
    page = page_of(client, "/archive/2025/6/")
    assert "جوان 2025" in heading(page)
    assert card_headlines(page) == ["خبر جوان الثاني", "خبر جوان الأول"]
    assert "مسودة" not in page and "مسحوب" not in page
    assert re.findall(r'href="(/archive/2025/6/\d+/)"', page) == ["/archive/2025/6/3/", "/archive/2025/6/20/"]
    assert '<a rel="prev" href="/archive/2023/1/">جانفي 2023</a>' in page
    assert '<a rel="next" href="/archive/2025/7/">جويلية 2025</a>' in page


def test_a_day_follows_the_sites_time_zone(client):
    # 23:30 UTC on 2 June is 00:30 on 3 June in Algiers.
    make_article("بعد منتصف الليل", published_at=datetime(2025, 6, 2, 23, 30, tzinfo=UTC))
    make_article("قبل منتصف الليل", published_at=datetime(2025, 6, 2, 22, 30, tzinfo=UTC))
    page = page_of(client, "/archive/2025/6/3/")
    assert card_headlines(page) == ["بعد منتصف الليل"]
    assert "3 جوان 2025" in heading(page)
    assert '<a rel="prev" href="/archive/2025/6/2/">2 جوان 2025</a>' in page
    assert card_headlines(page_of(client, "/archive/2025/6/2/")) == ["قبل منتصف الليل"]


@pytest.mark.parametrize(
    "url",
    ["/archive/2024/", "/archive/2025/8/", "/archive/2025/6/4/", "/archive/2025/13/", "/archive/2025/2/30/"],
)
def test_periods_without_public_stories_or_that_do_not_exist_are_not_found(client, archive, url):
    page_of(client, url, status=404)


def test_the_archive_index_lists_the_years(client, archive):
    page = page_of(client, "/archive/")
    assert re.findall(r'<li><a href="(/archive/\d+/)">', page) == ["/archive/2025/", "/archive/2023/"]
    assert 'href="/archive/"' in page_of(client, "/")


def test_the_archive_index_exists_on_an_empty_site(client):
    page = page_of(client, "/archive/")
    assert heading(page) and card_headlines(page) == []


def test_archive_pages_are_paginated(client, archive, settings):
    settings.NEWSROOM = {**settings.NEWSROOM, "PAGE_SIZE": 3}
    assert card_headlines(page_of(client, "/archive/2025/?page=2")) == ["خبر جوان الأول"]


def test_month_names_follow_the_configured_style_and_digits(client, archive, settings):
    settings.NEWSROOM = {**settings.NEWSROOM, "MONTH_STYLE": "levant", "DIGITS": "arabic-indic"}
    page = page_of(client, "/archive/2025/6/")
    assert "حزيران ٢٠٢٥" in heading(page)
    assert '<a rel="next" href="/archive/2025/7/">تموز ٢٠٢٥</a>' in page


def test_french_archive_pages_use_french_month_names(client, archive):
    page = page_of(client, "/fr/archive/2025/6/")
    assert '<html lang="fr" dir="ltr">' in page
    assert "juin 2025" in heading(page).lower()
