"""The compose screen in Chromium, as reporters and editors use it on a laptop (1366×900) and a tablet (768×1024).

Screenshots go to test-artifacts/compose-*.png.
"""

from datetime import datetime, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from articles.models import Article, Status
from newsroom import embeds
from tests.browser.test_accessibility import describe_violations, run_axe
from tests.factories import make_article, make_author, make_photo, make_staff

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "a-long-test-password"
LAPTOP = {"width": 1366, "height": 900}
TABLET = {"width": 768, "height": 1024}
SIZES = pytest.mark.parametrize("size", [LAPTOP, TABLET], ids=["laptop", "tablet"])
USERNAMES = {"Reporter": "samir", "Editor": "hind"}
ADD_URL = reverse("admin:articles_article_add")
LONG_BODY = "".join(
    f"<p>الفقرة {number}: تواصل الأشغال في الخط الجديد للترامواي، وتقول الولاية إن المقطع الأول يدخل "
    f"الخدمة قبل نهاية السنة إذا احترمت المؤسسات المكلفة بالإنجاز آجالها.</p>"
    for number in range(1, 61)
)


@pytest.fixture(autouse=True)
def leave_the_story_before_the_database_goes(tab):
    yield
    # A closing story page tells the server it left (a beacon that reads the database); end on
    # another page once that is answered, not while the test's database is being emptied.
    tab.open("/admin/")
    tab.page.wait_for_load_state("networkidle")


def change_url(story):
    return reverse("admin:articles_article_change", args=[story.pk])


def log_in(tab, role, size=LAPTOP):
    """A person of ``role`` at the newsroom, in Algiers time, logged in at ``size``."""
    user = make_staff(USERNAMES[role], role)
    page = tab.page
    page.set_viewport_size(size)
    # The newsroom works on Algiers time (a browser elsewhere gets Django's time-zone note).
    tab.devtools = page.context.new_cdp_session(page)
    tab.devtools.send("Emulation.setTimezoneOverride", {"timezoneId": "Africa/Algiers"})
    tab.open("/admin/login/")
    page.fill("#id_username", user.username)
    page.fill("#id_password", PASSWORD)
    page.click("input[type=submit]")
    page.wait_for_url("**/admin/")
    return user


def open_compose(tab, path):
    tab.open(path)
    page = tab.page
    page.locator(".field-body_ar .prose-editor > .ProseMirror").wait_for()
    # modeltranslation's tabs come last, once jQuery is ready.
    page.locator(".compose-text .ui-tabs-nav").first.wait_for()
    page.wait_for_load_state("networkidle")


def box(page, selector):
    return page.locator(selector).first.bounding_box()


def wholly_in_view(page, selector):
    found, size = box(page, selector), page.viewport_size
    return (
        found is not None
        and found["y"] >= 0
        and found["y"] + found["height"] <= size["height"]
        and found["x"] >= 0
        and found["x"] + found["width"] <= size["width"]
    )


# The typed fields of the text column and the side column: font size and width of each.
FIELD_SIZES = """
() => [...document.querySelectorAll('#article_form textarea, #article_form input[type=text], #article_form select')]
  .filter((field) => field.checkVisibility())
  .map((field) => ({name: field.name, font: parseFloat(getComputedStyle(field).fontSize),
                    width: field.getBoundingClientRect().width}))
"""


