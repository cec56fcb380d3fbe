"""Headless Chromium (Debian's) driven by Playwright against pytest-django's live server."""

import os
from pathlib import Path
from urllib.parse import urlsplit

import django.contrib.staticfiles.handlers as staticfiles_handlers
import pytest

# Playwright's sync API runs an event loop in this thread; the ORM calls made
# by the tests themselves are still synchronous and safe.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
LOCAL_HOSTS = {"127.0.0.1", "localhost"}
# Headless Chromium names itself "HeadlessChrome", which the view counter rightly takes for
# a robot; the tests play readers on an ordinary desktop browser.
READER_USER_AGENT = (
    "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/156.0.0.0 Safari/537.36"
)


def serve_like_production(application):
    """Stand-in for the live server's static handler.

    Django's StaticFilesHandler looks files up by their source names and 404s
    on the hashed names the manifest storage puts in pages; WhiteNoise, in
    our middleware, serves the collected files as it does in production.
    """
    return application


staticfiles_handlers.StaticFilesHandler = serve_like_production


@pytest.fixture(scope="session")
def chromium():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS, headless=True)
        yield browser
        browser.close()


class Tab:
    """A browser page plus what it tried to reach and what broke."""

    def __init__(self, page, base_url):
        self.page = page
        self.base_url = base_url
        self.outside_requests = []
        self.errors = []
        page.on("pageerror", lambda error: self.errors.append(str(error)))

    def open(self, path):
        return self.page.goto(self.base_url + path)

    def screenshot(self, name, **kwargs):
        ARTIFACTS.mkdir(exist_ok=True)
        self.page.screenshot(path=ARTIFACTS / f"{name}.png", **kwargs)


def new_context(chromium):
    return chromium.new_context(locale="ar", viewport={"width": 1280, "height": 900}, user_agent=READER_USER_AGENT)


@pytest.fixture
def tab(chromium, live_server):
    context = new_context(chromium)
    page = context.new_page()
    tab = Tab(page, live_server.url)

    def only_this_machine(route):
        if urlsplit(route.request.url).hostname in LOCAL_HOSTS:
            route.continue_()
        else:
            tab.outside_requests.append(route.request.url)
            route.abort()

    context.route("**/*", only_this_machine)
    yield tab
    context.close()
    assert tab.outside_requests == [], "the page reached outside this machine"
    assert tab.errors == [], "JavaScript errors on the page"
