"""Reader search: what is stored for it, and how stories are found and ranked (the search
page's highlights and excerpts are the public site's: ``website/search.py``).

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
from django.db import connections
from django.db.models import Case, IntegerField, Value, When
from django.db.models.expressions import RawSQL

from newsroom import text

SEARCH_FIELDS = ("search_headline", "search_summary", "search_text")
# Longer queries are cut before anything else reads them.
MAX_QUERY_LENGTH = 200

_TAG = re.compile(r"<[^>]*>")


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
