import time

from django.conf import settings
from django.db import models
from django.db.models import Count, Exists, IntegerField, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.db.models.signals import m2m_changed, post_delete, post_save, pre_delete
from django.dispatch import receiver
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _
from django_prose_editor.fields import ProseEditorField
from taggit.managers import TaggableManager
from taggit.models import Tag, TaggedItemBase

from newsroom import addresses
from newsroom.sanitiser import sanitise_html
from newsroom.text import arabic_slugify, search_terms
from taxonomy.models import Author, Section

from . import labels, search
from .compiled import CompiledQuery, keep_prefetched, prefetched_queryset

BODY_EDITOR_EXTENSIONS = {
    "Bold": True,
    "Italic": True,
    "Underline": True,
    "Strike": True,
    "Subscript": True,
    "Superscript": True,
    "Heading": {"levels": [2, 3]},
    "BulletList": True,
    "OrderedList": True,
    "ListItem": True,
    "Blockquote": True,
    "HardBreak": True,
    "HorizontalRule": True,
    "Link": True,
    "History": True,
    # The compose screen's own parts (newsroom/settings.py: DJANGO_PROSE_EDITOR_EXTENSIONS).
    "ParagraphDirection": True,
    "ComposeTable": True,
    "TableRow": True,
    "TableHeader": True,
    "TableCell": True,
    "LibraryPhoto": True,
    "Embed": True,
    "PullQuote": True,
    "StoryCard": True,
    "PasteGuard": True,
}


class Status(models.TextChoices):
    DRAFT = "draft", _("Draft")
    REVIEW = "review", _("In review")
    SCHEDULED = "scheduled", _("Scheduled")
    PUBLISHED = "published", _("Published")
    UNPUBLISHED = "unpublished", _("Unpublished")


# A scheduled story goes live by itself when its publish time passes: the rule
# is computed at query time, so no cron job has to flip a flag.
PUBLIC_STATUSES = (Status.PUBLISHED, Status.SCHEDULED)


class ArticleQuerySet(models.QuerySet):
    def published(self, now=None):
        """The stories readers may see: the one visibility rule of the site."""
        now = now or timezone.now()
        return self.filter(status__in=PUBLIC_STATUSES, published_at__lte=now)

    def front_page(self, now=None):
        """Stories pinned to the front page and inside their pinning window, in the editors' order."""
        now = now or timezone.now()
        return (
            self.published(now=now)
            .filter(is_front_page=True)
            .filter(Q(front_page_from__isnull=True) | Q(front_page_from__lte=now))
            .filter(Q(front_page_until__isnull=True) | Q(front_page_until__gt=now))
            .order_by("front_page_position", "-published_at", "-pk")
        )

    def breaking(self, now=None):
        """Public stories flagged as breaking news whose flag has not expired."""
        now = now or timezone.now()
        return (
            self.published(now=now)
            .filter(is_breaking=True)
            .filter(Q(breaking_until__isnull=True) | Q(breaking_until__gt=now))
        )

    def matching(self, query):
        """Stories whose text contains every word of ``query``, whatever their diacritics and letter variants."""
        stories = self
        for word in search_terms(query):
            stories = stories.filter(search_text__contains=word)
        return stories

    def search(self, query):
        """Stories holding every word of ``query``, best match first (see ``articles.search``).

        Readers' searches chain it after ``published()``.
        """
        return search.ranked(self, query)

    def refresh_search_text(self):
        """Recompute the stored search columns (after tags change) without counting as an edit."""
        stories = []
        for story in self.order_by().prefetch_related("tags").iterator(chunk_size=500):
            story.set_search_columns()
            stories.append(story)
        Article.objects.bulk_update(stories, search.SEARCH_FIELDS, batch_size=500)

    def related_to(self, article, limit=4):
        """Up to ``limit`` stories to read after ``article``, in one query.

        The editors' picks come first, then stories sharing the most tags, then the same
        section's; newest first among equals; never the story itself.
        """
        others = self.exclude(pk=article.pk)
        picks = Article.related_articles.through.objects.filter(from_article=article.pk)
        own_tags = TaggedArticle.objects.filter(content_object=article.pk).values("tag")
        # Candidates are bounded (a popular tag or a big section holds thousands of stories):
        # only the best few by tags and the newest few of the section are ranked.
        by_tags = (
            TaggedArticle.objects.filter(tag__in=own_tags, content_object__in=others)
            .values("content_object")
            .annotate(shared=Count("pk"))
            .order_by("-shared", "-content_object__published_at", "-content_object")
            .values("content_object")[:limit]
        )
        shared = (
            TaggedArticle.objects.filter(content_object=OuterRef("pk"), tag__in=own_tags)
            .values("content_object")
            .annotate(shared=Count("pk"))
            .values("shared")
        )
        candidates = Q(pk__in=picks.values("to_article")) | Q(pk__in=by_tags)
        if article.section_id is not None:
            candidates |= Q(
                pk__in=others.filter(section_id=article.section_id).order_by("-published_at", "-pk").values("pk")[:limit]
            )
        # Candidates that are neither picks nor share a tag are the section's, so they come last.
        return (
            others.filter(candidates)
            .annotate(
                is_pick=Exists(picks.filter(to_article=OuterRef("pk"))),
                shared_tags=Coalesce(Subquery(shared, output_field=IntegerField()), 0),
            )
            .order_by("-is_pick", "-shared_tags", "-published_at", "-pk")[:limit]
        )

    def for_listing(self, with_text=False):
        """What a list of story cards needs, fetched in a fixed number of queries.

        Cards show no body: the bodies and the search columns (the story's text once more) are
        left in the database unless ``with_text`` (search results quote the body).
        """
        stories = self.select_related("section", "photo").prefetch_related("authors")
        return stories if with_text else stories.defer(*LISTING_LEAVES_OUT)

    def for_detail(self):
        return self.select_related("section__parent", "photo").prefetch_related("authors", "tags")

    def story(self, pk):
        """The story ``pk`` with what its page shows, as ``for_detail()`` has it, in one query
        (its authors and tags come in its row: articles/labels.py)."""
        story = self.select_related("section__parent", "photo").annotate(**label_rows()).get(pk=pk)
        story.fetch_labels()
        return story


