from django.contrib import admin, messages
from django.db.models import Max
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from modeltranslation.admin import TabbedTranslationAdmin

from .models import Article, Status

# French and English are written left to right even on the Arabic admin page.
LTR_SUFFIXES = ("_fr", "_en")
LTR_FIELDS = {"slug"}


@admin.register(Article)
class ArticleAdmin(TabbedTranslationAdmin):
    list_display = [
        "headline",
        "status",
        "section",
        "published_at",
        "is_front_page",
        "front_page_position",
        "is_breaking",
        "is_public",
    ]
    list_editable = ["front_page_position"]
    list_filter = ["status", "is_front_page", "is_breaking", "section", "published_at"]
    list_select_related = ["section"]
    search_fields = ["headline_ar", "headline_fr", "headline_en", "deck_ar", "lead_ar", "tags__name"]
    date_hierarchy = "published_at"
    autocomplete_fields = ["section", "authors"]
    prepopulated_fields = {"slug": ("headline_ar",)}
    readonly_fields = ["image_preview", "created_at", "updated_at", "created_by"]
    actions = ["publish", "put_on_front_page", "take_off_front_page"]
    fieldsets = [
        (None, {"fields": ["headline", "deck", "lead", "body"]}),
        (_("Photo"), {"fields": ["image", "image_preview", "image_caption", "image_alt", "image_credit"]}),
        (_("Classification"), {"fields": ["section", "tags", "authors", "byline"]}),
        (
            _("Publishing"),
            {"fields": ["status", "published_at", "is_front_page", "front_page_position", "is_breaking"]},
        ),
        (_("Address and history"), {"fields": ["slug", "created_by", "created_at", "updated_at"]}),
    ]

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("tags")

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        field = super().formfield_for_dbfield(db_field, request, **kwargs)
        if field is not None and (db_field.name.endswith(LTR_SUFFIXES) or db_field.name in LTR_FIELDS):
            field.widget.attrs["dir"] = "ltr"
        return field

    def save_model(self, request, obj, form, change):
        if not change:
            obj.created_by = request.user
        super().save_model(request, obj, form, change)

    @admin.display(boolean=True, description=_("visible to readers"))
    def is_public(self, obj):
        return obj.is_public

    @admin.display(description=_("preview"))
    def image_preview(self, obj):
        if not obj.image:
            return "—"
        return format_html('<img src="{}" alt="" style="max-inline-size: 20rem; block-size: auto;">', obj.image.url)

    @admin.action(description=_("Publish the selected stories now"), permissions=["change"])
    def publish(self, request, queryset):
        now = timezone.now()
        updated = 0
        for article in queryset.exclude(status=Status.PUBLISHED):
            article.status = Status.PUBLISHED
            article.published_at = article.published_at or now
            article.save(update_fields=["status", "published_at", "updated_at"])
            updated += 1
        self.message_user(
            request,
            ngettext("%d story published.", "%d stories published.", updated) % updated,
            messages.SUCCESS,
        )

    @admin.action(description=_("Put the selected stories on the front page"), permissions=["change"])
    def put_on_front_page(self, request, queryset):
        last = Article.objects.filter(is_front_page=True).aggregate(last=Max("front_page_position"))["last"] or 0
        count = 0
        for position, article in enumerate(queryset.filter(is_front_page=False), start=last + 1):
            article.is_front_page = True
            article.front_page_position = position
            article.save(update_fields=["is_front_page", "front_page_position", "updated_at"])
            count += 1
        self.message_user(
            request,
            ngettext("%d story put on the front page.", "%d stories put on the front page.", count) % count,
            messages.SUCCESS,
        )

    @admin.action(description=_("Take the selected stories off the front page"), permissions=["change"])
    def take_off_front_page(self, request, queryset):
        count = queryset.filter(is_front_page=True).update(is_front_page=False)
        self.message_user(
            request,
            ngettext("%d story taken off the front page.", "%d stories taken off the front page.", count)
            % count,
            messages.SUCCESS,
        )
