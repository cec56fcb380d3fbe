"""The constructs a story's body holds besides text, and the one form each is stored in.

The editor writes them, the sanitiser (``newsroom.sanitiser``) keeps them by rebuilding each
from its data attributes, the importers build them with the functions below, and the public
site and the API replace them at render time (their patterns are exact because every stored
body went through ``canonical``):

- a photo from the library, by id, with an optional caption for this story only:
  ``<figure data-photo="42"><figcaption>…</figcaption></figure>``
- an embed, as provider and id (``newsroom.embeds``), with the address as a plain link and
  an optional title: ``<figure data-embed="youtube" data-embed-id="…"><a href="…">…</a>
  <figcaption>…</figcaption></figure>``
- a pull quote with its attribution and, if set, its direction:
  ``<figure data-pullquote="" dir="ltr"><blockquote>…</blockquote><figcaption>…</figcaption></figure>``
- a card for another story, by id (shown only while that story is public):
  ``<aside data-story="7"></aside>``

Nothing else from the editor survives inside these: captions, titles and quotes are plain text.
"""

import re
from dataclasses import dataclass, field
from html import escape, unescape
from html.parser import HTMLParser

from . import embeds

MAX_CAPTION = 400
MAX_QUOTE = 1000
MARKERS = ("data-photo", "data-embed", "data-pullquote", "data-story")
DIRECTIONS = ("rtl", "ltr")

_CAPTION = r"(?:<figcaption>(?P<caption>[^<]*)</figcaption>)?"
PHOTO = re.compile(r'<figure data-photo="(?P<id>\d+)">' + _CAPTION + "</figure>")
EMBED = re.compile(
    r'<figure data-embed="(?P<provider>[a-z]+)" data-embed-id="(?P<id>[^"]*)"><a href="[^"]*">[^<]*</a>'
    + _CAPTION
    + "</figure>"
)
STORY = re.compile(r'<aside data-story="(?P<id>\d+)"></aside>')
PULL_QUOTE = re.compile(
    r'<figure data-pullquote=""(?: dir="(?P<dir>rtl|ltr)")?><blockquote>(?P<quote>[^<]*)</blockquote>'
    + _CAPTION
    + "</figure>"
)


def _text(value, limit):
    return escape(" ".join(str(value or "").split())[:limit], quote=False)


def _caption(text):
    text = _text(text, MAX_CAPTION)
    return f"<figcaption>{text}</figcaption>" if text else ""


def photo_block(photo_id, caption=""):
    return f'<figure data-photo="{int(photo_id)}">{_caption(caption)}</figure>'


def embed_block(embed, title=""):
    url = escape(embed.url)
    return (
        f'<figure data-embed="{embed.provider.name}" data-embed-id="{escape(embed.id)}">'
        f'<a href="{url}">{url}</a>{_caption(title)}</figure>'
    )


def story_block(story_id):
    return f'<aside data-story="{int(story_id)}"></aside>'


def pull_quote_block(quote, attribution="", direction=""):
    quote = _text(quote, MAX_QUOTE)
    if not quote:
        return ""
    direction = f' dir="{direction}"' if direction in DIRECTIONS else ""
    return f'<figure data-pullquote=""{direction}><blockquote>{quote}</blockquote>{_caption(attribution)}</figure>'


def has_blocks(html):
    return bool(html) and "data-" in html and any(marker in html for marker in MARKERS)


@dataclass
class References:
    photo_ids: list = field(default_factory=list)
    story_ids: list = field(default_factory=list)
    embeds: list = field(default_factory=list)


def references(html):
    """What a stored body points to, in order of appearance, without repeats."""
    found = References()
    if not has_blocks(html):
        return found
    found.photo_ids = list(dict.fromkeys(int(match["id"]) for match in PHOTO.finditer(html)))
    found.story_ids = list(dict.fromkeys(int(match["id"]) for match in STORY.finditer(html)))
    found.embeds = list(
        dict.fromkeys(
            embed
            for match in EMBED.finditer(html)
            if (embed := embeds.stored(match["provider"], unescape(match["id"]))) is not None
        )
    )
    return found


def replace_blocks(html, photo=None, embed=None, story=None, pull_quote=None):
    """``html`` with each stored construct replaced by what its function returns.

    Each function gets the construct's parts (photo: id, caption; embed: Embed, title;
    story: id; pull_quote: quote, attribution, direction; text already escaped) and returns
    HTML; constructs without a function stay as stored.
    """
    if not has_blocks(html):
        return html
    if photo is not None:
        html = PHOTO.sub(lambda match: photo(int(match["id"]), match["caption"] or ""), html)
    if embed is not None:
        html = EMBED.sub(
            lambda match: embed(embeds.stored(match["provider"], unescape(match["id"])), match["caption"] or ""),
            html,
        )
    if story is not None:
        html = STORY.sub(lambda match: story(int(match["id"])), html)
    if pull_quote is not None:
        html = PULL_QUOTE.sub(
            lambda match: pull_quote(match["quote"], match["caption"] or "", match["dir"] or ""), html
        )
    return html


