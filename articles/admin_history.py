"""The story's history and the safety of its text on the compose screen: versions compared and
restored, who else has the story open (and whether they saved), the personal autosave, a form kept
across an expired login, and revision comments in the admin's language.

Mixed into ``ArticleAdmin`` (articles/admin.py), which routes to these views.
"""

import json

import reversion
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import HttpResponseRedirect, JsonResponse
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext

from photos.models import Photo
from taxonomy.models import Section

from . import autosave, presence, revisions, sessions, workflow
from .forms import last_editor
from .models import Article

# What "restore" brings back: the story's content, in every language. Status, publish time and
# the front-page and breaking-news fields stay as they are: those move through the workflow.
RESTORED_TEXT = ("headline", "deck", "lead", "body")
RESTORED_FIELDS = ("byline",)
# An autosave is a form's fields, not files: far below this.
AUTOSAVE_MAX_BYTES = 2_000_000


def when(moment):
    return timezone.localtime(moment).strftime("%Y-%m-%d %H:%M")


class StoryHistoryMixin:
    def history_urls(self):
        """URL patterns added in front of the admin's own (see ``ArticleAdmin.get_urls``)."""
        prefix = f"{self.opts.app_label}_{self.opts.model_name}"
        return [
            path("add/autosave/", self.admin_site.admin_view(self.autosave_view), name=f"{prefix}_autosave_new"),
            path("<path:object_id>/autosave/", self.admin_site.admin_view(self.autosave_view),
                 name=f"{prefix}_autosave"),
        ]

    def safety_context(self, request, obj):
        """What ``includes/safety.html`` shows at the top of the compose screen (obj is None when adding)."""
        prefix = f"admin:{self.opts.app_label}_{self.opts.model_name}"
        if obj is not None and obj.pk:
            autosave_url = reverse(f"{prefix}_autosave", args=[obj.pk])
        else:
            autosave_url = reverse(f"{prefix}_autosave_new")
        settings_for_script = {
            "autosave_url": autosave_url,
            "presence_url": reverse(f"{prefix}_presence", args=[obj.pk]) if obj is not None else "",
            "storage_key": f"newsroom-autosave:{request.user.pk}:{autosave.key_for(obj)}",
            "saved_at": obj.updated_at.isoformat() if obj is not None and obj.pk else "",
            "words": {
                "kept_here": gettext("This browser kept unsaved changes from %(time)s."),
                "saved_by": gettext("%(name)s saved this story at %(time)s: your save will ask you to merge."),
            },
        }
        context = {"safety": settings_for_script, "autosave": None, "recovered": None}
        if request.method != "GET":
            return context
        kept = sessions.take_kept_form(request.GET.get(sessions.RECOVER_PARAMETER), request.path)
        if kept:
            # Kept as the person's autosave too, so a reload before saving still has it.
            version = str(kept["data"].get("loaded_version", ""))
            autosave.store(request.user, obj, kept["data"], int(version) if version.isdigit() else None)
            context["recovered"] = kept
            settings_for_script.update(fill=kept["data"], fill_version=version)
            return context
        pending = autosave.pending(request.user, obj)
        if pending is not None:
            context["autosave"] = pending
            context["autosave_changes"] = autosave.differences(pending, obj)
            settings_for_script.update(offer=pending.data, offer_version=str(pending.loaded_version or ""))
        return context

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        # Saved: the unsaved copy has done its job (for a new story, the add page's one).
        autosave.discard(request.user, obj if change else None)

    def log_change(self, request, obj, message):
        entry = super().log_change(request, obj, message)
        if reversion.is_active() and isinstance(message, list):
            # Reversion keeps its comment as text in English labels ("Changed Headline [ar]").
            reversion.set_comment(revisions.readable_change_message(message))
        return entry

    # Views ---------------------------------------------------------------------------------

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

    def revision_view(self, request, object_id, version_id, extra_context=None):
        """Restore an old version's content (reversion's own view would also bring back its status)."""
        article = get_object_or_404(Article, pk=object_id)
        if not self.has_change_permission(request, article):
            raise PermissionDenied
        version = get_object_or_404(revisions.history(article), pk=version_id)
        if request.method == "POST":
            return self.restore(request, article, version)
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "original": article,
            "version": version,
            "title": gettext("Restore the version of %(date)s") % {"date": when(version.revision.date_created)},
            "changes": revisions.changes(revisions.current_fields(article), version.field_dict),
            "restored": version.field_dict,
        }
        return TemplateResponse(request, "admin/articles/article/revision_form.html", context)

    def restore(self, request, article, version):
        old = version.field_dict
        by = version.revision.user
        comment = gettext("Restored the version of %(date)s by %(user)s") % {
            "date": when(version.revision.date_created),
            "user": (by.get_full_name() or by.get_username()) if by else "—",
        }
        with transaction.atomic(), reversion.create_revision():
            article = Article.objects.select_for_update().get(pk=article.pk)
            restored_names = restore_content(article, old)
            problems = workflow.publishing_problems(article)
            if problems:
                transaction.set_rollback(True)
                for problem in problems:
                    self.message_user(request, problem, messages.ERROR)
                return HttpResponseRedirect(request.path)
            article.changed_by = request.user
            article.save()
            restore_relations(article, old)
            reversion.set_user(request.user)
            # VersionAdmin.log_change makes the admin log's message the revision's comment too.
            self.log_change(request, article, comment)
        self.message_user(
            request,
            gettext(
                "“%(headline)s” was restored to the version of %(date)s (%(fields)s). Its status, publish time "
                "and front-page placement did not change."
            ) % {"headline": article.headline, "date": when(version.revision.date_created),
                 "fields": "، ".join(restored_names) or "—"},
            messages.SUCCESS,
        )
        return HttpResponseRedirect(reverse("admin:articles_article_change", args=[article.pk]))

    def presence_view(self, request, object_id):
        """Heartbeat from an open change form: answers who else is editing, and the story's version
        (with who saved it, when it is not the form's); ?leave=1 when the page closes."""
        if request.method != "POST":
            return JsonResponse({"error": "POST only"}, status=405)
        article = get_object_or_404(Article, pk=object_id)
        if not self.has_view_or_change_permission(request, article):
            raise PermissionDenied
        if request.POST.get("leave"):
            presence.leave(article.pk, request.user)
            return JsonResponse({"others": []})
        answer = {"others": presence.arrive(article.pk, request.user), "version": article.version}
        loaded = request.POST.get("loaded_version")
        if loaded and loaded != str(article.version):
            answer.update(saved_by=last_editor(article), saved_at=timezone.localtime(article.updated_at).strftime("%H:%M"))
        return JsonResponse(answer)

    def autosave_view(self, request, object_id=None):
        """The compose screen's unsaved form, posted a few seconds after the last keystroke."""
        if request.method != "POST":
            return JsonResponse({"error": "POST only"}, status=405)
        article = None
        if object_id is not None:
            article = get_object_or_404(Article, pk=object_id)
            if not self.has_change_permission(request, article):
                raise PermissionDenied
        elif not self.has_add_permission(request):
            raise PermissionDenied
        if request.POST.get("discard"):
            autosave.discard(request.user, article)
            return JsonResponse({"discarded": True})
        raw = request.POST.get("data", "")
        try:
            data = json.loads(raw) if len(raw) <= AUTOSAVE_MAX_BYTES else None
        except ValueError:
            data = None
        if not isinstance(data, dict):
            return JsonResponse({"error": "data must be a JSON object of the form's fields"}, status=400)
        loaded = request.POST.get("loaded_version", "")
        kept = autosave.store(request.user, article, data, int(loaded) if loaded.isdigit() else None)
        return JsonResponse({"saved_at": kept.updated_at.isoformat()})


