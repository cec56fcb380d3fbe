from django.db import models
from django.utils.translation import gettext_lazy as _

from articles.models import Article


class HourlyViews(models.Model):
    """Reader views of one story in one hour.

    One row per story per hour keeps "most read over the last N days" a sum
    over the window's rows, however many views were counted.
    """

    article = models.ForeignKey(
        Article, verbose_name=_("article"), on_delete=models.CASCADE, related_name="hourly_views"
    )
    hour = models.DateTimeField(_("hour"), help_text=_("The start of the hour, in UTC."))
    views = models.PositiveIntegerField(_("views"), default=0)

    class Meta:
        verbose_name = _("hourly views")
        verbose_name_plural = _("hourly views")
        constraints = [
            models.UniqueConstraint(fields=["article", "hour"], name="one_bucket_per_article_hour"),
        ]
        indexes = [models.Index(fields=["hour", "article"], name="views_window_idx")]

    def __str__(self):
        return f"{self.article_id} @ {self.hour:%Y-%m-%d %H:00}: {self.views}"
