"""WordPress export files (WXR: RSS 2.0 with wp:, content:, excerpt: and dc: elements).

The file is read with a streaming parser that builds no element tree: each
<item> becomes a record as it is read, so a multi-gigabyte export needs little
memory. The channel's <wp:category> and <wp:author> entries come before the
items and give the section hierarchy and the authors' display names. A
post's featured image is an attachment item that may come later in the
file; with a media folder, such posts wait until their attachment is seen.

Inside a post, what WordPress would embed (``[embed]``, an address alone on its line, a
provider's ``<iframe>``, the block editor's embed figure) becomes an embed when a provider of
``newsroom.embeds`` knows the address, and stays a link otherwise; an image whose file is in the
media folder (``[caption]``, the block editor's image figure, a bare ``<img>``) becomes a library
photo inside the body, added when the story is written (``ArticleRecord.body_photos``).
"""

import re
from dataclasses import dataclass, field
from datetime import UTC
from html import escape, unescape
from pathlib import Path, PurePosixPath
from pyexpat import errors as expat_errors
from urllib.parse import unquote, urlsplit
from xml.etree.ElementTree import ParseError
from zoneinfo import ZoneInfo

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import DefusedXMLParser

from newsroom import bodyblocks, embeds
from newsroom.sanitiser import sanitise_html
from newsroom.text import parse_datetime

from .records import ArticleRecord, BodyPhoto, RecordError, Skipped, read_bytes

NAME = "wordpress"

NAMESPACES = {
    "http://purl.org/rss/1.0/modules/content/": "content",
    "http://purl.org/dc/elements/1.1/": "dc",
}
# WXR 1.0, 1.1 and 1.2 differ only in the version in these addresses.
WP_NAMESPACE = re.compile(r"http://wordpress\.org/export/1\.\d+/")
EXCERPT_NAMESPACE = re.compile(r"http://wordpress\.org/export/1\.\d+/excerpt/")

STATUSES = {
    "publish": "published",
    "draft": "draft",
    "pending": "review",
    "future": "scheduled",
    "private": "unpublished",
    # Attachments and revisions; only reached when a caller asks for those post types.
    "inherit": "",
}
SKIPPED_STATUSES = {"trash", "auto-draft"}
NO_DATE = "0000-00-00 00:00:00"
# WXR gives post_date in the old site's zone and no zone name; drafts carry only that.
OLD_SITE_TIME_ZONE = ZoneInfo("Africa/Algiers")
# WordPress puts posts without a category here; it is not an editorial section.
DEFAULT_CATEGORY = "uncategorized"
MAX_LENGTHS = {"headline": 255, "deck": 400}
# Expat's messages for a document that stops early.
TRUNCATED = {
    expat_errors.XML_ERROR_NO_ELEMENTS,
    expat_errors.XML_ERROR_UNCLOSED_TOKEN,
    expat_errors.XML_ERROR_UNCLOSED_CDATA_SECTION,
    expat_errors.XML_ERROR_PARTIAL_CHAR,
}


def looks_like(head):
    """True for the head of a WordPress export: an RSS file with the wp: namespace."""
    return b"<rss" in head and b"wordpress.org/export/" in head


@dataclass
class Export:
    """What the channel says about the site, and the attachments seen so far."""

    categories: dict = field(default_factory=dict)  # nicename -> (name, parent nicename)
    authors: dict = field(default_factory=dict)  # login -> display name
    attachments: dict = field(default_factory=dict)  # post id -> Attachment


@dataclass
class Attachment:
    url: str
    caption: str = ""
    alt: str = ""


@dataclass
class Item:
    """One <item>, copied out of the tree so the element can be freed."""

    number: int
    line: int
    fields: dict = field(default_factory=dict)  # "wp:post_id" -> text, first occurrence
    categories: list = field(default_factory=list)  # (domain, nicename, name)
    meta: dict = field(default_factory=dict)  # postmeta key -> value

    def get(self, key):
        return (self.fields.get(key) or "").strip()

    @property
    def label(self):
        post_id = self.get("wp:post_id")
        return f"post {post_id}" if post_id else f"item {self.number}"


