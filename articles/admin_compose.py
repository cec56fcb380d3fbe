"""The compose screen's helpers for the body editor: JSON endpoints and the editor's words.

Mixed into ``ArticleAdmin`` (articles/admin.py); the editor's scripts live in
static/admin-extra/compose/. The endpoints answer the body editor's dialogs: the photo
library (search, upload, one photo by id), embeds (which provider an address is, asked of
``newsroom.embeds``, the one provider list) and other stories (search among public ones, one
by id). Each answers JSON, to a person who may change stories; uploads also need the right
to add photos to the library.
"""

from django import forms
from django.conf import settings
from django.core.files.storage import default_storage
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import JsonResponse
from django.urls import path
from django.utils import formats, timezone
from django.utils.text import get_text_list
from django.utils.translation import get_language_info, gettext, ngettext
from django.utils.translation import gettext_lazy as _

from newsroom import bodyblocks, embeds
from photos import library, processing
from photos.admin import ACCEPTED_TYPES
from photos.models import Photo

from .models import Article

PHOTOS_PER_PAGE = 12
STORIES_PER_ANSWER = 10
MAX_QUERY_LENGTH = 200

# One number per plural category of Unicode's rules (what the browser's Intl.PluralRules
# answers), so the editor picks each message's right form in any language without
# knowing that language's plural rules itself.
PLURAL_SAMPLES = {"zero": 0, "one": 1, "two": 2, "few": 3, "many": 11, "other": 100}

PHOTO_MISSING = _("This photo is no longer in the library: it will not appear in the story.")
STORY_MISSING = _("This story no longer exists: its card will not appear.")


class PhotoUploadForm(forms.Form):
    file = forms.FileField()
    title = forms.CharField(max_length=Photo._meta.get_field("title").max_length, required=False)
    caption = forms.CharField(max_length=Photo._meta.get_field("caption").max_length, required=False)
    alt_text = forms.CharField(max_length=Photo._meta.get_field("alt_text").max_length, required=False)
    credit = forms.CharField(max_length=Photo._meta.get_field("credit").max_length, required=False)

    def photo_fields(self):
        """The texts to store with the photo; an empty title is left to the library (the file's name)."""
        return {name: value for name, value in self.cleaned_data.items() if name != "file" and value}


def photo_search(query):
    """Library photos whose title, caption or credit (in any language) hold every word of ``query``."""
    photos = Photo.objects.all()
    for word in query[:MAX_QUERY_LENGTH].split():
        found = Q(credit__icontains=word)
        for code, _name in settings.LANGUAGES:
            found |= Q(**{f"title_{code}__icontains": word}) | Q(**{f"caption_{code}__icontains": word})
        photos = photos.filter(found)
    return photos.order_by("-uploaded_at", "-pk")


def photo_card(photo):
    """What the editor shows of a library photo: its thumbnail and its texts."""
    files = photo.rendition("thumbnail")
    thumbnail = (
        {"url": default_storage.url(files[0]["jpeg"]), "width": files[0]["width"], "height": files[0]["height"]}
        if files
        else None
    )
    return {
        "id": photo.pk,
        "title": photo.title,
        "caption": photo.caption,
        "credit": photo.credit,
        "alt": photo.alt_text,
        "thumbnail": thumbnail,
    }


def story_card(story):
    """What the editor shows of a story a card points to."""
    published = story.published_at and formats.date_format(timezone.localtime(story.published_at), "DATE_FORMAT")
    return {
        "id": story.pk,
        "headline": story.headline,
        "published": published or "",
        "is_public": story.is_public,
        "status": story.get_status_display(),
    }


def answer_error(message, status=400, **extra):
    return JsonResponse({"error": str(message), **extra}, status=status)


def plural_forms(singular, plural):
    """Each plural category's form of a message with a %(count)s, in the active language."""
    return {category: ngettext(singular, plural, number) for category, number in PLURAL_SAMPLES.items()}


