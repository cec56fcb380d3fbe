"""Backups: the site's content, its photo files and its view counts in one archive, and back.

An archive is a gzipped tar holding ``manifest.json`` (format, time, what it holds),
``data.json`` (Django's JSON serialisation of the rows, with natural keys for users' groups and
permissions and for content types, so it loads into any freshly migrated database) and
``media/<storage name>`` for every photo file, original and renditions, read and written through
the default storage (so object storage works too).

Held: sections and authors, photos, stories with their status history, old addresses, tags and
revisions, the accounts that wrote them, and hourly view counts. Not held: sessions, login
attempts, the cache, view counts still only in Redis (run ``flush_views`` first).
"""

import io
import json
import os
import tarfile
import tempfile
from contextlib import contextmanager
from datetime import datetime, time
from pathlib import Path, PurePosixPath

from django.apps import apps
from django.core import serializers
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.core.serializers.json import DjangoJSONEncoder
from django.db import connection, transaction
from django.utils import timezone

from photos import renditions
from photos.models import Photo

FORMAT = "newsroom-backup/1"
# Loaded in this order; the database checks the references once everything is in.
MODELS = [
    "auth.User",
    "taxonomy.Section",
    "taxonomy.Author",
    "photos.Photo",
    "ingest.ImportedPhoto",
    "taggit.Tag",
    "articles.Article",
    "articles.TaggedArticle",
    "articles.StatusChange",
    "articles.LegacyUrl",
    "popularity.HourlyViews",
    "reversion.Revision",
    "reversion.Version",
]
# Restoring on top of any of these would mix two sites.
CONTENT = ["articles.Article", "taxonomy.Section", "taxonomy.Author", "photos.Photo", "popularity.HourlyViews"]


class BackupError(Exception):
    pass


class ExactEncoder(DjangoJSONEncoder):
    """Django's encoder cuts times to the millisecond; a backup keeps them as stored."""

    def default(self, o):
        if isinstance(o, (datetime, time)):
            return o.isoformat()
        return super().default(o)


def photo_files(photo):
    names = [photo.file.name] if photo.file else []
    names += [name for entry in renditions.all_files(photo) for name in renditions.file_names(entry)]
    return names


def _rows():
    for label in MODELS:
        yield from apps.get_model(label)._default_manager.order_by("pk").iterator(chunk_size=2000)


def dump(path):
    """Write the archive to ``path``; returns {model label: rows} and the number of files."""
    counts = {}
    # One snapshot for every table, however long the dump takes while editors work (a caller's
    # own transaction, if there is one, decides instead).
    snapshot = connection.vendor == "postgresql" and not connection.in_atomic_block
    with transaction.atomic():
        if snapshot:
            with connection.cursor() as cursor:
                cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ")
        for label in MODELS:
            counts[label] = apps.get_model(label)._default_manager.count()
        with tempfile.TemporaryFile() as data:
            text = io.TextIOWrapper(data, encoding="utf-8", write_through=True)
            serializers.serialize("json", _rows(), stream=text, use_natural_foreign_keys=True, cls=ExactEncoder)
            text.detach()
            names = sorted({name for photo in Photo.objects.iterator() for name in photo_files(photo)})
            missing = []
            with _written_whole(path) as partial, tarfile.open(partial, "w:gz") as archive:
                _add(archive, "manifest.json", json.dumps({
                    "format": FORMAT, "created": timezone.now().isoformat(), "rows": counts, "files": len(names),
                }, indent=1).encode())
                data.seek(0, io.SEEK_END)
                info = tarfile.TarInfo("data.json")
                info.size = data.tell()
                data.seek(0)
                archive.addfile(info, data)
                for name in names:
                    if not default_storage.exists(name):
                        missing.append(name)
                        continue
                    with default_storage.open(name, "rb") as file:
                        _add(archive, f"media/{name}", file.read())
    return {"rows": counts, "files": len(names) - len(missing), "missing": missing}


@contextmanager
def _written_whole(path):
    """A name beside ``path`` to write to; it becomes ``path`` only once the writing succeeded,
    so a failed backup never leaves a truncated archive where a good one is expected."""
    partial = Path(f"{path}.partial")
    try:
        yield partial
    except BaseException:
        partial.unlink(missing_ok=True)
        raise
    try:
        os.replace(partial, path)
    except OSError as error:
        partial.unlink(missing_ok=True)
        raise BackupError(f"cannot write {path}: {error.strerror or error}") from error


def _add(archive, name, content):
    info = tarfile.TarInfo(name)
    info.size = len(content)
    info.mtime = int(timezone.now().timestamp())
    archive.addfile(info, io.BytesIO(content))


def restore(path):
    """Load the archive at ``path`` into this site, which must hold no content yet.

    Rows are loaded in one transaction; photo files are written first and removed again if the
    rows cannot be loaded. Returns the manifest.
    """
    occupied = [label for label in CONTENT if apps.get_model(label)._default_manager.exists()]
    if occupied:
        raise BackupError(f"this site already holds content ({', '.join(occupied)}): restore into an empty database")
    with tarfile.open(path, "r:gz") as archive:
        manifest = json.load(archive.extractfile("manifest.json"))
        if manifest.get("format") != FORMAT:
            raise BackupError(f"{path} is not a Newsroom backup ({manifest.get('format')!r})")
        written = []
        try:
            for member in archive:
                if not member.name.startswith("media/") or not member.isfile():
                    continue
                name = _storage_name(member.name)
                if default_storage.exists(name):
                    default_storage.delete(name)
                saved = default_storage.save(name, ContentFile(archive.extractfile(member).read()))
                written.append(saved)
                if saved != name:
                    raise BackupError(f"the storage renamed {name} to {saved}")
            with tempfile.NamedTemporaryFile(suffix=".json") as data:
                data.write(archive.extractfile("data.json").read())
                data.flush()
                with transaction.atomic():
                    call_command("loaddata", data.name, verbosity=0)
        except BaseException:
            for name in written:
                default_storage.delete(name)
            raise
    return manifest


def _storage_name(member_name):
    """The storage name of an archive member, refusing anything that would climb out of media."""
    parts = PurePosixPath(member_name).parts[1:]
    if not parts or any(part in ("", ".", "..") for part in parts) or PurePosixPath(member_name).is_absolute():
        raise BackupError(f"unsafe file name in the archive: {member_name!r}")
    return "/".join(parts)