def parse(path, source=NAME, language="ar", media_dir=None, post_types=("post",)):
    """Yield a record, a RecordError or a Skipped for each item; raise RecordError if the file is unusable."""
    path = Path(path)
    if not read_bytes(path, 4096).strip(b"\xef\xbb\xbf \t\r\n"):
        raise RecordError(path, "the file is empty")
    media = media_index(media_dir) if media_dir else None
    export = Export()
    # Featured image attachment id -> posts waiting for it.
    waiting = {}

    for item in read_items(path, export):
        post_type = item.get("wp:post_type")
        if post_type == "attachment":
            post_id = item.get("wp:post_id")
            attachment = Attachment(
                url=item.get("wp:attachment_url") or item.get("guid"),
                caption=plain_text(item.get("excerpt:encoded")),
                alt=plain_text(item.meta.get("_wp_attachment_image_alt", "")),
            )
            export.attachments[post_id] = attachment
            for record in waiting.pop(post_id, []):
                attach_image(record, attachment, media)
                yield record
        if post_type not in post_types:
            yield Skipped(str(path), item.line, f"{item.label}: post type {post_type!r}, not a story")
            continue
        try:
            record = build_record(item, export, path, source, language, media)
        except RecordError as error:
            yield error
            continue
        if isinstance(record, Skipped):
            yield record
            continue
        thumbnail_id = item.meta.get("_thumbnail_id", "").strip()
        # Without a media folder there is no image to attach, so nothing is worth waiting for.
        if thumbnail_id and media is not None:
            attachment = export.attachments.get(thumbnail_id)
            if attachment is None:
                waiting.setdefault(thumbnail_id, []).append(record)
                continue
            attach_image(record, attachment, media)
        yield record

    # Featured images whose attachment never appeared: the posts go in without an image.
    yield from sorted((record for records in waiting.values() for record in records), key=lambda r: r.line or 0)


# Bytes handed to the parser at a time; items are yielded after each chunk.
CHUNK_BYTES = 64 * 1024


