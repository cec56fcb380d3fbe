"""Turning one mapping (a JSON object, a CSV row) into an ArticleRecord: the documented schema.

    id            the story's id in the source (required)
    headline      (required), deck, lead, body (HTML), byline
    status        draft | review | scheduled | published | unpublished
    published_at  ISO 8601, "YYYY-MM-DD HH:MM", RFC 2822 or Arabic ("3 جوان 2024")
    section       a path, outermost first: "رياضة/كرة القدم" (or a list)
    tags, authors lists, or text separated by commas (Arabic or Latin)
    image         a file path relative to the import file (the export bundle)
    image_caption, image_alt, image_credit, url (its address on the old site)
    translations  {"fr": {"headline": …, "deck": …, "lead": …, "body": …}, "en": …};
                  in CSV, columns such as headline_fr, body_en
"""

import re
from pathlib import Path

from articles.models import Status
from newsroom.text import parse_datetime

from .records import ArticleRecord, RecordError

LIMITS = {"headline": 255, "deck": 400, "image_caption": 400, "image_alt": 400, "image_credit": 200, "byline": 200}
TRANSLATABLE = ("headline", "deck", "lead", "body", "image_caption", "image_alt")
LANGUAGES = ("ar", "fr", "en")
SEPARATORS = re.compile(r"\s*[,،]\s*")


def as_list(value, separator=SEPARATORS):
    if value in (None, ""):
        return []
    if isinstance(value, (list, tuple)):
        return [str(item).strip() for item in value if str(item).strip()]
    return [item for item in separator.split(str(value).strip()) if item]


def text(data, name):
    value = data.get(name)
    return "" if value is None else str(value).strip()


def record_from_mapping(data, path, line, source, language="ar"):
    """An ArticleRecord from one mapping, or a RecordError saying what is wrong with it."""
    if not isinstance(data, dict):
        return RecordError(path, f"record {line}: expected an object with article fields", line)
    external_id = text(data, "id")
    headline = text(data, "headline")
    if not external_id:
        return RecordError(path, "the record has no id", line)
    if not headline:
        return RecordError(path, f"record {external_id}: the headline is missing", line)
    status = text(data, "status")
    if status and status not in Status.values:
        return RecordError(path, f"record {external_id}: unknown status {status!r} (use {', '.join(Status.values)})", line)
    for name, limit in LIMITS.items():
        if len(text(data, name)) > limit:
            return RecordError(path, f"record {external_id}: the {name} is longer than {limit} characters", line)
    published_at = None
    if text(data, "published_at"):
        try:
            published_at = parse_datetime(data["published_at"])
        except ValueError as error:
            return RecordError(path, f"record {external_id}: {error}", line)
    image_path = ""
    if text(data, "image"):
        if not isinstance(data["image"], str):
            return RecordError(path, f"record {external_id}: image must be a file path in the bundle", line)
        image_path = bundled_file(path, text(data, "image"))
        if image_path is None:
            return RecordError(path, f"record {external_id}: image {text(data, 'image')!r} is not in the bundle", line)

    given = data.get("translations") or {}
    if not isinstance(given, dict):
        return RecordError(
            path, f'record {external_id}: "translations" must be an object such as {{"fr": {{"headline": …}}}}', line
        )
    translations = {}
    for code, fields in given.items():
        if code in LANGUAGES and isinstance(fields, dict):
            translations[code] = {_record_name(name): str(value) for name, value in fields.items() if name in TRANSLATABLE and value}
    for code in LANGUAGES:
        flat = {_record_name(name): text(data, f"{name}_{code}") for name in TRANSLATABLE if text(data, f"{name}_{code}")}
        if flat:
            translations.setdefault(code, {}).update(flat)
    translations.pop(language, None)

    section = data.get("section")
    return ArticleRecord(
        source=source,
        external_id=external_id,
        path=str(path),
        line=line,
        language=language,
        headline=headline,
        deck=text(data, "deck"),
        lead=text(data, "lead"),
        body_html=text(data, "body"),
        image_caption=text(data, "image_caption"),
        image_alt=text(data, "image_alt"),
        image_credit=text(data, "image_credit"),
        byline=text(data, "byline"),
        tags=as_list(data.get("tags")),
        authors=as_list(data.get("authors")),
        section_path=as_list(section, re.compile(r"\s*/\s*")) if not isinstance(section, list) else as_list(section),
        status=status,
        published_at=published_at,
        translations=translations,
        old_url=text(data, "url"),
        image_path=image_path,
    )


def bundled_file(import_path, name):
    """The absolute path of ``name`` beside the import file, or None if it is not a file there."""
    bundle = Path(import_path).parent.resolve()
    try:
        candidate = (bundle / name).resolve()
        if candidate.is_file() and bundle in candidate.parents:
            return str(candidate)
    except (OSError, ValueError):
        # A name too long for the file system, or holding a NUL character.
        pass
    return None


def _record_name(name):
    return "body_html" if name == "body" else name