LISTING_LEAVES_OUT = (
    "body",
    *(f"body_{code}" for code, _name in settings.LANGUAGES),
    *search.SEARCH_COLUMNS,
)


def byline_fields():
    """What a story page shows of its authors: names and addresses (not their biographies)."""
    return ("id", "slug", "name", *(f"name_{code}" for code, _name in settings.LANGUAGES))


def label_rows():
    """Annotations that bring a story's authors and tags in its own row, as JSON."""
    return {
        "author_rows": labels.JSONRows(
            QuerySet(model=Author).filter(articles=OuterRef("pk")),
            order_by=(f"name_{settings.LANGUAGE_CODE}", "id"),
            fields=byline_fields(),
        ),
        "tag_rows": labels.JSONRows(
            Tag.objects.filter(articles_taggedarticle_items__content_object=OuterRef("pk")), order_by=("id",)
        ),
    }


# What the story page never reads: the search columns (the story's text once more,
# normalised), its sections' descriptions, who uploaded its photo and when.
STORY_LEAVES_OUT = (
    *search.SEARCH_COLUMNS,
    *(
        f"{section}__description{suffix}"
        for section in ("section", "section__parent")
        for suffix in ("", *(f"_{code}" for code, _name in settings.LANGUAGES))
    ),
    "photo__file_size",
    "photo__uploaded_at",
    "photo__uploaded_by",
)

# The story page's query, compiled once per process (see compiled.py).
_PUBLIC_STORY = CompiledQuery(
    lambda now, pk: Article.objects.published(now=now)
    .select_related("section__parent", "photo")
    .defer(*STORY_LEAVES_OUT)
    .annotate(**label_rows())
    .filter(pk=pk)[:1]
)


# The largest number a story can have (a 64-bit key); addresses may hold any number of digits.
MAX_ID = 2**63 - 1


def public_story(pk):
    """``Article.objects.published().story(pk)``, for the story page, with its SQL compiled once."""
    if not 0 < pk <= MAX_ID:
        raise Article.DoesNotExist("No public story has this number.")
    found = _PUBLIC_STORY.fetch(now=timezone.now(), pk=pk)
    if not found:
        raise Article.DoesNotExist("No public story has this number.")
    found[0].fetch_labels()
    return found[0]


class TaggedArticle(TaggedItemBase):
    content_object = models.ForeignKey("Article", on_delete=models.CASCADE, related_name="tagged_items")

    class Meta:
        verbose_name = _("article tag")
        verbose_name_plural = _("article tags")
        constraints = [
            models.UniqueConstraint(fields=["content_object", "tag"], name="unique_tag_per_article"),
        ]


