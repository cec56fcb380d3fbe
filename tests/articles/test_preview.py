from datetime import timedelta

import pytest
import time_machine
from django.core import signing
from django.utils import timezone

from articles.models import Status
from articles.preview import preview_url
from popularity.models import HourlyViews
from tests.factories import make_article

pytestmark = pytest.mark.django_db


@pytest.fixture
def draft():
    return make_article("مسودة للمعاينة", status=Status.DRAFT, lead_ar="مقدمة المسودة")


def test_a_preview_link_shows_the_unpublished_story_as_readers_will_see_it(client, draft):
    response = client.get(preview_url(draft))
    page = response.content.decode()
    assert response.status_code == 200
    assert '<h1 class="story__headline" dir="rtl">مسودة للمعاينة</h1>' in page and "مقدمة المسودة" in page
    assert '<meta name="robots" content="noindex, nofollow">' in page
    assert response["X-Robots-Tag"] == "noindex, nofollow"
    assert "no-store" in response["Cache-Control"] and "private" in response["Cache-Control"]


READER = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36"


def test_a_preview_never_counts_as_a_reader_view(client, draft, settings):
    from django.test import Client
    from django.urls import reverse

    # Views written to the database at once, so the table shows every view counted.
    settings.NEWSROOM = {**settings.NEWSROOM, "COUNTER_BACKEND": "database", "VIEW_WRITE_SECONDS": 0}
    page = client.get(preview_url(draft)).content.decode()
    assert "view-beacon" not in page
    # What a page would send to count a view of the previewed story: the beacon and the pixel.
    reader = Client(HTTP_USER_AGENT=READER)
    assert reader.post(reverse("popularity:beacon"), {"article": draft.pk, "visitor": "previewer"}).status_code == 404
    assert reader.get(reverse("popularity:pixel", args=[draft.pk])).status_code == 200
    assert not HourlyViews.objects.exists()
    # The same beacon for a public story is counted, so the lines above could have counted one.
    public = make_article("خبر منشور")
    assert reader.post(reverse("popularity:beacon"), {"article": public.pk, "visitor": "previewer"}).status_code == 204
    assert list(HourlyViews.objects.values_list("article_id", "views")) == [(public.pk, 1)]


def test_the_link_shows_only_its_own_story(client, draft):
    other = make_article("مسودة أخرى", status=Status.DRAFT, lead_ar="مقدمة الأخرى")
    response = client.get(preview_url(draft))
    page = response.content.decode()
    assert response.status_code == 200
    assert "مسودة للمعاينة" in page and "مقدمة المسودة" in page
    assert "مسودة أخرى" not in page and "مقدمة الأخرى" not in page
    # And the other story's own link shows the other story, not this one.
    page = client.get(preview_url(other)).content.decode()
    assert "مسودة أخرى" in page and "مسودة للمعاينة" not in page


def test_an_expired_link_is_not_found(client, draft):
    url = preview_url(draft)
    with time_machine.travel(timezone.now() + timedelta(hours=47)):
        assert client.get(url).status_code == 200
    with time_machine.travel(timezone.now() + timedelta(hours=49)):
        assert client.get(url).status_code == 404


@pytest.mark.parametrize("tamper", ["swap-id", "edit-signature", "garbage"])
def test_a_tampered_link_is_not_found(client, draft, tamper):
    other = make_article("سر آخر", status=Status.DRAFT)
    token = preview_url(draft).rstrip("/").rsplit("/", 1)[1]
    if tamper == "swap-id":
        forged = signing.dumps(other.pk, salt="another-salt", compress=True)
    elif tamper == "edit-signature":
        forged = token[:-2] + ("AA" if not token.endswith("AA") else "BB")
    else:
        forged = "not-a-token"
    response = client.get(f"/preview/{forged}/")
    assert response.status_code == 404
    assert "سر آخر" not in response.content.decode()


def test_the_editor_sees_the_link_on_the_story(editor_client, draft):
    from django.urls import reverse

    page = editor_client.get(reverse("admin:articles_article_change", args=[draft.pk])).content.decode()
    signed_id = preview_url(draft).split("/preview/")[1].split(":")[0]
    assert f"/preview/{signed_id}:" in page
