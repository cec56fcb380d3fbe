"""What each cached page shows, and the changes that retire it (see ``newsroom.pagecache``).

Versions a page depends on (each route declares its own, beside it in urls.py):

- ``site``, on every page: the section menu, the front-page picks, the breaking ticker,
  the most-read box and the related stories, which only ever show public stories. Bumped
  when a story becomes public or stops being public, when a story on the front page or in
  the ticker changes, and when a section, tag or author changes: rare events.
- ``story:<id>``: the story's page in every language.
- ``section:<slug>``, ``tag:<slug>``, ``author:<slug>``: those lists and their feeds.
- ``index``: the home page, the site's feeds, the sitemaps, the archive and search.

Editing a public story bumps its ``story``, its section and every parent section, its tags,
its authors and ``index``. A corrected headline shown in another story's related or
most-read box follows within ``PAGE_CACHE_SECONDS``; an unpublished story leaves every page
at once, because unpublishing bumps ``site``.

A library photo shows on the pages of the stories that lead with it or hold it in their body;
editing or deleting it retires those pages.

Imports write new stories in bulk, past the model signals; they send
``articles.signals.stories_changed``, which retires the pages that show them.
"""

from datetime import UTC, datetime

from django.conf import settings
from django.db import DatabaseError, connection
from django.db.models import Exists, Min, OuterRef, Q
from django.db.models.signals import m2m_changed, post_delete, post_save, pre_save
from django.dispatch import receiver
from django.utils import timezone
from taggit.models import Tag

from articles.models import Article, TaggedArticle
from articles.signals import stories_changed
from newsroom.pagecache import INDEX, SITE, bump, forget_deadline
from photos.models import Photo
from taxonomy.models import Author, Section

from .models import CacheEpoch

# Far enough to take the visibility rule's status test without its time test.
END_OF_TIME = datetime(9999, 1, 1, tzinfo=UTC)
# A photo on more stories than this retires every page rather than listing them all.
MANY_STORIES = 500


def epoch():
    """The newest epoch: one indexed read, made at most once a second per process."""
    try:
        return CacheEpoch.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    except DatabaseError:
        # Read before Django handles the request (a cache hit never reaches it), so nothing
        # else would replace a connection the database dropped.
        connection.close_if_unusable_or_obsolete()
        raise


def new_epoch(names):
    """Retire every cached page: the cache did not take the new tokens of ``names``."""
    CacheEpoch.objects.create(versions=" ".join(sorted(names))[:2000])


def next_change():
    """The next moment the public site changes with nobody saving anything, as a timestamp.

    A scheduled story goes live, a front-page pin starts or ends, a breaking-news flag ends.
    """
    now = timezone.now()
    moments = Article.objects.published(now=END_OF_TIME).aggregate(
        live=Min("published_at", filter=Q(published_at__gt=now)),
        pinned=Min("front_page_from", filter=Q(is_front_page=True, front_page_from__gt=now)),
        unpinned=Min("front_page_until", filter=Q(is_front_page=True, front_page_until__gt=now)),
        unflagged=Min("breaking_until", filter=Q(is_breaking=True, breaking_until__gt=now)),
    )
    upcoming = [moment for moment in moments.values() if moment is not None]
    return min(upcoming).timestamp() if upcoming else None


def pages_showing(story_ids, section_ids=()):
    """The versions of every page that lists or shows these stories (``site`` aside)."""
    story_ids = list(story_ids)
    names = {INDEX, *(f"story:{pk}" for pk in story_ids)}
    sections = {pk: (parent_id, slug) for pk, parent_id, slug in Section.objects.values_list("pk", "parent_id", "slug")}
    pending = {*section_ids, *Article.objects.filter(pk__in=story_ids).values_list("section_id", flat=True)}
    while pending:
        section = sections.get(pending.pop())
        if section is not None:
            names.add(f"section:{section[1]}")
            pending.add(section[0])
    names.update(
        f"tag:{slug}"
        for slug in TaggedArticle.objects.filter(content_object__in=story_ids).values_list("tag__slug", flat=True)
    )
    names.update(
        f"author:{slug}"
        for slug in Article.authors.through.objects.filter(article__in=story_ids).values_list("author__slug", flat=True)
    )
    return names


