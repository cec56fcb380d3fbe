from datetime import date
from typing import NamedTuple

from axes.admin import AccessAttemptAdmin
from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.contrib.admin.options import IS_POPUP_VAR
from django.contrib.admin.templatetags.admin_urls import add_preserved_filters
from django.db.models import Q
from django.http import HttpResponseRedirect, JsonResponse
from django.urls import path, reverse
from django.utils import formats, timezone, translation
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TabbedTranslationAdmin
from reversion.admin import VersionAdmin
from taggit.admin import TagAdmin
from taggit.models import Tag

from newsroom import text
from newsroom.text import normalise
from photos.admin import thumbnail_html
from photos.widgets import PhotoPickerWidget

from . import presence, workflow
from .admin_actions import StoryActionsMixin
from .admin_compose import ComposeEndpointsMixin
from .admin_history import StoryHistoryMixin
from .admin_remarks import StoryRemarksMixin
from .forms import TRANSITION, ArticleAdminForm
from .models import PUBLIC_STATUSES, Article, Status
from .preview import preview_url

# French and English are written left to right even on the Arabic admin page, and so are
# addresses; Arabic fields follow the page.
LTR_SUFFIXES = ("_fr", "_en")
LTR_FIELDS = {"slug_ar"}
CURATION_FIELDS = ["is_front_page", "front_page_position", "front_page_from", "front_page_until",
                   "is_breaking", "breaking_until"]


# The prose editor names its own toolbar buttons in English (django-prose-editor has no Arabic):
# editor.js gives each button, found by its data-name, the label from here.
TOOLBAR_LABELS = {
    "paragraph": _("Paragraph"),
    "heading2": _("Heading"),
    "heading3": _("Subheading"),
    "bulletList": _("Bulleted list"),
    "orderedList": _("Numbered list"),
    "orderedListProperties": _("List properties"),
    "blockquote": _("Quotation"),
    "horizontalRule": _("Separator line"),
    "bold": _("Bold"),
    "italic": _("Italic"),
    "underline": _("Underline"),
    "strike": _("Strikethrough"),
    "subscript": _("Subscript"),
    "superscript": _("Superscript"),
    "link": _("Insert link"),
    "unlink": _("Remove link"),
    "history:undo": _("Undo"),
    "history:redo": _("Redo"),
    "html": _("Edit HTML"),
    "fullscreen": _("Full screen"),
    "table": _("Insert table"),
    "table:addColumnAfter": _("Add column"),
    "table:deleteColumn": _("Delete column"),
    "table:addRowAfter": _("Add row"),
    "table:deleteRow": _("Delete row"),
    "table:mergeCells": _("Merge cells"),
    "table:splitCell": _("Split cell"),
    "table:toggleHeaderCell": _("Header cell"),
    "table:deleteTable": _("Delete table"),
    # The block-type picker's current choice, which carries no name of its own.
    "block_type": _("Paragraph style"),
}


class ComposeAction(NamedTuple):
    """A submit button at the head of the compose screen's side column."""

    name: str
    value: str
    label: str
    primary: bool = False
    # Publish turns into Schedule while the publish time is in the future (editor.js swaps them).
    timed: bool = False


def compose_actions(user, article):
    """Saving in place, and the person's next step with the story as far as their role allows it."""
    status = article.status if article is not None and article.pk else None
    if workflow.can_publish(user):
        if status in (Status.SCHEDULED, Status.PUBLISHED):
            return [ComposeAction("_continue", "1", gettext("Save"), primary=True)]
        later = article is not None and article.published_at and article.published_at > timezone.now()
        target, label = (Status.SCHEDULED, gettext("Schedule")) if later else (Status.PUBLISHED, gettext("Publish"))
        return [
            ComposeAction("_continue", "1", gettext("Save")),
            ComposeAction(TRANSITION, target.value, label, primary=True, timed=True),
        ]
    if status in (None, Status.DRAFT):
        return [
            ComposeAction("_continue", "1", gettext("Save draft")),
            ComposeAction(TRANSITION, Status.REVIEW.value, gettext("Submit for review"), primary=True),
        ]
    return [ComposeAction("_continue", "1", gettext("Save"), primary=True)]


