"""The public stories, sections and tags an API request asks for.

Everything starts from ``Article.objects.published()``: a draft, an unpublished story or
one scheduled for later is in no list and no count.
"""

from django.conf import settings
from django.db.models import Count, Q
from django.utils.translation import get_language
from taggit.models import Tag

from articles.models import Article, public_story
from articles.models import public_tags as tags_of_public_stories
from taxonomy.models import Section

from . import params
from .params import ApiError


def section_named(request):
    slug = request.GET.get("section")
    if not slug:
        return None
    section = Section.objects.filter(slug=slug).first()
    if section is None:
        raise ApiError(404, f"There is no section with the slug {slug!r}.", "section")
    return section


def articles(request):
    """Public stories filtered by ``section`` (with its sub-sections), ``tag``, ``lang``, ``from`` and ``to``."""
    stories = Article.objects.published()
    section = section_named(request)
    if section is not None:
        stories = stories.filter(section_id__in=section.descendant_ids())
    tag_slug = request.GET.get("tag")
    if tag_slug:
        # A tag only unpublished stories carry answers as an unknown one: it may name what is not out yet.
        tag = tags_of_public_stories().filter(slug=tag_slug).first()
        if tag is None:
            raise ApiError(404, "There is no public story with this tag.", "tag")
        stories = stories.filter(tags=tag)
    language = get_language()
    if language != settings.LANGUAGE_CODE:
        # In another language, only the stories translated into it (a translation has a headline).
        field = f"headline_{language}"
        stories = stories.exclude(Q(**{f"{field}__isnull": True}) | Q(**{field: ""}))
    start, end, end_exclusive = params.date_range(request)
    if start is not None:
        stories = stories.filter(published_at__gte=start)
    if end is not None:
        stories = stories.filter(**{"published_at__lt" if end_exclusive else "published_at__lte": end})
    return stories.select_related("section", "photo").prefetch_related("authors", "tags")


def article(pk):
    """The public story ``pk`` as its page has it (one query, the story page's own)."""
    try:
        return public_story(pk)
    except Article.DoesNotExist:
        raise ApiError(404, f"There is no published article with the id {pk}.") from None


def public_tags():
    """Tags of at least one public story, each with ``stories``, its number of public stories; most used first."""
    return (
        Tag.objects.filter(articles_taggedarticle_items__content_object__in=Article.objects.published())
        .annotate(stories=Count("articles_taggedarticle_items", distinct=True))
        .order_by("-stories", "name", "pk")
    )
