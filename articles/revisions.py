"""Revisions of a story (kept by django-reversion) and readable word diffs between them."""

import difflib
import html
import re

from django.conf import settings
from django.utils.html import escape, strip_tags
from django.utils.safestring import mark_safe
from django.utils.text import capfirst, get_text_list
from django.utils.translation import gettext, override
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
            result.append((field_label(name), word_diff(before, after)))
    return result


def field_label(name):
    """A story field's name in the admin's language, with the language of the text it holds:
    "العنوان (العربية)" for ``headline_ar``."""
    languages = dict(settings.LANGUAGES)
    base, _sep, language = name.rpartition("_")
    if language in languages and base:
        return f"{capfirst(Article._meta.get_field(base).verbose_name)} ({languages[language]})"
    return str(capfirst(Article._meta.get_field(name).verbose_name))


# modeltranslation labels a language's field "Headline [ar]"; the admin stores labels in English.
TRANSLATED_LABEL = re.compile(r"^(?P<base>.+) \[(?P<language>[a-z-]+)\]$")


def field_name_for_label(label):
    """The field an English form label (as Django's change messages store it) belongs to, or None."""
    match = TRANSLATED_LABEL.match(label)
    base, suffix = (match["base"], f"_{match['language']}") if match else (label, "")
    with override(None):
        for field in Article._meta.get_fields():
            if getattr(field, "verbose_name", None) and str(capfirst(field.verbose_name)) == base:
                return field.name + suffix
    return None


def readable_change_message(message):
    """Django's JSON change message as a sentence in the admin's language, fields named as the
    form names them ("Changed Headline [ar]" becomes "تم تغيير العنوان (العربية)")."""
    if not isinstance(message, list):
        return str(message or "")
    sentences = []
    for part in message:
        if "added" in part:
            sentences.append(gettext("Added."))
        elif "changed" in part:
            labels = []
            for label in part["changed"].get("fields", []):
                name = field_name_for_label(label)
                labels.append(field_label(name) if name else gettext(label))
            sentences.append(gettext("Changed {fields}.").format(fields=get_text_list(labels, gettext("and"))))
        elif "deleted" in part:
            sentences.append(gettext("Deleted."))
    return " ".join(sentences) or gettext("No fields changed.")


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


# Three-way merge of a stale form --------------------------------------------------------------

# Fields whose text is merged word by word (theirs, mine, or the person's own edit).
def merged_text_fields():
    return [*compared_fields(), "byline"]


# Fields chosen whole (theirs or mine): a section, a photo, lists of authors or related stories.
MERGED_CHOICE_FIELDS = ("section", "photo", "authors", "related_articles")
MANY = ("authors", "related_articles")
MISSING = object()


def same(name, one, other):
    if name in MERGED_CHOICE_FIELDS:
        return one == other
    # A body comes back from the sanitiser reformatted, and a headline loses its line breaks:
    # what counts is the text a reader reads.
    return " ".join(plain_text(one).split()) == " ".join(plain_text(other).split())


def merge_values_of(article):
    """The merged fields of a saved story, each as the form posts it (text, a pk, a tuple of pks)."""
    values = {name: getattr(article, name) or "" for name in merged_text_fields()}
    for name in MERGED_CHOICE_FIELDS:
        if name in MANY:
            values[name] = tuple(sorted(str(pk) for pk in getattr(article, name).values_list("pk", flat=True)))
        else:
            values[name] = str(getattr(article, f"{name}_id") or "")
    return values


def merge_values_at(field_dict):
    """The merged fields as a recorded version held them (fields it did not record are left out)."""
    values = {name: field_dict.get(name) or "" for name in merged_text_fields() if name in field_dict}
    for name in MERGED_CHOICE_FIELDS:
        if name in MANY:
            if name in field_dict:
                values[name] = tuple(sorted(str(pk) for pk in field_dict[name]))
        elif f"{name}_id" in field_dict:
            values[name] = str(field_dict[f"{name}_id"] or "")
    return values


def three_way(base, theirs, mine):
    """(fields only they changed, fields both changed differently), comparing each with ``base``.

    A field missing from ``base`` (no recorded version to start from) counts as changed by both
    when the two differ, so nothing is decided for the person without asking.
    """
    only_theirs, both = [], []
    for name, their_value in theirs.items():
        if name not in mine or same(name, their_value, mine[name]):
            continue
        start = base.get(name, MISSING)
        they_changed = start is MISSING or not same(name, start, their_value)
        i_changed = start is MISSING or not same(name, start, mine[name])
        if they_changed and i_changed:
            both.append(name)
        elif they_changed:
            only_theirs.append(name)
    return only_theirs, both