def compose_screen_words():
    """What editor.js writes on the compose screen, in the admin's language (rendered with json_script)."""
    return {
        "languages": {code: gettext(name) for code, name in settings.LANGUAGES},
        "language_switch": gettext("Language of every field"),
        "toolbar": {name: str(label) for name, label in TOOLBAR_LABELS.items()},
        "words": gettext("Words: %(words)s · reading time: %(minutes)s min"),
        "characters": gettext("Characters: %(count)s"),
        "too_long": gettext("longer than search engines show (%(limit)s)"),
        "publish": [Status.PUBLISHED.value, gettext("Publish")],
        "schedule": [Status.SCHEDULED.value, gettext("Schedule")],
    }


def admin_datetime(value):
    """A moment as the admin writes it, in the newsroom's time zone: '7 ديسمبر 2026، 14:30' in
    Arabic, with the site's month names (newsroom/text.py); the language's own format otherwise."""
    if not value:
        return "—"
    if (translation.get_language() or settings.LANGUAGE_CODE).split("-")[0] == "ar":
        return text.format_datetime(value, settings.NEWSROOM.get("MONTH_STYLE", text.DEFAULT_MONTHS))
    return formats.date_format(timezone.localtime(value), "DATETIME_FORMAT")


# Zones named in words an editor knows; any other is shown by its name (Europe/Paris).
ZONE_NAMES = {"Africa/Algiers": _("Algeria time")}


def zone_name():
    return str(ZONE_NAMES.get(settings.TIME_ZONE, settings.TIME_ZONE))


def publishing_outlook(article):
    """The side column's line on what readers see of the story as saved: live, from when, or not."""
    if article is None or not article.pk:
        return ""
    state, when = workflow.visibility(article)
    if state == "live":
        return gettext("Live now: readers can see it.")
    if state == "scheduled":
        return gettext("Readers will see it from %(when)s.") % {"when": admin_datetime(when)}
    return gettext("Not visible to readers: %(status)s.") % {"status": article.get_status_display()}


def publishing_words():
    """What datetime.js and editor.js write about the publish time, in the admin's language."""
    language = (translation.get_language() or settings.LANGUAGE_CODE).split("-")[0]
    if language == "ar":
        months = list(text.MONTHS[settings.NEWSROOM.get("MONTH_STYLE", text.DEFAULT_MONTHS)])
    else:
        months = [formats.date_format(date(2000, month, 1), "F") for month in range(1, 13)]
    return {
        "zone": settings.TIME_ZONE,
        "date_input": formats.get_format("DATE_INPUT_FORMATS")[0],
        "zone_note": zone_name(),
        "months": months,
        "public": [status.value for status in PUBLIC_STATUSES],
        "published": Status.PUBLISHED.value,
        "statuses": {status.value: str(status.label) for status in Status},
        "live": gettext("Live now: readers can see it."),
        "will_appear": gettext("Will appear at %(when)s (%(relative)s)."),
        "hidden": gettext("Not visible to readers: %(status)s."),
        "no_time": gettext("Not visible to readers until it has a publish time."),
        "in_minutes": gettext("in %(minutes)s min"),
        "in_hours": gettext("in %(hours)s h %(minutes)s min"),
        "in_days": gettext("in %(days)s days"),
        "date_time": gettext("%(day)s %(month)s %(year)s, %(time)s"),
        "shortcut_help": gettext("Type a date, or: in 10 minutes, +2h, tomorrow 08:00, today 14:30"),
        "shortcut_label": gettext("Publish time in words"),
        "not_understood": gettext("Not understood: type for example “in 10 minutes” or “tomorrow 08:00”."),
        "now": gettext("Now"),
    }


