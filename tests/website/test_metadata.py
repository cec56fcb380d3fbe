import json
import re

import pytest
from django.utils import timezone

from tests.factories import make_article, make_author, make_photo, make_section

pytestmark = pytest.mark.django_db


def json_ld(page):
    return json.loads(re.search(r'<script type="application/ld\+json">(.*?)</script>', page, re.S).group(1))


def meta(page, attribute, name):
    found = re.search(rf'<meta {attribute}="{re.escape(name)}" content="([^"]*)">', page)
    return found.group(1) if found else None


def test_the_story_describes_itself_as_a_news_article_in_json_ld(client):
    section = make_section("رياضة")
    story = make_article(
        "المنتخب يتأهل إلى النهائي",
        deck_ar="فوز مستحق في ملعب 5 جويلية",
        section=section,
        authors=[make_author("كريم بوزيد")],
        tags=["كرة القدم"],
        photo=make_photo(size=(2400, 1600)),
    )

    data = json_ld(client.get(story.get_absolute_url()).content.decode())

    assert data["@context"] == "https://schema.org" and data["@type"] == "NewsArticle"
    assert data["headline"] == "المنتخب يتأهل إلى النهائي"
    assert data["description"] == "فوز مستحق في ملعب 5 جويلية"
    assert data["image"] == ["http://testserver/media/" + story.photo.rendition("social")[0]["jpeg"]]
    assert timezone.datetime.fromisoformat(data["datePublished"]) == story.published_at.replace(microsecond=0)
    assert timezone.datetime.fromisoformat(data["dateModified"]) >= story.published_at.replace(microsecond=0)
    author = story.authors.get()
    assert data["author"] == [
        {"@type": "Person", "name": "كريم بوزيد", "url": "http://testserver" + author.get_absolute_url()}
    ]
    assert data["publisher"]["@type"] == "Organization" and data["publisher"]["name"]
    assert data["articleSection"] == "رياضة" and data["keywords"] == ["كرة القدم"]
    assert data["mainEntityOfPage"]["@id"] == "http://testserver" + story.get_absolute_url()


def test_a_headline_cannot_break_out_of_the_json_ld_script(client):
    story = make_article("عنوان </script><script>alert(1)</script>")
    page = client.get(story.get_absolute_url()).content.decode()
    assert "<script>alert(1)</script>" not in page
    assert json_ld(page)["headline"] == "عنوان </script><script>alert(1)</script>"


def test_open_graph_and_twitter_cards_carry_the_social_rendition(client):
    story = make_article("خبر مصور", deck_ar="وصف قصير", photo=make_photo(size=(2400, 1600)), tags=["وهران"])
    page = client.get(story.get_absolute_url()).content.decode()

    social = "http://testserver/media/" + story.photo.rendition("social")[0]["jpeg"]
    assert meta(page, "property", "og:type") == "article"
    assert meta(page, "property", "og:title") == "خبر مصور"
    assert meta(page, "property", "og:description") == "وصف قصير"
    assert meta(page, "property", "og:url") == "http://testserver" + story.get_absolute_url()
    assert meta(page, "property", "og:image") == social
    assert (meta(page, "property", "og:image:width"), meta(page, "property", "og:image:height")) == ("1200", "630")
    assert meta(page, "property", "article:tag") == "وهران"
    assert meta(page, "name", "twitter:card") == "summary_large_image"
    assert meta(page, "name", "twitter:image") == social


def test_a_story_without_a_photo_gets_a_small_card_and_no_image(client):
    page = client.get(make_article("خبر بلا صورة").get_absolute_url()).content.decode()
    assert meta(page, "name", "twitter:card") == "summary"
    assert meta(page, "property", "og:image") is None
    assert "image" not in json_ld(page)


def test_hreflang_links_the_translations_that_exist(client):
    translated = make_article("محطة تحلية جديدة", headline_fr="Une nouvelle station de dessalement")
    page = client.get(translated.get_absolute_url()).content.decode()
    links = dict(re.findall(r'<link rel="alternate" hreflang="([^"]+)" href="([^"]+)">', page))
    assert links == {
        "ar": "http://testserver" + translated.get_absolute_url(),
        "fr": f"http://testserver/fr/news/{translated.pk}/une-nouvelle-station-de-dessalement/",
        "x-default": "http://testserver" + translated.get_absolute_url(),
    }

    arabic_only = client.get(make_article("خبر بالعربية فقط").get_absolute_url()).content.decode()
    assert '<link rel="alternate" hreflang' not in arabic_only


def test_the_canonical_address_is_the_current_one(client):
    story = make_article("عنوان أول")
    page = client.get(story.get_absolute_url()).content.decode()
    assert f'<link rel="canonical" href="http://testserver{story.get_absolute_url()}">' in page