class _ChannelReader:
    """Parser target that turns the channel's <item>, <wp:category> and <wp:author> into values.

    No element tree is built: a post becomes an Item as the parser goes, keeping the text
    of each child (and of each <wp:postmeta>'s children) up to that child's first element,
    as ElementTree's ``element.text`` would. Of other elements only the nesting is followed.
    """

    def __init__(self, export):
        self.export = export
        self.expat = None
        self.items = []  # Items finished since the caller last took them
        self.number = 0
        self.saw_wordpress = False
        self.keys = {}  # tag -> "wp:post_id", "title", …
        self.tags = []  # open elements' tags
        self.entry = None  # the Item being read, or "wp:category" or "wp:author"
        self.entry_depth = 0  # how many elements enclose it
        self.values = None  # {key: text} of the open <wp:postmeta>, or the channel entry
        self.text = None  # text pieces of the element whose text is being kept
        self.text_key = None
        self.text_attributes = None

    def key(self, tag):
        key = self.keys.get(tag)
        if key is None:
            kind, name = qualified(tag)
            key = self.keys[tag] = f"{kind}:{name}" if kind else name
            if kind == "wp":
                self.saw_wordpress = True
        return key

    def start(self, tag, attributes):
        if self.text is not None:
            # The element whose text was kept has a child: its text ends here, as .text does.
            self.keep_text()
        tags = self.tags
        key = self.key(tag)
        depth = len(tags)
        if self.entry is None:
            if tags and tags[-1] == "channel":
                if tag == "item":
                    self.number += 1
                    self.entry = Item(number=self.number, line=self.expat.CurrentLineNumber)
                elif key in ("wp:category", "wp:author"):
                    self.entry, self.values = key, {}
                if self.entry is not None:
                    self.entry_depth = depth
        elif depth == self.entry_depth + 1:
            if key == "wp:postmeta" and type(self.entry) is Item:
                self.values = {}
            else:
                self.text, self.text_key, self.text_attributes = [], key, attributes
        elif depth == self.entry_depth + 2 and self.values is not None and type(self.entry) is Item:
            self.text, self.text_key, self.text_attributes = [], key, None
        tags.append(tag)

    def data(self, text):
        if self.text is not None:
            self.text.append(text)

    def keep_text(self):
        text, key, entry = "".join(self.text), self.text_key, self.entry
        self.text = None
        if type(entry) is not Item or len(self.tags) == self.entry_depth + 3:
            # A channel entry's child, or a <wp:postmeta>'s.
            self.values.setdefault(key, text)
        elif key == "category":
            attributes = self.text_attributes
            entry.categories.append((attributes.get("domain", ""), attributes.get("nicename", ""), text))
        else:
            entry.fields.setdefault(key, text)

    def end(self, tag):
        if self.text is not None:
            self.keep_text()
        tags = self.tags
        tags.pop()
        entry = self.entry
        if entry is None:
            return
        depth = len(tags)
        if depth == self.entry_depth:
            if entry == "wp:category":
                add_category(self.values, self.export)
            elif entry == "wp:author":
                add_author(self.values, self.export)
            else:
                self.items.append(entry)
            self.entry, self.values = None, None
        elif depth == self.entry_depth + 1 and self.values is not None and type(entry) is Item:
            meta = self.values
            entry.meta.setdefault(meta.get("wp:meta_key", ""), meta.get("wp:meta_value", ""))
            self.values = None


def read_items(path, export):
    """Yield each channel <item> as an Item, filling ``export`` from the channel's own entries."""
    reader = _ChannelReader(export)
    # A WXR file never needs a DTD; refusing it also rules out entity expansion attacks.
    parser = DefusedXMLParser(target=reader, forbid_dtd=True)
    reader.expat = parser.parser
    try:
        with path.open("rb") as file:
            while True:
                chunk = file.read(CHUNK_BYTES)
                failure = None
                try:
                    if chunk:
                        parser.feed(chunk)
                    else:
                        parser.close()
                except (DefusedXmlException, ParseError) as error:
                    failure = error
                except (LookupError, ValueError) as error:
                    # pyexpat's answer to an encoding it cannot use: unknown, or multi-byte.
                    message = f"the XML declaration names an encoding that cannot be read ({error}); save it as UTF-8"
                    raise RecordError(path, message, reader.expat.CurrentLineNumber)
                # Posts read before a fault still count (as --skip-errors keeps them).
                ready, reader.items = reader.items, []
                yield from ready
                if failure is not None:
                    raise failure
                if not chunk:
                    break
    except DefusedXmlException:
        line = reader.expat.CurrentLineNumber
        raise RecordError(path, "the file declares entities or a DTD, which are refused for safety", line)
    except ParseError as error:
        line = error.position[0] if error.position else None
        reason = expat_errors.messages.get(error.code, str(error)) if error.code else str(error)
        if reason in TRUNCATED:
            raise RecordError(path, f"the file ends in the middle of the XML ({reason}); is it truncated?", line)
        if reason == expat_errors.XML_ERROR_UNKNOWN_ENCODING:
            raise RecordError(path, "the XML declaration names an encoding Python does not know", line)
        raise RecordError(path, f"not well-formed XML: {reason}", line)
    except OSError as error:
        raise RecordError(path, f"cannot be read: {error.strerror or error}")
    if not reader.saw_wordpress:
        raise RecordError(path, "no wp: elements found; this is not a WordPress export")


