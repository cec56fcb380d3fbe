from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from popularity import counter
from tests.factories import make_article, make_section, make_staff

pytestmark = pytest.mark.django_db

DASHBOARD = reverse("admin:popularity_hourlyviews_changelist")


@pytest.fixture
def as_editor(client):
    client.force_login(make_staff("hind", "Editor"))
    return client


def test_editors_see_the_site_charts_top_stories_and_sections(as_editor, views_backend):
    sport = make_section("رياضة")
    hit = make_article("الخبر الأول قراءة", section=sport)
    quiet = make_article("خبر هادئ")
    counter.record_view(hit.pk, section_id=sport.pk, count=12)
    counter.record_view(quiet.pk, count=2, when=timezone.now() - timedelta(hours=5))
    page = as_editor.get(DASHBOARD).content.decode()
    assert page.count('<svg class="chart"') == 2
    assert "القراءات" in page
    top = page[page.index('id="top-stories"') :]
    assert top.index("الخبر الأول قراءة") < top.index("خبر هادئ")
    assert "▲" in top
    by_section = page[page.index('class="by-section"') :]
    assert "رياضة" in by_section and "الخبر الأول قراءة" in by_section


def test_a_story_has_its_own_charts(as_editor, views_backend):
    story = make_article("خبر له منحنى")
    counter.record_view(story.pk, count=4)
    page = as_editor.get(DASHBOARD, {"article": story.pk}).content.decode()
    assert page.count('<svg class="chart"') == 2
    assert "خبر له منحنى" in page and "(4)" in page
    change_page = as_editor.get(reverse("admin:articles_article_change", args=[story.pk])).content.decode()
    assert f"{DASHBOARD}?article={story.pk}" in change_page


def test_reporters_do_not_see_readership(client):
    client.force_login(make_staff("samir", "Reporter"))
    assert client.get(DASHBOARD).status_code == 403


def test_the_chart_is_svg_with_one_bar_per_hour():
    from popularity.charts import bar_chart

    svg = bar_chart([(hour, hour * 2) for hour in range(48)], str, "views <test>")
    assert svg.count("<rect") == 48 and "views &lt;test&gt;" in svg
