"""The search page: its results as found by ``ArticleQuerySet.search()``, with the matches
highlighted in the headline and in a passage of the story."""

import html
import re

from django.conf import settings
from django.core.paginator import Paginator
from django.utils.html import escape
from django.utils.safestring import mark_safe

from articles.search import MAX_QUERY_LENGTH
from newsroom import text

_TAG = re.compile(r"<[^>]*>")
_BLOCK_END = re.compile(r"</(?:p|h[1-6]|li|blockquote|pre)>|<br\s*/?>|<hr\s*/?>", re.IGNORECASE)


def highlight(value, terms):
    """``value`` escaped, with every match of ``terms`` in ``<mark>``: safe to print as HTML."""
    value = str(value or "")
    pieces, done = [], 0
    for start, end in text.match_spans(value, terms) if terms else ():
        pieces.append(escape(value[done:start]))
        pieces.append(f"<mark>{escape(value[start:end])}</mark>")
        done = end
    pieces.append(escape(value[done:]))
    return mark_safe("".join(pieces))


def plain_paragraphs(body_html):
    """The paragraphs of a sanitised body as plain text."""
    plain = html.unescape(_TAG.sub("", _BLOCK_END.sub("\n", body_html or "")))
    return [paragraph for paragraph in (" ".join(line.split()) for line in plain.split("\n")) if paragraph]


def excerpt(story, terms, width=220):
    """A passage of the story (in the page's language) around the first match, highlighted.

    It comes from the deck, the lead or the first body paragraph that mentions a word of the
    query; when only the headline or tags matched, the opening of the story.
    """
    chunks = [" ".join((chunk or "").split()) for chunk in (story.deck, story.lead)]
    chunks = [chunk for chunk in chunks if chunk] + plain_paragraphs(story.body)
    for chunk in chunks:
        if text.contains_any(chunk, terms):
            spans = text.match_spans(chunk, terms)
            if spans:
                return highlight(text.passage(chunk, spans[0][0], width), terms)
    return highlight(text.passage(chunks[0], 0, width), terms) if chunks else ""


def results_page(stories, query, page_number):
    """The template context of the search page for ``query`` (already public ``stories``)."""
    query = text.strip_control(query).strip()[:MAX_QUERY_LENGTH]
    terms = text.search_terms(query)
    context = {"query": query, "terms": terms, "page_obj": None, "paginator": None, "stories": []}
    if not terms:
        return context
    found = stories.search(query).for_listing(with_text=True)
    paginator = Paginator(found, settings.NEWSROOM["PAGE_SIZE"])
    page = paginator.get_page(page_number)
    for story in page:
        story.headline_html = highlight(story.headline, terms)
        story.excerpt_html = excerpt(story, terms)
    context.update(page_obj=page, paginator=paginator, stories=list(page))
    return context
