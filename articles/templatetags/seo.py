from django import template
from django.conf import settings
from django.urls import reverse, translate_url
from django.utils import translation
from django.utils.safestring import mark_safe

from articles import metadata

register = template.Library()


@register.inclusion_tag("includes/story_metadata.html", takes_context=True)
def story_metadata(context, article):
    """Canonical, hreflang, Open Graph, Twitter card and JSON-LD tags for a story page."""
    request = context["request"]
    image = metadata.social_image(article, request)
    return {
        "article": article,
        # An untranslated story shown in French or English is the Arabic page's duplicate.
        "canonical": request.build_absolute_uri(
            metadata.url_in(article, settings.LANGUAGE_CODE if article.is_untranslated else translation.get_language())
        ),
        "alternates": metadata.alternates(article, request),
        "description": metadata.description(article),
        "image": image,
        "og_locale": metadata.OG_LOCALES.get(translation.get_language(), "ar_DZ"),
        "site_name": settings.NEWSROOM["SITE_NAME"],
        "json_ld": mark_safe(metadata.json_ld(metadata.news_article(article, request, image))),
    }


# Each language is offered in its own name, so a reader finds theirs whatever the page's.
AUTONYMS = {"ar": "العربية", "fr": "Français", "en": "English"}


@register.inclusion_tag("includes/language_switcher.html", takes_context=True)
def language_switcher(context):
    """Links to this page in the other languages: a story's own translation when it exists,
    else that language's front page."""
    request = context.get("request")
    if request is None:
        return {"links": []}
    current = translation.get_language()
    article = context.get("article")
    links = []
    for code, _name in settings.LANGUAGES:
        if article is not None and not context.get("preview"):
            url = metadata.url_in(article, code) if code in metadata.languages_of(article) else None
        else:
            url = translate_url(request.get_full_path(), code)
        if url is None or (article is None and url == request.get_full_path() and code != current):
            with translation.override(code):
                url = reverse("articles:home")
        links.append({"code": code, "name": AUTONYMS.get(code, code), "url": url, "current": code == current})
    return {"links": links}
