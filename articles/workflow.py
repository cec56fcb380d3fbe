"""Who may move a story where, and who may edit it: the newsroom's rules, enforced on the server."""

from django.core.exceptions import PermissionDenied
from django.utils import timezone
from django.utils.translation import gettext as _

from photos.models import Photo

from . import body
from .models import PUBLIC_STATUSES, Status

TRANSITIONS = {
    Status.DRAFT: {Status.REVIEW, Status.SCHEDULED, Status.PUBLISHED},
    Status.REVIEW: {Status.DRAFT, Status.SCHEDULED, Status.PUBLISHED},
    Status.SCHEDULED: {Status.DRAFT, Status.PUBLISHED, Status.UNPUBLISHED},
    Status.PUBLISHED: {Status.UNPUBLISHED},
    Status.UNPUBLISHED: {Status.DRAFT, Status.SCHEDULED, Status.PUBLISHED},
}
# Moving a story into or out of public view is an editor's decision.
EDITORS_ONLY = {Status.SCHEDULED, Status.PUBLISHED, Status.UNPUBLISHED}
REPORTER_EDITABLE = {Status.DRAFT, Status.REVIEW}

PUBLISH = "articles.publish_article"
EDIT_OTHERS = "articles.edit_others_articles"
CURATE = "articles.curate_front_page"


def can_publish(user):
    return user.has_perm(PUBLISH)


def can_curate(user):
    return user.has_perm(CURATE)


def can_edit(user, article):
    """Reporters edit their own stories until an editor takes them public; editors edit any."""
    if not user.has_perm("articles.change_article"):
        return False
    if article is None or article.pk is None or user.has_perm(EDIT_OTHERS):
        return True
    return article.created_by_id == user.pk and article.status in REPORTER_EDITABLE


def allowed_statuses(user, current=None):
    """The statuses ``user`` may give a story now at ``current`` (None for a new story)."""
    if current is None:
        targets = {Status.DRAFT, Status.REVIEW, Status.SCHEDULED, Status.PUBLISHED}
    else:
        targets = {Status(current), *TRANSITIONS[Status(current)]}
    if not can_publish(user):
        targets -= EDITORS_ONLY - ({Status(current)} if current else set())
    return [status for status in Status if status in targets]


def check_transition(user, current, target):
    if target not in allowed_statuses(user, current):
        raise PermissionDenied(
            _("You may not move this story from “%(current)s” to “%(target)s”.")
            % {"current": Status(current).label if current else "—", "target": Status(target).label}
        )


def publishing_problems(article, status=None):
    """What keeps ``article`` from going public (as ``status``, default its own): messages for the editor."""
    if (status or article.status) not in PUBLIC_STATUSES:
        return []
    problems = []
    if article.photo is not None and not article.photo.alt_text:
        problems.append(
            _("The photo “%(title)s” needs a description for blind readers before the story can be published.")
            % {"title": article.photo.title}
        )
    # A photo deleted from the library since is no problem: the page leaves it out.
    ids = [photo_id for photo_id in body.photo_ids(article) if photo_id != article.photo_id]
    photos = Photo.objects.in_bulk(ids) if ids else {}
    for photo in (photos[photo_id] for photo_id in ids if photo_id in photos):
        if not photo.alt_text:
            problems.append(
                _(
                    "The photo “%(title)s” in the story's text needs a description for blind readers "
                    "before the story can be published."
                )
                % {"title": photo.title}
            )
    return problems


def move_refusal(user, article, target):
    """Why ``user`` cannot move ``article`` to ``target`` now (a sentence for the editor), or None.

    A story already at ``target`` is refused as unchanged, except a "published" story whose
    publish time is still ahead: publishing it now brings the time to now, which is a change.
    """
    target = Status(target)
    if not can_edit(user, article):
        return _("you may not change this story")
    if article.status == target:
        if target == Status.PUBLISHED and not article.is_public:
            return None
        return _("it is already “%(status)s”") % {"status": target.label}
    if target not in allowed_statuses(user, article.status):
        return _("it cannot go from “%(current)s” to “%(target)s”") % {
            "current": Status(article.status).label, "target": target.label}
    problems = publishing_problems(article, target)
    return problems[0] if problems else None


def visibility(article, now=None):
    """("live" | "scheduled" | "hidden", when): what readers see of ``article`` now, from its status and time."""
    now = now or timezone.now()
    if article.status not in PUBLIC_STATUSES:
        return "hidden", None
    if article.published_at is None:
        # Publishing stamps the time when there is none; a scheduled story without one waits.
        return ("live", None) if article.status == Status.PUBLISHED else ("hidden", None)
    if article.published_at <= now:
        return "live", article.published_at
    return "scheduled", article.published_at
