"""The one HTML allow-list.

Every rich-text value that reaches the database passes through
``sanitise_html``: the admin's editor field, ``Article.save()`` and every
importer. It imports no app so that any of them can call it.

Besides text, a body holds a few constructs (library photos, embeds, pull quotes,
story cards: ``newsroom.bodyblocks``); after the allow-list, each is rebuilt from its
data attributes alone, so nothing an editor or an import wrote inside one survives
except plain text.
"""

import re

import nh3

from . import bodyblocks

ALLOWED_TAGS = {
    "p", "br", "strong", "b", "em", "i", "u", "s", "sub", "sup",
    "a", "ul", "ol", "li", "blockquote", "h2", "h3", "h4", "hr",
    "figure", "figcaption", "aside",
    "table", "thead", "tbody", "tr", "th", "td",
}
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title"},
    "ol": {"start"},
    "figure": {"data-photo", "data-embed", "data-embed-id", "data-pullquote"},
    "aside": {"data-story"},
    "th": {"colspan", "rowspan"},
    "td": {"colspan", "rowspan"},
}
# Editors mix Arabic with Latin text; an explicit direction is worth keeping,
# but only as one of the three meaningful values.
ALLOWED_ATTRIBUTE_VALUES = {
    tag: {"dir": {"rtl", "ltr", "auto"}}
    for tag in ("p", "blockquote", "li", "h2", "h3", "h4", "figure", "td", "th")
}
SPAN = re.compile(r"[1-9]\d?")


def _attribute_filter(tag, name, value):
    if name in ("colspan", "rowspan"):
        return value if SPAN.fullmatch(value) else None
    return value
URL_SCHEMES = {"http", "https", "mailto", "tel"}

_cleaner = nh3.Cleaner(
    tags=ALLOWED_TAGS,
    clean_content_tags={"script", "style"},
    attributes=ALLOWED_ATTRIBUTES,
    tag_attribute_values=ALLOWED_ATTRIBUTE_VALUES,
    url_schemes=URL_SCHEMES,
    link_rel="noopener noreferrer",
    strip_comments=True,
    attribute_filter=_attribute_filter,
)

_EMPTY_BLOCK = re.compile(r"^\s*(<(p|h[234])>\s*(<br>)?\s*</\2>\s*)*$")


def sanitise_html(html):
    """Return ``html`` with everything outside the allow-list removed.

    An editor's empty document (``<p></p>``) becomes the empty string, so an
    empty body is falsy in templates and validation.
    """
    if not html:
        return ""
    # Stripped again after the constructs: a broken one dropped at either end leaves white space.
    cleaned = bodyblocks.canonical(_cleaner.clean(str(html)).strip()).strip()
    if _EMPTY_BLOCK.match(cleaned):
        return ""
    return cleaned
