"""Every public page type passes axe-core (no serious or critical violation) and the Nu HTML checker.

Both tools run offline from package-lock.json (installed by ``scripts/bootstrap.sh --browser``):
axe-core is injected into Chromium, the checker's jar runs on the machine's Java once for all pages.
"""

import json
import re
import shutil
import subprocess
from datetime import timedelta
from pathlib import Path
from urllib.parse import quote

import pytest
from django.test import RequestFactory
from django.urls import get_resolver, reverse
from django.utils import timezone

from popularity.counter import record_view
from tests.browser.test_embeds import story_with_photos_and_embeds
from tests.factories import make_article, make_author, make_photo, make_section

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

NODE_MODULES = Path(__file__).resolve().parents[2] / "node_modules"
AXE = NODE_MODULES / "axe-core" / "axe.min.js"
VNU = NODE_MODULES / "vnu-jar" / "build" / "dist" / "vnu.jar"
BLOCKING_IMPACTS = {"serious", "critical"}


def tool(path):
    assert path.is_file(), f"{path} is missing: run scripts/bootstrap.sh --browser (it runs npm ci)"
    return path


def build_site():
    """A small but complete site: nested sections, an author, tags, photos, translations, breaking news, views."""
    sport = make_section("رياضة", position=1, description_ar="أخبار الرياضة الوطنية والدولية")
    football = make_section("كرة القدم", parent=sport)
    make_section("كرة اليد", parent=sport)
    world = make_section("دولي", position=2)
    author = make_author("سليمة بن علي", bio_ar="صحفية رياضية منذ 2010.", photo=make_photo("سليمة بن علي", size=(400, 400)))
    story = make_article(
        "المنتخب الوطني يفوز على Cameroun في ملعب 5 جويلية",
        headline_fr="L'équipe nationale bat le Cameroun au stade du 5-Juillet",
        headline_en="The national team beats Cameroon at the 5 July stadium",
        deck_ar="فوز مستحق في الجولة الأولى من تصفيات كأس العالم",
        deck_fr="Une victoire méritée lors de la première journée",
        lead_ar="تأهل مبكر إلى الدور الثاني بعد ثلاثية نظيفة",
        body_ar=(
            "<p>سجل اللاعبون ثلاثة أهداف في شوط أول مثير أمام 60000 متفرج.</p>"
            "<h2>ردود الفعل</h2><p>قال المدرب إن الفريق «لعب بروح عالية».</p>"
            '<blockquote><p>هذا الفوز للجمهور.</p></blockquote>'
            '<ul><li>الهدف الأول: الدقيقة 12</li><li>الهدف الثاني: الدقيقة 30</li></ul>'
            '<p>النتائج الكاملة على <a href="https://www.fifa.com/">موقع الاتحاد الدولي</a>.</p>'
        ),
        body_fr="<p>Les joueurs ont marqué trois buts en première mi-temps.</p>",
        body_en="<p>The players scored three goals in the first half.</p>",
        section=football,
        authors=[author],
        tags=["المنتخب", "كرة القدم"],
        photo=make_photo(),
        is_front_page=True,
    )
    make_article(
        "عاجل: زلزال بقوة 5 درجات يضرب شرق البلاد",
        section=world,
        is_breaking=True,
        tags=["عاجل"],
        published_at=timezone.now() - timedelta(minutes=20),
    )
    make_article(
        "الحارس يمدد عقده مع النادي لموسمين",
        section=football,
        tags=["كرة القدم"],
        photo=make_photo("الحارس", color=(20, 120, 60)),
        published_at=timezone.now() - timedelta(hours=3),
    )
    for number in range(3):
        make_article(f"قمة دولية حول المناخ في Genève، اليوم {number + 1}", section=world)
    for _ in range(4):
        record_view(story.pk, story.section_id)
    return {"story": story, "author": author, "section": sport, "subsection": football}


def run_axe(page):
    # The pages' content policy refuses inline scripts, which add_script_tag writes; code run
    # through the browser's debugging protocol is not the page's.
    page.evaluate(tool(AXE).read_text(encoding="utf-8"))
    results = page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
    return [violation for violation in results["violations"] if violation["impact"] in BLOCKING_IMPACTS]


def describe_violations(name, violations):
    lines = []
    for violation in violations:
        lines.append(f"{name}: [{violation['impact']}] {violation['id']}: {violation['help']}")
        for node in violation["nodes"][:5]:
            # The summary reads "Fix any of the following:" then the reasons; the first says most.
            reasons = node["failureSummary"].splitlines()[1:] or [""]
            lines.append(f"    {' '.join(node['target'])}: {reasons[0].strip()}")
            lines.append(f"      {node['html'][:200]}")
    return lines


def run_nu_checker(files):
    """Errors the Nu HTML checker finds in ``files`` (one JVM for all of them), as readable lines."""
    java = shutil.which("java")
    assert java, "the Nu HTML checker needs Java: run scripts/bootstrap.sh --browser"
    done = subprocess.run(
        [java, "-jar", str(tool(VNU)), "--errors-only", "--format", "json", *map(str, files)],
        capture_output=True,
        text=True,
        timeout=180,
    )
    # The checker writes its JSON report on stderr and exits 1 when it found errors.
    report = json.loads(done.stderr)
    assert done.returncode in (0, 1), done.stderr
    return [
        f"{Path(message.get('url', '?')).name}:{message.get('lastLine', '?')}: {message['message']}"
        f"\n      {message.get('extract', '').strip()[:200]}"
        for message in report["messages"]
        if message["type"] == "error" or message.get("subType") == "fatal"
    ]


