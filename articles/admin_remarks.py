"""Remarks on a story: an editor sending it back to its reporter says why, a reporter answers.

Mixed into ``ArticleAdmin`` (articles/admin.py); the thread is shown in the compose screen's
side column (``includes/remarks.html``). Every move goes through ``workflow.check_transition``.
The include sits inside the story's form (a form cannot hold another): its box is posted with
the form, and the "send back" button posts that form here (``formaction``) instead of saving it.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import HttpResponseNotAllowed, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import path, reverse
from django.utils.translation import gettext

from . import workflow
from .models import Article, Remark, Status, StatusChange

# The remark box's name in the story's form.
REMARK = "remark"


def move_with_remark(article, user, target, text):
    """Move ``article`` to ``target`` as ``user`` (if the workflow allows it), recording ``text`` with the move.

    Returns the remark (None when ``text`` is empty).
    """
    with transaction.atomic():
        article = Article.objects.select_for_update().get(pk=article.pk)
        workflow.check_transition(user, article.status, target)
        article.status = target
        article.changed_by = user
        article.save()
        return record_remark(article, user, text)


def record_remark(article, user, text):
    """Keep ``text`` in the story's thread, tied to its latest status change."""
    text = (text or "").strip()
    if not text:
        return None
    move = StatusChange.objects.filter(article=article).order_by("-changed_at", "-pk").first()
    return Remark.objects.create(article=article, author=user, text=text, status_change=move)


class StoryRemarksMixin:
    def remark_urls(self):
        """URL patterns added in front of the admin's own (see ``ArticleAdmin.get_urls``)."""
        prefix = f"{self.opts.app_label}_{self.opts.model_name}"
        return [
            path("<path:object_id>/send-back/", self.admin_site.admin_view(self.send_back_view),
                 name=f"{prefix}_send_back"),
            path("<path:object_id>/submit-for-review/", self.admin_site.admin_view(self.submit_for_review_view),
                 name=f"{prefix}_submit_for_review"),
        ]

    def remarks_context(self, request, obj):
        """What ``includes/remarks.html`` shows for ``obj`` (None on the add page)."""
        if obj is None or obj.pk is None:
            return {"remarks": [], "remark_box": None}
        user = request.user
        allowed = workflow.allowed_statuses(user, obj.status) if self.has_change_permission(request, obj) else []
        if obj.status == Status.REVIEW and workflow.can_publish(user) and Status.DRAFT in allowed:
            box = "send_back"
        elif obj.status in (Status.DRAFT, Status.UNPUBLISHED) and Status.REVIEW in allowed:
            box = "answer"
        else:
            box = None
        return {"remarks": list(obj.remarks.select_related("author")), "remark_box": box}

    def save_model(self, request, obj, form, change):
        """A note written in the remark box goes with the move the form made (submitting again, say)."""
        before = obj._saved_status
        super().save_model(request, obj, form, change)
        if obj.status != before:
            record_remark(obj, request.user, request.POST.get(REMARK))

    def _story_for_move(self, request, object_id):
        if request.method != "POST":
            return None, HttpResponseNotAllowed(["POST"])
        article = get_object_or_404(Article, pk=object_id)
        if not self.has_change_permission(request, article):
            raise PermissionDenied
        return article, None

    def _back_to(self, name, *args):
        return HttpResponseRedirect(reverse(f"admin:{name}", args=args, current_app=self.admin_site.name))

    def send_back_view(self, request, object_id):
        """An editor returns a story in review to its reporter, saying why."""
        article, refusal = self._story_for_move(request, object_id)
        if refusal:
            return refusal
        change_page = (f"{self.opts.app_label}_{self.opts.model_name}_change", article.pk)
        if not workflow.can_publish(request.user):
            raise PermissionDenied
        if article.status != Status.REVIEW:
            self.message_user(request, gettext("Only a story in review can be sent back."), messages.WARNING)
            return self._back_to(*change_page)
        text = request.POST.get(REMARK, "").strip()
        if not text:
            self.message_user(
                request, gettext("Write what the reporter should change before sending the story back."),
                messages.ERROR,
            )
            return self._back_to(*change_page)
        move_with_remark(article, request.user, Status.DRAFT, text)
        self.log_change(request, article, gettext("Sent back to its reporter with a remark."))
        self.message_user(
            request,
            gettext("“%(headline)s” went back to its reporter with your remark.") % {"headline": article.headline},
            messages.SUCCESS,
        )
        return self._back_to("index")

    def submit_for_review_view(self, request, object_id):
        """A reporter hands a draft to the editors, from the desk, with a note if they like."""
        article, refusal = self._story_for_move(request, object_id)
        if refusal:
            return refusal
        if article.status == Status.REVIEW:
            self.message_user(request, gettext("“%(headline)s” is already waiting for an editor.")
                              % {"headline": article.headline}, messages.INFO)
            return self._back_to("index")
        move_with_remark(article, request.user, Status.REVIEW, request.POST.get(REMARK))
        self.log_change(request, article, gettext("Submitted for review."))
        self.message_user(
            request,
            gettext("“%(headline)s” was sent for review: an editor reads it before it is published.")
            % {"headline": article.headline},
            messages.SUCCESS,
        )
        return self._back_to("index")
