"""RSS 2.0 and Atom feed files, read with feedparser.

feedparser is given the file's bytes, never a name or an address, so it
cannot fetch anything. Feeds carry no record of line numbers; errors name
the entry's position in the feed instead.
"""

import io
import re
from datetime import UTC, datetime
from html import escape
from pathlib import Path

import feedparser

from newsroom.sanitiser import sanitise_html

from .records import ArticleRecord, RecordError, read_bytes
from .wordpress import BLOCK_START, autop, media_file, media_index, old_url, plain_text, unique

NAME = "feed"

# Optional BOM, XML declaration, stylesheet instructions and comments, then the root element.
ROOT = re.compile(rb"^(?:\xef\xbb\xbf)?\s*(?:<\?.*?\?>\s*|<!--.*?-->\s*)*<(?:rss|feed)[\s>]", re.S)
DECLARATIONS = [
    re.compile(re.escape(word.encode(encoding)), re.I)
    for word in ("<!DOCTYPE", "<!ENTITY")
    for encoding in ("utf-8", "utf-16-le", "utf-16-be")
]
MAX_HEADLINE = 255
MAX_DECK = 400


def looks_like(head):
    """True for an RSS or Atom document; a WordPress export (also RSS) belongs to its own module."""
    return bool(ROOT.match(head)) and b"wordpress.org/export/" not in head


def parse(path, source=NAME, language="ar", media_dir=None):
    """Yield a record (or a RecordError) for each entry; raise RecordError if the file is unusable."""
    path = Path(path)
    data = read_bytes(path)
    if not data.strip(b"\xef\xbb\xbf \t\r\n"):
        raise RecordError(path, "the file is empty")
    for pattern in DECLARATIONS:
        found = pattern.search(data)
        if found:
            line = data[: found.start()].count(b"\n") + 1
            raise RecordError(path, "the file declares entities or a DTD, which are refused for safety", line)

    # A file object, not bytes: feedparser tries to open() a bytes argument as a file name first.
    feed = feedparser.parse(io.BytesIO(data))
    if not feed.entries:
        if feed.bozo:
            raise RecordError(path, f"not a readable feed: {feed.bozo_exception}")
        if not feed.version:
            raise RecordError(path, "not an RSS or Atom feed")
    media = media_index(media_dir) if media_dir else None

    for number, entry in enumerate(feed.entries, start=1):
        try:
            yield build_record(entry, number, path, source, language, media)
        except RecordError as error:
            yield error


def build_record(entry, number, path, source, language, media):
    def bad(message):
        return RecordError(path, f"entry {number}: {message}", number)

    headline = text_of(entry, "title")
    if not headline:
        raise bad("no title")
    if len(headline) > MAX_HEADLINE:
        raise bad(f"the title is {len(headline)} characters long; the limit is {MAX_HEADLINE}")
    external_id = (entry.get("id") or entry.get("link") or "").strip()
    if not external_id:
        raise bad("no id (guid) and no link, so a rerun could not find the story again")

    content = entry.get("content") or []
    summary = html_of(entry.get("summary_detail"), entry.get("summary", ""))
    body = html_of(content[0], content[0].get("value", "")) if content else summary
    if not BLOCK_START.search(body):
        # An RSS description is often bare text; give it paragraphs like the other importers.
        body = autop(body)
    deck = ""
    if content and plain_text(summary) != plain_text(body):
        deck = shorten(plain_text(summary), MAX_DECK)

    body = sanitise_html(body)
    record = ArticleRecord(
        source=source,
        external_id=external_id,
        headline=headline,
        path=str(path),
        line=number,
        language=language,
        deck=deck,
        body_html=body,
        sanitised_body_html=body,
        tags=unique((tag.get("term") or "").strip() for tag in entry.get("tags", [])),
        published_at=entry_date(entry),
        authors=entry_authors(entry),
        old_url=old_url(entry.get("link", "")),
    )
    image = media_file(enclosed_image(entry), media)
    if image is not None:
        record.image_path = str(image)
    return record


def text_of(entry, name):
    """The element's text; feedparser leaves type="html" titles as markup."""
    detail = entry.get(f"{name}_detail") or {}
    value = entry.get(name) or ""
    return plain_text(value) if "html" in (detail.get("type") or "") else " ".join(value.split())


def html_of(detail, value):
    if detail and detail.get("type") == "text/plain":
        return "".join(f"<p>{escape(line.strip())}</p>" for line in value.splitlines() if line.strip())
    return value or ""


def entry_date(entry):
    moment = entry.get("published_parsed") or entry.get("updated_parsed")
    # feedparser gives struct_time already converted to UTC.
    return datetime(*moment[:6], tzinfo=UTC) if moment else None


def entry_authors(entry):
    names = [(author.get("name") or "").strip() for author in entry.get("authors", [])]
    names = unique(names)
    if not names and entry.get("author"):
        names = [entry.author.strip()]
    return names


def enclosed_image(entry):
    """The address of the entry's image enclosure or media:content, if any."""
    for link in entry.get("links", []):
        if link.get("rel") == "enclosure" and (link.get("type") or "").startswith("image/"):
            return link.get("href", "")
    for media in entry.get("media_content", []):
        if media.get("url") and (media.get("medium") == "image" or (media.get("type") or "").startswith("image/")):
            return media["url"]
    for media in entry.get("media_thumbnail", []):
        if media.get("url"):
            return media["url"]
    return ""


def shorten(text, limit):
    """``text`` cut at a word boundary to fit ``limit``; feed summaries are often whole first paragraphs."""
    if len(text) <= limit:
        return text
    return text[: limit - 1].rsplit(" ", 1)[0].rstrip(" ,.،") + "…"
