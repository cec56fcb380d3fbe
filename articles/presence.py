"""Who has a story open in the admin: a soft lock that expires when they stop sending heartbeats.

Kept in the cache (Redis in production, so every app server sees it); losing it
loses only the warning, never a word of text: stale saves are refused by the
version check regardless.
"""

import time

from django.core.cache import cache

EXPIRES_AFTER = 90  # seconds without a heartbeat; the page sends one every 30


def _key(article_id):
    return f"article-editors:{article_id}"


def _live(article_id):
    now = time.time()
    editors = cache.get(_key(article_id)) or {}
    return {user_id: entry for user_id, entry in editors.items() if entry["until"] > now}


def arrive(article_id, user):
    """Mark ``user`` as editing the story; returns the names of the others editing it."""
    editors = _live(article_id)
    editors[user.pk] = {"name": user.get_full_name() or user.get_username(), "until": time.time() + EXPIRES_AFTER}
    cache.set(_key(article_id), editors, EXPIRES_AFTER)
    return [entry["name"] for user_id, entry in editors.items() if user_id != user.pk]


def leave(article_id, user):
    editors = _live(article_id)
    editors.pop(user.pk, None)
    cache.set(_key(article_id), editors, EXPIRES_AFTER)
