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
    body_photos   the photos inside the bodies, by the id their figures carry
                  (<figure data-photo="42">): {"42": {"image": "media/…", "caption": …, "alt": …,
                  "credit": …, "translations": {"fr": {"caption": …, "alt": …}}}}; each is added to
                  the library (or found there, by its file) and the figures get its id here
    body_stories  story cards by the id they carry (<aside data-story="7">) and that story's "id"
                  in the import: {"7": "json:a-1"}; a card whose story is not imported is dropped
"""

import re
from pathlib import Path

from articles.models import Status
from newsroom.text import parse_datetime

from .records import ArticleRecord, BodyPhoto, RecordError

LIMITS = {"headline": 255, "deck": 400, "image_caption": 400, "image_alt": 400, "image_credit": 200, "byline": 200}
TRANSLATABLE = ("headline", "deck", "lead", "body", "image_caption", "image_alt")
LANGUAGES = ("ar", "fr", "en")
BODY_PHOTO_LIMITS = {"caption": 400, "alt": 400, "credit": 200}
PHOTO_TEXTS = ("caption", "alt")
BODY_ID = re.compile(r"[0-9]{1,18}")
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

    try:
        body_photos = body_photos_from(data.get("body_photos"), path)
        body_stories = body_stories_from(data.get("body_stories"))
    except ValueError as error:
        return RecordError(path, f"record {external_id}: {error}", line)

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
        body_photos=body_photos,
        body_stories=body_stories,
    )


def _body_ids(value, name, example):
    """{id as the body writes it: value} from an object keyed by ids; raises ValueError saying what is wrong."""
    if value in (None, ""):
        return {}
    if not isinstance(value, dict):
        raise ValueError(f'"{name}" must be an object such as {example}')
    for key in value:
        if not BODY_ID.fullmatch(str(key)):
            raise ValueError(f'"{name}" is keyed by the ids in the body ({example}), not {key!r}')
    return {str(int(key)): item for key, item in value.items()}


def body_photos_from(value, import_path):
    photos = {}
    for key, given in _body_ids(value, "body_photos", '{"42": {"image": "media/…"}}').items():
        if not isinstance(given, dict) or not isinstance(given.get("image"), str) or not given["image"].strip():
            raise ValueError(f'body photo {key} needs "image", a file path in the bundle')
        image = bundled_file(import_path, given["image"].strip())
        if image is None:
            raise ValueError(f"body photo {key}: image {given['image'].strip()!r} is not in the bundle")
        texts = {name: text(given, name) for name in BODY_PHOTO_LIMITS}
        for name, limit in BODY_PHOTO_LIMITS.items():
            if len(texts[name]) > limit:
                raise ValueError(f"body photo {key}: the {name} is longer than {limit} characters")
        photos[key] = BodyPhoto(path=image, translations=body_photo_translations(given.get("translations")), **texts)
    return photos


def body_photo_translations(given):
    """{"fr": {"caption": …, "alt": …}} from what a record says, keeping only languages and texts we know."""
    translations = {}
    for code, fields in given.items() if isinstance(given, dict) else ():
        if code in LANGUAGES and isinstance(fields, dict):
            kept = {name: str(fields[name])[: BODY_PHOTO_LIMITS[name]] for name in PHOTO_TEXTS if fields.get(name)}
            if kept:
                translations[code] = kept
    return translations


def body_stories_from(value):
    stories = _body_ids(value, "body_stories", '{"7": "json:a-1"}')
    for key, external_id in stories.items():
        if not isinstance(external_id, (str, int)) or not str(external_id).strip():
            raise ValueError(f"body story {key} must name the story's id in the import")
    return {key: str(external_id).strip() for key, external_id in stories.items()}


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
