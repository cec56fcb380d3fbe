"""What the newsroom's core announces, for the rooms above it to act on.

A single save already sends Django's model signals; writes that go around them (bulk
imports, ``QuerySet.update()``) send ``stories_changed`` instead, so whoever keeps copies of
stories (the public site's page cache) hears of every change without being called by name.
"""

from django.dispatch import Signal

# Sent with ``story_ids``: the stories written, or None when too many changed to list.
stories_changed = Signal()
