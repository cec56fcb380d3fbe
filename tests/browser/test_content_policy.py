"""The content policy in a real browser: nothing on our pages is blocked, and the beacon still counts."""

import pytest

from articles.models import Article
from popularity import counter
from tests.factories import make_article, make_photo, make_section

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# Registered before any of the page's own scripts run, so it hears every violation.
LISTEN = """
window.__violations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  window.__violations.push(`${event.violatedDirective} blocked ${event.blockedURI} in ${event.sourceFile}:${event.lineNumber}`);
});
"""


def watch(tab):
    tab.page.add_init_script(LISTEN)
    console = []
    tab.page.on("console", lambda message: console.append(message.text))
    return console


def violations(tab, console):
    return tab.page.evaluate("window.__violations") + [text for text in console if "Content Security Policy" in text]


def test_a_public_story_runs_under_the_policy_without_a_violation_and_counts_its_view(tab, settings):
    settings.NEWSROOM = {**settings.NEWSROOM, "PAGE_CACHE_SECONDS": 0}
    section = make_section("اقتصاد")
    story = make_article(
        "ارتفاع أسعار النفط في الأسواق العالمية",
        section=section,
        photo=make_photo(),
        tags=["طاقة"],
        body_ar='<p>نص الخبر مع <a href="https://example.org/">رابط</a>.</p>',
    )
    make_article("خبر آخر في القسم", section=section, tags=["طاقة"])
    console = watch(tab)
    with tab.page.expect_response(lambda response: "/popularity/views/" in response.url) as beacon:
        response = tab.open(story.get_absolute_url())
    assert "script-src 'self';" in response.headers["content-security-policy"]
    assert beacon.value.status == 204
    # The structured data is there, and is data: the policy neither runs nor reports it.
    assert tab.page.locator('script[type="application/ld+json"]').count() == 1
    tab.page.wait_for_load_state("networkidle")
    assert violations(tab, console) == []
    assert [(read.pk, read.recent_views) for read in counter.most_read(window="day")] == [(story.pk, 1)]

    for path in ("/", section.get_absolute_url(), "/search/?q=النفط", "/fr/", "/archive/"):
        tab.open(path)
        tab.page.wait_for_load_state("networkidle")
        assert violations(tab, console) == [], path


def test_the_admin_editor_and_its_photo_picker_window_work_under_the_admin_policy(tab, django_user_model):
    # A chief of the whole site: the role groups hold no photo-library permission yet.
    django_user_model.objects.create_superuser("hind", "hind@example.org", "a-long-test-password")
    photo = make_photo("ساحة البريد المركزي")
    story = make_article("خبر للتحرير", status="draft")
    console = watch(tab)
    page = tab.page
    tab.open("/admin/login/")
    page.fill("#id_username", "hind")
    page.fill("#id_password", "a-long-test-password")
    page.click("input[type=submit]")
    page.wait_for_url("**/admin/")

    tab.open(f"/admin/articles/article/{story.pk}/change/")
    # The prose editor's modules come through the nonced import map.
    assert page.evaluate("document.querySelector('script[type=importmap]').nonce.length > 0")
    page.locator(".prose-editor > .ProseMirror").first.wait_for()
    # The photo field's magnifier opens the library in a window (not a frame: frames are denied).
    with page.expect_popup() as opened:
        page.click("#lookup_id_photo")
    picker = opened.value
    picker.wait_for_load_state()
    choice = picker.locator(f"a[data-popup-opener='{photo.pk}']").filter(has_text="ساحة البريد المركزي")
    with picker.expect_event("close"):
        # Clicked from the page's own event loop: the window closes itself during the click.
        choice.evaluate("link => setTimeout(() => link.click())")
    assert page.input_value("#id_photo") == str(photo.pk)
    page.fill("#id_headline_ar", "خبر للتحرير مع صورة")
    with page.expect_navigation():
        page.click("input[name=_continue]")
    assert Article.objects.get(pk=story.pk).photo_id == photo.pk

    for path in ("/admin/", "/admin/articles/article/", "/admin/photos/photo/add/", f"/admin/photos/photo/{photo.pk}/change/"):
        tab.open(path)
        page.wait_for_load_state("networkidle")
        assert violations(tab, console) == [], path