# Canonical forms ------------------------------------------------------------------------------

BLOCKS = {"p", "br", "li", "h2", "h3", "h4", "blockquote", "ul", "ol", "table", "tr", "td", "th", "hr", "figure",
          "figcaption", "aside"}
VOID = {"br", "hr", "img", "input", "meta", "link", "source", "wbr", "col", "area", "base", "embed", "param",
        "track"}


class _Element:
    __slots__ = ("tag", "attrs", "children")

    def __init__(self, tag, attrs):
        self.tag, self.attrs, self.children = tag, attrs, []

    def text(self):
        pieces = []
        for child in self.children:
            if isinstance(child, str):
                pieces.append(child)
            elif child.tag in BLOCKS:
                # Paragraphs and lines written inside a caption or a quote stay apart as words.
                pieces.append(f" {child.text()} ")
            else:
                pieces.append(child.text())
        return "".join(pieces)

    def find(self, tag):
        for child in self.children:
            if isinstance(child, _Element):
                if child.tag == tag:
                    return child
                found = child.find(tag)
                if found is not None:
                    return found
        return None

    def is_construct(self):
        return self.tag in ("figure", "aside") and any(marker in self.attrs for marker in MARKERS)

    def holds_construct(self):
        return any(
            isinstance(child, _Element) and (child.is_construct() or child.holds_construct()) for child in self.children
        )


class _TreeBuilder(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.root = _Element("", {})
        self.stack = [self.root]

    def handle_starttag(self, tag, attrs):
        element = _Element(tag, dict(attrs))
        self.stack[-1].children.append(element)
        if tag not in VOID:
            self.stack.append(element)

    def handle_startendtag(self, tag, attrs):
        self.stack[-1].children.append(_Element(tag, dict(attrs)))

    def handle_endtag(self, tag):
        for depth in range(len(self.stack) - 1, 0, -1):
            if self.stack[depth].tag == tag:
                del self.stack[depth:]
                return

    def handle_data(self, data):
        self.stack[-1].children.append(data)


def _escape(value, quote):
    # As the allow-list (html5ever) writes it, so a body reads the same with constructs or without.
    return escape(value, quote=quote).replace("\xa0", "&nbsp;")


def _serialise(node):
    if isinstance(node, str):
        return _escape(node, quote=False)
    if node.tag == "figure" or node.tag == "aside":
        rebuilt = _rebuild(node)
        if rebuilt is not None:
            return rebuilt
    inner = "".join(_serialise(child) for child in node.children)
    if node.tag == "a" and node.holds_construct():
        # An embed's own link (and a story card's, once rendered) cannot sit inside another
        # link: browsers would split them apart. The construct is kept, the link around it not.
        return inner
    attrs = "".join(f' {name}="{_escape(value or "", quote=True)}"' for name, value in node.attrs.items())
    if node.tag in VOID:
        return f"<{node.tag}{attrs}>"
    return f"<{node.tag}{attrs}>{inner}</{node.tag}>"


def _caption_of(node):
    caption = node.find("figcaption")
    return caption.text() if caption is not None else ""


# Ids are ASCII digits that fit a database key; ``str.isdigit`` would also take "²" and "١٢".
STORED_ID = re.compile(r"[0-9]{1,18}")


def _stored_id(value):
    return int(value) if value and STORED_ID.fullmatch(value) else None


def _rebuild(node):
    """The canonical form of a construct, "" to drop a broken one, None for an ordinary element."""
    attrs = node.attrs
    if node.tag == "aside":
        if "data-story" not in attrs:
            return None
        story_id = _stored_id(attrs.get("data-story"))
        return story_block(story_id) if story_id is not None else ""
    if "data-photo" in attrs:
        photo_id = _stored_id(attrs.get("data-photo"))
        return photo_block(photo_id, _caption_of(node)) if photo_id is not None else ""
    if "data-embed" in attrs:
        embed = embeds.stored(attrs.get("data-embed"), attrs.get("data-embed-id") or "")
        return embed_block(embed, _caption_of(node)) if embed is not None else ""
    if "data-pullquote" in attrs:
        quote = node.find("blockquote")
        return pull_quote_block(quote.text() if quote is not None else "", _caption_of(node), attrs.get("dir", ""))
    return None


def canonical(html):
    """Every construct in (already sanitised) ``html`` rebuilt in its stored form; broken ones dropped."""
    if not has_blocks(html):
        return html
    builder = _TreeBuilder()
    builder.feed(html)
    builder.close()
    return "".join(_serialise(child) for child in builder.root.children)
