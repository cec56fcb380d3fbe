from django import forms
from django.contrib import admin
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import UploadedFile
from django.http import JsonResponse
from django.urls import path
from django.utils.html import format_html
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TabbedTranslationAdmin

from . import library, processing
from .models import Photo
from .widgets import photo_card

ACCEPTED_TYPES = "image/jpeg,image/png,image/webp,image/gif"


class FocalPointWidget(forms.NumberInput):
    """A number field that the focal-point picker (static/admin-extra/focal-point.js) fills by a click on the photo."""

    def __init__(self, axis):
        super().__init__(attrs={"step": "0.01", "min": "0", "max": "1", "dir": "ltr", "data-focal-axis": axis})


class PhotoAdminForm(forms.ModelForm):
    file = forms.FileField(
        label=_("image file"),
        widget=forms.ClearableFileInput(attrs={"accept": ACCEPTED_TYPES}),
        help_text=_("JPEG, PNG, WebP or GIF. Location and camera data are removed before the photo is stored."),
    )

    class Meta:
        model = Photo
        fields = "__all__"
        widgets = {"focal_x": FocalPointWidget("x"), "focal_y": FocalPointWidget("y")}

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if not isinstance(upload, UploadedFile):
            return upload  # the stored file, kept
        try:
            cleaned_photo, content = library.cleaned_upload(upload, upload.name)
        except processing.InvalidPhoto as refusal:
            raise forms.ValidationError(str(refusal), code="invalid_photo")
        library.set_file(self.instance, cleaned_photo, content)
        return content


class FocalPointForm(forms.ModelForm):
    """The focal point alone, as the story form's photo field sets it with a click."""

    class Meta:
        model = Photo
        fields = ["focal_x", "focal_y"]


def thumbnail_html(photo, size="5rem", alt=""):
    """A small image of ``photo``; ``alt`` names it where it is a link's only content."""
    files = photo.rendition("thumbnail") if photo else []
    if not files:
        return "—"
    return format_html(
        '<img src="{}" alt="{}" width="{}" height="{}" style="inline-size: {}; block-size: auto;">',
        default_storage.url(files[0]["jpeg"]),
        alt,
        files[0]["width"],
        files[0]["height"],
        size,
    )


@admin.register(Photo)
class PhotoAdmin(TabbedTranslationAdmin):
    form = PhotoAdminForm
    list_display = ["thumbnail", "title", "credit", "has_description", "size", "uploaded_at"]
    list_display_links = ["thumbnail", "title"]
    search_fields = ["title_ar", "title_fr", "title_en", "caption_ar", "caption_fr", "credit"]
    list_filter = ["uploaded_at"]
    readonly_fields = ["focal_point_picker", "size", "uploaded_by", "uploaded_at"]
    fieldsets = [
        (None, {"fields": ["file", "title", "caption", "alt_text", "credit"]}),
        (
            _("Focal point"),
            {
                "fields": ["focal_point_picker", "focal_x", "focal_y"],
                "description": _(
                    "Click the most important part of the photo: cropped versions (cards, social "
                    "media) keep it in view."
                ),
            },
        ),
        (_("File"), {"fields": ["size", "uploaded_by", "uploaded_at"]}),
    ]

    class Media:
        js = ["admin-extra/focal-point.js"]
        css = {"all": ["admin-extra/focal-point.css"]}

    def save_model(self, request, obj, form, change):
        if not change:
            obj.uploaded_by = request.user
        super().save_model(request, obj, form, change)

    # The story form's photo field (photos/widgets.py) ----------------------------

    def get_urls(self):
        info = self.opts.app_label, self.opts.model_name
        return [
            path("<path:object_id>/info/", self.admin_site.admin_view(self.info_view), name="%s_%s_info" % info),
            path("<path:object_id>/focal-point/", self.admin_site.admin_view(self.focal_point_view),
                 name="%s_%s_focal_point" % info),
        ] + super().get_urls()

    def info_view(self, request, object_id):
        """A photo as the story form shows it once picked: its picture, caption, credit, whether it is described."""
        photo, refusal = self.photo_for(request, object_id, self.has_view_permission)
        return refusal or JsonResponse(photo_card(photo))

    def focal_point_view(self, request, object_id):
        """POST focal_x, focal_y (0 to 1): the photo's new focal point; saving it recuts its renditions."""
        if request.method != "POST":
            return JsonResponse({"error": gettext("Send the focal point with POST.")}, status=405)
        photo, refusal = self.photo_for(request, object_id, self.has_change_permission)
        if refusal:
            return refusal
        form = FocalPointForm(request.POST, instance=photo)
        if not form.is_valid():
            return JsonResponse({"error": gettext("The focal point is two numbers from 0 to 1."),
                                 "fields": form.errors}, status=400)
        photo = form.save()
        self.log_change(request, photo, self.construct_change_message(request, form, None))
        return JsonResponse(photo_card(photo))

    def photo_for(self, request, object_id, permission):
        """(photo, None), or (None, the JSON answer refusing it)."""
        refused = JsonResponse({"error": gettext("You may not do this with the photo library.")}, status=403)
        if not permission(request):
            return None, refused
        if not object_id.isdigit():
            return None, JsonResponse({"error": gettext("A photo is named by its number.")}, status=400)
        photo = Photo.objects.filter(pk=int(object_id)).first()
        if photo is None:
            return None, JsonResponse({"error": gettext("No photo has this number.")}, status=404)
        return (photo, None) if permission(request, photo) else (None, refused)

    @admin.display(description=_("photo"))
    def thumbnail(self, obj):
        return thumbnail_html(obj, alt=obj.title)

    @admin.display(boolean=True, description=_("described"))
    def has_description(self, obj):
        return bool(obj.alt_text)

    @admin.display(description=_("size"))
    def size(self, obj):
        if not obj.width:
            return "—"
        return format_html('<span dir="ltr">{} × {} px, {} KB</span>', obj.width, obj.height, obj.file_size // 1000)

    @admin.display(description=_("focal point"))
    def focal_point_picker(self, obj):
        files = obj.rendition("article") if obj and obj.pk else []
        if not files:
            return _("Save the photo first, then set its focal point here.")
        return format_html(
            '<div class="focal-picker" style="--focal-x: {x}; --focal-y: {y};">'
            '<img src="{src}" alt="" width="{width}" height="{height}">'
            '<span class="focal-picker__marker" aria-hidden="true"></span></div>',
            src=default_storage.url(files[0]["jpeg"]),
            width=files[0]["width"],
            height=files[0]["height"],
            x=obj.focal_x,
            y=obj.focal_y,
        )
