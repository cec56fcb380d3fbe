from django.contrib import admin
from modeltranslation.admin import TabbedTranslationAdmin

from .models import Author, Section


@admin.register(Section)
class SectionAdmin(TabbedTranslationAdmin):
    list_display = ["__str__", "slug", "parent", "position"]
    list_editable = ["position"]
    list_filter = ["parent"]
    search_fields = ["name_ar", "name_fr", "name_en", "slug"]
    prepopulated_fields = {"slug": ("name_ar",)}
    autocomplete_fields = ["parent"]


@admin.register(Author)
class AuthorAdmin(TabbedTranslationAdmin):
    list_display = ["name", "slug", "user"]
    search_fields = ["name_ar", "name_fr", "name_en", "slug"]
    prepopulated_fields = {"slug": ("name_ar",)}
    autocomplete_fields = ["user"]
    # The photo library's list, with thumbnails and search, opens to pick a portrait.
    raw_id_fields = ["photo"]
