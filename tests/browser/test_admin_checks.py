"""The admin is checked like the public site: axe-core and the Nu HTML checker, in Arabic and in French.

And the words JavaScript writes (Django's calendar and clock, the permissions selector, the body
editor's dialogs) are in the page's language too: the server-side walk
(tests/newsroom/test_admin_language.py) never sees them.
"""

import re

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse
from django.utils import translation

from popularity.counter import record_view
from tests.browser.test_accessibility import describe_violations, run_axe, run_nu_checker
from tests.factories import make_article, make_author, make_photo, make_section, make_staff
from tests.newsroom.test_admin_language import FRAGMENT, NOT_INTERFACE

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "a-long-test-password"
LAPTOP = {"width": 1366, "height": 900}
TABLET = {"width": 768, "height": 1024}

# Nu checker findings in markup that Django's admin writes and we do not override. Each entry:
# (the message's pattern, why it is allowed). Nothing else is filtered. Empty: every error the
# checker found on these pages (first run) came from our own widgets and templates, to be fixed there.
DJANGO_MARKUP = [
]


def log_in(tab, username, role, language):
    user = make_staff(username, role)
    page = tab.page
    page.set_viewport_size(LAPTOP)
    # The newsroom works on Algiers time (a browser elsewhere gets the time-zone note).
    devtools = page.context.new_cdp_session(page)
    devtools.send("Emulation.setTimezoneOverride", {"timezoneId": "Africa/Algiers"})
    with translation.override(language):
        login = reverse("admin:login")
    tab.open(login)
    page.fill("#id_username", user.username)
    page.fill("#id_password", PASSWORD)
    page.click("[type=submit]")
    page.wait_for_url("**/admin/")
    return user


def newsroom():
    section = make_section("وطني")
    author = make_author("سليمة بن علي")
    photo = make_photo()
    story = make_article("الحكومة تعلن خطة جديدة للنقل", section=section, photo=photo, authors=[author], tags=["النقل"])
    for _ in range(3):
        record_view(story.pk, story.section_id)
    return {"story": story, "photo": photo}


def admin_pages(objects, language):
    story, photo = objects["story"], objects["photo"]
    with translation.override(language):
        return {
            "index": reverse("admin:index"),
            "story-list": reverse("admin:articles_article_changelist"),
            "compose-add": reverse("admin:articles_article_add"),
            "compose-change": reverse("admin:articles_article_change", args=[story.pk]),
            "photo-list": reverse("admin:photos_photo_changelist"),
            "photo-change": reverse("admin:photos_photo_change", args=[photo.pk]),
            "readership": reverse("admin:popularity_hourlyviews_changelist"),
        }


def wait_until_settled(page):
    page.wait_for_load_state("networkidle")


def allowed(message):
    return any(re.search(pattern, message) for pattern, _why in DJANGO_MARKUP)


# Issue 20 is open on these: known findings, left for its next session (strict, so fixing them
# all turns this into a failure that asks for the mark to go): the list's position box has no
# label; modeltranslation's tabs nest a focusable link and its switch has no name on the photo
# page; on the compose screen a label points at the hidden loaded_version and photo inputs, an
# empty <option>, and the photo field's <img> without src before a photo is picked.
@pytest.mark.xfail(strict=True, reason="known axe and Nu findings on admin pages (issue 20, open)")
@pytest.mark.parametrize("language", ["ar", "fr"])
def test_the_admin_pages_an_editor_uses_pass_axe_core_and_the_nu_html_checker(tab, tmp_path, language):
    objects = newsroom()
    log_in(tab, "hind", "Editor", language)
    blocking, saved = [], []
    for name, address in admin_pages(objects, language).items():
        response = tab.open(address)
        assert response.status == 200, f"{name} ({address}) answered {response.status}"
        page = tab.page
        wait_until_settled(page)
        assert page.evaluate("document.documentElement.lang") == language, name
        assert page.evaluate("document.documentElement.dir") == ("rtl" if language == "ar" else "ltr"), name
        blocking += describe_violations(f"{language}-{name}", run_axe(page))
        html = tmp_path / f"{language}-{name}.html"
        html.write_bytes(response.body())
        saved.append(html)
    errors = [error for error in run_nu_checker(saved) if not allowed(error)]
    report = []
    if blocking:
        report += ["axe-core found serious or critical violations:", *blocking]
    if errors:
        report += ["the Nu HTML checker found errors:", *errors]
    assert not report, "\n".join(report)


def english_in_view(page, language):
    text = NOT_INTERFACE.sub(" ", page.evaluate("document.body.innerText"))
    found = []
    for line in text.splitlines():
        found += [f"{match.group(1)!r} in {line.strip()[:120]!r}" for match in FRAGMENT[language].finditer(line)]
    # What is read out but not shown: buttons' and links' names.
    for label in page.evaluate(
        "[...document.querySelectorAll('[title], [aria-label]')].map(e => e.getAttribute('aria-label') || e.title)"
    ):
        found += [f"{match.group(1)!r} in {label!r}" for match in FRAGMENT[language].finditer(NOT_INTERFACE.sub(" ", label))]
    return found


@pytest.mark.parametrize("language", ["ar", "fr"])
def test_the_words_scripts_write_on_admin_pages_are_in_the_page_language(tab, language):
    objects = newsroom()
    log_in(tab, "karima", "Chief editor", language)
    page = tab.page
    problems = []
    with translation.override(language):
        story_page = reverse("admin:articles_article_change", args=[objects["story"].pk])
        group_page = reverse("admin:auth_group_change", args=[Group.objects.get(name="Editor").pk])
    tab.open(story_page)
    # Attached, not visible: on a French page the Arabic body's tab is not the one open.
    page.locator(".field-body_ar .prose-editor > .ProseMirror").wait_for(state="attached")
    wait_until_settled(page)
    # Django's calendar and clock, opened as a person would.
    for opener in ("a[id^=calendarlink]", "a[id^=clocklink]"):
        link = page.locator(opener).first
        if link.count():
            link.click()
            problems += [f"story page with {opener}: {found}" for found in english_in_view(page, language)]
            page.keyboard.press("Escape")
    problems += [f"story page: {found}" for found in english_in_view(page, language)]
    tab.screenshot(f"admin-words-{language}-story", full_page=False)

    tab.open(group_page)
    wait_until_settled(page)
    page.locator(".selector").first.wait_for()
    problems += [f"group page: {found}" for found in english_in_view(page, language)]
    tab.screenshot(f"admin-words-{language}-group")
    page.set_viewport_size(TABLET)
    tab.screenshot(f"admin-words-{language}-group-tablet")
    assert not problems, "\n".join(problems)
