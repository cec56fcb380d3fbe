from typing import NamedTuple

from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.contrib.admin.options import IS_POPUP_VAR
from django.contrib.admin.templatetags.admin_urls import add_preserved_filters
from django.core.exceptions import PermissionDenied
from django.db.models import Max, Q
from django.http import HttpResponseRedirect, JsonResponse
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import formats, timezone
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TabbedTranslationAdmin
from reversion.admin import VersionAdmin
from taggit.models import Tag

from newsroom.text import normalise
from photos.admin import thumbnail_html
from photos.widgets import PhotoPickerWidget

from . import presence, revisions, workflow
from .admin_compose import ComposeEndpointsMixin
from .models import PUBLIC_STATUSES, Article, Status
from .preview import preview_url

# French and English are written left to right even on the Arabic admin page, and so are
# addresses; Arabic fields follow the page.
LTR_SUFFIXES = ("_fr", "_en")
LTR_FIELDS = {"slug_ar"}
CURATION_FIELDS = ["is_front_page", "front_page_position", "front_page_from", "front_page_until",
                   "is_breaking", "breaking_until"]
# The compose screen's buttons that move a story name its next status in this field; the
# move goes through the same workflow check as the status list.
TRANSITION = "_transition"
# Fields written on one line however long they get (a headline or a deck is a sentence, not a
# paragraph); their boxes wrap so the whole sentence stays in sight.
ONE_LINE_PREFIXES = ("headline", "deck")


class ArticleAdminForm(forms.ModelForm):
    loaded_version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = Article
        fields = "__all__"

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.conflict = None
        if self.instance.pk:
            self.fields["loaded_version"].initial = self.instance.version
        if "status" in self.fields:
            allowed = workflow.allowed_statuses(self.user, self.instance.status if self.instance.pk else None)
            self.fields["status"].widget.choices = [(status.value, status.label) for status in allowed]

    def clean_status(self):
        status = self.requested_status() or self.cleaned_data["status"]
        current = self.instance.status if self.instance.pk else None
        try:
            workflow.check_transition(self.user, current, status)
        except PermissionDenied as refusal:
            raise forms.ValidationError(str(refusal))
        return status

    def requested_status(self):
        """The status a compose-screen button asks for (``_transition``), or None for a plain save."""
        requested = self.data.get(TRANSITION)
        if not requested:
            return None
        if requested not in Status.values:
            refusal = self.fields["status"].error_messages["invalid_choice"]
            raise forms.ValidationError(refusal, code="invalid_choice", params={"value": requested})
        return Status(requested)

    def clean(self):
        cleaned = super().clean()
        for name, value in cleaned.items():
            if name.startswith(ONE_LINE_PREFIXES) and isinstance(value, str):
                # A headline or deck pasted with line breaks is still one line on the page.
                cleaned[name] = " ".join(value.split())
        if cleaned.get("status") == Status.SCHEDULED and not cleaned.get("published_at"):
            self.add_error("published_at", gettext("A scheduled story needs a publish time."))
        if cleaned.get("status"):
            # The story as it would be saved: its lead photo and the photos inside its bodies.
            bodies = {f"body_{code}": cleaned.get(f"body_{code}") or "" for code, _name in settings.LANGUAGES}
            story = Article(status=cleaned["status"], photo=cleaned.get("photo"), **bodies)
            for problem in workflow.publishing_problems(story):
                self.add_error("photo" if "photo" in cleaned else None, problem)
        if self.instance.pk:
            self.check_not_stale(cleaned.get("loaded_version"))
        return cleaned

    def check_not_stale(self, loaded_version):
        # The admin runs this inside its transaction: the row lock makes a second,
        # simultaneous save wait and then see this one's new version.
        saved = Article.objects.select_for_update().filter(pk=self.instance.pk).first()
        if saved is None or loaded_version in (None, saved.version):
            return
        started_from = revisions.fields_at_version(self.instance, loaded_version)
        self.conflict = {
            "by": last_editor(saved),
            "at": saved.updated_at,
            "changes": revisions.changes(started_from, revisions.current_fields(saved)) if started_from else [],
        }
        # Saving again, having seen the other changes, keeps this form's text on purpose.
        data = self.data.copy()
        data["loaded_version"] = saved.version
        self.data = data
        raise forms.ValidationError(
            gettext(
                "Someone else saved this story while you were editing it. Your text is kept in the form "
                "below and theirs is shown above it. Merge what you need, then save again."
            ),
            code="stale",
        )


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
    when = timezone.localtime(article.published_at) if article.published_at else None
    return message % {
        "headline": article.headline,
        "status": article.get_status_display(),
        "when": formats.date_format(when, "DATETIME_FORMAT") if when else "—",
    }


def last_editor(article):
    version = revisions.history(article).first()
    user = version.revision.user if version else None
    return (user.get_full_name() or user.get_username()) if user else gettext("another editor")


