"""Stories out as NDJSON, in the schema the JSON importer reads, so an export imports back.

Embeds and pull quotes are written as stored. Photos and story cards inside a body keep the ids
they have here, and the record says what each id is, so another site can make them its own:
``body_photos`` gives each photo's file (copied beside the export by ``copy_media``) and texts,
``body_stories`` the exported id of each card's story. A photo or story that no longer exists
is left out of the body, as the site leaves it out of the page.
"""

import json
import shutil
from html import unescape
from pathlib import Path

from django.conf import settings

from articles.models import Article
from newsroom import bodyblocks
from photos.models import Photo

TRANSLATED = ("headline", "deck", "lead", "body")
# The import schema's photo fields and where they live in the photo library.
PHOTO_TRANSLATED = {"image_caption": "caption", "image_alt": "alt_text"}
BODY_PHOTO_TRANSLATED = {"caption": "caption", "alt": "alt_text"}
BODY_FIELDS = [f"body_{code}" for code, _label in settings.LANGUAGES]


def export_id(source, external_id, pk):
    """The ``id`` a story is exported under (and imported back as)."""
    return f"{source}:{external_id}" if source else str(pk)


def article_to_mapping(article, media_prefix="media", referenced=None):
    """The story as one import record. ``referenced`` (from ``referenced_by``) says what its body's
    photos and cards are; without it they are looked up for this story alone."""
    data = {
        "id": export_id(article.source, article.external_id, article.pk),
        "status": article.status,
        "published_at": article.published_at.isoformat() if article.published_at else "",
        "section": [section.name_ar for section in article.section.ancestry()] if article.section else [],
        "tags": sorted(article.tags.names()),
        "authors": [author.name_ar for author in article.authors.all()],
        "byline": article.byline,
        "image_credit": article.photo.credit if article.photo else "",
        "url": article.get_absolute_url(),
    }
    photos, stories = referenced if referenced is not None else referenced_by([article])
    bodies = {
        code: portable_body(getattr(article, f"body_{code}") or "", photos, stories) for code, _ in settings.LANGUAGES
    }
    for code, _label in settings.LANGUAGES:
        fields = {name: getattr(article, f"{name}_{code}") or "" for name in TRANSLATED}
        fields["body"] = bodies[code]
        if article.photo:
            fields.update({name: getattr(article.photo, f"{field}_{code}") or "" for name, field in PHOTO_TRANSLATED.items()})
        if code == "ar":
            data.update({name: fields.get(name, "") for name in (*TRANSLATED, *PHOTO_TRANSLATED)})
        elif any(fields.values()):
            data.setdefault("translations", {})[code] = {name: value for name, value in fields.items() if value}
    if article.photo:
        data["image"] = f"{media_prefix}/{article.photo.file.name}"
    found = bodyblocks.References()
    for body in bodies.values():
        shown = bodyblocks.references(body)
        found.photo_ids += shown.photo_ids
        found.story_ids += shown.story_ids
    if found.photo_ids:
        data["body_photos"] = {
            str(photo_id): body_photo(photos[photo_id], media_prefix) for photo_id in dict.fromkeys(found.photo_ids)
        }
    if found.story_ids:
        data["body_stories"] = {str(story_id): stories[story_id] for story_id in dict.fromkeys(found.story_ids)}
    return data


def referenced_by(articles):
    """({photo id: Photo}, {story id: export id}) for what the bodies of ``articles`` point to: two
    queries at most, however many stories."""
    photo_ids, story_ids = set(), set()
    for article in articles:
        for name in BODY_FIELDS:
            found = bodyblocks.references(getattr(article, name, "") or "")
            photo_ids.update(found.photo_ids)
            story_ids.update(found.story_ids)
    photos = Photo.objects.in_bulk(photo_ids) if photo_ids else {}
    stories = {}
    if story_ids:
        rows = Article.objects.filter(pk__in=story_ids).values_list("pk", "source", "external_id")
        stories = {pk: export_id(source, external_id, pk) for pk, source, external_id in rows}
    return photos, stories


def portable_body(body, photos, stories):
    """``body`` without the photos and cards that no longer exist here."""
    return bodyblocks.replace_blocks(
        body,
        photo=lambda photo_id, caption: (
            bodyblocks.photo_block(photo_id, unescape(caption)) if photo_id in photos else ""
        ),
        story=lambda story_id: bodyblocks.story_block(story_id) if story_id in stories else "",
    ).strip()


def body_photo(photo, media_prefix):
    entry = {"image": f"{media_prefix}/{photo.file.name}", "credit": photo.credit}
    for code, _label in settings.LANGUAGES:
        texts = {name: getattr(photo, f"{field}_{code}") or "" for name, field in BODY_PHOTO_TRANSLATED.items()}
        if code == "ar":
            entry.update(texts)
        elif any(texts.values()):
            entry.setdefault("translations", {})[code] = {name: value for name, value in texts.items() if value}
    return entry


def export_ndjson(out, queryset=None):
    """Write one JSON object per line; returns how many. Streams: memory does not grow with the archive."""
    stories = (
        (queryset or Article.objects.all()).select_related("section__parent", "photo").prefetch_related("tags", "authors")
    )
    count = 0
    chunk = []
    for article in stories.order_by("pk").iterator(chunk_size=500):
        chunk.append(article)
        if len(chunk) == 500:
            count += _write(out, chunk)
            chunk = []
    return count + _write(out, chunk)


def _write(out, articles):
    referenced = referenced_by(articles)
    for article in articles:
        out.write(json.dumps(article_to_mapping(article, referenced=referenced), ensure_ascii=False) + "\n")
    return len(articles)


def copy_media(destination):
    """Copy the stories' images, and the photos inside their bodies, next to the export, where its
    ``image`` paths point."""
    names = set(Article.objects.filter(photo__isnull=False).values_list("photo__file", flat=True).distinct())
    photo_ids = set()
    for name in BODY_FIELDS:
        bodies = Article.objects.filter(**{f"{name}__contains": "data-photo="}).values_list(name, flat=True)
        for body in bodies.iterator(chunk_size=500):
            photo_ids.update(bodyblocks.references(body).photo_ids)
    photo_ids = sorted(photo_ids)
    for start in range(0, len(photo_ids), 500):
        names.update(Photo.objects.filter(pk__in=photo_ids[start : start + 500]).values_list("file", flat=True))
    for name in sorted(names):
        target = Path(destination) / "media" / name
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(Path(settings.MEDIA_ROOT) / name, target)
