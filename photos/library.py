"""Adding photos to the library: the one way in, for the admin, the importers and the demo."""

from pathlib import PurePath

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction

from . import processing
from .models import Photo


def limits():
    return settings.NEWSROOM["PHOTO_MAX_BYTES"], settings.NEWSROOM["PHOTO_MAX_PIXELS"]


def cleaned_upload(file, name):
    """The upload checked and cleaned, as a named file ready to store; raises InvalidPhoto."""
    photo = processing.clean(file, *limits())
    stem = PurePath(name or "photo").stem[:80] or "photo"
    content = ContentFile(photo.content, name=f"{stem}.{photo.extension}")
    return photo, content


def add_photo(file, name, uploaded_by=None, **fields):
    """Check, clean and store a photo with its renditions; raises InvalidPhoto and stores nothing then."""
    photo_data, content = cleaned_upload(file, name)
    fields.setdefault("title", PurePath(name).stem[:255] or "photo")
    with transaction.atomic():
        photo = Photo(uploaded_by=uploaded_by, **fields)
        set_file(photo, photo_data, content)
        photo.save()
    return photo


def set_file(photo, photo_data, content):
    photo.file = content
    photo.width, photo.height, photo.file_size = photo_data.width, photo_data.height, len(photo_data.content)
    photo.renditions = {}
