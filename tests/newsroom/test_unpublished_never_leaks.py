"""A draft, a story scheduled for later and an unpublished story appear nowhere a stranger can look.

One walk over the whole public site, in every language: every page, feed and sitemap reached
by following links from the home pages and the sitemaps, the content API with its filters, the
most-read box and API, related stories, search, archives, old addresses and previews without
a valid token. The hidden stories are read, tagged, filed, related and flagged like the public
ones, and carry a Latin marker in every field so any trace of them shows.
"""

import json
import re
from collections import deque
from datetime import timedelta
from html.parser import HTMLParser
from urllib.parse import unquote, urljoin, urlsplit

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, resolve
from django.urls.exceptions import Resolver404
from django.utils import timezone

from articles.models import LegacyUrl, Status
from popularity import counter
from tests.factories import make_article, make_author, make_section

pytestmark = pytest.mark.django_db

# A Latin marker for the translations, deck, lead, body, byline and a tag; an Arabic one for
# the Arabic headline (and so the address, where it is percent-encoded).
HIDDEN = {
    "leakdraft": ("مسودةسرية", {"status": Status.DRAFT}),
    "leakscheduled": ("مجدولسري", {"status": Status.SCHEDULED, "published_at": timezone.now() + timedelta(days=2)}),
    "leakunpublished": ("مسحوبسري", {"status": Status.UNPUBLISHED, "published_at": timezone.now() - timedelta(days=1)}),
}
MARKERS = [*HIDDEN, *(arabic for arabic, _fields in HIDDEN.values())]
WORD = "زلزال"  # in every story, so search and related stories would find the hidden ones
SKIPPED_PREFIXES = ("/admin/", "/fr/admin/", "/en/admin/", "/static/", "/media/")
# Not pages: the beacon takes POSTs (checked below), media files are uploads.
NOT_PAGES = {"popularity:beacon", "django.views.static.serve"}


class Links(HTMLParser):
    def __init__(self):
        super().__init__()
        self.found = []

    def handle_starttag(self, tag, attrs):
        for name, value in attrs:
            if name in ("href", "src") and value:
                self.found.append(value)


def links_in(response):
    content_type = response.get("Content-Type", "")
    body = response.content.decode("utf-8", "replace")
    if "html" in content_type:
        parser = Links()
        parser.feed(body)
        return parser.found
    if "xml" in content_type:
        return re.findall(r"<(?:loc|link|id)>([^<]+)</", body) + re.findall(r'href="([^"]+)"', body)
    if "json" in content_type:
        return re.findall(r'"(?:url|next|previous|href|self|rss|atom)":\s*"([^"]+)"', body)
    return []


def build_site():
    section = make_section("وطني")
    author = make_author("سليمة بن علي")
    public = make_article(f"{WORD} يضرب شرق البلاد", section=section, authors=[author], tags=["طبيعة"],
                          body_ar=f"<p>{WORD} بقوة خمس درجات.</p>", headline_fr=f"Séisme {WORD}",
                          is_front_page=True, is_breaking=True)
    hidden = []
    for marker, (arabic, fields) in HIDDEN.items():
        story = make_article(
            f"{WORD} {arabic} عنوان", section=section, authors=[author], tags=["طبيعة", marker],
            headline_fr=f"Secret {marker}", headline_en=f"Secret {marker}", deck_ar=f"{marker} deck",
            lead_ar=f"{marker} lead", body_ar=f"<p>{WORD} {marker} body</p>", byline=marker,
            is_front_page=True, is_breaking=True, **fields,
        )
        counter.record_view(story.pk, section.pk, count=500)
        LegacyUrl.objects.create(path=f"/old/{marker}.html", article=story)
        public.related_articles.add(story)
        hidden.append(story)
    counter.record_view(public.pk, section.pk, count=1)
    return public, hidden


