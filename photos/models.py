from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from . import renditions


class PhotoQuerySet(models.QuerySet):
    def missing_renditions(self):
        """Photos whose renditions do not match the current size set or focal point."""
        return [photo for photo in self.iterator(chunk_size=500) if renditions.stale_names(photo)]


class Photo(models.Model):
    """A photo in the library, reusable across stories; its file is stored cleaned (see processing.clean)."""

    file = models.FileField(_("image file"), upload_to="photos/%Y/%m/", max_length=255)
    title = models.CharField(_("title"), max_length=255, help_text=_("For finding the photo in the library."))
    caption = models.CharField(_("caption"), max_length=400, blank=True, help_text=_("Shown under the photo."))
    alt_text = models.CharField(
        _("description for blind readers"),
        max_length=400,
        blank=True,
        help_text=_("What the photo shows, for readers who cannot see it. A story cannot be published without it."),
    )
    credit = models.CharField(_("credit"), max_length=200, blank=True, help_text=_("Photographer or agency."))
    focal_x = models.FloatField(
        _("focal point (across)"), default=0.5, validators=[MinValueValidator(0), MaxValueValidator(1)]
    )
    focal_y = models.FloatField(
        _("focal point (down)"), default=0.5, validators=[MinValueValidator(0), MaxValueValidator(1)]
    )
    width = models.PositiveIntegerField(_("width"), default=0, editable=False)
    height = models.PositiveIntegerField(_("height"), default=0, editable=False)
    file_size = models.PositiveBigIntegerField(_("file size"), default=0, editable=False)
    # {name: {"key": fingerprint, "files": [{"width", "height", "jpeg", "webp"}, ...]}}: stored on the
    # row so a page that shows a photo needs no query beyond the one that fetched it.
    renditions = models.JSONField(default=dict, blank=True, editable=False)
    uploaded_at = models.DateTimeField(_("uploaded"), auto_now_add=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("uploaded by"),
        null=True,
        blank=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    objects = PhotoQuerySet.as_manager()

    class Meta:
        ordering = ["-uploaded_at", "-pk"]
        verbose_name = _("photo")
        verbose_name_plural = _("photos")

    def __str__(self):
        return self.title

    def clean(self):
        if self.file and not (self.width and self.height):
            raise ValidationError({"file": _("Upload the photo through the library so it can be checked.")})

    @property
    def focal_point(self):
        return (self.focal_x, self.focal_y)

    @property
    def description(self):
        """The text for the img alt attribute: the description, else the caption."""
        return self.alt_text or self.caption

    def save(self, *args, **kwargs):
        super().save(*args, **kwargs)
        # Cut once here (a new file or a moved focal point), never while a reader waits.
        if self.file and renditions.stale_names(self):
            renditions.generate(self, renditions.stale_names(self))

    def rendition(self, name):
        """The files of one rendition (generated on first use if missing or stale)."""
        return renditions.get(self, name)

    def file_for(self, name, max_width=None, image_format="jpeg"):
        """The rendition file for a slot that takes one image: {"url", "width", "height", "bytes", "mime_type"}."""
        return renditions.best_file(self, name, max_width, image_format)
