"""Photos and story cards inside imported bodies, rewritten with this site's ids.

A record's bodies name their photos and cards by the ids of where they came from: a WordPress
post's images numbered in order, an export's library and story ids. ``resolve`` adds each photo
to the library through ``add_photo`` (or finds it there, by the bytes of its file) and rewrites
the bodies with this site's ids. A card whose story the run has not written yet is left out and
put back by ``finish_cards`` once every story is in.
"""

import hashlib
from html import unescape
from pathlib import Path

from articles.models import Article
from newsroom import bodyblocks
from photos.library import add_photo
from photos.processing import InvalidPhoto

from ..models import ImportedPhoto

# The library's photo fields and the names an import gives them.
PHOTO_TEXT = {"caption": "caption", "alt": "alt_text"}


def file_digest(path):
    digest = hashlib.sha256()
    with open(path, "rb") as file:
        while chunk := file.read(1 << 20):
            digest.update(chunk)
    return digest.hexdigest()


def library_photo(path, language, caption="", alt="", credit="", translations=None, title=""):
    """The library photo made from the file at ``path``: the one an import added from the same
    bytes before, else a new one. Raises InvalidPhoto or OSError, naming the file."""
    try:
        sha256 = file_digest(path)
        known = ImportedPhoto.objects.filter(sha256=sha256).select_related("photo").first()
        if known is not None:
            return known.photo
        texts = {language: {"caption": caption, "alt": alt}, **(translations or {})}
        fields = {
            f"{field}_{code}": str(values[name])[:400]
            for code, values in texts.items()
            for name, field in PHOTO_TEXT.items()
            if values.get(name)
        }
        title = (title or caption or Path(path).stem)[:255]
        with open(path, "rb") as image:
            photo = add_photo(image, Path(path).name, title_ar=title, credit=credit[:200], **fields)
    except InvalidPhoto as error:
        raise InvalidPhoto(f"{Path(path).name}: {error}") from error
    ImportedPhoto.objects.create(sha256=sha256, photo=photo)
    return photo


def resolve(record, bodies, unresolved):
    """``bodies`` ({field: sanitised body}) with the record's photos and cards in this site's ids.

    Only photos some body shows are added. A card for a story not in the site yet is left out and
    the record noted in ``unresolved`` (a list), for ``finish_cards``.
    """
    if not (record.body_photos or record.body_stories):
        return bodies
    shown = {str(photo_id) for body in bodies.values() for photo_id in bodyblocks.references(body).photo_ids}
    photos = {
        key: library_photo(
            photo.path, record.language, photo.caption, photo.alt, photo.credit, photo.translations
        ).pk
        for key, photo in record.body_photos.items()
        if key in shown
    }
    with_photos = {name: _with_photos(body, photos) for name, body in bodies.items()}
    resolved, missing = _with_stories(with_photos, record)
    if missing:
        unresolved.append((record, with_photos, resolved))
    return resolved


def finish_cards(unresolved):
    """Put back the cards left out for stories the run wrote later than the story holding them."""
    for record, bodies, written in unresolved:
        stored = Article.objects.filter(source=record.source, external_id=record.external_id)
        current = stored.values(*written).first()
        if current is None or any(current[name] != body for name, body in written.items()):
            # The record failed and was undone (--skip-errors): its story is not as it wrote it.
            continue
        resolved, _missing = _with_stories(bodies, record)
        changed = {name: body for name, body in resolved.items() if current[name] != body}
        if changed:
            # A card holds no text: the search text and everything else derived stay as they are.
            stored.update(**changed)
    unresolved.clear()


def _with_photos(body, photos):
    if not photos:
        return body

    def photo(photo_id, caption):
        return bodyblocks.photo_block(photos.get(str(photo_id), photo_id), unescape(caption))

    return bodyblocks.replace_blocks(body, photo=photo)


def _with_stories(bodies, record):
    """(bodies with the record's cards in this site's ids, whether some story was missing)."""
    if not record.body_stories:
        return bodies, False
    wanted = {
        key: external_id
        for key, external_id in record.body_stories.items()
        if any(int(key) in bodyblocks.references(body).story_ids for body in bodies.values())
    }
    stories = Article.objects.filter(source=record.source, external_id__in=set(wanted.values()))
    found = dict(stories.values_list("external_id", "pk"))
    missing = False

    def story(story_id):
        nonlocal missing
        key = str(story_id)
        if key not in wanted:
            return bodyblocks.story_block(story_id)
        if wanted[key] not in found:
            missing = True
            return ""
        return bodyblocks.story_block(found[wanted[key]])

    resolved = {name: bodyblocks.replace_blocks(body, story=story).strip() for name, body in bodies.items()}
    return resolved, missing