def test_every_public_page_passes_axe_core_and_the_nu_html_checker(tab, tmp_path):
    site = build_site()
    story = site["story"]
    # Three library photos, a video and a post from X (click to load), a pull quote.
    with_embeds = story_with_photos_and_embeds()
    published = timezone.localtime(story.published_at)
    year, month, day = published.year, published.month, published.day
    pages = {
        "home": "/",
        "article": story.get_absolute_url(),
        "article-with-embeds": with_embeds.get_absolute_url(),
        "section": site["section"].get_absolute_url(),
        "subsection": site["subsection"].get_absolute_url(),
        "tag": reverse("website:tag", kwargs={"slug": story.tags.get(name="كرة القدم").slug}),
        "author": site["author"].get_absolute_url(),
        "search-results": "/search/?q=" + quote("المنتخب"),
        "search-nothing-found": "/search/?q=" + quote("بطريق"),
        "search-empty": "/search/?q=",
        "archive": "/archive/",
        "archive-year": f"/archive/{year}/",
        "archive-month": f"/archive/{year}/{month:02d}/",
        "archive-day": f"/archive/{year}/{month:02d}/{day:02d}/",
        "not-found": "/no-such-page/",
        "fr-home": "/fr/",
        "fr-article": "/fr" + story.get_absolute_url(),
        "fr-search": "/fr/search/?q=" + quote("équipe"),
        "en-home": "/en/",
        "en-article": "/en" + story.get_absolute_url(),
    }
    # The 500 page cannot be reached on purpose: the handler's own bytes are served at an
    # address of the site, so its stylesheet loads as it would.
    server_error = get_resolver().resolve_error_handler(500)(RequestFactory().get("/")).content
    pages["server-error"] = "/server-error/"
    tab.page.route(
        tab.base_url + "/server-error/",
        lambda route: route.fulfill(status=500, body=server_error, content_type="text/html; charset=utf-8"),
    )
    expected_status = {"not-found": 404, "server-error": 500}
    blocking, saved = [], []
    for name, path in pages.items():
        response = tab.open(path)
        assert response.status == expected_status.get(name, 200), f"{name} ({path}) answered {response.status}"
        page = tab.page
        language = "fr" if name.startswith("fr-") else "en" if name.startswith("en-") else "ar"
        assert page.evaluate("document.documentElement.lang") == language, name
        assert page.evaluate("document.documentElement.dir") == ("rtl" if language == "ar" else "ltr"), name
        blocking += describe_violations(name, run_axe(page))
        # The checker reads what the server sent, not the DOM after scripts ran.
        html = tmp_path / f"{name}.html"
        html.write_bytes(response.body())
        saved.append(html)
        if name in {"home", "article", "article-with-embeds", "search-results", "fr-article"}:
            tab.screenshot(f"a11y-{name}", full_page=True)

    errors = run_nu_checker(saved)
    report = []
    if blocking:
        report += ["axe-core found serious or critical violations:", *blocking]
    if errors:
        report += ["the Nu HTML checker found errors:", *errors]
    assert not report, "\n".join(report)


def luminance(css_colour):
    channels = [int(value) / 255 for value in re.findall(r"\d+", css_colour)[:3]]
    r, g, b = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(foreground, background):
    lighter, darker = sorted((luminance(foreground), luminance(background)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


def test_the_skip_link_is_the_first_stop_and_moves_focus_to_the_main_content(tab):
    story = build_site()["story"]
    tab.open(story.get_absolute_url())
    page = tab.page
    page.keyboard.press("Tab")
    focused = page.evaluate(
        "(() => { const style = getComputedStyle(document.activeElement);"
        " return [document.activeElement.className, style.outlineStyle, style.color, style.backgroundColor]; })()"
    )
    assert focused[:2] == ["skip-link", "solid"]
    assert page.locator(".skip-link").is_visible()
    # axe-core never sees it focused: check its colours as a keyboard user sees them.
    assert contrast(focused[2], focused[3]) >= 4.5, focused
    page.keyboard.press("Enter")
    assert page.evaluate("location.hash") == "#main"
    page.keyboard.press("Tab")
    # The next stop is inside the main content, not back in the header.
    assert page.evaluate("document.querySelector('main').contains(document.activeElement)")


def test_a_printed_story_is_the_story_alone_full_width_with_its_links_spelt_out(tab):
    story = build_site()["story"]
    tab.open(story.get_absolute_url())
    page = tab.page
    page.emulate_media(media="print")

    def display(selector):
        return page.evaluate(f"getComputedStyle(document.querySelector({selector!r})).display")

    for furniture in (".sidebar", ".section-menu", ".site-search", ".breaking", ".site-footer"):
        assert display(furniture) == "none", furniture
    assert page.locator(".story__headline").is_visible()
    assert page.locator(".story__figure img").is_visible()
    story_width = page.locator("article.story").bounding_box()["width"]
    page_width = page.locator("main").bounding_box()["width"]
    assert story_width > 0.9 * page_width
    assert page.evaluate("getComputedStyle(document.body).color") == "rgb(0, 0, 0)"
    after = page.evaluate(
        "getComputedStyle(document.querySelector('.story__body a[href^=\"http\"]'), '::after').content"
    )
    assert "https://www.fifa.com/" in after
    # Links inside the site are not spelt out: their addresses mean nothing on paper.
    assert page.evaluate("getComputedStyle(document.querySelector('.story__meta a'), '::after').content") == "none"
    tab.screenshot("article-print", full_page=True)
