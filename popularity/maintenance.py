"""Housekeeping for view counts: moving Redis counts into the database, pruning old buckets."""

from datetime import timedelta

from django.utils import timezone

from newsroom.db import refresh_planner_statistics

from . import counter
from .backends import RedisBackend
from .models import HourlyViews


class NotRedis(Exception):
    pass


def flush_to_database(now=None):
    """Copy the hourly counts Redis holds into the database; safe to run as often as wanted."""
    backend = counter.backend()
    if not isinstance(backend, RedisBackend):
        raise NotRedis("views are counted in the database already; there is nothing to flush")
    return backend.flush(now or timezone.now())


def prune(older_than_days, now=None):
    """Delete hourly buckets older than ``older_than_days``; returns how many."""
    cutoff = (now or timezone.now()) - timedelta(days=older_than_days)
    deleted, _by_model = HourlyViews.objects.filter(hour__lt=cutoff).delete()
    refresh_planner_statistics()
    return deleted