def scroll_down(page, pixels):
    page.mouse.move(page.viewport_size["width"] // 2, page.viewport_size["height"] // 2)
    page.mouse.wheel(0, pixels)
    page.wait_for_function(f"() => window.scrollY >= {pixels} - 5")


def check_the_layout(tab, size, name):
    page = tab.page
    fields = page.evaluate(FIELD_SIZES)
    headline = next(field for field in fields if field["name"] == "headline_ar")
    others = [field for field in fields if field["name"] != "headline_ar"]
    # The headline leads: the largest type of every field, and as wide as any.
    assert all(headline["font"] > field["font"] for field in others), fields
    assert headline["width"] >= max(field["width"] for field in others) - 1, fields
    assert headline["width"] >= 0.95 * box(page, ".compose__main")["width"]
    assert wholly_in_view(page, ".compose-actions__button--primary"), name
    if size is LAPTOP:
        # The side column is beside the text, not under it, and starts in view.
        main, side = box(page, ".compose__main"), box(page, ".compose__side")
        assert side["x"] + side["width"] <= main["x"] or main["x"] + main["width"] <= side["x"]
        assert 0 <= side["y"] < size["height"] / 3
    tab.screenshot(name)


@SIZES
@pytest.mark.parametrize("role", ["Reporter", "Editor"])
def test_the_headline_leads_the_body_is_sized_for_writing_and_the_next_step_stays_at_hand(tab, role, size):
    user = log_in(tab, role, size)
    story = make_article("أشغال الترامواي تتقدم في الأحياء الجديدة", status=Status.DRAFT, created_by=user,
                         body_ar=LONG_BODY, photo=make_photo("محطة الترامواي", caption_ar="محطة الترامواي الجديدة"),
                         tags=["النقل"], authors=[make_author("أمينة سعدي")])
    width = "laptop" if size is LAPTOP else "tablet"
    page = tab.page

    open_compose(tab, ADD_URL)
    check_the_layout(tab, size, f"compose-{role.lower()}-{width}-new")
    assert box(page, ".field-body_ar .prose-editor > .ProseMirror")["height"] >= 300

    open_compose(tab, change_url(story))
    check_the_layout(tab, size, f"compose-{role.lower()}-{width}-story")
    body = box(page, ".field-body_ar .prose-editor > .ProseMirror")
    assert body["height"] > 2000  # it grew with the text, no box of its own to scroll

    scroll_down(page, int(body["height"] / 2))
    toolbar = box(page, ".field-body_ar .prose-menubar")
    assert 0 <= toolbar["y"] <= 2 and wholly_in_view(page, ".field-body_ar .prose-menubar")
    assert wholly_in_view(page, ".compose-actions__button--primary")
    if size is LAPTOP:
        assert wholly_in_view(page, ".compose__side")
    tab.screenshot(f"compose-{role.lower()}-{width}-story-scrolled")


def test_ctrl_s_saves_from_the_headline_and_from_inside_the_body_and_stays_on_the_story(tab):
    log_in(tab, "Editor")
    story = make_article("وزارة النقل تعلن خطة", status=Status.DRAFT, body_ar="<p>أعلنت الوزارة اليوم خطة.</p>")
    page = tab.page
    # Heard after the page's own handlers: was the browser's "save page" stopped?
    listen = "document.addEventListener('keydown', (event) => localStorage.setItem('stopped', event.defaultPrevented))"

    open_compose(tab, change_url(story))
    page.evaluate(listen)
    page.fill("#id_headline_ar", "وزارة النقل تعلن خطة جديدة للترامواي")
    with page.expect_navigation():
        page.keyboard.press("Control+s")
    assert page.url.endswith(change_url(story))
    assert page.evaluate("localStorage.getItem('stopped')") == "true"
    story.refresh_from_db()
    assert story.headline_ar == "وزارة النقل تعلن خطة جديدة للترامواي"

    open_compose(tab, change_url(story))
    page.evaluate(listen + "; localStorage.clear()")
    page.locator(".field-body_ar .prose-editor > .ProseMirror").click()
    page.keyboard.press("Control+End")
    page.keyboard.type(" وتشمل الخطة ولايات الشرق.")
    with page.expect_navigation():
        page.keyboard.press("Meta+s")  # as on a Mac
    assert page.url.endswith(change_url(story))
    assert page.evaluate("localStorage.getItem('stopped')") == "true"
    story.refresh_from_db()
    assert story.body_ar == "<p>أعلنت الوزارة اليوم خطة. وتشمل الخطة ولايات الشرق.</p>"
    assert story.status == Status.DRAFT


def test_a_reporter_submits_for_review_with_one_click(tab):
    reporter = log_in(tab, "Reporter")
    story = make_article("خبر من مراسلنا في وهران", status=Status.DRAFT, created_by=reporter)
    page = tab.page
    open_compose(tab, change_url(story))
    assert page.locator(".compose-actions__button--primary").get_attribute("value") == "review"
    with page.expect_navigation():
        page.click(".compose-actions__button--primary")
    assert page.url.endswith(change_url(story))
    story.refresh_from_db()
    assert story.status == Status.REVIEW


def test_the_editors_publish_button_turns_into_schedule_for_a_later_time_and_schedules(tab, client):
    log_in(tab, "Editor")
    story = make_article("افتتاح المحطة الجديدة", status=Status.REVIEW, published_at=None)
    page = tab.page
    open_compose(tab, change_url(story))
    primary = page.locator(".compose-actions__button--primary")
    publish_label = primary.text_content()
    assert primary.get_attribute("value") == "published"

    tomorrow = timezone.localtime() + timedelta(days=1)
    page.fill("#id_published_at_0", tomorrow.strftime("%Y-%m-%d"))
    page.fill("#id_published_at_1", "09:30:00")
    assert primary.get_attribute("value") == "scheduled"
    assert primary.text_content() != publish_label
    with page.expect_navigation():
        primary.click()
    story.refresh_from_db()
    assert story.status == Status.SCHEDULED and not story.is_public
    assert timezone.localtime(story.published_at).strftime("%Y-%m-%d %H:%M") == tomorrow.strftime("%Y-%m-%d 09:30")


def test_a_photo_picked_in_the_library_shows_at_once_and_a_click_on_it_sets_its_focal_point(tab):
    log_in(tab, "Editor")
    photo = make_photo("ساحة البريد المركزي", caption_ar="مواطنون أمام البريد المركزي", credit="وكالة الأنباء",
                       alt_text_ar="")
    story = make_article("وقفة أمام البريد المركزي", status=Status.DRAFT)
    page = tab.page
    open_compose(tab, change_url(story))
    card = page.locator(".photo-field__card")
    assert card.is_hidden()

    with page.expect_popup() as opened:
        page.click("#lookup_id_photo")
    picker = opened.value
    picker.wait_for_load_state()
    choice = picker.locator(f"a[data-popup-opener='{photo.pk}']").filter(has_text="ساحة البريد المركزي")
    with picker.expect_event("close"):
        choice.evaluate("link => setTimeout(() => link.click())")

    card.wait_for(state="visible")
    assert page.input_value("#id_photo") == str(photo.pk)
    assert card.locator(".photo-field__title").text_content() == "ساحة البريد المركزي"
    assert card.locator(".photo-field__caption").text_content() == "مواطنون أمام البريد المركزي"
    assert card.locator(".photo-field__credit").text_content() == "وكالة الأنباء"
    assert card.locator(".photo-field__undescribed").is_visible()  # the story cannot go out with it yet
    image = card.locator(".photo-field__image")
    assert photo.rendition("article")[0]["jpeg"] in image.get_attribute("src")
    card.scroll_into_view_if_needed()
    tab.screenshot("compose-photo-picked")

    shown = image.bounding_box()
    with page.expect_response(lambda response: "/focal-point/" in response.url) as saved:
        page.mouse.click(shown["x"] + shown["width"] * 0.25, shown["y"] + shown["height"] * 0.75)
    assert saved.value.status == 200
    page.locator(".photo-field__status--ok").wait_for()
    photo.refresh_from_db()
    assert photo.focal_x == pytest.approx(0.25, abs=0.02) and photo.focal_y == pytest.approx(0.75, abs=0.02)
    tab.screenshot("compose-photo-focal-point-saved")

    with page.expect_navigation():
        page.keyboard.press("Control+s")
    assert Article.objects.get(pk=story.pk).photo_id == photo.pk
    card.wait_for(state="visible")  # shown again from the server after the save
    page.click(".photo-field__remove")
    assert card.is_hidden() and page.input_value("#id_photo") == ""


# Visible Latin-script words, and Latin words in the names a screen reader says, on the page as
# its scripts left it. Icons drawn from a font by ligature (material-icons) and key caps are
# not words; what people typed (field values, the story's text) is theirs.
LATIN_WORDS = r"""
() => {
  const latin = /[A-Za-z\u00C0-\u024F][A-Za-z\u00C0-\u024F'’-]*/g;
  const found = [];
  const skip = "script, style, template, textarea, .material-icons, kbd, [contenteditable], .ProseMirror";
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const element = node.parentElement;
    if (!element || element.closest(skip) || !element.checkVisibility({visibilityProperty: true})) continue;
    for (const word of node.textContent.match(latin) || []) found.push([word, node.textContent.trim().slice(0, 80)]);
  }
  const named = "[title], [aria-label], [placeholder], [alt], button, input[type=submit], option";
  for (const element of document.querySelectorAll(named)) {
    const heard = element.closest(".prose-menubar") || element.checkVisibility({visibilityProperty: true})
      || (element.tagName === "OPTION" && element.parentElement.checkVisibility());
    if (!heard) continue;
    const texts = ["title", "aria-label", "placeholder", "alt"].map((name) => element.getAttribute(name));
    if (element.matches("input[type=submit]")) texts.push(element.value);
    if (element.matches("option")) texts.push(element.textContent);
    for (const text of texts.filter(Boolean)) {
      for (const word of text.match(latin) || []) found.push([word, `${element.tagName} ${text.slice(0, 80)}`]);
    }
  }
  return found;
}
"""


def allowed_latin_words():
    """Names written as their owners write them: the embed providers' (YouTube, X…) and the people's logins."""
    words = {word for provider in embeds.PROVIDERS.values() for word in provider.label.split()}
    return words | set(USERNAMES.values())


@pytest.mark.parametrize("role", ["Reporter", "Editor"])
def test_the_arabic_compose_screen_says_everything_in_arabic(tab, role):
    """Needs the merged catalogues (locale/ar/LC_MESSAGES/django.po and djangojs.po)."""
    user = log_in(tab, role)
    story = make_article("أشغال الترامواي تتقدم", status=Status.DRAFT, created_by=user,
                         photo=make_photo("محطة الترامواي", alt_text_ar=""), tags=["النقل"])
    allowed = allowed_latin_words()
    english = {}
    for name, path in (("new", ADD_URL), ("story", change_url(story))):
        open_compose(tab, path)
        tab.page.locator(".field-body_ar .prose-editor > .ProseMirror").click()  # the toolbar wakes up
        words = [(word, where) for word, where in tab.page.evaluate(LATIN_WORDS) if word not in allowed]
        if words:
            english[name] = sorted(set(words))
    assert english == {}


@SIZES
def test_the_compose_screen_passes_axe_core_for_reporters_and_editors(tab, size):
    blocking = []
    for role in ("Editor", "Reporter"):
        tab.page.context.clear_cookies()
        user = log_in(tab, role, size)
        story = make_article(f"خبر {USERNAMES[role]}", status=Status.DRAFT, created_by=user, body_ar=LONG_BODY,
                             photo=make_photo(alt_text_ar=""), tags=["النقل"], authors=[make_author(f"كاتب {role}")])
        for name, path in (("new", ADD_URL), ("story", change_url(story))):
            open_compose(tab, path)
            blocking += describe_violations(f"{role} {name} at {size['width']}px", run_axe(tab.page))
    assert not blocking, "\n".join(blocking)


def outlook(page):
    return page.locator("#publish-outlook").text_content().strip()


def test_the_publishing_box_says_what_readers_will_see_before_the_save(tab):
    log_in(tab, "Editor")
    story = make_article("افتتاح المحطة الجديدة", status=Status.PUBLISHED)
    page = tab.page
    open_compose(tab, change_url(story))
    live = outlook(page)
    assert live
    later = timezone.localtime() + timedelta(hours=2, minutes=5)
    page.fill("#id_published_at_0", later.strftime("%Y-%m-%d"))
    page.fill("#id_published_at_1", later.strftime("%H:%M:00"))
    ahead = outlook(page)
    assert ahead != live and later.strftime("%H:%M") in ahead
    page.select_option("select[name=status]", "unpublished")
    hidden = outlook(page)
    assert hidden and hidden not in (live, ahead)
    # The line sits with the publish time it speaks of.
    time_box, line_box = box(page, ".field-published_at"), box(page, "#publish-outlook")
    assert 0 <= line_box["y"] - (time_box["y"] + time_box["height"]) < 40
    tab.screenshot("compose-publishing-outlook")


@pytest.mark.parametrize(("typed", "minutes_ahead"), [
    ("بعد 10 دقائق", 10), ("in 10 minutes", 10), ("+10m", 10), ("+2h", 120), ("بعد ساعتين", 120)])
def test_a_publish_time_typed_in_words_fills_the_date_and_time_in_algiers_time(tab, typed, minutes_ahead):
    log_in(tab, "Editor")
    story = make_article(status=Status.REVIEW, published_at=None)
    page = tab.page
    open_compose(tab, change_url(story))
    words = page.locator(".field-published_at .time-entry__words")
    words.fill(typed)
    words.press("Enter")
    expected = timezone.localtime() + timedelta(minutes=minutes_ahead)
    date, time = page.input_value("#id_published_at_0"), page.input_value("#id_published_at_1")
    filled = timezone.make_aware(datetime.strptime(f"{date} {time}", "%Y-%m-%d %H:%M:%S"))
    assert abs((filled - expected).total_seconds()) < 90, (date, time)
    assert page.locator(".compose-actions__button--primary").get_attribute("value") == "scheduled"


@pytest.mark.parametrize("typed", ["غدا 8:00", "tomorrow 08:00"])
def test_tomorrow_at_a_time_is_tomorrow_in_the_newsrooms_zone_whatever_the_browsers(tab, typed):
    log_in(tab, "Editor")
    # A browser set to another zone still schedules in Algiers time.
    tab.devtools.send("Emulation.setTimezoneOverride", {"timezoneId": "Asia/Tokyo"})
    story = make_article(status=Status.REVIEW, published_at=None)
    page = tab.page
    open_compose(tab, change_url(story))
    words = page.locator(".field-published_at .time-entry__words")
    words.fill(typed)
    words.press("Enter")
    tomorrow = (timezone.localtime() + timedelta(days=1)).strftime("%Y-%m-%d")
    assert (page.input_value("#id_published_at_0"), page.input_value("#id_published_at_1")) == (tomorrow, "08:00:00")
    # Django's English note about the browser's offset gives way to the newsroom's zone.
    assert not page.locator(".timezonewarning").first.is_visible()
    assert page.locator(".field-published_at .time-entry__zone").is_visible()
    shown = page.locator(".field-published_at .time-entry__shown").text_content()
    assert "08:00" in shown
    tab.screenshot("compose-time-entry")
