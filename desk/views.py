"""The admin's home page is the desk (thin: the boxes are dashboard.py's)."""

from datetime import datetime
from types import MethodType

from django.contrib import admin
from django.contrib.admin import AdminSite
from django.utils import timezone

from . import dashboard

# When the person last looked at the review queue: what arrived since is marked new.
SEEN_KEY = "desk:review-seen-at"


def last_seen(request):
    value = request.session.get(SEEN_KEY)
    try:
        return datetime.fromisoformat(value) if value else None
    except ValueError:
        return None


def index(site, request, extra_context=None):
    """Django's admin index (app list, permissions, never cached) with the person's desk in it."""
    now = timezone.now()
    desk = dashboard.desk_for(request.user, seen_at=last_seen(request), now=now)
    if desk["role"].edits:
        request.session[SEEN_KEY] = now.isoformat()
    return AdminSite.index(site, request, {"desk": desk, **(extra_context or {})})


def become_the_admin_home(site=admin.site):
    """Make ``site``'s index the desk.

    The template has its own name: Django's ``admin/index.html`` (first in the template path,
    as django.contrib.admin comes before desk) stays what ``admin/app_index.html`` extends.
    The admin builds its URLs on the first request, after apps are ready, so it routes here.
    """
    site.index_template = "desk/index.html"
    site.index = MethodType(index, site)