def qualified(tag):
    """("wp", "post_id") for "{http://wordpress.org/export/1.2/}post_id"; ("", "title") for "title"."""
    if not tag.startswith("{"):
        return "", tag
    uri, name = tag[1:].split("}", 1)
    if EXCERPT_NAMESPACE.fullmatch(uri):
        return "excerpt", name
    if WP_NAMESPACE.fullmatch(uri):
        return "wp", name
    return NAMESPACES.get(uri, uri), name


def add_category(values, export):
    nicename = values.get("wp:category_nicename", "").strip()
    if nicename:
        name = plain_text(values.get("wp:cat_name", "")) or nicename
        export.categories[nicename] = (name, values.get("wp:category_parent", "").strip())


def add_author(values, export):
    login = values.get("wp:author_login", "").strip()
    full_name = f"{values.get('wp:author_first_name', '').strip()} {values.get('wp:author_last_name', '').strip()}"
    if login:
        export.authors[login] = plain_text(values.get("wp:author_display_name", "")) or full_name.strip() or login


def build_record(item, export, path, source, language, media=None):
    """The item's record; Skipped for a trashed post; RecordError for a bad one."""
    post_id = item.get("wp:post_id")

    def bad(message):
        return RecordError(path, f"{item.label}: {message}", item.line)

    if not post_id:
        raise bad("no wp:post_id")
    wp_status = item.get("wp:status")
    if wp_status in SKIPPED_STATUSES:
        return Skipped(str(path), item.line, f"{item.label}: status {wp_status!r}, not imported")
    if wp_status not in STATUSES:
        raise bad(f"unknown status {wp_status!r}")
    headline = plain_text(item.get("title"))
    content = item.fields.get("content:encoded") or ""
    if not headline:
        raise bad("no title and no content" if not content.strip() else "no title; the story needs a headline")
    deck = plain_text(item.get("excerpt:encoded"))
    for name, value in (("headline", headline), ("deck", deck)):
        if len(value) > MAX_LENGTHS[name]:
            label_name = "title" if name == "headline" else "excerpt"
            raise bad(f"the {label_name} is {len(value)} characters long; the limit is {MAX_LENGTHS[name]}")
    try:
        published_at = publication_date(item)
    except ValueError as error:
        raise bad(str(error))
    login = item.get("dc:creator")
    body_photos = {}
    body_html = sanitise_html(wordpress_to_html(content, media, body_photos))
    return ArticleRecord(
        source=source,
        external_id=post_id,
        headline=headline,
        path=str(path),
        line=item.line,
        language=language,
        deck=deck,
        body_html=body_html,
        sanitised_body_html=body_html,
        tags=unique(plain_text(name) for domain, _nicename, name in item.categories if domain == "post_tag"),
        published_at=published_at,
        status=STATUSES[wp_status],
        section_path=section_path(item.categories, export.categories),
        authors=[export.authors.get(login, login)] if login else [],
        old_url=old_url(item.get("link")),
        body_photos=body_photos,
    )


def publication_date(item):
    # The site's one date reader; WordPress writes "YYYY-MM-DD HH:MM:SS", in UTC for the _gmt field.
    gmt = item.get("wp:post_date_gmt")
    if gmt and gmt != NO_DATE:
        return parse_datetime(gmt, default_timezone=UTC)
    local = item.get("wp:post_date")
    if local and local != NO_DATE:
        return parse_datetime(local, default_timezone=OLD_SITE_TIME_ZONE)
    return None


def section_path(categories, hierarchy):
    """Names from the outermost section in, for the post's first real category."""
    for domain, nicename, name in categories:
        if domain != "category" or nicename == DEFAULT_CATEGORY:
            continue
        if nicename not in hierarchy:
            return [plain_text(name)] if plain_text(name) else []
        path, seen = [], set()
        # `seen` guards against a parent loop in a hand-edited export.
        while nicename in hierarchy and nicename not in seen:
            seen.add(nicename)
            name, nicename = hierarchy[nicename]
            path.insert(0, name)
        return path
    return []


