"""A story with library photos and embeds, in Chromium: nothing leaves this machine before the
reader asks for an embed, and then only the frame of the one asked for."""

from urllib.parse import urlsplit

import pytest

from newsroom import embeds
from newsroom.bodyblocks import embed_block, photo_block, pull_quote_block
from tests.browser.conftest import LOCAL_HOSTS, Tab, new_context
from tests.browser.test_content_policy import violations, watch
from tests.factories import make_article, make_photo, make_section

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WIDTHS = {"laptop": (1366, 900), "tablet": (768, 1024)}


@pytest.fixture
def reader(chromium, live_server):
    """A tab like ``tab`` (every request outside this machine aborted and recorded), whose
    outside requests the test itself checks: the one the reader asks for is expected."""
    context = new_context(chromium)
    tab = Tab(context.new_page(), live_server.url)

    def only_this_machine(route):
        if urlsplit(route.request.url).hostname in LOCAL_HOSTS:
            route.continue_()
        else:
            tab.outside_requests.append(route.request.url)
            route.abort()

    context.route("**/*", only_this_machine)
    yield tab
    context.close()
    assert tab.errors == [], "JavaScript errors on the page"


def story_with_photos_and_embeds():
    photos = [
        make_photo("ميناء الجزائر", color=(30, 90, 160), caption_ar="سفن في ميناء الجزائر", credit="تصوير: سمير"),
        make_photo("محطة التحلية", size=(1200, 900), color=(160, 90, 30), caption_ar="محطة التحلية في فوكة"),
        make_photo("الطريق السيار", size=(1600, 900), color=(40, 140, 70), caption_ar="الطريق السيار شرق غرب"),
    ]
    paragraph = "<p>" + "قال وزير النقل إن المشروع سيكتمل قبل نهاية السنة بعد سنوات من الأشغال. " * 4 + "</p>"
    return make_article(
        "FIFA تعلن موعد القرعة في الجزائر",
        deck_ar="الوزارة تنشر الصور والتصريحات على المنصات",
        section=make_section("وطني"),
        photo=make_photo("الصورة الرئيسية"),
        body_ar=(
            paragraph
            + photo_block(photos[0].pk)
            + paragraph
            + embed_block(embeds.match("https://www.youtube.com/watch?v=dQw4w9WgXcQ"), "تصريح الوزير بالفيديو")
            + paragraph
            + photo_block(photos[1].pk, "المحطة كما صورها مراسلنا")
            + pull_quote_block("Nous tiendrons les délais", "Le ministre des Transports", "ltr")
            + embed_block(embeds.match("https://x.com/Presidency_DZ/status/1790000000000000000"))
            + paragraph
            + photo_block(photos[2].pk)
            + paragraph
        ),
    )


def scroll_through(page):
    # Lazy photos load as they come near the screen: the whole page is seen before judging.
    page.evaluate("window.scrollTo(0, document.body.scrollHeight)")
    page.wait_for_load_state("networkidle")
    page.evaluate("window.scrollTo(0, 0)")


@pytest.mark.parametrize("width", WIDTHS)
def test_photos_and_click_to_load_embeds_reach_nothing_outside_before_the_click(reader, settings, width):
    settings.NEWSROOM = {**settings.NEWSROOM, "PAGE_CACHE_SECONDS": 0}
    story = story_with_photos_and_embeds()
    page = reader.page
    console = watch(reader)
    page.set_viewport_size(dict(zip(("width", "height"), WIDTHS[width])))
    response = reader.open(story.get_absolute_url())
    assert "frame-src https://platform.twitter.com https://www.youtube-nocookie.com" in response.headers[
        "content-security-policy"
    ]
    scroll_through(page)

    figures = page.locator(".story__body figure.story-photo img")
    assert figures.count() == 3
    for index in range(3):
        image = figures.nth(index)
        assert image.get_attribute("srcset") and image.get_attribute("width")
        assert image.get_attribute("loading") == "lazy"
        assert image.evaluate("img => img.complete && img.naturalWidth > 0")
    boxes = page.locator("[data-embed]")
    assert boxes.count() == 2
    assert [boxes.nth(index).get_attribute("data-embed") for index in range(2)] == ["youtube", "x"]
    assert page.locator("iframe").count() == 0
    assert reader.outside_requests == [], "the page reached outside this machine before a click"
    assert violations(reader, console) == []
    # With the script, each box is a button saying where it loads from.
    youtube = page.locator('[data-embed="youtube"] button.embed__control')
    assert "YouTube" in youtube.inner_text()
    assert page.locator("h1.story__headline").evaluate("h => getComputedStyle(h).direction") == "rtl"
    assert page.locator(".pull-quote").evaluate("q => getComputedStyle(q).direction") == "ltr"
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    page.locator('[data-embed="youtube"]').scroll_into_view_if_needed()
    reader.screenshot(f"embeds-{width}-before-click", full_page=True)

    youtube.click()
    frame = page.locator('[data-embed="youtube"] iframe')
    frame.wait_for(state="attached")
    source = urlsplit(frame.get_attribute("src"))
    assert (source.scheme, source.hostname, source.path) == ("https", "www.youtube-nocookie.com", "/embed/dQw4w9WgXcQ")
    assert frame.get_attribute("title") == "تصريح الوزير بالفيديو"
    assert frame.get_attribute("referrerpolicy") == "strict-origin-when-cross-origin"
    assert "encrypted-media" in frame.get_attribute("allow") and "fullscreen" in frame.get_attribute("allow")
    box = page.locator('[data-embed="youtube"] .embed__frame').bounding_box()
    assert abs(box["width"] / box["height"] - 16 / 9) < 0.02
    page.wait_for_load_state("networkidle")
    # The page's policy let the frame load (the test then stopped it): that host, and no other.
    assert {urlsplit(url).hostname for url in reader.outside_requests} == {"www.youtube-nocookie.com"}
    assert violations(reader, console) == []
    assert page.locator('[data-embed="x"] iframe').count() == 0
    reader.screenshot(f"embeds-{width}-after-click", full_page=True)


def test_without_javascript_an_embed_is_a_link_to_the_post(chromium, live_server, settings):
    settings.NEWSROOM = {**settings.NEWSROOM, "PAGE_CACHE_SECONDS": 0}
    story = story_with_photos_and_embeds()
    context = chromium.new_context(java_script_enabled=False, locale="ar")
    try:
        page = context.new_page()
        outside = []
        context.route(
            "**/*",
            lambda route: route.continue_()
            if urlsplit(route.request.url).hostname in LOCAL_HOSTS
            else (outside.append(route.request.url), route.abort()),
        )
        page.goto(live_server.url + story.get_absolute_url())
        link = page.locator('[data-embed="x"] a.embed__control')
        assert link.get_attribute("href") == "https://x.com/Presidency_DZ/status/1790000000000000000"
        assert page.locator("button.embed__control").count() == 0
        assert outside == []
    finally:
        context.close()
