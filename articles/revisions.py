"""Revisions of a story (kept by django-reversion) and readable word diffs between them."""

import difflib
import html

from django.conf import settings
from django.utils.html import escape, strip_tags
from django.utils.safestring import mark_safe
from reversion.models import Version

from .models import Article

COMPARED = ("headline", "deck", "lead", "body")


def compared_fields():
    return [f"{name}_{language}" for language, _label in settings.LANGUAGES for name in COMPARED]


def plain_text(value):
    """What a reader reads: the body's paragraphs as lines, without markup."""
    value = (value or "").replace("</p>", "</p>\n").replace("<br>", "\n")
    return html.unescape(strip_tags(value)).strip()


def word_diff(old, new):
    """HTML marking removed words with <del> and added words with <ins>."""
    old_words, new_words = plain_text(old).split(" "), plain_text(new).split(" ")
    pieces = []
    matcher = difflib.SequenceMatcher(None, old_words, new_words, autojunk=False)
    for operation, old_start, old_end, new_start, new_end in matcher.get_opcodes():
        if operation == "equal":
            pieces.append(escape(" ".join(old_words[old_start:old_end])))
            continue
        if old_end > old_start:
            pieces.append(f"<del>{escape(' '.join(old_words[old_start:old_end]))}</del>")
        if new_end > new_start:
            pieces.append(f"<ins>{escape(' '.join(new_words[new_start:new_end]))}</ins>")
    return mark_safe(" ".join(pieces))


def changes(old, new):
    """[(label, diff)] for each compared field that differs between two field dicts."""
    result = []
    for name in compared_fields():
        before, after = old.get(name) or "", new.get(name) or ""
        if plain_text(before) != plain_text(after):
            field = Article._meta.get_field(name)
            result.append((f"{field.verbose_name} ({name.rsplit('_', 1)[1]})", word_diff(before, after)))
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
