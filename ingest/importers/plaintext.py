"""Plain-text article pages, as a scraper saves them.

The shape (see the seed page): headline; deck; the photo caption written
twice (alt text, then visible caption); the lead; body paragraphs one per
line; then site furniture such as "مقالات الواجهة" and "الأكثر قراءة" with
numbered lists of other stories. Blank lines separate the parts. Parts are
recognised by shape, not by line number: the caption may be missing, line
ends may be CRLF, and the furniture may be missing or partial.
"""

import re
from html import escape
from pathlib import Path

from newsroom.text import normalise

from .records import ArticleRecord, RecordError, read_bytes

NAME = "text"

# Headings of the boxes news sites print around a story; normalised forms.
FURNITURE_HEADINGS = {
    normalise(heading)
    for heading in (
        "مقالات الواجهة",
        "الأكثر قراءة",
        "الأكثر مشاهدة",
        "الأكثر تعليقا",
        "اقرأ أيضا",
        "اقرأ أيضاً",
        "مواضيع ذات صلة",
        "أخبار ذات صلة",
        "مقالات ذات صلة",
        "آخر الأخبار",
        "شارك المقال",
        "تابعونا",
    )
}
NUMBERED_ITEM = re.compile(r"^\s*[0-9٠-٩]+\s*[.)\-–]\s+\S")
SHORT_PART = 300
MAX_LENGTHS = {"headline": 255, "deck": 400, "image_caption": 400}


def looks_like(head):
    """True when the first bytes of a file look like a plain-text page."""
    stripped = head.lstrip(b"\xef\xbb\xbf \t\r\n")
    return bool(stripped) and stripped[:1] not in (b"<", b"{", b"[")


def parse(path, source=NAME, language="ar", media_dir=None):
    """Yield the one story of a plain-text page."""
    path = Path(path)
    text = read_text(path)
    blocks = split_blocks(text)
    if not blocks:
        raise RecordError(path, "the file is empty")
    yield build_record(path, strip_furniture(blocks), source, language)


def read_text(path):
    data = read_bytes(path)
    if b"\x00" in data:
        line = data[: data.index(b"\x00")].count(b"\n") + 1
        raise RecordError(path, "this is a binary file, not a text page", line)
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        raise RecordError(
            path, f"not UTF-8 text (byte 0x{data[error.start]:02x} cannot be decoded); save the file as UTF-8", line
        )


def split_blocks(text):
    """[(first line number, [lines])] for the runs of non-blank lines."""
    blocks, current, start = [], [], None
    for number, line in enumerate(text.splitlines(), start=1):
        # str.strip() also removes U+00A0, the layout residue of scraped pages.
        line = line.strip()
        if line:
            if not current:
                start = number
            current.append(line)
        elif current:
            blocks.append((start, current))
            current = []
    if current:
        blocks.append((start, current))
    return blocks


def is_furniture_heading(lines):
    return len(lines) == 1 and normalise(lines[0]) in FURNITURE_HEADINGS


def is_numbered_list(lines):
    return all(NUMBERED_ITEM.match(line) for line in lines)


def strip_furniture(blocks):
    """The story's blocks: everything from the first furniture heading on is the site's."""
    for index, (_start, lines) in enumerate(blocks[1:], start=1):
        if is_furniture_heading(lines):
            blocks = blocks[:index]
            break
    while len(blocks) > 1 and is_numbered_list(blocks[-1][1]):
        blocks = blocks[:-1]
    return blocks


def is_caption(lines):
    # Scraped pages print the caption twice: the image's alt text, then the visible caption.
    return len(lines) == 2 and lines[0] == lines[1]


def is_short(lines):
    return len(lines) == 1 and len(lines[0]) <= SHORT_PART


def build_record(path, blocks, source, language):
    headline_line, headline_lines = blocks[0]
    rest = blocks[1:]
    caption, deck, lead = "", "", ""
    line_of = {"headline": headline_line}
    caption_at = next((i for i, (_s, lines) in enumerate(rest[:3]) if is_caption(lines)), None)
    if caption_at is not None:
        deck = " ".join(" ".join(lines) for _s, lines in rest[:caption_at])
        line_of["deck"] = rest[0][0]
        caption = rest[caption_at][1][0]
        line_of["image_caption"] = rest[caption_at][0]
        rest = rest[caption_at + 1 :]
    elif len(rest) >= 2 and is_short(rest[0][1]):
        deck = rest[0][1][0]
        line_of["deck"] = rest[0][0]
        rest = rest[1:]
    if len(rest) >= 2 and is_short(rest[0][1]):
        lead = rest[0][1][0]
        rest = rest[1:]
    paragraphs = [line for _start, lines in rest for line in lines]
    if not paragraphs:
        raise RecordError(path, "no body paragraphs found after the headline", headline_line)

    record = ArticleRecord(
        source=source,
        external_id=path.name,
        path=str(path),
        line=headline_line,
        language=language,
        headline=" ".join(headline_lines),
        deck=deck,
        lead=lead,
        body_html="".join(f"<p>{escape(paragraph, quote=False)}</p>" for paragraph in paragraphs),
        image_caption=caption,
        image_alt=caption,
    )
    for name, limit in MAX_LENGTHS.items():
        value = getattr(record, name)
        if len(value) > limit:
            label = name.replace("_", " ")
            raise RecordError(
                path, f"the {label} is {len(value)} characters long; the limit is {limit}", line_of[name]
            )
    return record