def public_tags():
    """Tags that at least one public story carries. A tag only drafts carry may name what is not
    published yet, so it has no page or feed until a story with it is public."""
    return Tag.objects.filter(
        pk__in=TaggedArticle.objects.filter(content_object__in=Article.objects.published()).values("tag_id")
    )


class Article(models.Model):
    headline = models.CharField(_("headline"), max_length=255)
    slug = models.SlugField(
        _("slug"),
        max_length=255,
        allow_unicode=True,
        blank=True,
        help_text=_(
            "The readable part of the story's address, filled from the headline. "
            "Links keep working if you change it: the story's number is what counts."
        ),
    )
    deck = models.CharField(_("deck"), max_length=400, blank=True, help_text=_("The subtitle under the headline."))
    lead = models.TextField(_("lead"), blank=True, help_text=_("The kicker line under the photo."))
    body = ProseEditorField(_("body"), extensions=BODY_EDITOR_EXTENSIONS, sanitize=sanitise_html, blank=True)

    photo = models.ForeignKey(
        "photos.Photo",
        verbose_name=_("photo"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="articles",
        help_text=_("Pick one from the photo library, or add a new one with the + button."),
    )

    section = models.ForeignKey(
        Section,
        verbose_name=_("section"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="articles",
    )
    tags = TaggableManager(_("tags"), through=TaggedArticle, blank=True)
    authors = models.ManyToManyField(Author, verbose_name=_("authors"), blank=True, related_name="articles")
    byline = models.CharField(
        _("byline"),
        max_length=200,
        blank=True,
        help_text=_("Shown instead of the authors' names when set, e.g. a news agency."),
    )

    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.DRAFT)
    published_at = models.DateTimeField(
        _("publish time"),
        null=True,
        blank=True,
        help_text=_("Readers see the story from this time on. Left empty, publishing sets it to now."),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        null=True,
        blank=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    is_front_page = models.BooleanField(_("on the front page"), default=False)
    front_page_position = models.PositiveSmallIntegerField(
        _("front-page order"), default=0, help_text=_("Smaller numbers come first on the front page.")
    )
    front_page_from = models.DateTimeField(
        _("on the front page from"), null=True, blank=True, help_text=_("Leave empty to pin it at once.")
    )
    front_page_until = models.DateTimeField(
        _("on the front page until"), null=True, blank=True, help_text=_("Leave empty to keep it pinned.")
    )
    is_breaking = models.BooleanField(_("breaking news"), default=False)
    breaking_until = models.DateTimeField(
        _("breaking news until"),
        null=True,
        blank=True,
        help_text=_("The ticker drops the story at this time. Leave empty to keep it until the flag is cleared."),
    )
    related_articles = models.ManyToManyField(
        "self", verbose_name=_("related stories"), blank=True, symmetrical=False, related_name="+"
    )

    # A new value on every save (microseconds since the epoch, so it keeps rising even when an
    # old revision is restored): a form loaded at another version is stale.
    version = models.PositiveBigIntegerField(_("version"), default=0, editable=False)
    # Every language's text and the tags, folded by newsroom.text.normalise, for search; the
    # headlines, and the decks and leads, apart too, so search can rank them higher.
    search_text = models.TextField(editable=False, blank=True, default="")
    search_headline = models.TextField(editable=False, blank=True, default="")
    search_summary = models.TextField(editable=False, blank=True, default="")

    # Where an imported story came from, so a second import updates it.
    source = models.CharField(_("import source"), max_length=50, blank=True, editable=False)
    external_id = models.CharField(_("external id"), max_length=255, blank=True, editable=False)

    objects = ArticleQuerySet.as_manager()

    class Meta:
        ordering = ["-published_at", "-pk"]
        get_latest_by = "published_at"
        verbose_name = _("article")
        verbose_name_plural = _("articles")
        permissions = [
            ("publish_article", _("Can publish, schedule and unpublish stories")),
            ("edit_others_articles", _("Can edit other people's stories")),
            ("curate_front_page", _("Can curate the front page and breaking news")),
        ]
        indexes = [
            models.Index(fields=["status", "-published_at"], name="article_public_idx"),
            # The newest public stories (home page, feeds, archive, sitemaps) in index order,
            # so a page of them is read without sorting every public story.
            models.Index(
                fields=["-published_at", "-id"],
                condition=Q(status__in=[status.value for status in PUBLIC_STATUSES]),
                name="article_latest_public_idx",
            ),
            models.Index(fields=["section", "-published_at"], name="article_section_idx"),
            models.Index(fields=["is_front_page", "front_page_position"], name="article_front_page_idx"),
            # Importers look stories up by where they came from.
            models.Index(fields=["source", "external_id"], name="article_import_idx"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["source", "external_id"],
                condition=~Q(external_id=""),
                name="unique_import_source_id",
            ),
        ]

    def __str__(self):
        return self.headline

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Read from __dict__: touching a deferred field here would cost a query per row.
        self._saved_status = self.__dict__.get("status") if self.pk else None
        # Who is saving, for the status history; callers that know set it.
        self.changed_by = None

    def prepare_to_save(self, tag_names=None):
        """Everything a save derives: sanitised bodies, the slug, the publish time, version, search text.

        ``save()`` calls it; bulk imports call it before ``bulk_create``, with the ``tag_names``
        they are about to store (a saved story's own tags are read otherwise). An importer that has
        just run a body through ``sanitise_html`` puts that output in ``sanitised_bodies``
        ({"body_ar": value}); a field still holding that very string object is not cleaned
        twice, and any other value, even an equal one, still goes through the sanitiser.
        """
        sanitised = getattr(self, "sanitised_bodies", {})
        for language, _name in settings.LANGUAGES:
            field = f"body_{language}"
            value = getattr(self, field)
            if value is None or sanitised.get(field) is not value:
                setattr(self, field, sanitise_html(value))
        self.fill_slugs()
        if self.status == Status.PUBLISHED and self.published_at is None:
            self.published_at = timezone.now()
        self.version = max(time.time_ns() // 1000, self.version + 1)
        self.set_search_columns(tag_names)

    def save(self, *args, **kwargs):
        self.prepare_to_save()
        if kwargs.get("update_fields") is not None:
            kwargs["update_fields"] = {*kwargs["update_fields"], "version", *search.SEARCH_FIELDS, "updated_at"}
        super().save(*args, **kwargs)
        if self.status != self._saved_status:
            StatusChange.objects.create(
                article=self, from_status=self._saved_status or "", to_status=self.status, changed_by=self.changed_by
            )
            self._saved_status = self.status

    def fill_slugs(self):
        """Give each language the story is written in a slug from its own headline, once.

        A slug never changes by itself when the headline is corrected, so shared links stay
        as they were; the id in the address is what finds the story, so a slug edited by
        hand still redirects from the old one.
        """
        for language, _name in settings.LANGUAGES:
            headline = getattr(self, f"headline_{language}", None)
            if headline and not getattr(self, f"slug_{language}", None):
                setattr(self, f"slug_{language}", arabic_slugify(headline, max_length=255) or "article")
        self.slug_ar = self.slug_ar or arabic_slugify(self.headline, max_length=255) or "article"

    def get_absolute_url(self):
        return addresses.address("website:detail", self.pk, self.slug)

    def shown_language(self, field="headline", language=None):
        """The language ``field`` is shown in for readers of ``language`` (the active one by
        default): that language when the story is translated into it, else Arabic, the original."""
        language = language or translation.get_language() or settings.LANGUAGE_CODE
        return language if getattr(self, f"{field}_{language}", None) else settings.LANGUAGE_CODE

    def languages(self):
        """The site languages the story is written in, Arabic (the original) first."""
        return [code for code, _name in settings.LANGUAGES if getattr(self, f"headline_{code}", None)]

    @property
    def last_changed(self):
        """When the story's page last changed for readers: its last save, or when it went live if later."""
        return max(self.updated_at, self.published_at).replace(microsecond=0)

    @property
    def is_untranslated(self):
        """True when readers of the active language get the Arabic original instead."""
        return self.shown_language() != (translation.get_language() or settings.LANGUAGE_CODE)

    @property
    def is_public(self):
        """The single-object twin of ``ArticleQuerySet.published()``."""
        return (
            self.status in PUBLIC_STATUSES
            and self.published_at is not None
            and self.published_at <= timezone.now()
        )

    def build_search_text(self):
        return search.search_columns(self, self.tag_names())["search_text"]

    def set_search_columns(self, tag_names=None):
        tag_names = self.tag_names() if tag_names is None else tag_names
        for name, value in search.search_columns(self, tag_names).items():
            setattr(self, name, value)

    def tag_names(self):
        # A story not saved yet has no tags; its tags refresh the columns once added.
        if self.pk is None:
            return []
        return [tag.name for tag in self.tags.all()]

    def fetch_labels(self):
        """Keep the authors and tags the story's query read (label_rows()) as prefetch_related()
        keeps them.

        Each is kept as the queryset its manager gives, with the filter on this story left to
        be built if the labels are ever queried further (as related managers leave it):
        building it cost more than the query did (compiled.py holds the ORM internals this takes).
        """
        for name, model, lookup, rows, fields in (
            ("authors", Author, "articles", "author_rows", byline_fields()),
            ("tags", Tag, "articles_taggedarticle_items__content_object", "tag_rows", None),
        ):
            found = labels.instances(model, self.__dict__.pop(rows), self._state.db, fields)
            keep_prefetched(self, name, prefetched_queryset(model, lookup, self.pk, found))

    @property
    def byline_text(self):
        return self.byline or "، ".join(author.name for author in self.authors.all())


class StatusChange(models.Model):
    """One step of a story through the workflow: who moved it, when, from where to where."""

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="status_changes")
    from_status = models.CharField(_("from"), max_length=20, choices=Status.choices, blank=True)
    to_status = models.CharField(_("to"), max_length=20, choices=Status.choices)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("by"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    changed_at = models.DateTimeField(_("at"), auto_now_add=True)

    class Meta:
        ordering = ["-changed_at", "-pk"]
        verbose_name = _("status change")
        verbose_name_plural = _("status changes")

    def __str__(self):
        return f"{self.get_from_status_display() or '—'} → {self.get_to_status_display()}"


class LegacyUrl(models.Model):
    """An address a story had on the site it was imported from; it redirects to the story."""

    path = models.CharField(_("old path"), max_length=500, unique=True)
    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="legacy_urls")

    class Meta:
        verbose_name = _("old address")
        verbose_name_plural = _("old addresses")

    def __str__(self):
        return self.path


# Tags are stored after the story (the admin saves them after the form, the API adds them to a
# saved story), so the search columns follow every change of a story's tags.
@receiver(m2m_changed, sender=TaggedArticle)
def tags_changed(sender, instance, action, reverse, **kwargs):
    if action in ("post_add", "post_remove", "post_clear") and isinstance(instance, Article):
        Article.objects.filter(pk=instance.pk).refresh_search_text()


@receiver(post_save, sender=Tag)
def tag_renamed(sender, instance, created, raw=False, **kwargs):
    if not created and not raw:
        Article.objects.filter(tagged_items__tag=instance).refresh_search_text()


@receiver(pre_delete, sender=Tag)
def remember_tagged_stories(sender, instance, **kwargs):
    instance.tagged_story_ids = list(
        TaggedArticle.objects.filter(tag=instance).values_list("content_object_id", flat=True)
    )


@receiver(post_delete, sender=Tag)
def tag_deleted(sender, instance, **kwargs):
    Article.objects.filter(pk__in=getattr(instance, "tagged_story_ids", [])).refresh_search_text()


class Remark(models.Model):
    """A note about a story between its reporter and its editors: why it was sent back, an answer."""

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="remarks")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("by"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    text = models.TextField(_("remark"))
    # The move the remark went with (sent back, submitted again), if any.
    status_change = models.ForeignKey(
        StatusChange, null=True, blank=True, on_delete=models.SET_NULL, related_name="remarks"
    )
    created_at = models.DateTimeField(_("at"), auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("remark")
        verbose_name_plural = _("remarks")

    def __str__(self):
        return self.text[:80]


class Autosave(models.Model):
    """A person's unsaved form for one story (or a new one): theirs alone, never a revision, never public."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    article = models.ForeignKey(Article, null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    # "story-<id>" for a story, "new" for the add page: one autosave per person and form.
    key = models.CharField(max_length=40)
    data = models.JSONField(default=dict)
    # The story's version the form started from (microseconds, like Article.version).
    loaded_version = models.PositiveBigIntegerField(null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "key"], name="one_autosave_per_person_and_form")]
        verbose_name = _("autosave")
        verbose_name_plural = _("autosaves")

    def __str__(self):
        return f"{self.user_id}:{self.key}"
