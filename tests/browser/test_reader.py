import pytest

from tests.browser.conftest import new_context
from tests.factories import make_article, make_photo, make_section

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def read(chromium, live_server, article):
    """A new reader (own browser profile) opens a story; waits for its view beacon to land."""
    context = new_context(chromium)
    page = context.new_page()
    with page.expect_response(lambda response: "/popularity/views/" in response.url) as beacon:
        page.goto(live_server.url + article.get_absolute_url())
    assert beacon.value.status == 204
    context.close()


def test_page_loads_count_as_views_and_rank_the_most_read_box(tab, chromium, live_server, settings):
    # The box's ranking is normally cached for a minute, and the pages that show it for two;
    # here every page shows the latest counts.
    settings.NEWSROOM = {**settings.NEWSROOM, "MOST_READ_CACHE_SECONDS": 0, "PAGE_CACHE_SECONDS": 0}
    section = make_section("دولي")
    a = make_article("واشنطن تستعجل تعاون الجزائر لمواجهة ”عودة الدواعش”", section=section, photo=make_photo())
    b = make_article("دولة عربية تتجه لحجب \"تيك توك\"", section=section)
    for _ in range(3):
        read(chromium, live_server, a)
    read(chromium, live_server, b)
    # The same reader again, within the half hour: not counted twice.
    for _ in range(2):
        with tab.page.expect_response(lambda response: "/popularity/views/" in response.url):
            tab.open(b.get_absolute_url())

    tab.open(b.get_absolute_url())
    ranked = tab.page.locator("#most-read li a").all_inner_texts()
    assert ranked[:2] == [a.headline_ar, b.headline_ar]


def test_article_page_is_right_to_left_with_the_bundled_font(tab):
    article = make_article(
        "المنتخب الوطني يفوز على Cameroun في ملعب 5 جويلية",
        deck_ar="فوز مستحق في الجولة الأولى",
        lead_ar="تأهل مبكر إلى الدور الثاني",
        body_ar="<p>" + "سجل اللاعبون ثلاثة أهداف في شوط أول مثير. " * 12 + "</p>",
        photo=make_photo(size=(1200, 800), caption_ar="فرحة اللاعبين بعد الهدف الأول"),
        tags=["كرة القدم", "المنتخب"],
    )
    tab.open(article.get_absolute_url())
    page = tab.page
    assert page.evaluate("document.documentElement.dir") == "rtl"
    assert page.evaluate("getComputedStyle(document.body).direction") == "rtl"
    page.evaluate("document.fonts.ready")
    assert page.evaluate("document.fonts.check('16px \"Noto Naskh Arabic\"', 'عربي')")
    loaded = page.evaluate("[...document.fonts].filter(f => f.status === 'loaded').map(f => f.family)")
    assert any("Noto Naskh Arabic" in family for family in loaded)
    # The sidebar sits on the reading end: left of the story in a right-to-left page.
    story_box = page.locator("article.story").bounding_box()
    sidebar_box = page.locator("aside.sidebar").bounding_box()
    assert sidebar_box["x"] < story_box["x"]
    tab.screenshot("article-desktop", full_page=True)

    page.set_viewport_size({"width": 375, "height": 800})
    tab.open(article.get_absolute_url())
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    tab.screenshot("article-phone", full_page=True)


def test_an_untranslated_story_on_a_french_page_keeps_the_story_and_sidebar_columns(tab):
    article = make_article("قصة لم تترجم بعد", body_ar="<p>" + "نص الخبر بالعربية. " * 40 + "</p>")
    tab.open("/fr" + article.get_absolute_url())
    page = tab.page
    assert page.evaluate("document.documentElement.dir") == "ltr"
    notice = page.locator(".language-notice").bounding_box()
    story = page.locator("article.story").bounding_box()
    sidebar = page.locator("aside.sidebar").bounding_box()
    # The notice stands above both columns; the story keeps the wide one, the sidebar sits
    # beside it (on the right, the reading end of a left-to-right page).
    assert notice["y"] + notice["height"] <= story["y"]
    assert story["width"] > 1.5 * sidebar["width"]
    assert sidebar["x"] > story["x"] and abs(sidebar["y"] - story["y"]) < 50
    tab.screenshot("article-untranslated-french", full_page=True)


