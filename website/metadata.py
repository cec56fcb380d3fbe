"""What a story tells search engines, aggregators and social networks about itself.

Open Graph and Twitter card values, the schema.org NewsArticle (JSON-LD), and the
addresses of the story in each language it is written in (hreflang).
"""

import json

from django.conf import settings
from django.utils import timezone, translation
from django.utils.html import strip_tags

from articles.body import without_blocks

DESCRIPTION_WORDS = 40
# Open Graph names locales with a region.
OG_LOCALES = {"ar": "ar_DZ", "fr": "fr_DZ", "en": "en_US"}


def url_in(article, language):
    """The story's address in ``language``; a page asks for each several times, so it is kept
    on the instance."""
    urls = article.__dict__.setdefault("_urls_by_language", {})
    if language not in urls:
        with translation.override(language):
            urls[language] = article.get_absolute_url()
    return urls[language]


def absolute(request, path):
    """``request.build_absolute_uri(path)`` for a path that is already a URI (what reverse()
    and the storages give), without quoting and joining it again: a page asks for several."""
    if not path.startswith("/") or path.startswith("//"):
        return request.build_absolute_uri(path)
    return request.build_absolute_uri("/")[:-1] + path


def alternates(article, request):
    """[(hreflang, absolute URL)] for every language the story exists in, plus x-default (Arabic)."""
    links = [(code, absolute(request, url_in(article, code))) for code in article.languages()]
    if len(links) < 2:
        return []
    return [*links, ("x-default", absolute(request, url_in(article, settings.LANGUAGE_CODE)))]


def description(article):
    """The story's summary in the page's language (kept on the instance: a page asks twice)."""
    kept = article.__dict__.setdefault("_descriptions", {})
    language = translation.get_language()
    if language not in kept:
        # The story's own words: not a photo's caption nor an embed's address.
        text = article.deck or article.lead or strip_tags(without_blocks(article.body or ""))
        words = text.split()
        kept[language] = " ".join(words[:DESCRIPTION_WORDS]) + ("…" if len(words) > DESCRIPTION_WORDS else "")
    return kept[language]


def social_image(article, request):
    if article.photo is None:
        return None
    image = article.photo.file_for("social")
    if image is None:
        return None
    return {**image, "url": absolute(request, image["url"]), "alt": article.photo.description}


def news_article(article, request, image=None):
    """schema.org NewsArticle for the story, as a dict ready for JSON-LD."""
    site = request.build_absolute_uri("/")
    page = absolute(request, url_in(article, translation.get_language()))
    data = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "mainEntityOfPage": {"@type": "WebPage", "@id": page},
        "headline": article.headline[:110],
        "description": description(article),
        "inLanguage": translation.get_language(),
        "publisher": {"@type": "Organization", "name": settings.NEWSROOM["SITE_NAME"], "url": site},
    }
    # A preview of an unpublished story has no publish time yet.
    if article.published_at is not None:
        data["datePublished"] = isoformat(article.published_at)
        data["dateModified"] = isoformat(max(article.updated_at or article.published_at, article.published_at))
    if article.byline:
        data["author"] = [{"@type": "Organization", "name": article.byline}]
    else:
        data["author"] = [
            {"@type": "Person", "name": author.name, "url": absolute(request, author.get_absolute_url())}
            for author in article.authors.all()
        ] or [{"@type": "Organization", "name": settings.NEWSROOM["SITE_NAME"], "url": site}]
    if article.section is not None:
        data["articleSection"] = article.section.name
    keywords = [tag.name for tag in article.tags.all()]
    if keywords:
        data["keywords"] = keywords
    if image is not None:
        data["image"] = [image["url"]]
    return data


def isoformat(moment):
    return timezone.localtime(moment).isoformat(timespec="seconds")


def json_ld(data):
    """JSON safe inside <script type="application/ld+json">: no "</script>" can close it early."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
