"""The desk in Chromium: on a laptop (1366×900) and a tablet (768×1024), in Arabic and in French.

Screenshots go to test-artifacts/desk-*.png.
"""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from articles import presence
from articles.admin_remarks import move_with_remark
from articles.models import Status
from popularity import counter
from tests.browser.test_accessibility import describe_violations, run_axe
from tests.browser.test_compose_screen import LAPTOP, PASSWORD, SIZES, TABLET
from tests.factories import make_article, make_photo, make_section, make_staff

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

LANGUAGES = pytest.mark.parametrize("language", ["ar", "fr"])


def fill_the_desk():
    reporter = make_staff("samir", "Reporter")
    editor = make_staff("hind", "Editor")
    chief = make_staff("karim", "Chief editor")
    section = make_section()
    now = timezone.now()
    make_article("مسودة عن مشروع تحلية مياه البحر في وهران", status=Status.DRAFT, created_by=reporter)
    returned = make_article("الحكومة تعلن خطة جديدة للنقل الحضري في العاصمة", status=Status.REVIEW,
                            created_by=reporter)
    move_with_remark(returned, editor, Status.DRAFT, "ينقص تصريح وزير النقل، ومصدر الرقم في الفقرة الثانية.")
    for number in range(3):
        make_article(f"خبر ينتظر المراجعة رقم {number} عن الانتخابات المحلية", status=Status.REVIEW,
                     created_by=reporter, section=section)
    make_article("مباراة المنتخب الوطني مساء اليوم", status=Status.SCHEDULED, photo=make_photo(alt_text_ar=""),
                 published_at=now + timedelta(hours=3))
    breaking = make_article("عاجل: زلزال بقوة 4 درجات في البليدة", is_breaking=True, section=section,
                            breaking_until=now + timedelta(hours=2), created_by=reporter)
    front = make_article("افتتاح معرض الكتاب الدولي", is_front_page=True, front_page_position=1,
                         front_page_until=now + timedelta(hours=6), section=section, created_by=reporter)
    counter.record_view(front.pk, count=120)
    counter.record_view(breaking.pk, count=45)
    presence.arrive(returned.pk, reporter)
    return {"Reporter": reporter, "Editor": editor, "Chief editor": chief}


def log_in(tab, user, size, language):
    page = tab.page
    page.context.clear_cookies()
    page.set_viewport_size(size)
    prefix = "" if language == "ar" else f"/{language}"
    tab.open(f"{prefix}/admin/login/")
    page.fill("#id_username", user.username)
    page.fill("#id_password", PASSWORD)
    page.click("input[type=submit]")
    page.wait_for_url(f"**{prefix}/admin/")
    page.wait_for_load_state("networkidle")


def overflow(page):
    """How far the page is wider than the window (a tablet must not scroll sideways)."""
    return page.evaluate("document.documentElement.scrollWidth - window.innerWidth")


@SIZES
@LANGUAGES
def test_the_desk_is_readable_on_a_laptop_and_a_tablet_and_passes_axe_core(tab, size, language):
    people = fill_the_desk()
    blocking = []
    for role, user in people.items():
        log_in(tab, user, size, language)
        page = tab.page
        assert page.locator("html").get_attribute("dir") == ("rtl" if language == "ar" else "ltr")
        assert page.locator(".desk-box").count() >= 4
        assert overflow(page) <= 0, f"{role} at {size['width']}px scrolls sideways"
        # Every box's lines lead to the story.
        first = page.locator(".desk-line__headline").first
        assert "/admin/articles/article/" in first.get_attribute("href")
        blocking += describe_violations(f"{role} {language} at {size['width']}px", run_axe(page))
        tab.screenshot(f"desk-{role.replace(' ', '-').lower()}-{language}-{size['width']}", full_page=True)
    assert not blocking, "\n".join(blocking)


def test_on_a_tablet_the_boxes_stack_in_one_column_and_use_the_width(tab):
    people = fill_the_desk()
    log_in(tab, people["Editor"], TABLET, "ar")
    boxes = tab.page.evaluate(
        "[...document.querySelectorAll('.desk > .desk-box')].map(box => box.getBoundingClientRect().width)")
    assert min(boxes) >= 0.85 * TABLET["width"] - 60


def test_an_editor_sends_a_story_back_from_the_compose_screen_and_the_reporter_reads_why(tab):
    people = fill_the_desk()
    reporter, editor = people["Reporter"], people["Editor"]
    story = make_article("خبر عن السدود", status=Status.REVIEW, created_by=reporter)
    log_in(tab, editor, LAPTOP, "ar")
    page = tab.page
    tab.open(reverse("admin:articles_article_change", args=[story.pk]))
    page.wait_for_load_state("networkidle")
    # An empty box is pointed at, and nothing moves.
    page.click(".story-remarks__button")
    assert page.evaluate("document.activeElement.id") == "id_remark"
    story.refresh_from_db()
    assert story.status == Status.REVIEW
    page.fill("#id_remark", "أضف نسبة امتلاء السدود في الغرب")
    tab.screenshot("desk-send-back-1366")
    page.click(".story-remarks__button")
    page.wait_for_url("**/admin/")
    story.refresh_from_db()
    assert story.status == Status.DRAFT

    log_in(tab, reporter, LAPTOP, "ar")
    assert "أضف نسبة امتلاء السدود في الغرب" in page.locator("[aria-labelledby=desk-sent-back]").inner_text()
    tab.open(reverse("admin:articles_article_change", args=[story.pk]))
    assert "أضف نسبة امتلاء السدود في الغرب" in page.locator(".story-remarks__thread").inner_text()
    tab.screenshot("desk-remarks-reporter-1366")
    tab.open("/admin/")
    page.wait_for_load_state("networkidle")
