"""Stories out as NDJSON, in the schema the JSON importer reads, so an export imports back."""

import json
from pathlib import Path

from django.conf import settings

from articles.models import Article

TRANSLATED = ("headline", "deck", "lead", "body")
# The import schema's photo fields and where they live in the photo library.
PHOTO_TRANSLATED = {"image_caption": "caption", "image_alt": "alt_text"}


def article_to_mapping(article, media_prefix="media"):
    data = {
        "id": f"{article.source}:{article.external_id}" if article.source else str(article.pk),
        "status": article.status,
        "published_at": article.published_at.isoformat() if article.published_at else "",
        "section": [section.name_ar for section in article.section.ancestry()] if article.section else [],
        "tags": sorted(article.tags.names()),
        "authors": [author.name_ar for author in article.authors.all()],
        "byline": article.byline,
        "image_credit": article.photo.credit if article.photo else "",
        "url": article.get_absolute_url(),
    }
    for code, _label in settings.LANGUAGES:
        fields = {name: getattr(article, f"{name}_{code}") or "" for name in TRANSLATED}
        if article.photo:
            fields.update({name: getattr(article.photo, f"{field}_{code}") or "" for name, field in PHOTO_TRANSLATED.items()})
        if code == "ar":
            data.update({name: fields.get(name, "") for name in (*TRANSLATED, *PHOTO_TRANSLATED)})
        elif any(fields.values()):
            data.setdefault("translations", {})[code] = {name: value for name, value in fields.items() if value}
    if article.photo:
        data["image"] = f"{media_prefix}/{article.photo.file.name}"
    return data


def export_ndjson(out, queryset=None):
    """Write one JSON object per line; returns how many. Streams: memory does not grow with the archive."""
    stories = (
        (queryset or Article.objects.all()).select_related("section__parent", "photo").prefetch_related("tags", "authors")
    )
    count = 0
    for article in stories.order_by("pk").iterator(chunk_size=500):
        out.write(json.dumps(article_to_mapping(article), ensure_ascii=False) + "\n")
        count += 1
    return count


def copy_media(destination):
    """Copy the stories' images next to the export, where its ``image`` paths point."""
    import shutil

    for name in Article.objects.filter(photo__isnull=False).values_list("photo__file", flat=True).distinct().iterator():
        target = Path(destination) / "media" / name
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(Path(settings.MEDIA_ROOT) / name, target)
