"""Write imported records, keyed by (source, external id), so reruns never duplicate."""

from dataclasses import dataclass, field
from datetime import datetime
from functools import partial
from operator import attrgetter
from pathlib import Path
from types import NoneType
from urllib.parse import urlsplit

from django.db import DEFAULT_DB_ALIAS, connection, connections
from django.db.models import BooleanField, CharField, DateTimeField, Field, TextField
from django.utils import timezone
from taggit.models import Tag

from articles.models import Article, LegacyUrl, Status, StatusChange, TaggedArticle
from newsroom.sanitiser import sanitise_html
from taxonomy.models import Author, Section

from .bodies import library_photo, resolve

CREATED, UPDATED, UNCHANGED = "created", "updated", "unchanged"
TRANSLATED_FIELDS = ("headline", "deck", "lead")
# The record's photo fields and their names in the photo library.
PHOTO_FIELDS = {"image_caption": "caption", "image_alt": "alt_text"}


@dataclass
class Defaults:
    """What the command line says for records that do not say it themselves."""

    status: str | None = None
    section: Section | None = None
    author: Author | None = None
    # Sections, authors and tags already looked up in this run: an archive names the same
    # few thousand again and again.
    known: dict = field(default_factory=dict)
    # Records whose story cards name stories not written yet (``bodies.finish_cards``).
    unresolved_cards: list = field(default_factory=list)


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

    values = field_values(record, defaults, is_new)
    # Untranslated fields are stored as NULL; an empty imported value is the same thing.
    changed = [name for name, value in values.items() if (getattr(article, name) or "") != (value or "")]
    authors = authors_for(record, defaults)
    needs_image = bool(record.image_path) and article.photo_id is None
    old_path = urlsplit(record.old_url).path if record.old_url else ""
    if not is_new and not changed and not needs_image and related_unchanged(article, record.tags, authors, old_path):
        return UNCHANGED

    for name in changed:
        setattr(article, name, values[name])
    article.sanitised_bodies = sanitised_bodies(values)
    if article.status == Status.PUBLISHED and article.published_at is None:
        article.published_at = timezone.now()
    if needs_image:
        article.photo = photo_for(record)
    article.save()
    if record.tags:
        tags = [tag_named(name, defaults.known) for name in dict.fromkeys(record.tags)]
        if is_new:
            TaggedArticle.objects.bulk_create([TaggedArticle(content_object=article, tag=tag) for tag in tags])
            # bulk_create sends no m2m signal: the search text learns the tags here.
            Article.objects.filter(pk=article.pk).refresh_search_text()
        else:
            article.tags.add(*tags)
    if authors:
        article.authors.add(*authors)
    if old_path:
        LegacyUrl.objects.update_or_create(path=old_path, defaults={"article": article})
    return CREATED if is_new else UPDATED


def field_values(record, defaults, is_new):
    """{article field: value} that the record sets: what it says, else the run's defaults."""
    values = {}
    languages = {record.language: {name: getattr(record, name) for name in (*TRANSLATED_FIELDS, "body_html")}}
    languages.update(record.translations)
    for language, fields in languages.items():
        for name in TRANSLATED_FIELDS:
            if name in fields:
                values[f"{name}_{language}"] = fields[name]
        if "body_html" in fields:
            # Compare what would be stored: the body after the sanitiser, which runs once per body.
            body = fields["body_html"]
            clean = body is not None and body is record.sanitised_body_html
            values[f"body_{language}"] = body if clean else sanitise_html(body)
    # Photos and cards inside the bodies, in this site's ids (the photos added to the library).
    bodies = {name: value for name, value in values.items() if name.startswith("body_") and value}
    values.update(resolve(record, bodies, defaults.unresolved_cards))
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
    return values


def sanitised_bodies(values):
    """The bodies of ``values`` (all sanitiser output), for ``Article.prepare_to_save`` to leave as they are."""
    return {name: value for name, value in values.items() if name.startswith("body_") and value is not None}


def photo_for(record):
    """The record's image in the photo library: added (checked, cleaned, renditions cut), or the
    photo an import made from the same file before."""
    translations = {
        language: {name.removeprefix("image_"): translated[name] for name in PHOTO_FIELDS if name in translated}
        for language, translated in record.translations.items()
    }
    return library_photo(
        record.image_path, record.language, record.image_caption, record.image_alt, record.image_credit,
        translations, title=record.image_caption or record.headline or Path(record.image_path).stem,
    )


