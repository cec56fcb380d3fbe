"""Every XSS vector of tests/articles/fixtures/xss-vectors.json on public pages, in Chromium: none runs.

The pages are opened twice: as served (under the content policy) and with the policy bypassed,
so that the markup itself, as sanitised and escaped, is shown to be inert and the policy is a
second wall rather than the only one.
"""

import json
from pathlib import Path
from urllib.parse import quote, urlsplit

import pytest

from tests.browser.conftest import LOCAL_HOSTS, READER_USER_AGENT
from tests.factories import make_article, make_photo, make_section

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

FIXTURES = Path(__file__).parents[1] / "articles" / "fixtures"


def vectors(name):
    groups = json.loads((FIXTURES / name).read_text(encoding="utf-8"))["groups"]
    return [vector for group in groups for vector in group["vectors"]]


VECTORS = vectors("xss-vectors.json")
# Aimed at the body's photos, embeds, pull quotes, story cards and tables; "{photo}" and "{story}"
# stand for a real photo and a real public story, so the site draws the constructs holding them.
CONSTRUCT_VECTORS = vectors("xss-construct-vectors.json")

# Before any page script: every way a vector reports itself lands in window.__xss.
SENTINEL = """
window.__xss = [];
for (const name of ["alert", "confirm", "prompt", "print", "open"]) {
  window[name] = (...args) => { window.__xss.push(name + "(" + args.join(",") + ")"); };
}
"""
# Fire what a reader's mouse, keyboard and scrolling would: handlers left behind would run now.
POKE = """
() => {
  for (const element of document.querySelectorAll("main *")) {
    for (const type of ["mouseover", "mouseenter", "focus", "focusin", "toggle", "animationstart", "input"]) {
      element.dispatchEvent(new Event(type, {bubbles: true}));
    }
  }
  return [...document.querySelectorAll("main a[href]")].map((link) => link.protocol);
}
"""


def hostile_site():
    section = make_section("منوعات")
    photo = make_photo(caption_ar=VECTORS[1][:400], alt_text_ar=VECTORS[4][:400], credit=VECTORS[29][:200])
    everything = make_article(
        "كل المتجهات في نص واحد", section=section, photo=photo, body_ar="\n".join(VECTORS),
        deck_ar=VECTORS[0][:400], lead_ar=VECTORS[2],
    )
    for number, vector in enumerate(VECTORS):
        if "\x00" in vector:
            continue  # refused by every form and by PostgreSQL; tested in tests/articles
        make_article(
            vector[:255], section=section, deck_ar=vector[:400], lead_ar=vector, body_ar=vector,
            byline=vector[:200], tags=[f"وسم {number}"],
        )
    card = make_article("خبر تشير إليه البطاقات", section=section, photo=photo)
    constructs = "\n".join(
        vector.replace("{photo}", str(photo.pk)).replace("{story}", str(card.pk)) for vector in CONSTRUCT_VECTORS
    )
    inside = make_article(
        "متجهات داخل الصور والتضمينات والاقتباسات", section=section, body_ar=constructs,
        headline_fr="Vecteurs dans les photos, intégrations et citations", body_fr=constructs,
    )
    return section, everything, inside


@pytest.mark.parametrize("bypass_csp", [False, True], ids=["as-served", "policy-bypassed"])
def test_no_vector_runs_on_a_public_page(chromium, live_server, settings, bypass_csp):
    settings.NEWSROOM = {**settings.NEWSROOM, "PAGE_SIZE": 500, "PAGE_CACHE_SECONDS": 0}
    section, everything, inside = hostile_site()
    context = chromium.new_context(locale="ar", user_agent=READER_USER_AGENT, bypass_csp=bypass_csp)
    outside, dialogs, errors = [], [], []

    def only_this_machine(route):
        if urlsplit(route.request.url).hostname in LOCAL_HOSTS:
            route.continue_()
        else:
            outside.append(route.request.url)
            route.abort()

    context.route("**/*", only_this_machine)
    context.add_init_script(SENTINEL)
    page = context.new_page()
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    page.on("pageerror", lambda error: errors.append(str(error)))

    pages = [
        everything.get_absolute_url(),
        inside.get_absolute_url(),
        "/fr" + inside.get_absolute_url(),
        section.get_absolute_url(),
        "/search/?q=" + quote("alert"),
        "/search/?q=" + quote(VECTORS[0]),
        Path(everything.get_absolute_url()).parent.as_posix() + "/",
    ]
    for path in pages:
        response = page.goto(live_server.url + path)
        assert response.status == 200, path
        protocols = page.evaluate(POKE)
        page.wait_for_timeout(300)
        assert set(protocols) <= {"http:", "https:", "mailto:", "tel:"}, path
        assert page.evaluate("window.__xss") == [], path
        assert urlsplit(page.url).hostname in LOCAL_HOSTS, f"{path} navigated to {page.url}"
    context.close()
    assert dialogs == []
    assert errors == []
    assert outside == [], "a vector made the page load something from another host"
