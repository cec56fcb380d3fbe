from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import gettext as _

from articles.models import Article
from taxonomy.models import Section

from . import charts, counter
from .models import HourlyViews


@admin.register(HourlyViews)
class ReadershipAdmin(admin.ModelAdmin):
    """The readership dashboard stands in for a list of raw buckets, which helps nobody."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def changelist_view(self, request, extra_context=None):
        if not self.has_view_permission(request):
            raise PermissionDenied
        window = request.GET.get("window", "day")
        if window not in counter.WINDOWS:
            window = "day"
        story = None
        if request.GET.get("article", "").isdigit():
            story = get_object_or_404(Article, pk=int(request.GET["article"]))
        subject = story.pk if story else None
        hourly = counter.hourly_series(subject, hours=48)
        daily = counter.daily_series(subject, days=30)
        local = timezone.localtime
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": _("Readership") if story is None else _("Readership of “%s”") % story,
            "story": story,
            "window": window,
            "windows": list(counter.WINDOWS),
            "hourly_chart": charts.bar_chart(hourly, lambda m: local(m).strftime("%H:00"), _("Views per hour, last 48 hours")),
            "daily_chart": charts.bar_chart(daily, lambda m: local(m).strftime("%m-%d"), _("Views per day, last 30 days"), every=5),
            "hourly_total": sum(views for _moment, views in hourly),
            "daily_total": sum(views for _moment, views in daily),
        }
        if story is None:
            top = counter.most_read(limit=20, window=window)
            context["top"] = with_trend(top)
            context["trending"] = counter.trending(limit=10)
            context["sections"] = [
                (section, counter.most_read(limit=5, window=window, section=section)) for section in Section.objects.roots()
            ]
        return TemplateResponse(request, "admin/popularity/dashboard.html", context)


def with_trend(stories, hours=3):
    """Each story with its views in the last ``hours`` hours and the ``hours`` before."""
    now = timezone.now()
    series = {
        story.pk: [views for _moment, views in counter.hourly_series(story.pk, hours=hours * 2, now=now)]
        for story in stories
    }
    rows = []
    for story in stories:
        before, recent = sum(series[story.pk][:hours]), sum(series[story.pk][hours:])
        rows.append({"story": story, "recent": recent, "before": before, "rising": recent > before, "falling": recent < before})
    return rows
