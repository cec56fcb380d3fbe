from django import template
from django.conf import settings
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
        "canonical": request.build_absolute_uri(article.get_absolute_url()),
        "alternates": metadata.alternates(article, request),
        "description": metadata.description(article),
        "image": image,
        "og_locale": metadata.OG_LOCALES.get(translation.get_language(), "ar_DZ"),
        "site_name": settings.NEWSROOM["SITE_NAME"],
        "json_ld": mark_safe(metadata.json_ld(metadata.news_article(article, request, image))),
    }
