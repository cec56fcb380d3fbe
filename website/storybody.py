"""A story's body as its page shows it: library photos as figures, embeds as boxes that load
nothing from their provider until the reader asks, cards for other stories while they are
public, pull quotes.

Everything a body points to is fetched at once (``articles.body.referenced``: one query for
all its photos, one for all its cards, none for a body without them). A photo deleted since,
or one whose renditions cannot be cut, and a story no longer public leave nothing behind:
the page never breaks on them.

An embed's box is a link to the post or video; ``static/js/embeds.js`` (loaded only on pages
with embeds) turns it into a button that puts the provider's frame in its place. The frame's
address is written here, from the stored provider and id (``newsroom.embeds``), never
worked out in the browser; the page's content policy lets it frame exactly those providers'
hosts (``frame_policy``).
"""

from dataclasses import dataclass
from html import unescape

from django.conf import settings
from django.middleware.csp import get_nonce
from django.utils.csp import CSP, build_policy
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _

from articles.body import referenced
from newsroom import addresses, bodyblocks, embeds
from newsroom.text import isolate_foreign_runs
from photos.markup import picture

from .direction import field_language, language_attributes

# As the story's lead photo: the photo fills the story's column.
PHOTO_SIZES = "(min-width: 75rem) 42rem, (min-width: 60rem) calc(100vw - 24rem), calc(100vw - 2rem)"
CARD_PHOTO_SIZES = "5rem"

# What the box's link says where no script runs, and its button once embeds.js has made one.
OPEN_LABELS = {
    "video": gettext_lazy("Watch on %(provider)s"),
    "post": gettext_lazy("Read on %(provider)s"),
    "audio": gettext_lazy("Listen on %(provider)s"),
    "map": gettext_lazy("Open in %(provider)s"),
}
LOAD_LABELS = {
    "video": gettext_lazy("Play the video here (from %(provider)s)"),
    "post": gettext_lazy("Show the post here (from %(provider)s)"),
    "audio": gettext_lazy("Play the audio here (from %(provider)s)"),
    "map": gettext_lazy("Show the map here (from %(provider)s)"),
}


@dataclass(frozen=True)
class StoryBody:
    """The body's HTML and the embeds it holds (for the page's script and content policy)."""

    html: str
    embeds: tuple = ()

    def __html__(self):
        return self.html

    def __str__(self):
        return self.html


def story_body(article):
    """The body of ``article`` in the page's language (Arabic where it is not translated), drawn."""
    html = article.body or ""
    if not bodyblocks.has_blocks(html):
        return StoryBody(mark_safe(html))
    found = referenced([html])
    language = article.shown_language("body")
    shown_embeds = []

    def embed(shown, title):
        if shown is None:
            return ""
        shown_embeds.append(shown)
        return embed_box(shown, title, language)

    html = bodyblocks.replace_blocks(
        html,
        photo=lambda photo_id, caption: photo_figure(found.photos.get(photo_id), caption, language),
        embed=embed,
        story=lambda story_id: story_card(found.stories.get(story_id)),
        pull_quote=pull_quote,
    )
    return StoryBody(mark_safe(html), tuple(dict.fromkeys(shown_embeds)))


def photo_figure(photo, caption, language):
    """A library photo with its caption (the story's own, else the photo's), credit and description."""
    image = picture(photo, "article", sizes=PHOTO_SIZES, loading="lazy") if photo is not None else ""
    if not image:
        return ""
    if caption:
        # Stored escaped; isolate_foreign_runs escapes what it is given.
        caption = isolate_foreign_runs(unescape(caption), language)
    elif photo.caption:
        language = field_language(photo, "caption")
        caption = isolate_foreign_runs(photo.caption, language)
    credit = format_html(' <span class="credit">({})</span>', photo.credit) if photo.credit else ""
    figcaption = (
        format_html("<figcaption {}>{}{}</figcaption>", language_attributes(language), caption, credit)
        if caption or credit
        else ""
    )
    return format_html('<figure class="story-photo">{}{}</figure>', image, figcaption)


def embed_box(embed, title, language):
    """A box that links to the embed and holds, for embeds.js, the address of its frame."""
    if title:
        plain_title = unescape(title)
        shown_title = isolate_foreign_runs(plain_title, language)
    else:
        # The words of the site, in the page's language.
        plain_title = shown_title = str(embed.default_title)
        language = get_language()
    return format_html(
        '<figure class="embed embed--{kind}" data-embed="{provider}" data-frame-src="{frame}" '
        'data-frame-title="{plain_title}" data-load-label="{load}">'
        '<a class="embed__control" href="{url}">'
        '<span class="embed__placeholder" aria-hidden="true"></span>'
        '<span class="embed__title" {attributes}>{title}</span>'
        '<span class="embed__action">{open}</span>'
        "</a></figure>",
        kind=embed.kind,
        provider=embed.provider.name,
        frame=embed.frame_src,
        plain_title=plain_title,
        load=LOAD_LABELS[embed.kind] % {"provider": embed.label},
        url=embed.url,
        attributes=language_attributes(language),
        title=shown_title,
        open=OPEN_LABELS[embed.kind] % {"provider": embed.label},
    )


def story_card(story):
    """A small card for another story, or nothing when it is not public now."""
    if story is None:
        return ""
    language = story.shown_language()
    thumbnail = picture(story.photo, "thumbnail", sizes=CARD_PHOTO_SIZES, alt="") if story.photo_id else ""
    return format_html(
        '<aside class="story-card"><p class="story-card__label">{label}</p>'
        '<a class="story-card__link" href="{url}">{thumbnail}'
        '<span class="story-card__headline" {attributes}>{headline}</span></a></aside>',
        label=_("Read also"),
        url=story.get_absolute_url(),
        thumbnail=thumbnail,
        attributes=language_attributes(language),
        headline=isolate_foreign_runs(story.headline, language),
    )


def pull_quote(quote, attribution, direction):
    """A quotation set apart, with who said it; an editor's direction (a French quote in Arabic) kept."""
    direction = format_html(' dir="{}"', direction) if direction else ""
    attribution = f"<figcaption>{attribution}</figcaption>" if attribution else ""
    return f'<figure class="pull-quote"{direction}><blockquote>{quote}</blockquote>{attribution}</figure>'


def embeds_script(body):
    """The script that loads an embed on request, for a page whose body holds embeds."""
    if not body.embeds:
        return ""
    return format_html('<script src="{}" defer></script>', addresses.asset("js/embeds.js"))


def frame_policy(request, response, shown_embeds):
    """Give ``response`` the site's content policy, letting it frame the hosts of ``shown_embeds``
    and no other; a page without embeds keeps the site's policy as it is."""
    origins = embeds.frame_origins(shown_embeds)
    if origins and settings.SECURE_CSP:
        policy = {**settings.SECURE_CSP, "frame-src": origins}
        response.headers[str(CSP.HEADER_ENFORCE)] = build_policy(policy, get_nonce(request))
    return response
