"""Arabic at the root, French and English under /fr/ and /en/: slugs, fallback and the switcher."""

import re
from urllib.parse import unquote

import pytest
from django.utils import timezone, translation

from articles.models import Article
from tests.factories import make_article, make_section

pytestmark = pytest.mark.django_db


def french_url(story):
    with translation.override("fr"):
        return story.get_absolute_url()


def readable(url):
    return unquote(url)


def test_each_language_keeps_its_own_slug(client):
    story = make_article("محطة تحلية جديدة في وهران", headline_fr="Une nouvelle station de dessalement à Oran")

    assert readable(story.get_absolute_url()) == f"/news/{story.pk}/محطة-تحلية-جديدة-في-وهران/"
    assert readable(french_url(story)) == f"/fr/news/{story.pk}/une-nouvelle-station-de-dessalement-à-oran/"
    response = client.get(french_url(story))
    assert response.status_code == 200
    assert '<html lang="fr" dir="ltr">' in response.content.decode()


def test_the_arabic_slug_under_fr_redirects_to_the_french_one(client):
    story = make_article("محطة تحلية جديدة", headline_fr="Une nouvelle station")
    response = client.get(f"/fr/news/{story.pk}/محطة-تحلية-جديدة/")
    assert response.status_code == 301 and response["Location"] == french_url(story)


def test_a_corrected_headline_keeps_the_address_and_a_changed_slug_redirects(client):
    story = make_article("الحكومة تعلن خطة جديدة")
    old_url = story.get_absolute_url()

    story.headline_ar = "الحكومة تعلن خطة جديدة للنقل"
    story.save()
    assert Article.objects.get(pk=story.pk).get_absolute_url() == old_url

    story.slug_ar = "خطة-النقل"
    story.save()
    response = client.get(old_url)
    assert response.status_code == 301 and readable(response["Location"]) == f"/news/{story.pk}/خطة-النقل/"


def test_an_untranslated_story_in_french_is_shown_in_arabic_clearly_marked(client):
    story = make_article("خبر بالعربية فقط")
    arabic_url = story.get_absolute_url()
    page = client.get(f"/fr/news/{story.pk}/{story.slug}/").content.decode()

    assert '<html lang="fr" dir="ltr">' in page
    assert re.search(r'<article class="story" data-article-id="\d+" lang="ar" dir="rtl">', page)
    assert 'class="language-notice"' in page
    assert f'<link rel="canonical" href="http://testserver{arabic_url}">' in page


def test_cards_mark_untranslated_headlines_as_arabic(client):
    make_article("خبر بالعربية فقط")
    make_article("خبر مترجم", headline_fr="Un article traduit")
    page = client.get("/fr/").content.decode()
    assert re.search(r'<h3 class="card__headline" lang="ar" dir="rtl"><a [^>]*>خبر بالعربية فقط</a>', page)
    assert re.search(r'<h3 class="card__headline" dir="ltr"><a [^>]*>Un article traduit</a>', page)


def test_the_switcher_goes_to_the_same_story_in_another_language_when_it_exists(client):
    translated = make_article("محطة تحلية جديدة", headline_fr="Une nouvelle station")
    page = client.get(translated.get_absolute_url()).content.decode()
    switcher = re.search(r'<nav class="language-switcher".*?</nav>', page, re.S).group(0)
    assert f'href="{french_url(translated)}" lang="fr"' in switcher
    assert 'href="/en/" lang="en"' in switcher  # no English translation: the English front page
    assert '<span lang="ar" aria-current="true">العربية</span>' in switcher


def test_the_switcher_keeps_a_section_page_in_the_other_language(client):
    section = make_section("اقتصاد", name_fr="Économie")
    page = client.get(section.get_absolute_url()).content.decode()
    switcher = re.search(r'<nav class="language-switcher".*?</nav>', page, re.S).group(0)
    assert f'href="/fr{section.get_absolute_url()}" lang="fr"' in switcher
    assert f'href="/en{section.get_absolute_url()}" lang="en"' in switcher


PAGE_TYPES = ["home", "article", "section", "tag", "author", "search", "archive", "archive_day", "missing"]
DIRECTIONS = {"ar": "rtl", "fr": "ltr", "en": "ltr"}


@pytest.mark.parametrize("language", ["ar", "fr", "en"])
def test_every_page_type_speaks_the_language_and_direction_of_its_address(client, language):
    from django.urls import reverse

    from tests.factories import make_author

    section = make_section("اقتصاد", name_fr="Économie", name_en="Economy")
    author = make_author("سليمة بن علي")
    story = make_article(
        "محطة تحلية جديدة", headline_fr="Une nouvelle station", headline_en="A new plant",
        section=section, authors=[author], tags=["وهران"],
    )
    day = timezone.localtime(story.published_at)
    with translation.override(language):
        addresses = {
            "home": reverse("website:home"),
            "article": story.get_absolute_url(),
            "section": section.get_absolute_url(),
            "tag": reverse("website:tag", args=[story.tags.get().slug]),
            "author": author.get_absolute_url(),
            "search": reverse("website:search") + "?q=محطة",
            "archive": reverse("website:archive"),
            "archive_day": reverse("website:archive_day", args=[day.year, day.month, day.day]),
            "missing": reverse("website:home") + "no-such-page/",
        }
    for page_type in PAGE_TYPES:
        response = client.get(addresses[page_type])
        assert response.status_code == (404 if page_type == "missing" else 200), page_type
        assert f'<html lang="{language}" dir="{DIRECTIONS[language]}">' in response.content.decode(), page_type
