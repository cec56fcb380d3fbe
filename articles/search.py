"""Reader search: what is stored for it, how stories are found and ranked, how matches are shown.

Every text goes through ``newsroom.text.normalise`` on both sides: the stored columns when a
story is saved (or its tags change) and the reader's query. PostgreSQL ranks with full-text
search over a weighted vector (headline A, deck and lead B, everything with tags C) that
migration 0008 stores in a generated, GIN-indexed column; elsewhere every word must occur in
the stored text, and a score puts headline matches above deck and lead, above the rest.

This module imports no model, so ``articles.models`` and migrations can use it.
"""

import html
import re

from django.conf import settings
from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVectorField
from django.core.paginator import Paginator
from django.db import connections
from django.db.models import Case, IntegerField, Value, When
from django.db.models.expressions import RawSQL
from django.utils.html import escape
from django.utils.safestring import mark_safe

from newsroom import text

SEARCH_FIELDS = ("search_headline", "search_summary", "search_text")
# Longer queries are cut before anything else reads them.
MAX_QUERY_LENGTH = 200

_TAG = re.compile(r"<[^>]*>")
_BLOCK_END = re.compile(r"</(?:p|h[1-6]|li|blockquote|pre)>|<br\s*/?>|<hr\s*/?>", re.IGNORECASE)


# The columns search_columns() fills.
SEARCH_COLUMNS = ("search_text", "search_headline", "search_summary")


def search_columns(story, tag_names=()):
    """{column: normalised text} for a story's stored search columns.

    ``story`` is anything with the translated fields (``headline_ar``…): an ``Article``, or the
    historical model a migration sees.
    """
    headlines, summaries, parts = [], [], []
    for language, _name in settings.LANGUAGES:
        headline = getattr(story, f"headline_{language}") or ""
        summary = " ".join(getattr(story, f"{name}_{language}") or "" for name in ("deck", "lead"))
        headlines.append(headline)
        summaries.append(summary)
        # The body is sanitised already, so a regular expression removes its tags safely
        # (and far faster than an HTML parser, which matters for large imports).
        parts.extend((headline, summary, _TAG.sub(" ", getattr(story, f"body_{language}") or "")))
    parts.extend(tag_names)
    return {
        "search_headline": text.normalise(html.unescape(" ".join(headlines))),
        "search_summary": text.normalise(html.unescape(" ".join(summaries))),
        "search_text": text.normalise(html.unescape(" ".join(part for part in parts if part))),
    }


def _document():
    # PostgreSQL only: the weighted tsvector column migration 0008 adds (generated from the three
    # search columns, GIN-indexed). Not a model field, so Django never writes it.
    return RawSQL("search_document", (), output_field=SearchVectorField())


def ranked(stories, query):
    """``stories`` holding every word of ``query``, best match first, then newest first."""
    terms = text.search_terms(query[:MAX_QUERY_LENGTH])
    if not terms:
        return stories.none()
    if connections[stories.db].vendor == "postgresql":
        search = SearchQuery(" ".join(terms), config="simple", search_type="plain")
        return (
            stories.alias(document=_document())
            .filter(document=search)
            .annotate(search_rank=SearchRank(_document(), search))
            .order_by("-search_rank", "-published_at", "-pk")
        )
    for term in terms:
        stories = stories.filter(search_text__contains=term)
    # Each word scores 4 in the headline, 2 in the deck or lead, 1 elsewhere (body, tags).
    score = sum(
        (
            Case(
                When(search_headline__contains=term, then=Value(4)),
                When(search_summary__contains=term, then=Value(2)),
                default=Value(1),
                output_field=IntegerField(),
            )
            for term in terms
        ),
        Value(0),
    )
    return stories.annotate(search_rank=score).order_by("-search_rank", "-published_at", "-pk")


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
    found = ranked(stories, query).for_listing(with_text=True)
    paginator = Paginator(found, settings.NEWSROOM["PAGE_SIZE"])
    page = paginator.get_page(page_number)
    for story in page:
        story.headline_html = highlight(story.headline, terms)
        story.excerpt_html = excerpt(story, terms)
    context.update(page_obj=page, paginator=paginator, stories=list(page))
    return context