def test_an_editor_writes_and_publishes_an_arabic_story_with_a_french_name(tab):
    from articles.models import Article
    from tests.factories import make_staff

    make_staff("hind", "Editor")
    page = tab.page
    tab.open("/admin/login/")
    page.fill("#id_username", "hind")
    page.fill("#id_password", "a-long-test-password")
    page.click("input[type=submit]")
    tab.open("/admin/articles/article/add/")
    # modeltranslation's language tabs are built by jQuery UI, served from our static files.
    assert page.locator(".ui-tabs").count() > 0
    page.fill("#id_headline_ar", "الرئيس يستقبل Emmanuel Macron في قصر المرادية")
    editor = page.locator(".prose-editor > .ProseMirror").first
    editor.click()
    page.keyboard.type("استقبل رئيس الجمهورية نظيره الفرنسي Emmanuel Macron صباح اليوم.")
    page.keyboard.press("Enter")
    page.keyboard.type("وتناولت المحادثات ملفات الطاقة والذاكرة.")
    page.keyboard.press("Enter")
    # Pasting from a word processor or a web page keeps structure, drops styles and scripts.
    editor.evaluate(
        """(element, html) => {
            const data = new DataTransfer();
            data.setData("text/html", html);
            element.dispatchEvent(new ClipboardEvent("paste", {clipboardData: data, bubbles: true, cancelable: true}));
        }""",
        '<p style="color:red;font-family:Calibri"><b>بيان</b> <span onclick="alert(1)">الرئاسة</span></p>'
        '<script>alert(1)</script><ul><li class="MsoNormal">بند أول</li></ul>',
    )
    for _attempt in range(50):  # the body's count line appears once the editor is built
        lines = page.locator(".text-stats").all_inner_texts()
        if any(line.startswith("عدد الكلمات:") for line in lines):
            break
        page.wait_for_timeout(100)
    assert "عدد الكلمات: 18 · مدة القراءة: 1 د" in lines
    french_editor = page.locator(".prose-editor > .ProseMirror[dir=ltr]")
    assert french_editor.count() == 2, "the French and English bodies are written left to right"
    page.select_option("#id_status", "published")
    tab.screenshot("admin-editor-writes-story", full_page=True)
    page.click("input[name=_save]")
    page.wait_for_url("**/admin/articles/article/")

    article = Article.objects.get()
    assert article.is_public
    assert article.body_ar.startswith(
        "<p>استقبل رئيس الجمهورية نظيره الفرنسي Emmanuel Macron صباح اليوم.</p>"
        "<p>وتناولت المحادثات ملفات الطاقة والذاكرة.</p>"
    )
    assert "<strong>بيان</strong> الرئاسة" in article.body_ar and "<li><p>بند أول</p></li>" in article.body_ar
    for dropped in ("style=", "onclick", "<script", "class="):
        assert dropped not in article.body_ar
    assert article.slug == "الرئيس-يستقبل-emmanuel-macron-في-قصر-المرادية"
    tab.open(article.get_absolute_url())
    assert page.evaluate("document.documentElement.dir") == "rtl"
    headline = page.locator("h1.story__headline")
    assert headline.inner_text() == "الرئيس يستقبل Emmanuel Macron في قصر المرادية"
    assert headline.evaluate("element => getComputedStyle(element).direction") == "rtl"
    first_paragraph = page.locator(".story__body p").first
    assert first_paragraph.evaluate("p => getComputedStyle(p).direction") == "rtl"
    tab.screenshot("public-story-with-french-name", full_page=True)
