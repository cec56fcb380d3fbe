"""What a story's body points to (library photos, other stories), fetched once for any number of
bodies, and the body in plain HTML for feeds and the API.

A body stores its photos, embeds, pull quotes and story cards in one form each
(``newsroom.bodyblocks``). Readers of a feed or of the API get them as the plainest HTML that
says the same: a photo as an ``<img>`` with its caption, an embed as a link to it (never a
frame or a script), a card as a link to the story while it is public (else nothing), a pull
quote as a quotation. The story page draws them its own way (``website/storybody.py``) from the
same lookups.
"""

from dataclasses import dataclass, field

from django.conf import settings
from django.utils.html import escape, format_html
from django.utils.safestring import mark_safe

from newsroom import bodyblocks
from photos.models import Photo

from .models import LISTING_LEAVES_OUT, Article

# The one rendition feeds and the API point to, as for the lead photo.
PLAIN_PHOTO_WIDTH = 1200


@dataclass
class Referenced:
    """The photos and the public stories some bodies point to, by id."""

    photos: dict = field(default_factory=dict)
    stories: dict = field(default_factory=dict)


def body_fields():
    return [f"body_{code}" for code, _name in settings.LANGUAGES]


def photo_ids(article):
    """The library photos the story's body shows, in any of its languages, in order of appearance."""
    found = (bodyblocks.references(getattr(article, name, "")).photo_ids for name in body_fields())
    return list(dict.fromkeys(photo_id for ids in found for photo_id in ids))


def referenced(bodies):
    """What ``bodies`` point to: one query for all their photos and one for the stories their cards
    name (only those public now), each run only when some body needs it."""
    photo_ids, story_ids = [], []
    for body in bodies:
        found = bodyblocks.references(body)
        photo_ids += found.photo_ids
        story_ids += found.story_ids
    found = Referenced()
    if photo_ids:
        found.photos = Photo.objects.in_bulk(set(photo_ids))
    if story_ids:
        stories = Article.objects.published().filter(pk__in=set(story_ids))
        found.stories = {story.pk: story for story in stories.select_related("photo").defer(*LISTING_LEAVES_OUT)}
    return found


def plain_body(html, found, absolute):
    """``html`` (a sanitised body) with its constructs as plain HTML; ``absolute(path)`` makes a full address."""

    def photo(photo_id, caption):
        shown = found.photos.get(photo_id)
        image = shown.file_for("article", max_width=PLAIN_PHOTO_WIDTH) if shown is not None else None
        if image is None:
            return ""
        # The story's own caption comes escaped already; the photo's is text.
        caption = caption or escape(shown.caption)
        credit = escape(f" ({shown.credit})") if shown.credit else ""
        figcaption = f"<figcaption>{caption}{credit}</figcaption>" if caption or credit else ""
        return format_html(
            '<figure><img src="{}" width="{}" height="{}" alt="{}">{}</figure>',
            absolute(image["url"]),
            image["width"],
            image["height"],
            shown.description,
            mark_safe(figcaption),
        )

    def embed(shown, title):
        if shown is None:
            return ""
        return format_html('<p><a href="{}">{}</a></p>', shown.url, mark_safe(title or escape(shown.default_title)))

    def story(story_id):
        shown = found.stories.get(story_id)
        if shown is None:
            return ""
        return format_html('<p><a href="{}">{}</a></p>', absolute(shown.get_absolute_url()), shown.headline)

    def pull_quote(quote, attribution, direction):
        direction = format_html(' dir="{}"', direction) if direction else ""
        attribution = f"<p>— {attribution}</p>" if attribution else ""
        return f"<blockquote{direction}><p>{quote}</p>{attribution}</blockquote>"

    return bodyblocks.replace_blocks(html, photo=photo, embed=embed, story=story, pull_quote=pull_quote)



def without_blocks(html):
    """``html`` with its photos, embeds, cards and pull quotes left out: the story's own text, for summaries."""
    nothing = lambda *parts: ""  # noqa: E731
    return bodyblocks.replace_blocks(html, photo=nothing, embed=nothing, story=nothing, pull_quote=nothing)