def readonly_reason(user, article):
    """Why ``user`` sees ``article`` without a Save button (None when they may change it)."""
    if article is None or not article.pk or workflow.can_edit(user, article):
        return None
    if not user.has_perm("articles.change_article"):
        return gettext("You may read stories here but not change them.")
    if article.status not in workflow.REPORTER_EDITABLE:
        return gettext(
            "This story is “%(status)s”: from now on editors change it. Ask an editor, "
            "or write the correction you suggest in a remark."
        ) % {"status": article.get_status_display()}
    owner = article.created_by
    name = (owner.get_full_name() or owner.get_username()) if owner else gettext("another reporter")
    return gettext("This is %(name)s's story: only they and the editors change it.") % {"name": name}


def moved_message(article):
    """What the person is told after a compose-screen button moved the story."""
    if article.status == Status.REVIEW:
        message = gettext("“%(headline)s” was sent for review: an editor reads it before it is published.")
    elif article.is_public:
        message = gettext("“%(headline)s” is published: readers can see it now.")
    elif article.status in PUBLIC_STATUSES:
        message = gettext("“%(headline)s” is scheduled: readers will see it from %(when)s.")
    else:
        message = gettext("“%(headline)s” is now “%(status)s”.")
    when = article.published_at
    return message % {
        "headline": article.headline,
        "status": article.get_status_display(),
        "when": admin_datetime(when),
    }


# Two labels the dependencies write in English whatever the language (taggit's action sets its
# plural description, which Django 6.1 shows): named again here so our catalogue translates them.
admin.action(description=_("Merge selected tags"))(TagAdmin.render_tag_form)
admin.display(description=_("Status"))(AccessAttemptAdmin.status)


