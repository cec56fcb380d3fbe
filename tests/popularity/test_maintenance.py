import io
from datetime import timedelta

import pytest
from django.core.management import CommandError, call_command
from django.db.models import Sum
from django.utils import timezone

from popularity import counter
from popularity.models import HourlyViews
from tests.factories import make_article
from tests.popularity.conftest import needs_redis

pytestmark = pytest.mark.django_db


def stored_total():
    return HourlyViews.objects.aggregate(total=Sum("views"))["total"] or 0


@needs_redis
@pytest.mark.parametrize("views_backend", ["redis"], indirect=True)
def test_flushing_redis_twice_never_counts_twice(views_backend):
    now = timezone.now()
    a, b = make_article("أ"), make_article("ب")
    counter.record_view(a.pk, when=now - timedelta(hours=5), count=7)
    counter.record_view(a.pk, when=now, count=3)
    counter.record_view(b.pk, when=now, count=2)
    call_command("flush_views", stdout=io.StringIO())
    assert stored_total() == 12
    call_command("flush_views", stdout=io.StringIO())
    assert stored_total() == 12
    # New views since the last flush arrive with the next one.
    counter.record_view(b.pk, when=now, count=1)
    call_command("flush_views", stdout=io.StringIO())
    assert stored_total() == 13
    assert HourlyViews.objects.get(article=b).views == 3


@needs_redis
@pytest.mark.parametrize("views_backend", ["redis"], indirect=True)
def test_a_flush_skips_stories_deleted_since_they_were_read(views_backend):
    gone, kept = make_article("حذف"), make_article("باق")
    counter.record_view(gone.pk)
    counter.record_view(kept.pk)
    gone.delete()
    call_command("flush_views", stdout=io.StringIO())
    assert list(HourlyViews.objects.values_list("article_id", flat=True)) == [kept.pk]


def test_flushing_without_redis_is_a_clear_error(settings):
    settings.NEWSROOM = {**settings.NEWSROOM, "COUNTER_BACKEND": "database"}
    with pytest.raises(CommandError, match="nothing to flush"):
        call_command("flush_views", stdout=io.StringIO())


def test_prune_deletes_only_old_buckets(settings):
    settings.NEWSROOM = {**settings.NEWSROOM, "COUNTER_BACKEND": "database"}
    story = make_article()
    now = timezone.now()
    for days in (1, 40, 500):
        counter.record_view(story.pk, when=now - timedelta(days=days))
    out = io.StringIO()
    call_command("prune_views", "--days", "100", stdout=out)
    assert "1 hourly buckets older than 100 days deleted" in out.getvalue()
    assert HourlyViews.objects.count() == 2


def test_prune_refuses_to_cut_into_the_most_read_windows():
    with pytest.raises(CommandError, match="at least 31"):
        call_command("prune_views", "--days", "7", stdout=io.StringIO())