def public_pattern_names(patterns=None, namespace=""):
    names = set()
    for pattern in get_resolver().url_patterns if patterns is None else patterns:
        if isinstance(pattern, URLResolver):
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            if pattern.namespace != "admin":
                names |= public_pattern_names(pattern.url_patterns, inner)
        elif isinstance(pattern, URLPattern):
            names.add(f"{namespace}{pattern.name or pattern.lookup_str}")
    return names - NOT_PAGES


def test_hidden_stories_appear_on_no_public_url(settings):
    settings.NEWSROOM = {**settings.NEWSROOM, "MOST_READ_CACHE_SECONDS": 0}
    public, hidden = build_site()
    day = timezone.localtime(public.published_at)
    client = Client(HTTP_USER_AGENT="Mozilla/5.0 (X11; Linux x86_64) Chrome/156.0 Safari/537.36")

    start = ["/", "/fr/", "/en/", "/robots.txt", "/sitemap.xml", "/news-sitemap.xml", "/feeds/rss/", "/feeds/atom/",
             f"/search/?q={WORD}", f"/fr/search/?q={WORD}", f"/archive/{day.year}/{day.month}/{day.day}/",
             "/api/v1/", "/api/v1/openapi.json", "/api/v1/articles/?page_size=100", "/api/v1/articles/?lang=fr",
             f"/api/v1/articles/?section={public.section.slug}", "/api/v1/articles/?tag=طبيعة",
             f"/api/v1/articles/?from={(day - timedelta(days=3)).date()}&to={(day + timedelta(days=3)).date()}",
             "/api/v1/sections/", "/api/v1/tags/", "/api/v1/no-such-thing/", "/preview/not-a-token/",
             f"/popularity/views/{public.pk}.gif"]
    start += [f"/api/v1/most-read/?window={window}" for window in ("hour", "day", "week", "month")]
    # Asking for the hidden stories by every address they have or had.
    for story in hidden:
        start += [f"/news/{story.pk}/", story.get_absolute_url(), f"/fr/news/{story.pk}/", f"/api/v1/articles/{story.pk}/",
                  f"/old/{story.byline}.html", f"/tag/{story.byline}/", f"/tag/{story.byline}/rss/",
                  f"/popularity/views/{story.pk}.gif", f"/api/v1/articles/?tag={story.byline}"]

    queue, seen, visited_names = deque(start), set(start), set()
    while queue:
        path = queue.popleft()
        response = client.get(path)
        assert response.status_code < 500, path
        body = response.content.decode("utf-8", "replace").lower()
        # A page may repeat the address it was asked for (a 404's language links do).
        asked = urlsplit(path).path.lower()
        for echo in {asked, re.sub(r"^/(fr|en)/", "/", asked)}:
            body = body.replace(echo, "").replace(unquote(echo), "")
        for marker in MARKERS:
            assert marker not in body, f"{marker} shows on {path}"
        if response.status_code in (301, 302):
            assert not any(marker in unquote(response["Location"]).lower() for marker in MARKERS), path
        try:
            visited_names.add(resolve(urlsplit(path).path).view_name)
        except Resolver404:
            pass
        for link in links_in(response) + ([response["Location"]] if response.has_header("Location") else []):
            address = urlsplit(urljoin("http://testserver" + path, link))
            if address.netloc not in ("testserver", "") or address.path.startswith(SKIPPED_PREFIXES):
                continue
            target = address.path + (f"?{address.query}" if address.query else "")
            if target not in seen and len(seen) < 1500:
                seen.add(target)
                queue.append(target)

    # Every kind of public address was walked, so a new one cannot be forgotten here.
    assert public_pattern_names() - visited_names == set()
    assert len(seen) > 60

    # The beacon does not count them either.
    beacon = Client(HTTP_USER_AGENT="Mozilla/5.0 (X11; Linux x86_64) Chrome/156.0 Safari/537.36")
    for story in hidden:
        assert beacon.post("/popularity/views/", {"article": story.pk, "visitor": "v"}).status_code == 404
    assert json.loads(client.get("/api/v1/most-read/?window=month").content)["results"][0]["id"] == public.pk
