"""The story form's photo field: the picked photo itself, not its id number.

The library's own list still opens to pick (Django's raw-id popup); the field shows the photo
with its caption and credit, says when it lacks a description for blind readers, and lets a
click on it set the focal point. static/admin-extra/photo-field.js keeps the card in step with
the picked id through ``PhotoAdmin``'s info and focal-point endpoints (photos/admin.py).
"""

from django.contrib.admin.widgets import ForeignKeyRawIdWidget
from django.core.files.storage import default_storage
from django.forms.renderers import TemplatesSetting
from django.urls import reverse

# Not cropped, so a click on it maps to the same spot in the original.
CARD_RENDITION = "article"


def photo_card(photo):
    """What the photo field shows of ``photo``; the info endpoint sends the same, as JSON."""
    files = photo.rendition(CARD_RENDITION)
    image = None
    if files:
        image = {"url": default_storage.url(files[0]["jpeg"]), "width": files[0]["width"], "height": files[0]["height"]}
    return {
        "id": photo.pk,
        "title": photo.title,
        "caption": photo.caption,
        "credit": photo.credit,
        "described": bool(photo.alt_text),
        "image": image,
        "focal_x": photo.focal_x,
        "focal_y": photo.focal_y,
        "change_url": reverse("admin:photos_photo_change", args=[photo.pk]),
    }


class PhotoPickerWidget(ForeignKeyRawIdWidget):
    template_name = "admin/widgets/photo_picker.html"

    def __init__(self, rel, admin_site, attrs=None, using=None, can_set_focal_point=False, can_add=True):
        super().__init__(rel, admin_site, attrs, using)
        self.can_set_focal_point = can_set_focal_point
        self.can_add = can_add

    class Media:
        js = ["admin-extra/focal-point.js", "admin-extra/photo-field.js"]
        css = {"all": ["admin-extra/focal-point.css", "admin-extra/photo-field.css"]}

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        photo = self.picked(value)
        # The endpoints' addresses with a stand-in id that the script replaces.
        context.update(
            photo=photo_card(photo) if photo else None,
            info_url=reverse("admin:photos_photo_info", args=["__id__"]),
            focal_url=reverse("admin:photos_photo_focal_point", args=["__id__"]) if self.can_set_focal_point else "",
            add_url=reverse("admin:photos_photo_add") + "?_to_field=id&_popup=1" if self.can_add else "",
        )
        return context

    def render(self, name, value, attrs=None, renderer=None):
        # The template is with the admin's own (newsroom/templates/admin/), which the project's
        # template engines search and the default form renderer does not.
        return super().render(name, value, attrs, renderer=TemplatesSetting())

    def picked(self, value):
        """The photo whose number the field holds, if any photo has it."""
        if value is None or not str(value).isdigit():
            return None
        return self.rel.model._default_manager.using(self.db).filter(pk=int(value)).first()
