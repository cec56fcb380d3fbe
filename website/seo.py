"""The story page's head tags and the language links, written in Python: they are drawn on
every rendered page, and a template of this many small parts costs several times more."""

from html import escape

from django.conf import settings
from django.urls import translate_url
from django.utils import translation
from django.utils.safestring import mark_safe
from django.utils.translation import gettext

from newsroom import addresses

from . import metadata


def _moment(moment):
    # A preview of an unpublished story has no publish time yet.
    return metadata.isoformat(moment) if moment else ""


def story_metadata(context, article):
    """Canonical, hreflang, Open Graph, Twitter card and JSON-LD tags for a story page."""
    request = context["request"]
    language = translation.get_language()
    image = metadata.social_image(article, request)
    # An untranslated story shown in French or English is the Arabic page's duplicate.
    canonical = escape(
        metadata.absolute(request, metadata.url_in(article, settings.LANGUAGE_CODE if article.is_untranslated else language))
    )
    description = escape(metadata.description(article))
    headline = escape(article.headline)
    site_name = escape(settings.NEWSROOM["SITE_NAME"])
    lines = [
        f'<meta name="description" content="{description}">',
        f'<link rel="canonical" href="{canonical}">',
    ]
    lines += [
        f'<link rel="alternate" hreflang="{escape(code)}" href="{escape(url)}">'
        for code, url in metadata.alternates(article, request)
    ]
    lines += [
        '<meta property="og:type" content="article">',
        f'<meta property="og:site_name" content="{site_name}">',
        f'<meta property="og:locale" content="{metadata.OG_LOCALES.get(language, "ar_DZ")}">',
        f'<meta property="og:title" content="{headline}">',
        f'<meta property="og:description" content="{description}">',
        f'<meta property="og:url" content="{canonical}">',
        f'<meta property="article:published_time" content="{_moment(article.published_at)}">',
        f'<meta property="article:modified_time" content="{_moment(article.updated_at)}">',
    ]
    if article.section:
        lines.append(f'<meta property="article:section" content="{escape(article.section.name)}">')
    lines += [f'<meta property="article:tag" content="{escape(tag.name)}">' for tag in article.tags.all()]
    if image:
        url, alt = escape(image["url"]), escape(image["alt"])
        lines += [
            f'<meta property="og:image" content="{url}">',
            f'<meta property="og:image:width" content="{image["width"]}">',
            f'<meta property="og:image:height" content="{image["height"]}">',
            f'<meta property="og:image:alt" content="{alt}">',
            '<meta name="twitter:card" content="summary_large_image">',
            f'<meta name="twitter:image" content="{url}">',
            f'<meta name="twitter:image:alt" content="{alt}">',
        ]
    else:
        lines.append('<meta name="twitter:card" content="summary">')
    lines += [
        f'<meta name="twitter:title" content="{headline}">',
        f'<meta name="twitter:description" content="{description}">',
        # json_ld() leaves nothing in the JSON that could end the script element.
        '<script type="application/ld+json">'
        f"{metadata.json_ld(metadata.news_article(article, request, image))}</script>",
    ]
    return mark_safe("\n".join(lines) + "\n")


# Each language is offered in its own name, so a reader finds theirs whatever the page's.
AUTONYMS = {"ar": "العربية", "fr": "Français", "en": "English"}


def language_links(context):
    """[(code, url, is_current)]: this page in each language, a story's own translation when it
    exists, else that language's front page."""
    request = context.get("request")
    if request is None:
        return []
    current = translation.get_language()
    article = context.get("article")
    story = article is not None and not context.get("preview")
    written_in = article.languages() if story else ()
    links = []
    for code, _name in settings.LANGUAGES:
        if story:
            url = metadata.url_in(article, code) if code in written_in else None
        else:
            url = translate_url(request.get_full_path(), code)
        if url is None or (article is None and url == request.get_full_path() and code != current):
            with translation.override(code):
                url = addresses.address("website:home")
        links.append((code, url, code == current))
    return links


def language_switcher(context):
    links = language_links(context)
    if not links:
        return ""
    items = []
    for code, url, current in links:
        name = escape(AUTONYMS.get(code, code))
        if current:
            items.append(f'<li><span lang="{code}" aria-current="true">{name}</span></li>')
        else:
            items.append(f'<li><a href="{escape(url)}" lang="{code}" hreflang="{code}">{name}</a></li>')
    label = escape(gettext("Languages"))
    return mark_safe(f'<nav class="language-switcher" aria-label="{label}">\n  <ul>{"".join(items)}</ul>\n</nav>\n')
