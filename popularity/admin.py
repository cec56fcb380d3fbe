from django.contrib import admin

from .models import HourlyViews


@admin.register(HourlyViews)
class HourlyViewsAdmin(admin.ModelAdmin):
    list_display = ["article", "hour", "views"]
    list_filter = ["hour"]
    search_fields = ["article__headline_ar"]
    raw_id_fields = ["article"]
    date_hierarchy = "hour"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