def old_url(link):
    # A draft's link is "/?p=123": no path of its own, and the redirect table keys on paths.
    return link if urlsplit(link).path not in ("", "/") else ""


def unique(values):
    return list(dict.fromkeys(value for value in values if value))


TAG = re.compile(r"<[^>]*>")


def plain_text(html):
    """Text without tags or entities; WordPress stores titles and term names HTML-escaped."""
    text = TAG.sub(" ", html) if "<" in (html or "") else html or ""
    # split() breaks on exactly the characters \s matches: white space collapses as SPACES.sub would.
    return " ".join(unescape(text).split())


# --- WordPress markup to HTML -------------------------------------------------------

COMMENT = re.compile(r"<!--.*?-->", re.S)
# The body constructs' own attributes, in a post written elsewhere, are not ours to trust.
CONSTRUCT_ATTRIBUTE = re.compile(r"\bdata-(?=(?:photo|embed|story|pullquote)\b)", re.I)
CAPTION = re.compile(r"\[(?:wp_)?caption([^\]]*)\](.*?)\[/(?:wp_)?caption\]", re.S)
CAPTION_ATTRIBUTE = re.compile(r"""\bcaption=(["'])(.*?)\1""", re.S)
IMAGE = re.compile(r"(?:<a\b[^>]*>\s*)?<img\b[^>]*>(?:\s*</a>)?", re.I)
IMAGE_TAG = re.compile(r"<img\b[^>]*>", re.I)
ATTRIBUTE = re.compile(r"""\b([a-z-]+)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>]+))""", re.I)
FIGCAPTION = re.compile(r"<figcaption\b[^>]*>(.*?)</figcaption>", re.S | re.I)
# The block editor's image and embed blocks (their <!-- wp: --> comments are gone by then).
IMAGE_FIGURE = re.compile(
    r"<figure\b[^>]*>\s*((?:<a\b[^>]*>\s*)?<img\b[^>]*>(?:\s*</a>)?)\s*"
    r"(?:<figcaption\b[^>]*>.*?</figcaption>\s*)?</figure>", re.S | re.I
)
EMBED_FIGURE = re.compile(
    r"<figure\b[^>]*\bwp-block-embed\b[^>]*>\s*<div\b[^>]*>\s*(\S+?)\s*</div>\s*"
    r"(?:<figcaption\b[^>]*>(.*?)</figcaption>\s*)?</figure>", re.S | re.I
)
IFRAME = re.compile(r"<iframe\b[^>]*>(?:.*?</iframe>)?", re.S | re.I)
EMBED = re.compile(r"\[embed\b[^\]]*\](.*?)\[/embed\]", re.S)
# ASCII names only, so Arabic text in square brackets is left alone.
SHORTCODE = re.compile(r"\[/?[A-Za-z][\w-]*(?:\s[^\]]*)?/?\]", re.A)
URL_LINE = re.compile(r"^[ \t]*(https?://[^\s<>\"']+)[ \t]*$", re.M)
URL = re.compile(r"https?://[^\s<>\"']+")
# Containers that may hold paragraphs: their tags stand alone.
WRAPPERS = r"blockquote|div|section|article|aside|header|footer|figure|details"
# Blocks whose content is left as written: split off from the text around them.
LEAVES = r"p|h[1-6]|ul|ol|dl|table|pre|figcaption|address|form|fieldset|script|style|noscript|iframe"
WRAPPER_TAG = re.compile(rf"</?(?:{WRAPPERS})\b[^>]*>", re.I)
LEAF_OPEN = re.compile(rf"<(?:{LEAVES})\b[^>]*>", re.I)
LEAF_CLOSE = re.compile(rf"</(?:{LEAVES})\s*>", re.I)
RULE = re.compile(r"<hr\b[^>]*>", re.I)
BLOCK_START = re.compile(
    rf"</?(?:{WRAPPERS}|{LEAVES}|hr|li|dt|dd|tr|td|th|thead|tbody|tfoot|caption)\b", re.I
)
BLANK_LINE = re.compile(r"\n[ \t]*\n")
NEWLINE = re.compile(r"[ \t]*\n[ \t]*")
EMPTY_BLOCK = re.compile(r"^(?:\s|&nbsp;|&#160;|\u00a0)*$")


