from django.db import models
from django.utils.translation import gettext_lazy as _


class ImportedPhoto(models.Model):
    """A library photo an import added, known by the bytes of the file it came from.

    The library stores a cleaned copy, never the file itself, so the file's fingerprint is kept
    here: importing the same file again (a rerun, or the same picture in another story) finds
    the photo instead of adding it twice. Deleting the photo forgets the file.
    """

    sha256 = models.CharField(_("file fingerprint (SHA-256)"), max_length=64, unique=True)
    photo = models.ForeignKey("photos.Photo", verbose_name=_("photo"), on_delete=models.CASCADE, related_name="+")
    imported_at = models.DateTimeField(_("imported"), auto_now_add=True)

    class Meta:
        verbose_name = _("imported photo")
        verbose_name_plural = _("imported photos")

    def __str__(self):
        return self.sha256