class ComposeEndpointsMixin:
    def compose_urls(self):
        """URL patterns added in front of the admin's own (see ``ArticleAdmin.get_urls``)."""
        prefix = f"{self.opts.app_label}_{self.opts.model_name}_compose"
        routes = [
            ("photos/", self.compose_photos_view, "photos"),
            ("photos/upload/", self.compose_photo_upload_view, "photo_upload"),
            ("photos/<int:photo_id>/", self.compose_photo_view, "photo"),
            ("embeds/", self.compose_embed_view, "embed"),
            ("stories/", self.compose_stories_view, "stories"),
            ("stories/<int:story_id>/", self.compose_story_view, "story"),
        ]
        return [
            path(f"compose/{route}", self.admin_site.admin_view(view), name=f"{prefix}_{name}")
            for route, view, name in routes
        ]

    # Who may ask -----------------------------------------------------------------

    def may_compose(self, request):
        """Anyone who may change stories may use the body editor's dialogs."""
        return self.has_change_permission(request)

    def refused(self):
        return answer_error(gettext("You may not change stories."), status=403)

    # Endpoints -------------------------------------------------------------------

    def compose_photos_view(self, request):
        """A page of library photos matching ?q= (the newest first), for the photo dialog."""
        if not self.may_compose(request):
            return self.refused()
        page = Paginator(photo_search(request.GET.get("q", "")), PHOTOS_PER_PAGE).get_page(request.GET.get("page"))
        return JsonResponse(
            {"results": [photo_card(photo) for photo in page], "page": page.number, "pages": page.paginator.num_pages}
        )

    def compose_photo_view(self, request, photo_id):
        if not self.may_compose(request):
            return self.refused()
        photo = Photo.objects.filter(pk=photo_id).first()
        if photo is None:
            return answer_error(PHOTO_MISSING, status=404)
        return JsonResponse({"photo": photo_card(photo)})

    def compose_photo_upload_view(self, request):
        """Adds the posted photo to the library (with the library's checks) and answers it."""
        if request.method != "POST":
            return answer_error(gettext("Send the photo with POST."), status=405)
        if not (self.may_compose(request) and request.user.has_perm("photos.add_photo")):
            return answer_error(gettext("You may not add photos to the library."), status=403)
        form = PhotoUploadForm(request.POST, request.FILES)
        if not form.is_valid():
            errors = {name: [str(message) for message in messages] for name, messages in form.errors.items()}
            return answer_error(
                " ".join(message for messages in errors.values() for message in messages), fields=errors
            )
        upload = form.cleaned_data["file"]
        try:
            photo = library.add_photo(upload, upload.name, uploaded_by=request.user, **form.photo_fields())
        except processing.InvalidPhoto as refusal:
            return answer_error(refusal, fields={"file": [str(refusal)]})
        return JsonResponse({"photo": photo_card(photo)}, status=201)

    def compose_embed_view(self, request):
        """The stored form of the embed ?url= points to, or why it cannot be one (it then stays a link)."""
        if not self.may_compose(request):
            return self.refused()
        embed = embeds.match(request.GET.get("url", ""))
        if embed is None:
            return answer_error(gettext("This address is not a post or a video from a site that can be embedded."))
        return JsonResponse(
            {
                "html": bodyblocks.embed_block(embed),
                "provider": embed.provider.name,
                "label": embed.label,
                "title": str(embed.default_title),
            }
        )

    def compose_stories_view(self, request):
        """Public stories matching ?q= (any diacritics), newest first, for a story card; never the one
        being edited (?exclude=)."""
        if not self.may_compose(request):
            return self.refused()
        stories = Article.objects.published().matching(request.GET.get("q", "")[:MAX_QUERY_LENGTH])
        exclude = request.GET.get("exclude", "")
        if exclude.isascii() and exclude.isdigit():
            stories = stories.exclude(pk=int(exclude))
        stories = stories.only("pk", "status", "published_at", *translated("headline")).order_by(
            "-published_at", "-pk"
        )[:STORIES_PER_ANSWER]
        return JsonResponse({"results": [story_card(story) for story in stories]})

    def compose_story_view(self, request, story_id):
        """One story by id, whatever its status: a card already in the body says whether it is public."""
        if not self.may_compose(request):
            return self.refused()
        story = Article.objects.filter(pk=story_id).only("pk", "status", "published_at", *translated("headline"))
        story = story.first()
        if story is None:
            return answer_error(STORY_MISSING, status=404)
        return JsonResponse({"story": story_card(story)})

    # Words -----------------------------------------------------------------------

    def compose_strings(self):
        """The editor's interface text in the admin's language, for the page's JSON (json_script).

        ``words`` are the editor's own; ``plurals`` hold each message's form per plural category;
        ``menu`` titles the toolbar buttons added here by item name; ``providers`` names each embed site, its kind
        and the title an embed has when the editor gives it none; ``directions`` gives each
        language's direction.
        """
        photo_field = Photo._meta.get_field
        return {
            "words": {
                "cancel": gettext("Cancel"),
                "close": gettext("Close"),
                "insert": gettext("Insert"),
                "save": gettext("Save"),
                "edit": gettext("Edit"),
                "remove": gettext("Remove from the story"),
                "search": gettext("Search"),
                "previous": gettext("Previous"),
                "next": gettext("Next"),
                "page_of": gettext("Page %(page)s of %(pages)s"),
                "loading": gettext("Loading…"),
                "nothing_found": gettext("Nothing found."),
                "no_answer": gettext("The server did not answer. Check the connection and try again."),
                # Photos
                "photo_dialog": gettext("Insert a photo from the library"),
                "photo_search_tab": gettext("Search the library"),
                "photo_upload_tab": gettext("Upload a new photo"),
                "photo_search_label": gettext("Title, caption or credit"),
                "photo_file": str(photo_field("file").verbose_name),
                "photo_file_help": gettext(
                    "JPEG, PNG, WebP or GIF. Location and camera data are removed before the photo is stored."
                ),
                "photo_accept": ACCEPTED_TYPES,
                "photo_title": str(photo_field("title").verbose_name),
                "photo_caption": str(photo_field("caption").verbose_name),
                "photo_alt": str(photo_field("alt_text").verbose_name),
                "photo_credit": str(photo_field("credit").verbose_name),
                "photo_upload": gettext("Upload and insert"),
                "photo_box": gettext("Photo from the library"),
                "photo_no_caption": gettext("No caption"),
                "photo_caption_here": gettext("Caption in this story"),
                "photo_caption_hint": gettext("Leave empty to use the library's caption."),
                "photo_missing": str(PHOTO_MISSING),
                # Embeds
                "embed_dialog": gettext("Embed a video, a post or a map"),
                "embed_address": gettext("Address of the post or video"),
                "embed_help": gettext("From %(sites)s.") % {"sites": provider_names()},
                "embed_title": gettext("Title shown on the page"),
                "embed_box_note": gettext("Readers load it with a click; nothing is loaded from the site before."),
                # Pull quotes
                "quote_dialog": gettext("Pull quote"),
                "quote_text": gettext("Quote"),
                "quote_attribution": gettext("Who said it"),
                "quote_direction": gettext("Direction"),
                "direction_story": gettext("The story's direction"),
                "direction_rtl": gettext("Right to left"),
                "direction_ltr": gettext("Left to right"),
                # Story cards
                "story_dialog": gettext("Insert a card for another story"),
                "story_search_label": gettext("Words from its headline or text"),
                "story_box": gettext("Related story"),
                "story_not_public": gettext("Not public: readers will not see this card until the story is published."),
                "story_missing": str(STORY_MISSING),
                # Tables
                "table_dialog": gettext("Insert a table"),
                "table_rows": gettext("Rows"),
                "table_columns": gettext("Columns"),
                "table_header_row": gettext("The first row holds headings"),
                # Pasting
                "paste_add_photo": gettext("Add from the photo library"),
                "paste_add_embed": gettext("Add an embed"),
                "dismiss": gettext("Dismiss"),
            },
            "plurals": {
                "images_removed": plural_forms(
                    "%(count)s image was removed from what you pasted: add it from the photo library.",
                    "%(count)s images were removed from what you pasted: add them from the photo library.",
                ),
                "frames_removed": plural_forms(
                    "%(count)s embedded frame was removed from what you pasted: add it as an embed.",
                    "%(count)s embedded frames were removed from what you pasted: add them as embeds.",
                ),
                "videos_removed": plural_forms(
                    "%(count)s video or audio file was removed from what you pasted: "
                    "upload it to a video site and embed it.",
                    "%(count)s video or audio files were removed from what you pasted: "
                    "upload them to a video site and embed them.",
                ),
            },
            "menu": menu_titles(),
            "providers": {
                name: {
                    "label": provider.label,
                    "kind": provider.kind,
                    "title": str(embeds.Embed(provider, "").default_title),
                }
                for name, provider in embeds.PROVIDERS.items()
            },
            "directions": {
                code: "rtl" if get_language_info(code)["bidi"] else "ltr" for code, _name in settings.LANGUAGES
            },
        }


def provider_names():
    return get_text_list([provider.label for provider in embeds.PROVIDERS.values()])


def translated(field):
    return [f"{field}_{code}" for code, _name in settings.LANGUAGES]


def menu_titles():
    """The titles of the toolbar buttons the compose screen adds, by menu item name."""
    return {
        "direction:rtl": gettext("Right to left (click again for the story's direction)"),
        "direction:ltr": gettext("Left to right (click again for the story's direction)"),
        "libraryPhoto": gettext("Photo from the library"),
        "embed": gettext("Video, post or map (YouTube, X, Facebook…)"),
        "pullQuote": gettext("Pull quote"),
        "storyCard": gettext("Card for another story"),
    }