def authors_for(record, defaults):
    return [author_named(name, defaults.known) for name in record.authors] or (
        [defaults.author] if defaults.author else []
    )


def related_unchanged(article, tags, authors, old_path):
    if tags and not {tag.casefold() for tag in tags} <= {name.casefold() for name in article.tags.names()}:
        return False
    if authors and not {author.pk for author in authors} <= set(article.authors.values_list("pk", flat=True)):
        return False
    return not old_path or LegacyUrl.objects.filter(path=old_path, article=article).exists()


def section_for(path, known):
    """The section at ``path`` (names, outermost first), created where missing."""
    parent = None
    for depth, name in enumerate(path, start=1):
        parent = found_or_created(known, ("section", tuple(path[:depth])), Section, parent=parent, name_ar=name)
    return parent


def author_named(name, known):
    return found_or_created(known, ("author", name), Author, name_ar=name)


def tag_named(name, known):
    # Tags match case-insensitively (TAGGIT_CASE_INSENSITIVE), as the admin does.
    key = ("tag", name.casefold())
    if key not in known:
        known[key] = Tag.objects.filter(name__iexact=name).first() or found_or_created(known, key, Tag, name=name)
    return known[key]


def found_or_created(known, key, model, **fields):
    """The ``model`` row with ``fields``, created (through ``save()``, so slugs are made) if missing.

    ``known`` remembers rows already found in this run.
    """
    if key not in known:
        row = model.objects.filter(**fields).first()
        if row is None:
            row = model(**fields)
            row.save()
        known[key] = row
    return known[key]


class BatchWriter:
    """Creates new stories in batches (a handful of queries per batch, not per story).

    Records whose story exists already, or that bring an image, go through ``upsert`` one by
    one. ``add`` returns the outcomes of whatever it had to write: [(record, outcome)].
    """

    def __init__(self, defaults, size=500):
        self.defaults = defaults
        self.size = size
        self.pending = []
        self.pending_keys = set()
        self.last_records = []

    def holds(self, record):
        """True when a record for the same story waits in this batch (flush it first)."""
        return (record.source, record.external_id) in self.pending_keys

    def add(self, record):
        self.pending.append(record)
        self.pending_keys.add((record.source, record.external_id))

    def full(self):
        return len(self.pending) >= self.size

    def flush(self):
        records, self.pending, self.pending_keys = self.pending, [], set()
        self.last_records = records
        if not records:
            return []
        existing = set(
            Article.objects.filter(
                source__in={r.source for r in records}, external_id__in=[r.external_id for r in records]
            ).values_list("source", "external_id")
        )
        # A record bringing files goes alone, so that a file that cannot be read fails its record only.
        one_by_one = [r for r in records if (r.source, r.external_id) in existing or r.image_path or r.body_photos]
        new = [r for r in records if (r.source, r.external_id) not in existing and not (r.image_path or r.body_photos)]
        done = [(record, upsert(record, self.defaults)) for record in one_by_one]
        if new:
            self.create(new)
            done.extend((record, CREATED) for record in new)
        return done

    def create(self, records):
        articles = [self.new_article(record) for record in records]
        insert_articles(articles)
        now = timezone.now()
        changes, tagged, authored, legacy = [], [], [], []
        for record, article in zip(records, articles):
            changes.append((article.pk, "", article.status, None, now))
            tagged.extend((tag_id, article.pk) for tag_id in {tag_named(name, self.defaults.known).pk for name in record.tags})
            authored.extend((article.pk, author_id) for author_id in {a.pk for a in authors_for(record, self.defaults)})
            if record.old_url and urlsplit(record.old_url).path:
                legacy.append(LegacyUrl(path=urlsplit(record.old_url).path, article=article))
        insert_rows(StatusChange, ["article", "from_status", "to_status", "changed_by", "changed_at"], changes)
        insert_rows(TaggedArticle, ["tag", "content_object"], tagged)
        insert_rows(Article.authors.through, ["article", "author"], authored)
        LegacyUrl.objects.bulk_create(legacy, batch_size=500, update_conflicts=True, unique_fields=["path"],
                                      update_fields=["article"])

    def new_article(self, record):
        # Positional construction from the fields' defaults skips the per-keyword work of
        # Model.__init__ (and modeltranslation's), a third of the time of a large import.
        if not hasattr(self, "blank_row"):
            self.blank_row = [field.get_default() for field in Article._meta.concrete_fields]
        article = Article(*self.blank_row)
        article.source, article.external_id = record.source, record.external_id
        values = field_values(record, self.defaults, is_new=True)
        for name, value in values.items():
            setattr(article, name, value)
        article.sanitised_bodies = sanitised_bodies(values)
        # Its tags are written as plain rows later, which no signal sees: name them now so
        # the search text holds them.
        article.prepare_to_save(tag_names=list(dict.fromkeys(record.tags)))
        return article


