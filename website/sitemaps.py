"""``/sitemap.xml`` (sections and stories), the Google News sitemap and ``robots.txt``.

They live outside the i18n URL patterns and list the Arabic addresses, whatever language
the crawler's headers ask for.
"""

from datetime import timedelta
from functools import wraps

from django.conf import settings
from django.contrib.sitemaps import Sitemap
from django.contrib.sitemaps import views as sitemap_views
from django.db.models import Max
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone, translation

from articles.models import Article
from taxonomy.models import Section

# Google reads at most 1,000 stories from a news sitemap, all from the last two days.
NEWS_WINDOW = timedelta(hours=48)
NEWS_LIMIT = 1000


class SectionSitemap(Sitemap):
    def items(self):
        return Section.objects.order_by("pk")


class ArticleSitemap(Sitemap):
    # Split into pages of ``limit`` (the protocol's 50,000), each listed by the index.

    def items(self):
        # Ordered by id so a page keeps its stories as new ones arrive; only what an address
        # and a date need is read, which keeps a 50,000-story page light.
        return Article.objects.published().only("pk", "slug", "updated_at", "published_at").order_by("pk")

    def lastmod(self, article):
        return article.last_changed

    def get_latest_lastmod(self):
        latest = Article.objects.published().aggregate(updated=Max("updated_at"), published=Max("published_at"))
        dates = [date for date in latest.values() if date is not None]
        return max(dates).replace(microsecond=0) if dates else None


class NewsSitemap(Sitemap):
    limit = NEWS_LIMIT

    def items(self):
        now = timezone.now()
        return (
            Article.objects.published(now=now)
            .filter(published_at__gte=now - NEWS_WINDOW)
            .only("pk", "slug", "headline", "updated_at", "published_at")
            .order_by("-published_at", "-pk")
        )

    def lastmod(self, article):
        return article.last_changed

    def get_urls(self, *args, **kwargs):
        urls = super().get_urls(*args, **kwargs)
        for url in urls:
            url["publication_date"] = url["item"].published_at.replace(microsecond=0)
        return urls


SITEMAPS = {"sections": SectionSitemap, "articles": ArticleSitemap}


def in_site_language(view):
    """Run and render ``view`` in the site's language, so every address it lists is the Arabic one."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        with translation.override(settings.LANGUAGE_CODE):
            response = view(request, *args, **kwargs)
            if hasattr(response, "render"):
                response.render()
        return response

    return wrapper


@in_site_language
def index(request):
    return sitemap_views.index(request, SITEMAPS, sitemap_url_name="sitemap_section")


@in_site_language
def sitemap(request, section):
    return sitemap_views.sitemap(request, SITEMAPS, section=section, template_name="sitemaps/sitemap.xml")


@in_site_language
def news_sitemap(request):
    return sitemap_views.sitemap(
        request,
        {"news": NewsSitemap},
        template_name="sitemaps/news.xml",
    )


def robots_txt(request):
    # Arabic is at the root; the other languages repeat the private paths under their prefix.
    prefixes = ["" if code == settings.LANGUAGE_CODE else f"/{code}" for code, _name in settings.LANGUAGES]
    sitemaps = [request.build_absolute_uri(reverse(name)) for name in ("sitemap_index", "news_sitemap")]
    return render(
        request,
        "robots.txt",
        {"prefixes": prefixes, "sitemaps": sitemaps},
        content_type="text/plain; charset=utf-8",
    )