def wordpress_to_html(content, media=None, photos=None):
    """What WordPress would show for post_content: shortcodes resolved, embeds and images made
    body constructs, then wpautop.

    An image becomes a library photo when its file is in ``media`` (``media_index``) and
    ``photos`` is a dict: the figure carries a number, and ``photos`` gets that number's
    ``BodyPhoto``. Otherwise it is left out and its caption kept as a paragraph.

    Each pass runs only when the text holds the character its pattern cannot match without
    ("[" for shortcodes, "<" for tags): most posts skip most of the passes.
    """
    text = content.replace("\r\n", "\n").replace("\r", "\n")
    images = Images(media, photos)
    if "<!--" in text:
        text = COMMENT.sub("", text)
    if "data-" in text:
        text = CONSTRUCT_ATTRIBUTE.sub("data-wp-", text)
    if "[" in text:
        text = CAPTION.sub(lambda match: caption_block(match, images), text)
        text = EMBED.sub(lambda match: embed_paragraph(match.group(1)), text)
        text = SHORTCODE.sub("", text)
    if "<" in text:
        tags = text.lower()
        if "<figure" in tags:
            text = EMBED_FIGURE.sub(embed_figure, text)
            text = IMAGE_FIGURE.sub(lambda match: image_figure(match, images), text)
        if "<img" in tags:
            text = IMAGE.sub(lambda match: images.block(match.group(0)) or match.group(0), text)
        if "<iframe" in tags:
            text = IFRAME.sub(iframe_embed, text)
    if "://" in text:
        text = URL_LINE.sub(lambda match: embed_paragraph(match.group(1)), text)
    return autop(text)


def caption_block(match, images):
    attributes, inner = match.groups()
    image = IMAGE.search(inner)
    text = IMAGE.sub("", inner).strip()
    if not text:
        # Before WordPress 3.4 the caption was an attribute.
        found = CAPTION_ATTRIBUTE.search(attributes)
        text = found.group(2).strip() if found else ""
    photo = images.block(image.group(0), text) if image else ""
    if photo:
        return photo
    return f"\n\n<p>{text}</p>\n\n" if text else "\n\n"


def image_figure(match, images):
    found = FIGCAPTION.search(match.group(0))
    caption = found.group(1).strip() if found else ""
    photo = images.block(match.group(1), caption)
    if photo:
        return photo
    return f"\n\n<p>{caption}</p>\n\n" if caption else "\n\n"


def embed_figure(match):
    url, caption = match.group(1), match.group(2) or ""
    embed = embeds.match(unescape(url))
    if embed is not None:
        return f"\n\n{bodyblocks.embed_block(embed, plain_text(caption))}\n\n"
    text = f"\n\n<p>{caption}</p>" if caption.strip() else ""
    return (f"\n\n{link_paragraph(url)}" if URL.fullmatch(url) else "") + text + "\n\n"


def iframe_embed(match):
    """A provider's frame as the embed it shows; any other frame is left for the sanitiser to drop."""
    src = attributes_of(match.group(0)).get("src", "")
    embed = embeds.match(src)
    return f"\n\n{bodyblocks.embed_block(embed)}\n\n" if embed is not None else match.group(0)


def embed_paragraph(inner):
    """An address WordPress would embed: the embed when a provider knows it, else a link."""
    url = inner.strip()
    if not URL.fullmatch(url):
        return inner
    embed = embeds.match(unescape(url))
    block = bodyblocks.embed_block(embed) if embed is not None else link_paragraph(url)
    return f"\n\n{block}\n\n"


