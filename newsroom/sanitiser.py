"""The one HTML allow-list.

Every rich-text value that reaches the database passes through
``sanitise_html``: the admin's editor field, ``Article.save()`` and every
importer. It imports no app so that any of them can call it.
"""

import re

import nh3

ALLOWED_TAGS = {
    "p", "br", "strong", "b", "em", "i", "u", "s", "sub", "sup",
    "a", "ul", "ol", "li", "blockquote", "h2", "h3", "h4", "hr",
    "figure", "figcaption",
}
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title"},
    "ol": {"start"},
}
# Editors mix Arabic with Latin text; an explicit direction is worth keeping,
# but only as one of the three meaningful values.
ALLOWED_ATTRIBUTE_VALUES = {
    tag: {"dir": {"rtl", "ltr", "auto"}} for tag in ("p", "blockquote", "li", "h2", "h3", "h4")
}
URL_SCHEMES = {"http", "https", "mailto", "tel"}

_cleaner = nh3.Cleaner(
    tags=ALLOWED_TAGS,
    clean_content_tags={"script", "style"},
    attributes=ALLOWED_ATTRIBUTES,
    tag_attribute_values=ALLOWED_ATTRIBUTE_VALUES,
    url_schemes=URL_SCHEMES,
    link_rel="noopener noreferrer",
    strip_comments=True,
)

_EMPTY_BLOCK = re.compile(r"^\s*(<(p|h[234])>\s*(<br>)?\s*</\2>\s*)*$")


def sanitise_html(html):
    """Return ``html`` with everything outside the allow-list removed.

    An editor's empty document (``<p></p>``) becomes the empty string, so an
    empty body is falsy in templates and validation.
    """
    if not html:
        return ""
    cleaned = _cleaner.clean(str(html)).strip()
    if _EMPTY_BLOCK.match(cleaned):
        return ""
    return cleaned
