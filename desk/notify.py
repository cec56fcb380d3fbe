"""Telling editors a story entered review: on the desk always, by email when the newsroom turns it on.

Every way a story enters review (the compose screen's button, the desk's, a list action) records
a ``StatusChange``; the email follows that record, once the move is committed, so a move that is
rolled back sends nothing.
"""

import logging

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import send_mass_mail
from django.db import transaction
from django.db.models.signals import post_save
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext

from articles.models import Status, StatusChange
from articles.workflow import PUBLISH

logger = logging.getLogger(__name__)


def emails_on():
    return bool(settings.NEWSROOM.get("REVIEW_EMAILS"))


def editors_to_tell(exclude=None):
    """Active people who may publish and have an email address (the one who moved the story left out)."""
    # Permissions come from groups and the people's own (the login throttle grants none).
    people = get_user_model().objects.with_perm(
        PUBLISH, include_superusers=True, backend="django.contrib.auth.backends.ModelBackend"
    ).filter(is_active=True)
    people = people.exclude(email="")
    if exclude is not None:
        people = people.exclude(pk=exclude.pk)
    return sorted({person.email for person in people})


def story_address(article_id):
    """The story's compose screen as a full address: the site's first allowed host, as it is served."""
    path = reverse("admin:articles_article_change", args=[article_id])
    hosts = [host.lstrip(".") for host in settings.ALLOWED_HOSTS if host not in ("*", "")]
    if not hosts:
        return path
    scheme = "https" if getattr(settings, "HTTPS", False) else "http"
    return f"{scheme}://{hosts[0]}{path}"


def review_email(change):
    """The subject and text of the email about ``change`` (a move into review), in Arabic."""
    with translation.override(settings.LANGUAGE_CODE):
        article = change.article
        who = change.changed_by.get_full_name() or change.changed_by.get_username() if change.changed_by else "—"
        subject = gettext("For review: %(headline)s") % {"headline": article.headline}
        lines = [
            gettext("%(name)s submitted “%(headline)s” for review.") % {"name": who, "headline": article.headline},
            "",
            story_address(article.pk),
        ]
        remark = change.remarks.order_by("-created_at", "-pk").first()
        if remark is not None:
            lines[1:1] = ["", gettext("Their remark:"), remark.text]
    return subject, "\n".join(lines)


def review_requested(change):
    """Email the editors about ``change`` when the newsroom wants review emails."""
    if not emails_on():
        return 0
    recipients = editors_to_tell(exclude=change.changed_by)
    if not recipients:
        return 0
    subject, text = review_email(change)
    # One message per editor: no one sees the others' addresses.
    messages = [(subject, text, None, [address]) for address in recipients]
    try:
        return send_mass_mail(messages, fail_silently=False)
    except OSError:
        # A mail server that is away must not undo the move or show the reporter an error page;
        # the story is on every editor's desk regardless.
        logger.exception("Could not email the editors about story %s entering review", change.article_id)
        return 0


def status_changed(sender, instance, created, raw=False, **kwargs):
    if created and not raw and instance.to_status == Status.REVIEW and emails_on():
        transaction.on_commit(lambda: review_requested(instance))


def connect():
    post_save.connect(status_changed, sender=StatusChange, dispatch_uid="desk-review-emails")
