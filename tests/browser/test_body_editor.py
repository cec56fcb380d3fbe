"""The story body editor in a real browser: direction per paragraph, library photos, embeds,
tables, pull quotes and story cards inside the text, pasting, and a body that comes back as it
was stored."""

import re

import pytest
from django.contrib import admin
from django.utils import translation

from articles.models import Article, Status
from newsroom.sanitiser import sanitise_html
from tests.factories import make_article, make_photo, make_staff

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

BODY = ".prose-editor:has(textarea[name=body_ar]) > .ProseMirror"
TOOLBAR = ".prose-editor:has(textarea[name=body_ar]) .prose-menubar"
YOUTUBE = "https://www.youtube.com/watch?v=dQw4w9WgXcQ"
X_POST = "https://x.com/Algeria_MFA/status/1790000000000000001"

# Pastes as a person does: the clipboard's plain text and HTML, delivered to the editor.
PASTE = """([selector, text, html]) => {
  const target = document.querySelector(selector)
  const data = new DataTransfer()
  data.setData("text/plain", text)
  if (html) data.setData("text/html", html)
  target.dispatchEvent(new ClipboardEvent("paste", { clipboardData: data, bubbles: true, cancelable: true }))
}"""


def log_in(tab, username="amina"):
    make_staff(username, "Editor")
    page = tab.page
    tab.open("/admin/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", "a-long-test-password")
    page.click("input[type=submit]")
    page.wait_for_url("**/admin/")


def open_story(tab, story=None):
    tab.open(f"/admin/articles/article/{story.pk}/change/" if story else "/admin/articles/article/add/")
    tab.page.locator(BODY).wait_for()
    # The editor's own parts have loaded when its toolbar holds their buttons.
    tab.page.locator(f"{TOOLBAR} [data-name='libraryPhoto']").wait_for()


def leave(tab):
    """Leaves the story's page while the test's database is still there: a story page tells the
    server it is closed (the "also editing" banner's beacon)."""
    tab.open("/admin/")
    tab.page.wait_for_load_state("networkidle")


def paste(tab, text, html=""):
    tab.page.evaluate(PASTE, [BODY, text, html])


def new_line(tab):
    tab.page.keyboard.press("End")
    tab.page.keyboard.press("Enter")


def line_starts_on_the_right(tab, paragraph, word):
    """Whether ``word`` (the paragraph's first) is laid out at the paragraph's right edge."""
    return tab.page.evaluate(
        """([paragraph, word]) => {
          const range = document.createRange()
          const text = paragraph.firstChild
          const start = text.textContent.indexOf(word)
          range.setStart(text, start)
          range.setEnd(text, start + word.length)
          const box = paragraph.getBoundingClientRect(), found = range.getBoundingClientRect()
          return box.right - found.right < found.left - box.left
        }""",
        [paragraph.element_handle(), word],
    )


def test_an_editor_writes_an_arabic_story_with_a_french_quote_a_photo_two_embeds_and_a_table(tab):
    photo = make_photo("ملعب 5 جويلية")
    log_in(tab)
    page = tab.page
    page.set_viewport_size({"width": 1366, "height": 900})
    open_story(tab)
    page.fill("#id_headline_ar", "FIFA تعلن موعد كأس العالم للأندية")

    body = page.locator(BODY)
    body.click()
    page.keyboard.type("FIFA تعلن اليوم موعد البطولة في الجزائر.")
    new_line(tab)
    page.keyboard.type("« Nous sommes prêts », a déclaré le ministre.")
    page.click(f"{TOOLBAR} [data-name='direction:ltr']")
    arabic, french = body.locator(":scope > p").nth(0), body.locator(":scope > p").nth(1)
    assert french.get_attribute("dir") == "ltr"
    assert arabic.get_attribute("dir") is None
    # The Arabic paragraph is right to left although it starts with a Latin word; the French one is not.
    assert line_starts_on_the_right(tab, arabic, "FIFA")
    assert not line_starts_on_the_right(tab, french, "«")

    # Back to the story's direction for what follows the quote.
    new_line(tab)
    page.click(f"{TOOLBAR} [data-name='direction:ltr']")
    assert body.locator(":scope > p").nth(2).get_attribute("dir") is None

    page.click(f"{TOOLBAR} [data-name='libraryPhoto']")
    dialog = page.locator("dialog.compose-photo-dialog")
    dialog.locator(f"[data-photo='{photo.pk}']").click()
    assert not dialog.is_visible()
    photo_box = body.locator(".compose-box--photo")
    photo_box.locator("img").wait_for()
    assert "فرحة اللاعبين بعد الهدف الأول" in photo_box.inner_text()
    assert "تصوير: سمير" in photo_box.inner_text()
    photo_box.locator("input").fill("الجماهير في الملعب قبل المباراة")
    # Enter in the box's field does not save the story it sits in.
    photo_box.locator("input").press("Enter")
    assert page.url.endswith("/admin/articles/article/add/")

    # Writing goes on below the photo: addresses alone on their own line, as in WordPress.
    paste(tab, YOUTUBE)
    youtube_box = body.locator(".compose-box--embed[data-provider=youtube]")
    youtube_box.wait_for()
    paste(tab, X_POST)
    x_box = body.locator(".compose-box--embed[data-provider=x]")
    x_box.wait_for()
    assert X_POST in x_box.inner_text()
    x_box.locator("input").fill("بيان وزارة الخارجية")

    page.click(f"{TOOLBAR} [data-name='table']")
    page.locator("dialog.compose-form-dialog button[type=submit]").click()
    table = body.locator("table")
    table.wait_for()
    assert table.locator("tr").first.locator("th").count() == 3
    table.locator("th").first.click()
    page.keyboard.type("الفريق")

    tab.screenshot("body-editor-1366")
    page.set_viewport_size({"width": 768, "height": 1024})
    body.scroll_into_view_if_needed()
    tab.screenshot("body-editor-768")

    with page.expect_navigation():
        page.keyboard.press("Control+s")
    story = Article.objects.get()
    stored = story.body_ar
    assert "<p>FIFA تعلن اليوم موعد البطولة في الجزائر.</p>" in stored
    assert '<p dir="ltr">« Nous sommes prêts », a déclaré le ministre.</p>' in stored
    assert (
        f'<figure data-photo="{photo.pk}"><figcaption>الجماهير في الملعب قبل المباراة</figcaption></figure>' in stored
    )
    assert (
        '<figure data-embed="youtube" data-embed-id="dQw4w9WgXcQ">'
        '<a href="https://www.youtube.com/watch?v=dQw4w9WgXcQ">https://www.youtube.com/watch?v=dQw4w9WgXcQ</a></figure>'
    ) in stored
    assert (
        '<figure data-embed="x" data-embed-id="Algeria_MFA/1790000000000000001">'
        f'<a href="{X_POST}">{X_POST}</a><figcaption>بيان وزارة الخارجية</figcaption></figure>'
    ) in stored
    assert re.search(r"<table><tbody><tr><th><p>الفريق</p></th><th><p></p></th>", stored)
    assert stored == sanitise_html(stored)
    leave(tab)