@admin.register(Article)
class ArticleAdmin(ComposeEndpointsMixin, VersionAdmin, TabbedTranslationAdmin):
    form = ArticleAdminForm
    change_form_template = "admin/articles/article/change_form.html"
    list_display = ["thumbnail", "headline", "status", "section", "published_at", "is_front_page", "front_page_position",
                    "is_breaking", "is_public"]
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
    actions = ["publish", "unpublish", "put_on_front_page", "take_off_front_page"]
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

    @admin.display(boolean=True, description=_("visible to readers"))
    def is_public(self, obj):
        return obj.is_public

    @admin.display(description=_("photo"))
    def thumbnail(self, obj):
        return thumbnail_html(obj.photo, size="3.5rem")

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
                        str(change),
                        change.changed_by.get_username() if change.changed_by else gettext("import"),
                        timezone.localtime(change.changed_at).strftime("%Y-%m-%d %H:%M"),
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
        return self.compose_urls() + custom + super().get_urls()

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

    def compare_view(self, request, object_id):
        article = get_object_or_404(Article, pk=object_id)
        if not self.has_view_or_change_permission(request, article):
            raise PermissionDenied
        versions = list(revisions.history(article))
        by_id = {str(version.pk): version for version in versions}
        newer = by_id.get(request.GET.get("to")) or (versions[0] if versions else None)
        older = by_id.get(request.GET.get("from")) or (versions[1] if len(versions) > 1 else None)
        changes = revisions.changes(older.field_dict, newer.field_dict) if older and newer else []
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "original": article,
            "title": gettext("Compare versions of “%s”") % article,
            "versions": versions,
            "older": older,
            "newer": newer,
            "changes": changes,
            "can_restore": self.has_change_permission(request, article),
        }
        return TemplateResponse(request, "admin/articles/article/compare.html", context)

    def presence_view(self, request, object_id):
        """Heartbeat from an open change form: answers who else is editing; ?leave=1 when the page closes."""
        if request.method != "POST":
            return JsonResponse({"error": "POST only"}, status=405)
        article = get_object_or_404(Article, pk=object_id)
        if not self.has_view_or_change_permission(request, article):
            raise PermissionDenied
        if request.POST.get("leave"):
            presence.leave(article.pk, request.user)
            return JsonResponse({"others": []})
        return JsonResponse({"others": presence.arrive(article.pk, request.user)})

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

    # Actions -------------------------------------------------------------------

    def _move(self, request, queryset, target):
        moved = refused = 0
        for article in queryset:
            if article.status == target:
                continue
            if not workflow.can_edit(request.user, article) or target not in workflow.allowed_statuses(
                request.user, article.status
            ) or workflow.publishing_problems(article, target):
                refused += 1
                continue
            article.status = target
            if target == Status.PUBLISHED and (article.published_at is None or article.published_at > timezone.now()):
                article.published_at = timezone.now()
            article.changed_by = request.user
            article.save(update_fields=["status", "published_at"])
            moved += 1
        if refused:
            self.message_user(
                request,
                ngettext("%d story could not be moved from its status.", "%d stories could not be moved from their status.", refused) % refused,
                messages.WARNING,
            )
        return moved

    @admin.action(description=_("Publish the selected stories now"), permissions=["publish"])
    def publish(self, request, queryset):
        count = self._move(request, queryset, Status.PUBLISHED)
        self.message_user(request, ngettext("%d story published.", "%d stories published.", count) % count, messages.SUCCESS)

    @admin.action(description=_("Unpublish the selected stories"), permissions=["publish"])
    def unpublish(self, request, queryset):
        count = self._move(request, queryset, Status.UNPUBLISHED)
        self.message_user(request, ngettext("%d story unpublished.", "%d stories unpublished.", count) % count, messages.SUCCESS)

    @admin.action(description=_("Put the selected stories on the front page"), permissions=["curate"])
    def put_on_front_page(self, request, queryset):
        last = Article.objects.filter(is_front_page=True).aggregate(last=Max("front_page_position"))["last"] or 0
        count = 0
        for position, article in enumerate(queryset.filter(is_front_page=False), start=last + 1):
            article.is_front_page = True
            article.front_page_position = position
            article.save(update_fields=["is_front_page", "front_page_position"])
            count += 1
        self.message_user(
            request,
            ngettext("%d story put on the front page.", "%d stories put on the front page.", count) % count,
            messages.SUCCESS,
        )

    @admin.action(description=_("Take the selected stories off the front page"), permissions=["curate"])
    def take_off_front_page(self, request, queryset):
        count = 0
        for article in queryset.filter(is_front_page=True):
            article.is_front_page = False
            article.save(update_fields=["is_front_page"])
            count += 1
        self.message_user(
            request,
            ngettext("%d story taken off the front page.", "%d stories taken off the front page.", count) % count,
            messages.SUCCESS,
        )