@receiver(stories_changed)
def stories_written(sender, story_ids=None, **kwargs):
    """Retire the pages showing these stories, or every page (for bulk writes such as imports)."""
    forget_deadline()
    if story_ids is None:
        bump(SITE)
    else:
        bump(*pages_showing(story_ids))


def _on_every_page(state):
    return state.get("is_front_page") or state.get("is_breaking")


@receiver(pre_save, sender=Article)
def remember_what_readers_saw(sender, instance, raw=False, **kwargs):
    instance._shown_before = None
    if raw or instance.pk is None:
        return
    instance._shown_before = (
        Article.objects.filter(pk=instance.pk)
        .annotate(was_public=Exists(Article.objects.published().filter(pk=OuterRef("pk"))))
        .values("was_public", "section_id", "is_front_page", "is_breaking")
        .first()
    )


@receiver(post_save, sender=Article)
def story_saved(sender, instance, raw=False, **kwargs):
    if raw:
        return
    # A new publish time or pin window may be the next timed change.
    forget_deadline()
    before = getattr(instance, "_shown_before", None) or {}
    was_public, is_public = bool(before.get("was_public")), instance.is_public
    if not (was_public or is_public):
        return
    now = {"is_front_page": instance.is_front_page, "is_breaking": instance.is_breaking}
    if was_public != is_public or _on_every_page(before) or _on_every_page(now):
        bump(SITE)
    else:
        bump(*pages_showing([instance.pk], [before.get("section_id")]))


@receiver(post_delete, sender=Article)
def story_deleted(sender, instance, **kwargs):
    forget_deadline()
    bump(SITE)


@receiver(m2m_changed, sender=TaggedArticle)
@receiver(m2m_changed, sender=Article.authors.through)
def story_labels_changed(sender, instance, action, reverse, pk_set, **kwargs):
    if action not in ("post_add", "post_remove", "pre_clear"):
        return
    if reverse:
        # A tag or an author given to or taken from stories: a rare bulk change.
        bump(SITE)
        return
    if not instance.is_public:
        return
    kind, model = ("tag", Tag) if sender is TaggedArticle else ("author", Author)
    # Lists of labels just taken away stop showing the story; its current labels are in pages_showing.
    changed = model.objects.filter(pk__in=pk_set or ()).values_list("slug", flat=True)
    bump(*pages_showing([instance.pk]), *(f"{kind}:{slug}" for slug in changed))


@receiver(m2m_changed, sender=Article.related_articles.through)
def related_picks_changed(sender, instance, action, reverse, **kwargs):
    if action in ("post_add", "post_remove", "post_clear") and not reverse and instance.is_public:
        bump(f"story:{instance.pk}")


def showing_photo(photo_id):
    """Public stories that show the photo: as their lead photo or inside their body, in any language."""
    marker = f'data-photo="{int(photo_id)}"'
    in_body = Q()
    for code, _name in settings.LANGUAGES:
        in_body |= Q(**{f"body_{code}__contains": marker})
    return Article.objects.published().filter(Q(photo_id=photo_id) | in_body)


@receiver(post_save, sender=Photo)
@receiver(post_delete, sender=Photo)
def photo_changed(sender, instance, created=False, raw=False, **kwargs):
    # A new photo is on no page yet; a deleted one leaves the bodies that showed it.
    if created or raw:
        return
    story_ids = list(showing_photo(instance.pk).values_list("pk", flat=True)[: MANY_STORIES + 1])
    if len(story_ids) > MANY_STORIES:
        bump(SITE)
    elif story_ids:
        bump(*pages_showing(story_ids))


@receiver(post_save, sender=Section)
@receiver(post_delete, sender=Section)
@receiver(post_save, sender=Tag)
@receiver(post_delete, sender=Tag)
@receiver(post_save, sender=Author)
@receiver(post_delete, sender=Author)
def label_changed(sender, instance, created=False, raw=False, **kwargs):
    # A new tag or author is on no page yet; a new section is in the menu.
    if raw or (created and sender is not Section):
        return
    bump(SITE)
