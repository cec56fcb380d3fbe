"""Revisions of a story (kept by django-reversion) and readable word diffs between them."""

import difflib
import html
import re

from django.conf import settings
from django.utils.html import escape, strip_tags
from django.utils.safestring import mark_safe
from reversion.models import Version

from .models import Article

COMPARED = ("headline", "deck", "lead", "body")
# Words, runs of punctuation and runs of space are separate tokens, so a changed full stop
# does not mark its whole word as changed.
TOKENS = re.compile(r"\w+|[^\w\s]+|\s+")


def compared_fields():
    return [f"{name}_{language}" for language, _label in settings.LANGUAGES for name in COMPARED]


def plain_text(value):
    """What a reader reads: the body's paragraphs as lines, without markup."""
    value = (value or "").replace("</p>", "</p>\n").replace("<br>", "\n")
    return html.unescape(strip_tags(value)).strip()


def word_diff(old, new):
    """HTML marking removed words with <del> and added words with <ins>."""
    old_tokens, new_tokens = TOKENS.findall(plain_text(old)), TOKENS.findall(plain_text(new))
    pieces = []
    matcher = difflib.SequenceMatcher(None, old_tokens, new_tokens, autojunk=False)
    for operation, old_start, old_end, new_start, new_end in matcher.get_opcodes():
        removed, added = "".join(old_tokens[old_start:old_end]), "".join(new_tokens[new_start:new_end])
        if operation == "equal":
            pieces.append(escape(removed))
            continue
        if removed:
            pieces.append(f"<del>{escape(removed)}</del>")
        if added:
            pieces.append(f"<ins>{escape(added)}</ins>")
    return mark_safe("".join(pieces))


def changes(old, new):
    """[(label, diff)] for each compared field that differs between two field dicts."""
    result = []
    for name in compared_fields():
        before, after = old.get(name) or "", new.get(name) or ""
        if plain_text(before) != plain_text(after):
            base, language = name.rsplit("_", 1)
            label = f"{Article._meta.get_field(base).verbose_name} ({language})"
            result.append((label, word_diff(before, after)))
    return result


def current_fields(article):
    return {name: getattr(article, name) for name in compared_fields()}


def history(article):
    """The story's saved versions, newest first."""
    return Version.objects.get_for_object(article).select_related("revision__user")


def fields_at_version(article, number):
    """The compared fields as they were when the story's edit version was ``number``, if recorded."""
    for version in history(article):
        if version.field_dict.get("version") == number:
            return version.field_dict
    return None
