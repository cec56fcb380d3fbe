from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_prose_editor.fields import ProseEditorField
from taggit.managers import TaggableManager
from taggit.models import TaggedItemBase

from newsroom.sanitiser import sanitise_html
from newsroom.text import arabic_slugify
from taxonomy.models import Author, Section

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

    def front_page(self):
        return self.published().filter(is_front_page=True).order_by(
            "front_page_position", "-published_at", "-pk"
        )

    def for_listing(self):
        """What a list of story cards needs, fetched in a fixed number of queries."""
        return self.select_related("section").prefetch_related("authors")

    def for_detail(self):
        return self.select_related("section__parent").prefetch_related("authors", "tags")


class TaggedArticle(TaggedItemBase):
    content_object = models.ForeignKey("Article", on_delete=models.CASCADE, related_name="tagged_items")

    class Meta:
        verbose_name = _("article tag")
        verbose_name_plural = _("article tags")
        constraints = [
            models.UniqueConstraint(fields=["content_object", "tag"], name="unique_tag_per_article"),
        ]


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

    image = models.ImageField(_("main image"), upload_to="articles/%Y/%m/", blank=True)
    image_caption = models.CharField(_("image caption"), max_length=400, blank=True)
    image_alt = models.CharField(
        _("image description"),
        max_length=400,
        blank=True,
        help_text=_("What the photo shows, for readers who cannot see it."),
    )
    image_credit = models.CharField(_("image credit"), max_length=200, blank=True)

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
    is_breaking = models.BooleanField(_("breaking news"), default=False)

    # Where an imported story came from, so a second import updates it.
    source = models.CharField(_("import source"), max_length=50, blank=True, editable=False)
    external_id = models.CharField(_("external id"), max_length=255, blank=True, editable=False)

    objects = ArticleQuerySet.as_manager()

    class Meta:
        ordering = ["-published_at", "-pk"]
        get_latest_by = "published_at"
        verbose_name = _("article")
        verbose_name_plural = _("articles")
        indexes = [
            models.Index(fields=["status", "-published_at"], name="article_public_idx"),
            models.Index(fields=["section", "-published_at"], name="article_section_idx"),
            models.Index(fields=["is_front_page", "front_page_position"], name="article_front_page_idx"),
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

    def save(self, *args, **kwargs):
        for language, _name in settings.LANGUAGES:
            field = f"body_{language}"
            setattr(self, field, sanitise_html(getattr(self, field)))
        if not self.slug:
            # The id in the address keeps links unique, so the slug need not be.
            self.slug = arabic_slugify(self.headline_ar or self.headline, max_length=255) or "article"
        if self.status == Status.PUBLISHED and self.published_at is None:
            self.published_at = timezone.now()
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("articles:detail", kwargs={"pk": self.pk, "slug": self.slug})

    @property
    def is_public(self):
        """The single-object twin of ``ArticleQuerySet.published()``."""
        return (
            self.status in PUBLIC_STATUSES
            and self.published_at is not None
            and self.published_at <= timezone.now()
        )

    @property
    def byline_text(self):
        return self.byline or "، ".join(author.name for author in self.authors.all())
