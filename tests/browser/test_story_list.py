"""The story list in Chromium at a laptop's width (1366 px) and a tablet's (768 px).

Screenshots go to test-artifacts/story-list-*.png.
"""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from articles.models import Status
from tests.browser.test_compose_screen import LAPTOP, SIZES, TABLET, log_in
from tests.factories import make_article, make_photo, make_section

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

CHANGELIST_URL = reverse("admin:articles_article_changelist")

COLUMNS = """
() => [...document.querySelectorAll('#result_list thead th')].map((cell) => {
  const box = cell.getBoundingClientRect();
  return {name: cell.className, left: box.left, right: box.right};
})
"""


def some_stories():
    sport, national = make_section("رياضة"), make_section("وطني")
    photo = make_photo()
    make_article("المنتخب الوطني يتأهل إلى نهائيات كأس إفريقيا بعد فوز كبير على ضيفه في ملعب 5 جويلية",
                 section=sport, photo=photo)
    make_article("الحكومة تعلن خطة جديدة للنقل الحضري في 12 ولاية", section=national, status=Status.DRAFT)
    make_article("افتتاح المحطة الجديدة", section=national, status=Status.SCHEDULED,
                 published_at=timezone.now() + timedelta(hours=3))


@SIZES
def test_every_column_of_the_story_list_is_in_view_with_whether_readers_see_each_story(tab, size):
    log_in(tab, "Editor", size)
    some_stories()
    tab.open(CHANGELIST_URL)
    page = tab.page
    width = page.viewport_size["width"]
    columns = page.evaluate(COLUMNS)
    assert columns and all(0 <= column["left"] and column["right"] <= width + 1 for column in columns), columns
    visibility = page.locator("#result_list td.field-visibility").first.bounding_box()
    assert 0 <= visibility["x"] and visibility["x"] + visibility["width"] <= width
    assert sorted(page.locator(".visibility").evaluate_all("(spans) => spans.map((s) => s.className)")) == [
        "visibility visibility--hidden", "visibility visibility--live", "visibility visibility--scheduled"]
    # The list is the page: at a tablet's width the admin's menu is closed until opened.
    table = page.locator("#result_list").bounding_box()
    assert table["width"] >= 0.5 * width
    if size is TABLET:
        assert page.locator("#main").get_attribute("class").split().count("shifted") == 0
    tab.screenshot(f"story-list-{'laptop' if size is LAPTOP else 'tablet'}")


def test_the_menu_opened_on_a_tablet_stays_open(tab):
    log_in(tab, "Editor", TABLET)
    tab.open(CHANGELIST_URL)
    page = tab.page
    page.click("#toggle-nav-sidebar")
    tab.open(CHANGELIST_URL)
    assert "shifted" in page.locator("#main").get_attribute("class").split()


def test_moving_stories_to_a_section_from_the_list(tab):
    log_in(tab, "Editor")
    some_stories()
    tab.open(CHANGELIST_URL)
    page = tab.page
    page.locator("#result_list input.action-select").first.check()
    page.locator("#result_list input.action-select").nth(1).check()
    page.select_option("select[name=action]", "move_to_section")
    with page.expect_navigation():
        page.click("button[name=index]")
    page.select_option("select[name=section]", label="رياضة")
    tab.screenshot("story-list-move-to-section")
    with page.expect_navigation():
        page.click("input[name=apply]")
    assert page.locator(".messagelist .success, .messagelist .warning").count() >= 1
