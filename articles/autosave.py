"""A person's unsaved story form, kept on the server while they type.

Theirs alone (looked up by the person's own account, never shown to anyone else), never a revision
and never public; deleted when the story is saved, and forgotten after ``AUTOSAVE_DAYS`` days.
"""

from datetime import timedelta

from django.conf import settings
from django.utils import timezone

from . import revisions
from .models import Autosave

NEW_STORY = "new"
# The form's bookkeeping, not the story: never compared, never restored.
NOT_STORY = ("csrfmiddlewaretoken", "loaded_version", "_continue", "_save", "_addanother", "_transition")


def max_age():
    return timedelta(days=settings.NEWSROOM.get("AUTOSAVE_DAYS", 7))


def key_for(article):
    return f"story-{article.pk}" if article is not None and article.pk else NEW_STORY


def store(user, article, data, loaded_version=None):
    """Keep ``data`` ({field name: value or [values]}) as ``user``'s unsaved form for ``article``."""
    data = {name: value for name, value in data.items() if name not in NOT_STORY}
    # Writing is when old autosaves are cleared: no scheduled job to forget.
    Autosave.objects.filter(updated_at__lt=timezone.now() - max_age()).delete()
    autosave, _created = Autosave.objects.update_or_create(
        user=user,
        key=key_for(article),
        defaults={"article": article if article is not None and article.pk else None, "data": data,
                  "loaded_version": loaded_version},
    )
    return autosave


def discard(user, article):
    Autosave.objects.filter(user=user, key=key_for(article)).delete()


def pending(user, article):
    """``user``'s autosave for ``article`` worth offering: younger than the expiry and different from
    the saved story (even when someone saved the story since: that text is still the person's own).
    None otherwise."""
    autosave = Autosave.objects.filter(
        user=user, key=key_for(article), updated_at__gte=timezone.now() - max_age()
    ).first()
    if autosave is None:
        return None
    if article is not None and article.pk:
        if not differences(autosave, article):
            return None
    elif not any(value for name, value in autosave.data.items() if name in revisions.compared_fields()):
        return None
    return autosave


def differences(autosave, article):
    """[(label, word diff)] of the autosaved text against the saved story (or an empty one)."""
    saved = revisions.current_fields(article) if article is not None and article.pk else {}
    unsaved = {name: value for name, value in autosave.data.items() if isinstance(value, str)}
    return revisions.changes(saved, {name: unsaved.get(name, saved.get(name, "")) for name in revisions.compared_fields()})