def link_paragraph(url):
    url = escape(unescape(url))
    return f'<p><a href="{url}">{url}</a></p>'


def attributes_of(tag):
    """{name: value} of one start tag, names in lower case, values unescaped."""
    return {
        name.lower(): unescape(next(value for value in values if value is not None))
        for name, *values in ATTRIBUTE.findall(tag)
    }


class Images:
    """The images of one post: each file found in the media folder gets one number in the body."""

    def __init__(self, media, photos):
        self.media, self.photos = media, photos
        self.numbers = {}  # file path -> number in the body

    def block(self, markup, caption=""):
        """The photo figure for an image (its markup, maybe inside a link), or "" if its file is not here."""
        if not self.media or self.photos is None:
            return ""
        image = attributes_of(IMAGE_TAG.search(markup).group(0))
        file = media_file(image.get("src", ""), self.media, original=True)
        if file is None:
            return ""
        caption = plain_text(caption)
        number = self.numbers.get(str(file))
        if number is None:
            number = self.numbers[str(file)] = str(len(self.numbers) + 1)
            alt = plain_text(image.get("alt", ""))
            self.photos[number] = BodyPhoto(path=str(file), caption=caption[:400], alt=alt[:400])
        return f"\n\n{bodyblocks.photo_block(number, caption)}\n\n"


def autop(text):
    """wpautop, simplified: blank-line separated text becomes <p>, single newlines <br>."""
    if "<" in text:
        text = WRAPPER_TAG.sub(lambda match: f"\n\n{match.group(0)}\n\n", text)
        text = RULE.sub(lambda match: f"\n\n{match.group(0)}\n\n", text)
        text = LEAF_OPEN.sub(lambda match: f"\n\n{match.group(0)}", text)
        text = LEAF_CLOSE.sub(lambda match: f"{match.group(0)}\n\n", text)
    blocks, depth = [], 0
    for block in BLANK_LINE.split(text):
        block = block.strip()
        if EMPTY_BLOCK.match(block):
            continue
        # Inside a list, table or paragraph split by a blank line, or already a block: as written.
        if depth > 0 or (block[0] == "<" and BLOCK_START.match(block)):
            blocks.append(block)
        else:
            lines = NEWLINE.sub("<br>\n", block) if "\n" in block else block
            blocks.append(f"<p>{lines}</p>")
        if "<" in block:
            depth = max(0, depth + len(LEAF_OPEN.findall(block)) - len(LEAF_CLOSE.findall(block)))
    return "\n".join(blocks)


# --- Images ---------------------------------------------------------------------------


def media_index(media_dir):
    """{file name: path} for every file under ``media_dir``; the first in sorted order wins."""
    media_dir = Path(media_dir)
    if not media_dir.is_dir():
        raise RecordError(media_dir, "the media folder does not exist")
    index = {}
    for file in sorted(media_dir.rglob("*")):
        if file.is_file():
            index.setdefault(file.name, file)
    return index


def media_file(url, media, original=False):
    """The local copy of the file at ``url``, found by name, or None.

    With ``original``, the full-size upload is preferred to the size WordPress cut from it
    ("photo-300x200.jpg" is "photo.jpg" made smaller), when the folder holds both.
    """
    if not url or not media:
        return None
    name = PurePosixPath(unquote(urlsplit(url).path)).name
    if original and (full := CUT_SIZE.sub("", name)) != name and full in media:
        return media[full]
    return media.get(name)


CUT_SIZE = re.compile(r"-\d{1,5}x\d{1,5}(?=\.\w+$)")


def attach_image(record, attachment, media):
    file = media_file(attachment.url, media)
    if file is None:
        return
    record.image_path = str(file)
    if len(attachment.caption) <= 400:
        record.image_caption = attachment.caption
    record.image_alt = (attachment.alt or record.image_caption)[:400]