def every_construct(photo, other_story):
    """A body as the editor stores it, holding each construct, a table and paragraphs set apart."""
    return (
        "<p>FIFA تعلن اليوم موعد البطولة.</p>"
        '<p dir="ltr">« Nous sommes prêts », a déclaré le ministre.</p>'
        "<h2>المنتخب <strong>جاهز</strong></h2>"
        f'<figure data-photo="{photo.pk}"><figcaption>الجماهير &amp; اللاعبون</figcaption></figure>'
        f'<figure data-photo="{photo.pk}"></figure>'
        '<figure data-embed="youtube" data-embed-id="dQw4w9WgXcQ">'
        f'<a href="{YOUTUBE}">{YOUTUBE}</a><figcaption>الهدف الأول</figcaption></figure>'
        '<figure data-embed="x" data-embed-id="Algeria_MFA/1790000000000000001">'
        f'<a href="{X_POST}">{X_POST}</a></figure>'
        '<figure data-pullquote="" dir="ltr"><blockquote>Nous irons jusqu\'au bout.</blockquote>'
        "<figcaption>Le sélectionneur</figcaption></figure>"
        '<figure data-pullquote=""><blockquote>سنلعب من أجل الفوز</blockquote></figure>'
        f'<aside data-story="{other_story.pk}"></aside>'
        "<table><tbody><tr><th><p>الفريق</p></th><th><p>النقاط</p></th></tr>"
        '<tr><td><p dir="ltr">MC Alger</p></td><td><p>42</p></td></tr></tbody></table>'
        '<ul><li><p>أولًا</p></li><li><p dir="ltr">Ensuite</p></li></ul>'
        "<blockquote><p>اقتباس عادي</p></blockquote>"
        '<p>نهاية <a href="https://example.org/" rel="noopener noreferrer">الخبر</a>.</p>'
    )


def test_a_body_holding_every_construct_comes_back_unchanged_after_editing_and_saving(tab):
    photo = make_photo("ملعب 5 جويلية")
    other = make_article("خبر آخر للبطاقة")
    body_html = every_construct(photo, other)
    assert sanitise_html(body_html) == body_html, "the test's body is in its stored form"
    story = make_article("خبر بكل العناصر", status=Status.DRAFT, body_ar=body_html)
    log_in(tab)
    open_story(tab, story)
    body = tab.page.locator(BODY)
    body.locator(".compose-box--story .compose-story__headline").wait_for()
    assert body.locator(".compose-box--photo").count() == 2
    assert body.locator(".compose-box--embed").count() == 2
    assert body.locator(".compose-box--quote").count() == 2
    assert "خبر آخر للبطاقة" in body.locator(".compose-box--story").inner_text()
    # An edit undone: the form now holds what the editor makes of the body, not the stored text.
    body.locator(":scope > p").last.click()
    tab.page.keyboard.press("End")
    tab.page.keyboard.type("!")
    tab.page.keyboard.press("Backspace")
    assert sanitise_html(tab.page.input_value("textarea[name=body_ar]")) == body_html
    with tab.page.expect_navigation():
        tab.page.keyboard.press("Control+s")
    story.refresh_from_db()
    assert story.body_ar == body_html
    leave(tab)


