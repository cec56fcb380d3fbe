"""Write imported records, keyed by (source, external id), so reruns never duplicate."""

from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

from django.core.files import File
from django.utils import timezone
from taggit.models import Tag

from newsroom.sanitiser import sanitise_html
from taxonomy.models import Author, Section

from ..models import Article, LegacyUrl, Status, TaggedArticle

CREATED, UPDATED, UNCHANGED = "created", "updated", "unchanged"
TRANSLATED_FIELDS = ("headline", "deck", "lead", "image_caption", "image_alt")


@dataclass
class Defaults:
    """What the command line says for records that do not say it themselves."""

    status: str | None = None
    section: Section | None = None
    author: Author | None = None
    # Sections, authors and tags already looked up in this run: an archive names the same
    # few thousand again and again.
    known: dict = field(default_factory=dict)


def upsert(record, defaults=None):
    """Create or update the record's story; returns CREATED, UPDATED or UNCHANGED.

    The record's own status wins; then ``defaults.status``, which also applies to existing
    stories when given; a new story is otherwise published. A rerun without a status never
    republishes a story an editor has taken down.
    """
    defaults = defaults or Defaults()
    article = Article.objects.filter(source=record.source, external_id=record.external_id).first()
    is_new = article is None
    if is_new:
        article = Article(source=record.source, external_id=record.external_id)

    values = {}
    languages = {record.language: {name: getattr(record, name) for name in (*TRANSLATED_FIELDS, "body_html")}}
    languages.update(record.translations)
    for language, fields in languages.items():
        for name in TRANSLATED_FIELDS:
            if name in fields:
                values[f"{name}_{language}"] = fields[name]
        if "body_html" in fields:
            # The body goes through the sanitiser on save; compare what would be stored.
            values[f"body_{language}"] = sanitise_html(fields["body_html"])
    if record.image_credit:
        values["image_credit"] = record.image_credit
    if record.byline:
        values["byline"] = record.byline
    if record.published_at:
        values["published_at"] = record.published_at
    status = record.status or defaults.status
    if status or is_new:
        values["status"] = status or Status.PUBLISHED
    section = section_for(record.section_path, defaults.known) if record.section_path else defaults.section
    if section is not None:
        values["section"] = section

    # Untranslated fields are stored as NULL; an empty imported value is the same thing.
    changed = [name for name, value in values.items() if (getattr(article, name) or "") != (value or "")]
    authors = [author_named(name, defaults.known) for name in record.authors] or (
        [defaults.author] if defaults.author else []
    )
    needs_image = bool(record.image_path) and not article.image
    old_path = urlsplit(record.old_url).path if record.old_url else ""
    if not is_new and not changed and not needs_image and related_unchanged(article, record.tags, authors, old_path):
        return UNCHANGED

    for name in changed:
        setattr(article, name, values[name])
    if article.status == Status.PUBLISHED and article.published_at is None:
        article.published_at = timezone.now()
    if needs_image:
        with open(record.image_path, "rb") as image:
            article.image.save(Path(record.image_path).name, File(image), save=False)
    article.save()
    if record.tags:
        tags = [tag_named(name, defaults.known) for name in dict.fromkeys(record.tags)]
        if is_new:
            TaggedArticle.objects.bulk_create([TaggedArticle(content_object=article, tag=tag) for tag in tags])
        else:
            article.tags.add(*tags)
    if authors:
        article.authors.add(*authors)
    if old_path:
        LegacyUrl.objects.update_or_create(path=old_path, defaults={"article": article})
    return CREATED if is_new else UPDATED


def related_unchanged(article, tags, authors, old_path):
    if tags and not {tag.casefold() for tag in tags} <= {name.casefold() for name in article.tags.names()}:
        return False
    if authors and not {author.pk for author in authors} <= set(article.authors.values_list("pk", flat=True)):
        return False
    return not old_path or LegacyUrl.objects.filter(path=old_path, article=article).exists()


def section_for(path, known):
    """The section at ``path`` (names, outermost first), created where missing."""
    key = ("section", tuple(path))
    if key not in known:
        parent = None
        for name in path:
            section = Section.objects.filter(parent=parent, name_ar=name).first()
            if section is None:
                section = Section(parent=parent, name_ar=name)
                section.save()
            parent = section
        known[key] = parent
    return known[key]


def author_named(name, known):
    key = ("author", name)
    if key not in known:
        author = Author.objects.filter(name_ar=name).first()
        if author is None:
            author = Author(name_ar=name)
            author.save()
        known[key] = author
    return known[key]


def tag_named(name, known):
    # Tags match case-insensitively (TAGGIT_CASE_INSENSITIVE), as the admin does.
    key = ("tag", name.casefold())
    if key not in known:
        tag = Tag.objects.filter(name__iexact=name).first()
        if tag is None:
            tag = Tag(name=name)
            tag.save()
        known[key] = tag
    return known[key]
