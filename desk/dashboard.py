"""The desk: what each person finds on the admin's home page, one function per box.

Every box costs a fixed number of queries whatever it shows (no query per story): the page
has one query budget per role (tests/desk/test_dashboard.py).
"""

from dataclasses import dataclass, field

from django.core.cache import cache
from django.utils import timezone
from django.utils.translation import gettext, ngettext

from articles import presence, workflow
from articles.models import Article, Status
from popularity import counter

from . import queries

# Lines per box: a desk is read at a glance; the story list has the rest.
BOX_LIMIT = 15
MOST_READ_LIMIT = 10
# Who-is-editing-what looks at the newest stories: presence keeps no list of open stories.
PRESENCE_CANDIDATES = 500
CHIEF_EDITOR_GROUP = "Chief editor"
UPCOMING_HOURS = 24


@dataclass
class Role:
    writes: bool
    edits: bool
    chief: bool


def role_of(user):
    """What the desk shows ``user``: a reporter's own stories, an editor's queues, a chief editor's history too."""
    edits = workflow.can_publish(user) or workflow.can_curate(user)
    chief = edits and (user.has_perm("auth.change_user") or user.groups.filter(name=CHIEF_EDITOR_GROUP).exists())
    # Editors write too, but their desk is the newsroom's queues, not their own drafts.
    writes = not edits and (user.has_perm("articles.add_article") or user.has_perm("articles.change_article"))
    return Role(writes=writes, edits=edits, chief=chief)


def waiting_phrase(since, now):
    """How long a story has waited, as an editor says it ("ينتظر منذ ساعتين")."""
    minutes = int((now - since).total_seconds() // 60)
    if minutes < 1:
        return gettext("Waiting for less than a minute")
    if minutes < 60:
        return ngettext("Waiting for %(count)d minute", "Waiting for %(count)d minutes", minutes) % {"count": minutes}
    hours = minutes // 60
    if hours < 48:
        return ngettext("Waiting for %(count)d hour", "Waiting for %(count)d hours", hours) % {"count": hours}
    days = hours // 24
    return ngettext("Waiting for %(count)d day", "Waiting for %(count)d days", days) % {"count": days}


# Reporters' boxes -------------------------------------------------------------


def my_drafts(user):
    return list(queries.stories().by(user).fresh_drafts().for_desk().recently_updated()[:BOX_LIMIT])


def my_sent_back(user):
    return list(
        queries.stories().by(user).sent_back().with_latest_remark().for_desk().order_by("-moved_at", "-pk")[:BOX_LIMIT]
    )


def my_in_review(user):
    return list(queries.stories().by(user).review_queue().with_latest_remark().for_desk()[:BOX_LIMIT])


def my_published(user, now):
    """The person's latest public stories, each with ``views_24h``: readers in the last 24 hours."""
    stories = list(queries.stories().by(user).published(now=now).for_desk().order_by("-published_at", "-pk")[:BOX_LIMIT])
    if stories:
        since = counter.window_start("day", now)
        totals = counter.backend().hourly_totals(since, [story.pk for story in stories])
        for story in stories:
            story.views_24h = sum(views for (story_id, _hour), views in totals.items() if story_id == story.pk)
    return stories


# Editors' boxes ---------------------------------------------------------------


def review_queue(now, seen_at=None):
    """Stories waiting for an editor, the longest waiting first; those that arrived since ``seen_at`` are ``is_new``."""
    stories = list(queries.stories().review_queue().with_latest_remark().select_related("created_by").for_desk()[:BOX_LIMIT])
    for story in stories:
        story.waiting = waiting_phrase(story.waiting_since, now)
        story.is_new = seen_at is None or story.waiting_since > seen_at
    return stories


def upcoming(now):
    """Scheduled stories of the next 24 hours, each with ``warnings`` (what would keep it from going out right)."""
    # Not for_desk(): the checks read the bodies for the photos inside them.
    stories = list(queries.stories().scheduled_within(UPCOMING_HOURS, now=now).select_related("section")[:BOX_LIMIT])
    for story in stories:
        story.warnings = workflow.publishing_problems(story)
        if story.section_id is None:
            story.warnings.append(gettext("No section: the story will not appear on any section page."))
    return stories


def breaking(now):
    return list(queries.stories().breaking(now=now).for_desk().order_by("breaking_until", "-published_at")[:BOX_LIMIT])


def front_page(now):
    """The front page as readers see it now: slot order, and when each pin ends."""
    return list(queries.stories().front_page(now=now).for_desk()[:BOX_LIMIT])


@dataclass
class Editing:
    story: Article
    names: list = field(default_factory=list)


def editing_now():
    """Who has which story open right now, from the compose screen's heartbeat (articles/presence.py).

    Presence keeps one cache entry per story and no list of them, so the entries of the newest
    stories and of those waiting for review are read at once; an older story someone opened is missed.
    (By number, not by last change: there is no index on ``updated_at``, and sorting 100,000
    stories by it took 170 ms.)
    """
    newest = queries.stories().newest().values_list("pk", flat=True)[:PRESENCE_CANDIDATES]
    waiting = queries.stories().filter(status=Status.REVIEW).values_list("pk", flat=True)
    candidates = list(dict.fromkeys([*newest, *waiting]))
    keys = {presence._key(pk): pk for pk in candidates}
    found = cache.get_many(list(keys))
    now = timezone.now().timestamp()
    names = {}
    for key, editors in found.items():
        live = [entry["name"] for entry in editors.values() if entry["until"] > now]
        if live:
            names[keys[key]] = live
    if not names:
        return []
    stories = queries.stories().filter(pk__in=names).for_desk().in_bulk()
    return [Editing(stories[pk], names[pk]) for pk in candidates if pk in names and pk in stories]


def most_read(now):
    return counter.most_read(limit=MOST_READ_LIMIT, window="day", now=now)


def trending(now):
    return counter.trending(limit=MOST_READ_LIMIT, now=now)


# Chief editors' box -----------------------------------------------------------


def status_changes():
    return list(queries.status_changes(50))


# The whole desk ---------------------------------------------------------------


def desk_for(user, seen_at=None, now=None):
    """Every box ``user``'s role sees, by name (the template shows the boxes present)."""
    now = now or timezone.now()
    role = role_of(user)
    boxes = {"role": role, "now": now}
    if role.writes:
        boxes.update(
            my_drafts=my_drafts(user),
            my_sent_back=my_sent_back(user),
            my_in_review=my_in_review(user),
            my_published=my_published(user, now),
        )
    if role.edits:
        queue = review_queue(now, seen_at)
        boxes.update(
            review_queue=queue,
            review_new=sum(story.is_new for story in queue),
            upcoming=upcoming(now),
            breaking=breaking(now),
            front_page=front_page(now),
            editing_now=editing_now(),
            trending=trending(now),
        )
    if role.writes or role.edits:
        boxes["most_read"] = most_read(now)
    if role.chief:
        boxes["status_changes"] = status_changes()
    return boxes
