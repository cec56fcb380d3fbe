import re
import xml.etree.ElementTree as ET
from datetime import datetime, timedelta
from urllib.parse import unquote

import pytest
from django.utils import timezone

from articles.models import Article, Status
from tests.factories import make_article, make_section
from website.sitemaps import ArticleSitemap

pytestmark = pytest.mark.django_db

SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
NEWS = "{http://www.google.com/schemas/sitemap-news/0.9}"
# The W3C Datetime profile the sitemap protocol asks for, to the second, with a zone.
W3C_DATETIME = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(Z|[+-]\d{2}:\d{2})$")


def xml(response):
    assert response.status_code == 200
    assert response["Content-Type"] == "application/xml"
    return ET.fromstring(response.content)


def urls(root):
    """{loc: <url> element} of a urlset, checking the elements every entry must have."""
    assert root.tag == f"{SITEMAP}urlset"
    found = {}
    for url in root.findall(f"{SITEMAP}url"):
        loc = url.findtext(f"{SITEMAP}loc")
        assert loc.startswith("http://testserver/")
        found[unquote(loc)] = url
    return found


def lastmod(element):
    text = element.findtext(f"{SITEMAP}lastmod")
    assert W3C_DATETIME.match(text), text
    return datetime.fromisoformat(text)


def seconds(value):
    return value.replace(microsecond=0)


@pytest.fixture
def hidden_stories():
    """Stories that must never be listed: a draft, one in review, an unpublished one, and two
    scheduled for later (one of them recently created, inside the news window)."""
    soon = timezone.now() + timedelta(hours=2)
    return [
        make_article("مسودة سرية", status=Status.DRAFT),
        make_article("قيد المراجعة سرا", status=Status.REVIEW),
        make_article("مسحوب من النشر", status=Status.UNPUBLISHED, published_at=timezone.now() - timedelta(hours=1)),
        make_article("خبر مؤجل للغد", status=Status.SCHEDULED, published_at=timezone.now() + timedelta(days=1)),
        make_article("خبر مؤجل لساعتين", status=Status.SCHEDULED, published_at=soon),
    ]


class TestSitemapIndex:
    def test_lists_the_section_and_story_sitemaps(self, client):
        article = make_article()
        root = xml(client.get("/sitemap.xml"))
        assert root.tag == f"{SITEMAP}sitemapindex"
        entries = {entry.findtext(f"{SITEMAP}loc"): entry for entry in root.findall(f"{SITEMAP}sitemap")}
        assert set(entries) == {"http://testserver/sitemap-sections.xml", "http://testserver/sitemap-articles.xml"}
        article.refresh_from_db()
        assert lastmod(entries["http://testserver/sitemap-articles.xml"]) == seconds(article.updated_at)
        for loc in entries:
            assert client.get(loc.removeprefix("http://testserver")).status_code == 200

    def test_stories_are_split_into_pages_past_the_limit(self, client, monkeypatch):
        monkeypatch.setattr(ArticleSitemap, "limit", 2)
        stories = [make_article(f"خبر {n}") for n in range(5)]
        make_article("مسودة", status=Status.DRAFT)
        root = xml(client.get("/sitemap.xml"))
        locs = [entry.findtext(f"{SITEMAP}loc") for entry in root.findall(f"{SITEMAP}sitemap")]
        articles = [loc for loc in locs if "articles" in loc]
        assert articles == [
            "http://testserver/sitemap-articles.xml",
            "http://testserver/sitemap-articles.xml?p=2",
            "http://testserver/sitemap-articles.xml?p=3",
        ]
        listed = []
        for page in (1, 2, 3):
            listed += list(urls(xml(client.get(f"/sitemap-articles.xml?p={page}"))))
        assert listed == [f"http://testserver{unquote(story.get_absolute_url())}" for story in stories]
        assert client.get("/sitemap-articles.xml?p=4").status_code == 404

    def test_the_real_limit_is_the_protocols(self):
        assert ArticleSitemap.limit == 50_000