@admin.register(Article)
class ArticleAdmin(
    StoryActionsMixin, StoryHistoryMixin, StoryRemarksMixin, ComposeEndpointsMixin, VersionAdmin, TabbedTranslationAdmin
):
    form = ArticleAdminForm
    change_form_template = "admin/articles/article/change_form.html"
    # Fits 1366 px: the headline wraps, whether readers see the story comes right after it, and
    # the front page shows as its position (empty when off it); change_list.html lays it out.
    list_display = ["thumbnail", "headline", "visibility", "section", "publish_time", "front_page_position"]
    list_display_links = ["headline"]
    list_filter = ["status", "is_front_page", "is_breaking", "section", "published_at"]
    list_select_related = ["section", "photo"]
    search_fields = ["tags__name"]
    date_hierarchy = "published_at"
    autocomplete_fields = ["section", "authors", "related_articles"]
    # The library's own list, with thumbnails and search, opens to pick a photo (photos/widgets.py).
    raw_id_fields = ["photo"]
    # Each language's slug follows that language's headline (modeltranslation expands this).
    prepopulated_fields = {"slug": ("headline",)}
    readonly_fields = ["status_history", "preview_link", "created_at", "updated_at", "created_by"]
    # The compose screen's template puts "compose-side" fieldsets in the column beside the text.
    fieldsets = [
        (None, {"fields": ["headline", "deck", "lead", "body", "loaded_version"], "classes": ["compose-text"]}),
        (_("Publishing"), {"fields": ["status", "published_at", "preview_link"], "classes": ["compose-side"]}),
        (_("Photo"), {"fields": ["photo"], "classes": ["compose-side"]}),
        (_("Classification"), {"fields": ["section", "tags", "authors", "byline", "related_articles"],
                               "classes": ["compose-side"]}),
        (_("Front page and breaking news"), {"fields": CURATION_FIELDS, "classes": ["compose-side"]}),
        (_("Address and history"), {"fields": ["slug", "status_history", "created_by", "created_at", "updated_at"],
                                    "classes": ["compose-side", "collapse"]}),
    ]

    # Who may do what -----------------------------------------------------------

    def has_change_permission(self, request, obj=None):
        return workflow.can_edit(request.user, obj)

    def has_publish_permission(self, request):
        return workflow.can_publish(request.user)

    def has_curate_permission(self, request):
        return workflow.can_curate(request.user)

    def get_list_editable(self, request):
        return ["front_page_position"] if workflow.can_curate(request.user) else []

    def get_changelist_instance(self, request):
        self.list_editable = self.get_list_editable(request)
        return super().get_changelist_instance(request)

    def get_changelist_form(self, request, **kwargs):
        form = super().get_changelist_form(request, **kwargs)
        if "front_page_position" in form.base_fields:
            # The list's position box sits in a table cell with no label of its own.
            form.base_fields["front_page_position"].widget.attrs["aria-label"] = gettext("Front-page position")
        return form

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        if workflow.can_curate(request.user):
            return fieldsets
        # Front-page controls are an editor's: a reporter has nothing to do with them.
        return [(name, options) for name, options in fieldsets if options["fields"] != CURATION_FIELDS]

    def get_readonly_fields(self, request, obj=None):
        readonly = list(super().get_readonly_fields(request, obj))
        if not workflow.can_curate(request.user):
            readonly += CURATION_FIELDS
        return readonly

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change=change, **kwargs)
        form.user = request.user
        return form

    # Fields --------------------------------------------------------------------

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("tags")

    def get_search_results(self, request, queryset, search_term):
        """Arabic search that ignores diacritics, tatweel and letter variants; also tags and story numbers."""
        term = search_term.strip()
        if not term:
            return queryset, False
        by_tag, _duplicates = super().get_search_results(request, queryset, term)
        found = Q(pk__in=queryset.matching(term).values("pk")) | Q(pk__in=by_tag.values("pk"))
        if term.isdigit():
            found |= Q(pk=int(term))
        return queryset.filter(found), False

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        # Boxes sized to what they hold: a headline is a line, a deck a line or two, a lead a few;
        # each grows as it fills.
        if db_field.name.startswith("headline"):
            kwargs["widget"] = forms.Textarea(attrs={"rows": 1, "data-one-line": ""})
        elif db_field.name.startswith("deck"):
            kwargs["widget"] = forms.Textarea(attrs={"rows": 2, "data-one-line": ""})
        elif db_field.name.startswith("lead"):
            kwargs["widget"] = forms.Textarea(attrs={"rows": 3})
        field = super().formfield_for_dbfield(db_field, request, **kwargs)
        if field is not None and (db_field.name.endswith(LTR_SUFFIXES) or db_field.name in LTR_FIELDS):
            field.widget.attrs["dir"] = "ltr"
        return field

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "photo":
            kwargs["widget"] = PhotoPickerWidget(
                db_field.remote_field, self.admin_site, using=kwargs.get("using"),
                can_set_focal_point=request.user.has_perm("photos.change_photo"),
                can_add=request.user.has_perm("photos.add_photo"),
            )
            # The widget's own buttons say how to pick or add one.
            kwargs["help_text"] = ""
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def save_model(self, request, obj, form, change):
        if not change:
            obj.created_by = request.user
        obj.changed_by = request.user
        super().save_model(request, obj, form, change)
        if obj.status == Status.PUBLISHED and not request.POST.get(TRANSITION) and not obj.is_public:
            # "Published" with the time still ahead is a story nobody sees yet: say so, now.
            self.message_user(request, gettext(
                "“%(headline)s” is published, but readers will see it only from %(when)s."
            ) % {"headline": obj.headline, "when": admin_datetime(obj.published_at)}, messages.WARNING)

    @admin.display(description=_("visible to readers"), ordering="status")
    def visibility(self, obj):
        state, when = workflow.visibility(obj)
        words = {
            "live": gettext("Live"),
            "scheduled": gettext("Scheduled"),
            "hidden": obj.get_status_display(),
        }
        return format_html('<span class="visibility visibility--{}" title="{}">{}</span>',
                           state, publishing_outlook(obj), words[state])

    @admin.display(description=_("publish time"), ordering="published_at")
    def publish_time(self, obj):
        return admin_datetime(obj.published_at)

    @admin.display(description=_("photo"))
    def thumbnail(self, obj):
        return thumbnail_html(obj.photo, size="2.5rem")

    @admin.display(description=_("preview link"))
    def preview_link(self, obj):
        if not obj.pk:
            return gettext("Save the story to get a preview link.")
        hours = settings.NEWSROOM["PREVIEW_MAX_AGE"] // 3600
        # The address is long: opened with a click, copied from a box that selects it whole.
        return format_html(
            '<a class="preview-link" href="{0}" target="_blank" rel="noopener">{1}</a>'
            '<input class="preview-address" type="text" value="{0}" readonly dir="ltr" aria-label="{2}">'
            '<div class="help">{3}</div>',
            preview_url(obj),
            gettext("Open the preview"),
            gettext("Preview address, to copy"),
            ngettext(
                "Anyone with this link can read the story for %(hours)d hour, even unpublished.",
                "Anyone with this link can read the story for %(hours)d hours, even unpublished.",
                hours,
            )
            % {"hours": hours},
        )

    @admin.display(description=_("status history"))
    def status_history(self, obj):
        changes = obj.status_changes.select_related("changed_by") if obj.pk else []
        if not changes:
            return "—"
        return format_html(
            "<ul class='status-history'>{}</ul>",
            format_html_join(
                "",
                "<li>{} · {} · {}</li>",
                (
                    (
                        # The arrow is in the sentence, so right-to-left languages point it their way.
                        gettext("%(from)s → %(to)s") % {
                            "from": change.get_from_status_display() or "—", "to": change.get_to_status_display()},
                        change.changed_by.get_username() if change.changed_by else gettext("import"),
                        admin_datetime(change.changed_at),
                    )
                    for change in changes
                ),
            ),
        )

    # Views ---------------------------------------------------------------------

    def get_urls(self):
        info = self.opts.app_label, self.opts.model_name
        custom = [
            path("<path:object_id>/compare/", self.admin_site.admin_view(self.compare_view),
                 name="%s_%s_compare" % info),
            path("<path:object_id>/presence/", self.admin_site.admin_view(self.presence_view),
                 name="%s_%s_presence" % info),
            path("tag-suggestions/", self.admin_site.admin_view(self.tag_suggestions_view),
                 name="%s_%s_tag_suggestions" % info),
        ]
        return self.compose_urls() + self.remark_urls() + self.history_urls() + custom + super().get_urls()

    def change_view(self, request, object_id, form_url="", extra_context=None):
        extra_context = extra_context or {}
        if request.method == "GET" and object_id and object_id.isdigit():
            extra_context["other_editors"] = presence.arrive(int(object_id), request.user)
        return super().change_view(request, object_id, form_url, extra_context)

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        context["conflict"] = getattr(context.get("adminform") and context["adminform"].form, "conflict", None)
        context["compose_strings"] = self.compose_strings()
        context["compose_screen_words"] = compose_screen_words()
        may_save = add or self.has_change_permission(request, obj)
        context["compose_actions"] = compose_actions(request.user, obj) if may_save else []
        context["readonly_reason"] = None if add else readonly_reason(request.user, obj)
        context["publishing_outlook"] = publishing_outlook(obj)
        context["publishing_words"] = publishing_words()
        context.update(self.safety_context(request, obj))
        context.update(self.remarks_context(request, obj))
        return super().render_change_form(request, context, add, change, form_url, obj)

    def response_add(self, request, obj, post_url_continue=None):
        if request.POST.get(TRANSITION) and IS_POPUP_VAR not in request.POST:
            return self.response_moved(request, obj)
        return super().response_add(request, obj, post_url_continue)

    def response_change(self, request, obj):
        if request.POST.get(TRANSITION) and IS_POPUP_VAR not in request.POST:
            return self.response_moved(request, obj)
        return super().response_change(request, obj)

    def response_moved(self, request, obj):
        """After a compose-screen button moved the story: say where it went, and keep it open."""
        self.message_user(request, moved_message(obj), messages.SUCCESS)
        url = reverse(f"admin:{self.opts.app_label}_{self.opts.model_name}_change", args=[obj.pk],
                      current_app=self.admin_site.name)
        return HttpResponseRedirect(
            add_preserved_filters({"preserved_filters": self.get_preserved_filters(request), "opts": self.opts}, url)
        )

    def tag_suggestions_view(self, request):
        query = normalise(request.GET.get("q", ""))
        names = []
        if query:
            for name in Tag.objects.order_by("name").values_list("name", flat=True).iterator():
                if query in normalise(name):
                    names.append(name)
                    if len(names) == 10:
                        break
        return JsonResponse({"tags": names})
