"""Nothing an editor types is lost, in Chromium: a closed tab, an expired login, two editors at once.

Screenshots go to test-artifacts/safety-*.png.
"""

import time

import pytest
from django.conf import settings as django_settings

from articles.models import Article, Autosave
from tests.browser.conftest import new_context
from tests.browser.test_compose_screen import LAPTOP, PASSWORD, TABLET, change_url, open_compose
from tests.factories import make_article, make_staff

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def log_in_as(page, base_url, username, role, size=LAPTOP):
    make_staff(username, role)
    page.set_viewport_size(size)
    page.goto(base_url + "/admin/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.click("input[type=submit]")
    page.wait_for_url("**/admin/**")


def eventually(page, check, seconds=15):
    """Poll from Python (the admin's content policy blocks string predicates in the page).

    Waits through the page, not time.sleep: the tab's request guard is a Python route handler, so
    a sleeping test would hold every request the page makes (the autosave among them)."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if check():
            return True
        page.wait_for_timeout(200)
    return check()


def type_body(page, text):
    page.locator(".field-body_ar .prose-editor > .ProseMirror").click()
    page.keyboard.press("Control+End")
    page.keyboard.type(text)


@pytest.fixture(autouse=True)
def leave_the_story_before_the_database_goes(tab):
    yield
    # A closing story page sends beacons that read the database: end on another page first.
    tab.open("/admin/")
    tab.page.wait_for_load_state("networkidle")


@pytest.fixture
def story():
    return make_article("الحكومة تعلن خطة النقل", body_ar="<p>الخطة تشمل عشر ولايات.</p>", status="draft")


@pytest.mark.parametrize("size", [LAPTOP, TABLET], ids=["laptop", "tablet"])
def test_text_typed_in_a_tab_closed_without_saving_comes_back(tab, story, size):
    page = tab.page
    log_in_as(page, tab.base_url, "amina", "Editor", size)
    open_compose(tab, change_url(story))
    page.fill("#id_headline_ar", "الحكومة تعلن خطة النقل الحضري الجديدة")
    type_body(page, " وتبدأ الأشغال في جانفي.")
    assert eventually(page, lambda: Autosave.objects.filter(data__body_ar__icontains="جانفي").exists())
    page.close()

    page = tab.page = page.context.new_page()
    page.on("pageerror", lambda error: tab.errors.append(str(error)))
    page.set_viewport_size(size)
    open_compose(tab, change_url(story))
    offer = page.locator("#autosave-offer")
    assert offer.is_visible()
    tab.screenshot(f"safety-autosave-offer-{size['width']}")
    offer.locator("[data-autosave=restore]").click()
    assert page.input_value("#id_headline_ar") == "الحكومة تعلن خطة النقل الحضري الجديدة"
    assert "جانفي" in page.locator(".field-body_ar .prose-editor > .ProseMirror").inner_text()
    assert Article.objects.get().headline_ar == "الحكومة تعلن خطة النقل", "restoring does not save"
    page.click("button[name=_continue]")
    page.wait_for_load_state("networkidle")
    saved = Article.objects.get()
    assert saved.headline_ar == "الحكومة تعلن خطة النقل الحضري الجديدة" and "جانفي" in saved.body_ar
    assert not Autosave.objects.exists()


def test_a_save_after_the_session_expired_loses_nothing(tab, story):
    page = tab.page
    log_in_as(page, tab.base_url, "amina", "Editor")
    open_compose(tab, change_url(story))
    page.fill("#id_headline_ar", "عنوان كتب قبل انتهاء الجلسة")
    type_body(page, " فقرة لم تحفظ بعد.")
    page.context.clear_cookies(name=django_settings.SESSION_COOKIE_NAME)
    page.click("button[name=_continue]")
    page.wait_for_url("**/admin/login/**")
    page.fill("#id_username", "amina")
    page.fill("#id_password", PASSWORD)
    page.click("input[type=submit]")
    page.wait_for_url("**/change/**")
    page.locator(".field-body_ar .prose-editor > .ProseMirror").wait_for()
    page.wait_for_load_state("networkidle")
    assert page.locator(".safety-banner--recovered").is_visible()
    tab.screenshot("safety-session-recovered-1366")
    assert page.input_value("#id_headline_ar") == "عنوان كتب قبل انتهاء الجلسة"
    assert eventually(page, lambda: "فقرة لم تحفظ بعد" in page.locator(".field-body_ar .prose-editor > .ProseMirror").inner_text(), 5)
    page.click("button[name=_continue]")
    page.wait_for_load_state("networkidle")
    saved = Article.objects.get()
    assert saved.headline_ar == "عنوان كتب قبل انتهاء الجلسة" and "فقرة لم تحفظ بعد" in saved.body_ar


def test_two_editors_at_once_the_second_save_asks_to_merge_and_theirs_is_kept(tab, chromium, story):
    mine = tab.page
    log_in_as(mine, tab.base_url, "amina", "Editor")
    open_compose(tab, change_url(story))

    other_context = new_context(chromium)
    try:
        theirs = other_context.new_page()
        log_in_as(theirs, tab.base_url, "yacine", "Editor")
        theirs.goto(tab.base_url + change_url(story))
        theirs.locator(".field-body_ar .prose-editor > .ProseMirror").wait_for()
        theirs.fill("#id_headline_ar", "عنوان يسين")
        theirs.click("button[name=_continue]")
        theirs.wait_for_load_state("networkidle")
        assert Article.objects.get().headline_ar == "عنوان يسين"
    finally:
        other_context.close()

    banner = mine.locator("#saved-elsewhere")
    assert eventually(mine, banner.is_visible, 15), "the person sees at once that someone else saved"
    assert "yacine" in banner.inner_text()
    mine.fill("#id_headline_ar", "عنوان أمينة")
    mine.click("button[name=_continue]")
    mine.wait_for_load_state("networkidle")
    assert mine.locator(".merge").is_visible()
    tab.screenshot("safety-merge-1366")
    mine.set_viewport_size(TABLET)
    tab.screenshot("safety-merge-768")
    mine.check("input[name=_merge_headline_ar][value=theirs]")
    mine.click("button[name=_continue]")
    mine.wait_for_load_state("networkidle")
    assert Article.objects.get().headline_ar == "عنوان يسين"
