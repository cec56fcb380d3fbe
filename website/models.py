from django.db import models
from django.utils.translation import gettext_lazy as _


class CacheEpoch(models.Model):
    """A change whose new version tokens the cache did not take (Redis away or paused).

    Every cached page and box carries the newest epoch's number, so each row retires them all
    in every process within a second, whatever the cache still holds when it comes back. It is
    written in the change's own transaction: a change that cannot record it is not saved.
    """

    created_at = models.DateTimeField(_("at"), auto_now_add=True)
    versions = models.TextField(_("versions"), blank=True, help_text=_("What the change retired."))

    class Meta:
        verbose_name = _("cache epoch")
        verbose_name_plural = _("cache epochs")

    def __str__(self):
        return f"{self.pk}: {self.versions}"