TEXT_PREP = (CharField.get_prep_value, TextField.get_prep_value)
TEXT_TO_PYTHON = (CharField.to_python, TextField.to_python)


def insert_rows(model, names, rows):
    """INSERT plain rows (values in the order of ``names``) with one executemany.

    ``bulk_create`` builds a model instance per row and every value through the SQL compiler;
    for the hundreds of thousands of rows of a large import that was a third of its time.
    Values still get what each field's ``get_db_prep_save`` would give them, as with
    ``bulk_create``, by shorter ways where those are known to be the same (``db_preparer``).
    """
    if not rows:
        return
    fields = [model._meta.get_field(name) for name in names]
    columns = [db_preparer(field) for field in fields]
    prepared = [[value if isinstance(value, kept) else prepare(value) for (kept, prepare), value in zip(columns, row)]
                for row in rows]
    table = model._meta.db_table
    column_list = ", ".join(connection.ops.quote_name(field.column) for field in fields)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # One COPY stream for the batch: PostgreSQL then parses and plans no statement per
            # row, which made article inserts about a third faster than executemany.
            with connection.wrap_database_errors, cursor.cursor.copy(f"COPY {table} ({column_list}) FROM STDIN") as copy:
                for row in prepared:
                    copy.write_row(row)
        else:
            placeholders = ", ".join(["%s"] * len(fields))
            cursor.executemany(f"INSERT INTO {table} ({column_list}) VALUES ({placeholders})", prepared)


def db_preparer(field):
    """(types, prepare): a value of ``types`` is stored as it is, any other as ``prepare(value)``.

    Both give what ``field.get_db_prep_save(value, connection)`` does. A text field returns a
    string or None untouched and a boolean field a bool or None; a date and time field hands
    None or an aware datetime straight to the backend's adapter. Skipping the five or so
    method calls in between matters over tens of columns and thousands of rows. Only
    Django's own methods are trusted to behave so: a field that overrides any keeps them all.
    """
    kind = type(field)
    # The connection itself rather than its proxy, which costs an extra lookup on every use.
    prepare = partial(field.get_db_prep_save, connection=connections[DEFAULT_DB_ALIAS])
    if kind.get_db_prep_save is not Field.get_db_prep_save:
        return (), prepare
    if kind.get_db_prep_value is Field.get_db_prep_value:
        if kind.get_prep_value in TEXT_PREP and kind.to_python in TEXT_TO_PYTHON:
            return (str, NoneType), prepare
        if kind.get_prep_value is BooleanField.get_prep_value and kind.to_python is BooleanField.to_python:
            return (bool, NoneType), prepare
    if (kind.get_db_prep_value is DateTimeField.get_db_prep_value and kind.get_prep_value is DateTimeField.get_prep_value
            and kind.to_python is DateTimeField.to_python):
        adapt = connection.ops.adapt_datetimefield_value

        def prepare_datetime(value):
            if value is None or (isinstance(value, datetime) and value.utcoffset() is not None):
                return adapt(value)
            return prepare(value)

        return (), prepare_datetime
    return (), prepare


def insert_articles(articles):
    """INSERT new stories, then read their ids back by import key (which is unique)."""
    fields = [field for field in Article._meta.concrete_fields if not field.primary_key]
    # pre_save fills what a save would (created and updated times, the translated columns);
    # where it is Django's plain one, reading the attribute is all it does.
    readers = [
        attrgetter(field.attname) if type(field).pre_save is Field.pre_save else partial(field.pre_save, add=True)
        for field in fields
    ]
    rows = [[read(article) for read in readers] for article in articles]
    insert_rows(Article, [field.name for field in fields], rows)
    keys = Article.objects.filter(
        source__in={article.source for article in articles},
        external_id__in=[article.external_id for article in articles],
    ).values_list("source", "external_id", "pk")
    ids = {(source, external_id): pk for source, external_id, pk in keys}
    for article in articles:
        article.pk = ids[(article.source, article.external_id)]
        article._state.adding = False
        article._state.db = connection.alias