def restore_content(article, old):
    """Put an old version's content into ``article`` (unsaved); answers the restored fields' labels."""
    restored = []
    names = [name for name in revisions.compared_fields() if name.rpartition("_")[0] in RESTORED_TEXT]
    for name in [*names, *RESTORED_FIELDS]:
        if name in old and not revisions.same(name, getattr(article, name) or "", old[name] or ""):
            setattr(article, name, old[name] or "")
            restored.append(revisions.field_label(name))
    for name, model in (("section", Section), ("photo", Photo)):
        pk = old.get(f"{name}_id")
        # A section or photo deleted since stays as the story has it now.
        if f"{name}_id" in old and pk != getattr(article, f"{name}_id") and (
            pk is None or model.objects.filter(pk=pk).exists()
        ):
            setattr(article, f"{name}_id", pk)
            restored.append(revisions.field_label(name))
    return restored


def restore_relations(article, old):
    for name in ("authors", "related_articles"):
        if name in old:
            getattr(article, name).set(getattr(article, name).model.objects.filter(pk__in=old[name]))
    # Tags go through their own table, which reversion does not record: its field_dict holds a
    # manager of today's tags there, not a list, and today's tags are what the story keeps.
    if isinstance(old.get("tags"), (list, tuple)):
        article.tags.set(article.tags.model.objects.filter(pk__in=old["tags"]))
