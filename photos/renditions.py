"""Named renditions of a photo: which sizes exist, where their files are, and making them.

The size set lives in ``settings.NEWSROOM["RENDITIONS"]``. Each photo remembers, in its
``renditions`` field, the files it has and a fingerprint of what they were cut from (size
set, focal point, original file); a rendition whose fingerprint no longer matches is cut
again on first use, and ``regenerate_renditions`` does them all ahead of time.
"""

import hashlib
import logging

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage

from newsroom import addresses

from . import processing

logger = logging.getLogger(__name__)


def specs():
    return settings.NEWSROOM["RENDITIONS"]


def ratio_of(spec):
    ratio = spec.get("ratio")
    return ratio[0] / ratio[1] if ratio else None


def fingerprint(photo, name):
    spec = specs()[name]
    return f"{spec.get('ratio')}|{sorted(spec['widths'])}|{photo.focal_x:.3f},{photo.focal_y:.3f}|{photo.file.name}"


def stale_names(photo):
    stored = photo.renditions or {}
    return [name for name in specs() if stored.get(name, {}).get("key") != fingerprint(photo, name)]


def get(photo, name):
    """The rendition's files, smallest first: [{"width", "height", "jpeg", "webp"}, ...] (storage names)."""
    stored = (photo.renditions or {}).get(name)
    if stored is None or stored.get("key") != fingerprint(photo, name):
        try:
            generate(photo, [name])
        except (OSError, processing.InvalidPhoto):
            logger.exception("Could not cut rendition %s of photo %s", name, photo.pk)
            return []
        stored = photo.renditions[name]
    return stored["files"]


def generate(photo, names=None):
    """Cut the named renditions (all by default) from the stored original, store them, record them."""
    names = list(specs()) if names is None else names
    with photo.file.open("rb") as original:
        image = processing.open_stored(original, largest_width(names))
    updated = dict(photo.renditions or {})
    replaced = []
    for name in names:
        spec = specs()[name]
        key = fingerprint(photo, name)
        digest = hashlib.sha1(key.encode()).hexdigest()[:10]
        files = []
        for width, height in processing.output_sizes((photo.width or image.size[0], photo.height or image.size[1]),
                                                     ratio_of(spec), spec["widths"]):
            entry = {"width": width, "height": height}
            pixels = processing.cut(image, ratio_of(spec), photo.focal_point, (width, height))
            for image_format, (_pillow, extension) in processing.RENDITION_FORMATS.items():
                content = processing.encode(pixels, image_format)
                entry[f"{image_format}_bytes"] = len(content)
                path = f"photos/renditions/{photo.pk}/{name}-{width}-{digest}.{extension}"
                if default_storage.exists(path):
                    default_storage.delete(path)
                entry[image_format] = default_storage.save(path, ContentFile(content))
            files.append(entry)
        replaced += [path for old in updated.get(name, {}).get("files", []) for path in file_names(old)]
        updated[name] = {"key": key, "files": files}
    photo.renditions = updated
    # The row's other fields may be mid-edit in a form; write only this one.
    type(photo).objects.filter(pk=photo.pk).update(renditions=updated)
    kept = {path for entry in all_files(photo) for path in file_names(entry)}
    for path in set(replaced) - kept:
        default_storage.delete(path)


def best_file(photo, name, max_width=None, image_format="jpeg"):
    """One file of a rendition, for a single-image slot (feeds, Open Graph, the API):
    the widest up to ``max_width``, or the narrowest if all are wider. None if there is none.

    {"url", "width", "height", "bytes", "mime_type"}
    """
    files = get(photo, name)
    if not files:
        return None
    fitting = [entry for entry in files if max_width is None or entry["width"] <= max_width]
    entry = fitting[-1] if fitting else files[0]
    path = entry[image_format]
    return {
        "url": addresses.media(path),
        "width": entry["width"],
        "height": entry["height"],
        "bytes": entry.get(f"{image_format}_bytes") or default_storage.size(path),
        "mime_type": f"image/{image_format}",
    }


def largest_width(names):
    return max(max(specs()[name]["widths"]) for name in names)


def file_names(entry):
    return [entry[image_format] for image_format in processing.RENDITION_FORMATS if image_format in entry]


def all_files(photo):
    return [entry for stored in (photo.renditions or {}).values() for entry in stored.get("files", [])]


def delete_all(photo):
    for entry in all_files(photo):
        for path in file_names(entry):
            default_storage.delete(path)


def regenerate(photos, everything=False, progress=None):
    """Cut the renditions of ``photos`` that are stale (or all of them); returns (cut, failures).

    A photo whose original is missing or unreadable is reported and skipped, not fatal: one
    lost file must not stop the other 50,000.
    """
    cut_count, failures = 0, []
    for photo in photos.iterator(chunk_size=200):
        names = list(specs()) if everything else stale_names(photo)
        if names:
            try:
                generate(photo, names)
                cut_count += 1
            except (OSError, processing.InvalidPhoto) as error:
                failures.append((photo, error))
        if progress:
            progress(photo)
    return cut_count, failures
