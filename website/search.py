"""The search page: its results as found by ``ArticleQuerySet.search()``, with the matches
highlighted in the headline and in a passage of the story."""

import html
import re

from django.conf import settings
from django.core.paginator import Paginator
from django.utils.html import escape
from django.utils.safestring import mark_safe

from articles.body import without_blocks
from articles.search import MAX_QUERY_LENGTH
from newsroom import text

_TAG = re.compile(r"<[^>]*>")
_BLOCK_END = re.compile(r"</(?:p|h[1-6]|li|blockquote|pre)>|<br\s*/?>|<hr\s*/?>", re.IGNORECASE)


def highlight(value, terms, language=None):
    """``value`` escaped, with every match of ``terms`` in ``<mark>``: safe to print as HTML.

    When its language is known, runs of the other script are isolated in ``<bdi>`` too
    (``newsroom.text.isolate_foreign_runs``); a match across a run's edge is marked on each side.
    """
    value = str(value or "")
    marks = text.match_spans(value, terms) if terms else []
    runs = text.foreign_runs(value, language) if language else []
    cuts = sorted({0, len(value), *(edge for span in (*marks, *runs) for edge in span)})
    pieces, isolated = [], False
    for start, end in zip(cuts, cuts[1:]):
        in_run = any(run_start <= start and end <= run_end for run_start, run_end in runs)
        if in_run != isolated:
            pieces.append("<bdi>" if in_run else "</bdi>")
            isolated = in_run
        piece = escape(value[start:end])
        marked = any(mark_start <= start and end <= mark_end for mark_start, mark_end in marks)
        pieces.append(f"<mark>{piece}</mark>" if marked else piece)
    if isolated:
        pieces.append("</bdi>")
    return mark_safe("".join(pieces))


def plain_paragraphs(body_html):
    """The paragraphs of a sanitised body as plain text (its photos, embeds, cards and quotes left out)."""
    plain = html.unescape(_TAG.sub("", _BLOCK_END.sub("\n", without_blocks(body_html or ""))))
    return [paragraph for paragraph in (" ".join(line.split()) for line in plain.split("\n")) if paragraph]


def excerpt(story, terms, width=220, language=None):
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
                return highlight(text.passage(chunk, spans[0][0], width), terms, language)
    return highlight(text.passage(chunks[0], 0, width), terms, language) if chunks else ""


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
        # A story's text: its language is known, and so its direction (search.html).
        story.headline_language = story.shown_language()
        story.excerpt_language = story.shown_language("body")
        story.headline_html = highlight(story.headline, terms, story.headline_language)
        story.excerpt_html = excerpt(story, terms, language=story.excerpt_language)
    context.update(page_obj=page, paginator=paginator, stories=list(page))
    return context
