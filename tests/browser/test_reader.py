import pytest

from tests.factories import jpeg_upload, make_article, make_section

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def read(tab, article):
    """Open a story the way a reader does and wait for its view beacon to land."""
    with tab.page.expect_response(lambda response: "/popularity/views/" in response.url) as beacon:
        tab.open(article.get_absolute_url())
    assert beacon.value.status == 204


def test_page_loads_count_as_views_and_rank_the_most_read_box(tab):
    section = make_section("دولي")
    a = make_article("واشنطن تستعجل تعاون الجزائر لمواجهة ”عودة الدواعش”", section=section, image=jpeg_upload())
    b = make_article("دولة عربية تتجه لحجب \"تيك توك\"", section=section)
    for _ in range(3):
        read(tab, a)
    read(tab, b)

    tab.open(b.get_absolute_url())
    ranked = tab.page.locator("#most-read li a").all_inner_texts()
    assert ranked[:2] == [a.headline_ar, b.headline_ar]


def test_article_page_is_right_to_left_with_the_bundled_font(tab):
    article = make_article(
        "المنتخب الوطني يفوز على Cameroun في ملعب 5 جويلية",
        deck_ar="فوز مستحق في الجولة الأولى",
        lead_ar="تأهل مبكر إلى الدور الثاني",
        body_ar="<p>" + "سجل اللاعبون ثلاثة أهداف في شوط أول مثير. " * 12 + "</p>",
        image=jpeg_upload(size=(1200, 800)),
        image_caption_ar="فرحة اللاعبين بعد الهدف الأول",
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


def test_admin_editor_writes_in_the_rich_text_editor(tab, django_user_model):
    django_user_model.objects.create_superuser("rania", "rania@example.org", "a-long-test-password")
    page = tab.page
    tab.open("/admin/login/")
    page.fill("#id_username", "rania")
    page.fill("#id_password", "a-long-test-password")
    page.click("input[type=submit]")
    tab.open("/admin/articles/article/add/")
    # modeltranslation's language tabs are built by jQuery UI, served from our static files.
    assert page.locator(".ui-tabs").count() > 0
    page.fill("#id_headline_ar", "خبر كُتب في المتصفح")
    editor = page.locator(".prose-editor > .ProseMirror").first
    editor.click()
    page.keyboard.type("فقرة أولى كتبها المحرر.")
    tab.screenshot("admin-add-article", full_page=True)
    page.select_option("#id_status", "published")
    page.click("input[name=_save]")
    page.wait_for_url("**/admin/articles/article/")

    from articles.models import Article

    article = Article.objects.get()
    assert article.headline_ar == "خبر كُتب في المتصفح"
    assert article.body_ar == "<p>فقرة أولى كتبها المحرر.</p>"
    assert article.slug == "خبر-كتب-في-المتصفح"
    tab.open(article.get_absolute_url())
    assert page.locator("h1").inner_text() == "خبر كُتب في المتصفح"
