from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from articles.models import Status
from popularity.models import HourlyViews
from tests.factories import make_article

pytestmark = pytest.mark.django_db

BEACON = reverse("popularity:beacon")


def total_views(article):
    return sum(HourlyViews.objects.filter(article=article).values_list("views", flat=True))


def test_a_beacon_counts_one_view_and_answers_empty(client):
    article = make_article()
    response = client.post(BEACON, {"article": article.pk})
    assert response.status_code == 204 and response.content == b""
    assert total_views(article) == 1
    assert "no-cache" in response["Cache-Control"]


def test_the_beacon_needs_no_session_or_csrf_token():
    from django.test import Client

    article = make_article()
    assert Client(enforce_csrf_checks=True).post(BEACON, {"article": article.pk}).status_code == 204


@pytest.mark.parametrize("status", [Status.DRAFT, Status.UNPUBLISHED])
def test_hidden_stories_are_not_counted(client, status):
    article = make_article(status=status, published_at=timezone.now() - timedelta(days=1))
    assert client.post(BEACON, {"article": article.pk}).status_code == 404
    assert total_views(article) == 0


def test_an_embargoed_story_is_not_counted(client):
    article = make_article(status=Status.SCHEDULED, published_at=timezone.now() + timedelta(hours=2))
    assert client.post(BEACON, {"article": article.pk}).status_code == 404
    assert not HourlyViews.objects.exists()


@pytest.mark.parametrize("bad", ["", "abc", "-1", "1.5", "9" * 40])
def test_malformed_input_is_refused(client, bad):
    assert client.post(BEACON, {"article": bad}).status_code == 400
    assert not HourlyViews.objects.exists()


def test_get_is_not_allowed(client):
    article = make_article()
    assert client.get(BEACON, {"article": article.pk}).status_code == 405
    assert total_views(article) == 0


def test_sidebar_ranks_stories_by_beacon_views(client):
    a, b = make_article("القصة الأكثر قراءة"), make_article("القصة الأقل قراءة")
    for _ in range(3):
        client.get(a.get_absolute_url())
        client.post(BEACON, {"article": a.pk})
    client.get(b.get_absolute_url())
    client.post(BEACON, {"article": b.pk})
    page = client.get(b.get_absolute_url()).content.decode()
    box = page[page.index('id="most-read"') : page.index("</section>", page.index('id="most-read"'))]
    assert box.index("القصة الأكثر قراءة") < box.index("القصة الأقل قراءة")


def test_the_article_page_carries_the_beacon(client):
    article = make_article()
    page = client.get(article.get_absolute_url()).content.decode()
    assert f'data-url="{BEACON}" data-article="{article.pk}"' in page