class TestArticleSitemap:
    def test_every_public_story_with_its_last_change(self, client, hidden_stories):
        published = make_article("خبر منشور")
        went_live = timezone.now() - timedelta(minutes=10)
        scheduled = make_article("موعد مضى", status=Status.SCHEDULED, published_at=went_live)
        # Saved a day before it went live: readers first saw it at its publish time.
        Article.objects.filter(pk=scheduled.pk).update(updated_at=went_live - timedelta(days=1))
        published.refresh_from_db()
        found = urls(xml(client.get("/sitemap-articles.xml")))
        assert set(found) == {
            f"http://testserver{unquote(published.get_absolute_url())}",
            f"http://testserver{unquote(scheduled.get_absolute_url())}",
        }
        assert lastmod(found[f"http://testserver{unquote(published.get_absolute_url())}"]) == seconds(published.updated_at)
        assert lastmod(found[f"http://testserver{unquote(scheduled.get_absolute_url())}"]) == seconds(went_live)

    def test_addresses_are_arabic_whatever_the_crawler_asks_for(self, client):
        article = make_article(headline_fr="Titre français")
        response = client.get("/sitemap-articles.xml", HTTP_ACCEPT_LANGUAGE="fr-FR,fr")
        assert list(urls(xml(response))) == [f"http://testserver{unquote(article.get_absolute_url())}"]

    def test_sections_are_listed(self, client):
        sport = make_section("رياضة")
        football = make_section("كرة القدم", parent=sport)
        found = urls(xml(client.get("/sitemap-sections.xml")))
        assert set(found) == {f"http://testserver{unquote(s.get_absolute_url())}" for s in (sport, football)}

    def test_an_unknown_sitemap_is_not_found(self, client):
        assert client.get("/sitemap-authors.xml").status_code == 404

    def test_crawlers_are_told_not_to_index_the_sitemap_itself(self, client):
        assert client.get("/sitemap-articles.xml")["X-Robots-Tag"].startswith("noindex")


class TestNewsSitemap:
    def test_google_news_elements(self, client):
        published = timezone.now() - timedelta(hours=3)
        article = make_article("أرباح «سوناطراك» & شركائها", published_at=published)
        root = xml(client.get("/news-sitemap.xml"))
        assert root.tag == f"{SITEMAP}urlset"
        (url,) = urls(root).values()
        assert url.findtext(f"{SITEMAP}loc") == f"http://testserver{article.get_absolute_url()}"
        lastmod(url)
        news = url.find(f"{NEWS}news")
        publication = news.find(f"{NEWS}publication")
        assert publication.findtext(f"{NEWS}name") == "نيوزروم"
        assert publication.findtext(f"{NEWS}language") == "ar"
        date = news.findtext(f"{NEWS}publication_date")
        assert W3C_DATETIME.match(date)
        assert datetime.fromisoformat(date) == seconds(published)
        assert news.findtext(f"{NEWS}title") == "أرباح «سوناطراك» & شركائها"

    def test_only_public_stories_of_the_last_two_days(self, client, hidden_stories):
        now = timezone.now()
        recent = make_article("خبر اليوم", published_at=now - timedelta(hours=47))
        make_article("خبر قديم", published_at=now - timedelta(hours=49))
        titles = [url.findtext(f"{NEWS}news/{NEWS}title") for url in urls(xml(client.get("/news-sitemap.xml"))).values()]
        assert titles == [recent.headline]

    def test_newest_first_and_arabic_titles_on_any_request(self, client):
        now = timezone.now()
        make_article("الأقدم", headline_fr="Le plus ancien", published_at=now - timedelta(hours=5))
        make_article("الأحدث", headline_fr="Le plus récent", published_at=now - timedelta(hours=1))
        root = xml(client.get("/news-sitemap.xml", HTTP_ACCEPT_LANGUAGE="fr"))
        titles = [url.findtext(f"{NEWS}news/{NEWS}title") for url in urls(root).values()]
        assert titles == ["الأحدث", "الأقدم"]

    def test_empty_when_nothing_was_published_lately(self, client):
        make_article(published_at=timezone.now() - timedelta(days=3))
        assert urls(xml(client.get("/news-sitemap.xml"))) == {}


class TestRobots:
    def test_allows_the_site_and_keeps_crawlers_out_of_private_paths(self, client):
        response = client.get("/robots.txt")
        assert response.status_code == 200
        assert response["Content-Type"] == "text/plain; charset=utf-8"
        lines = response.content.decode().splitlines()
        assert lines[0] == "User-agent: *"
        disallowed = {line.split(": ", 1)[1] for line in lines if line.startswith("Disallow: ")}
        assert disallowed == {
            "/admin/", "/preview/", "/popularity/", "/fr/admin/", "/fr/preview/", "/en/admin/", "/en/preview/",
        }
        assert "Allow: /" in lines
        assert "Disallow: /" not in lines

    def test_lists_the_sitemaps_with_absolute_addresses(self, client, settings):
        settings.ALLOWED_HOSTS = ["news.example.org"]
        lines = client.get("/robots.txt", HTTP_HOST="news.example.org", secure=True).content.decode().splitlines()
        sitemaps = [line.split(": ", 1)[1] for line in lines if line.startswith("Sitemap: ")]
        assert sitemaps == ["https://news.example.org/sitemap.xml", "https://news.example.org/news-sitemap.xml"]

    def test_the_private_paths_it_names_exist(self, client):
        # If the admin or the preview moved, robots.txt would guard the wrong door.
        assert client.get("/admin/").status_code == 302
        assert client.get("/fr/admin/").status_code == 302
        assert client.get("/preview/not-a-token/").status_code == 404
        assert client.get("/popularity/views/").status_code == 405
