"""Stories, sections and tags as the JSON the API returns (see ``openapi.py`` for the schema).

Text fields come in the active language (``lang``), falling back to Arabic where a story is
not translated; ``language`` says which one a story's headline is in.
"""

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language

from articles.body import plain_body, referenced
from newsroom.sanitiser import sanitise_html


def timestamp(value):
    return timezone.localtime(value).isoformat(timespec="seconds") if value else None


def image(article, request):
    """The story's photo: a JPEG up to 1200 pixels wide, its description, caption and credit."""
    photo = article.photo
    file = photo.file_for("article", max_width=1200) if photo else None
    if file is None:
        return None
    return {
        "url": request.build_absolute_uri(file["url"]),
        "width": file["width"],
        "height": file["height"],
        "caption": photo.caption,
        "alt": photo.description,
        "credit": photo.credit,
    }


def section_reference(section, request):
    if section is None:
        return None
    return {
        "id": section.pk,
        "slug": section.slug,
        "name": section.name,
        "url": request.build_absolute_uri(section.get_absolute_url()),
    }


def article_summary(article, request):
    return {
        "id": article.pk,
        "url": request.build_absolute_uri(article.get_absolute_url()),
        "language": article.shown_language("headline", get_language()),
        "translations": article.languages(),
        "headline": article.headline,
        "deck": article.deck,
        "lead": article.lead,
        "section": section_reference(article.section, request),
        "tags": [{"slug": tag.slug, "name": tag.name} for tag in article.tags.all()],
        "authors": [
            {"slug": author.slug, "name": author.name, "url": request.build_absolute_uri(author.get_absolute_url())}
            for author in article.authors.all()
        ],
        "byline": article.byline_text,
        "published_at": timestamp(article.published_at),
        "updated_at": timestamp(article.last_changed),
        "image": image(article, request),
    }


def article_detail(article, request):
    # Photos, embeds, story cards and pull quotes as plain HTML: an embed is a link, never a frame.
    body = plain_body(sanitise_html(article.body), referenced([article.body]), request.build_absolute_uri)
    return {**article_summary(article, request), "body": body}


def section_tree(sections, request):
    """Every section as a tree, roots first, each with its children in menu order."""
    nodes, roots = {}, []
    for section in sections:
        nodes[section.pk] = {
            "id": section.pk,
            "slug": section.slug,
            "name": section.name,
            "description": section.description,
            "parent": section.parent_id,
            "url": request.build_absolute_uri(section.get_absolute_url()),
            "feeds": {
                "rss": request.build_absolute_uri(reverse("website:section_rss", kwargs={"slug": section.slug})),
                "atom": request.build_absolute_uri(reverse("website:section_atom", kwargs={"slug": section.slug})),
            },
            "children": [],
        }
    for section in sections:
        parent = nodes.get(section.parent_id)
        (parent["children"] if parent else roots).append(nodes[section.pk])
    return roots


def tag(tag, request):
    return {
        "slug": tag.slug,
        "name": tag.name,
        "stories": tag.stories,
        "url": request.build_absolute_uri(reverse("website:tag", kwargs={"slug": tag.slug})),
    }