def test_a_paste_keeps_its_table_names_what_it_cannot_keep_and_turns_a_known_frame_into_its_embed(tab):
    log_in(tab)
    open_story(tab)
    tab.page.locator(BODY).click()
    paste(
        tab,
        "نص منقول",
        '<p>نص منقول من موقع آخر</p><p><img src="https://example.org/a.jpg"><img src="https://cdn.example.net/b.png"></p>'
        '<iframe src="https://www.youtube.com/embed/dQw4w9WgXcQ"></iframe>'
        '<iframe src="https://frames.example/player/7"></iframe><video src="https://example.org/v.mp4"></video>'
        '<table style="width:100%"><colgroup><col width="200"></colgroup><thead><tr><th>الفريق</th><th>النقاط</th></tr>'
        '</thead><tbody><tr><td style="color:red">MC Alger</td><td>42</td></tr></tbody></table>',
    )
    body = tab.page.locator(BODY)
    body.locator(".compose-box--embed[data-provider=youtube]").wait_for()
    notice = tab.page.locator(".prose-editor:has(textarea[name=body_ar]) .compose-notice")
    notice.wait_for()
    # Two images, one unknown frame, one video, each told in the admin's language and plural form.
    with translation.override("ar"):
        plurals = admin.site._registry[Article].compose_strings()["plurals"]
    assert [line.inner_text() for line in notice.locator("p").all()] == [
        plurals["images_removed"]["two"] % {"count": 2},
        plurals["frames_removed"]["one"] % {"count": 1},
        plurals["videos_removed"]["one"] % {"count": 1},
    ]
    stored = tab.page.input_value("textarea[name=body_ar]")
    assert "frames.example" not in stored and "<img" not in stored
    assert stored.startswith("<p>نص منقول من موقع آخر</p>")
    # A table survives the paste, in the form the editor keeps tables in.
    assert (
        "<table><tbody><tr><th><p>الفريق</p></th><th><p>النقاط</p></th></tr>"
        "<tr><td><p>MC Alger</p></td><td><p>42</p></td></tr></tbody></table>"
    ) in sanitise_html(stored)
    # The notice offers the proper way in: the photo library.
    notice.locator("button").first.click()
    tab.page.locator("dialog.compose-photo-dialog").wait_for()
    # Nothing was fetched from the other sites (the tab fixture fails on any such request).


def test_a_pull_quote_and_a_card_for_a_public_story_are_added_through_their_dialogs(tab):
    found = make_article("المُنتخبُ الوطنيّ يتأهّل إلى النهائي")
    make_article("المنتخب الوطني في مسودة لم تنشر", status=Status.DRAFT)
    hidden = make_article("خبر سحب من النشر", status=Status.UNPUBLISHED)
    story = make_article(
        "خبر عن المباراة", status=Status.DRAFT, body_ar=f'<p>نص.</p><aside data-story="{hidden.pk}"></aside>'
    )
    log_in(tab)
    open_story(tab, story)
    page = tab.page
    body = page.locator(BODY)
    # A card already in the text says its story is not public.
    body.locator(".compose-box--story.compose-box--missing").wait_for()
    assert "خبر سحب من النشر" in body.locator(".compose-box--story").inner_text()

    body.locator(":scope > p").first.click()
    page.keyboard.press("End")
    page.click(f"{TOOLBAR} [data-name='storyCard']")
    dialog = page.locator("dialog.compose-story-dialog")
    dialog.locator("input[type=search]").fill("المنتخب الوطني")
    results = dialog.locator(".compose-result")
    results.first.wait_for()
    page.wait_for_timeout(400)  # the search waits for the typing to stop
    # Diacritics do not matter; a draft is never offered.
    assert [result.get_attribute("data-story") for result in results.all()] == [str(found.pk)]
    results.first.click()
    body.locator(f".compose-box--story:has-text('{found.headline_ar}')").wait_for()

    page.click(f"{TOOLBAR} [data-name='pullQuote']")
    dialog = page.locator("dialog.compose-form-dialog")
    dialog.locator("textarea").fill("Nous irons jusqu'au bout.")
    dialog.locator("input[type=text]").fill("Le sélectionneur")
    dialog.locator("select").select_option("ltr")
    dialog.locator("button[type=submit]").click()
    quote = body.locator(".compose-box--quote")
    quote.wait_for()
    assert quote.locator("blockquote").get_attribute("dir") == "ltr"

    with page.expect_navigation():
        page.keyboard.press("Control+s")
    story.refresh_from_db()
    assert f'<aside data-story="{found.pk}"></aside>' in story.body_ar
    assert (
        '<figure data-pullquote="" dir="ltr"><blockquote>Nous irons jusqu\'au bout.</blockquote>'
        "<figcaption>Le sélectionneur</figcaption></figure>"
    ) in story.body_ar
    leave(tab)
