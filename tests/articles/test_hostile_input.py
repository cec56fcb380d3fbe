"""Cross-site scripting vectors through every way text gets in: the admin and imports.

The vectors are data, in ``fixtures/xss-vectors.json``: the OWASP XSS Filter Evasion Cheat Sheet
(https://cheatsheetseries.owasp.org/cheatsheets/XSS_Filter_Evasion_Cheat_Sheet.html) and
vectors of the kinds PortSwigger's cheat sheet lists
(https://portswigger.net/web-security/cross-site-scripting/cheat-sheet). Rich text must come
out of the one sanitiser with nothing that runs; plain text (headlines, decks, captions…) is
stored as typed and must be escaped wherever a page prints it. Whether anything runs in a
real browser is checked in ``tests/browser/test_hostile_input.py``.
"""

import io
import json
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils.html import escape
from markupsafe import escape as jinja_escape

from articles.models import Article, Status
from newsroom.sanitiser import ALLOWED_ATTRIBUTES, ALLOWED_TAGS, URL_SCHEMES
from tests.factories import make_article, make_photo, make_section

pytestmark = pytest.mark.django_db

FIXTURE = Path(__file__).parent / "fixtures" / "xss-vectors.json"
GROUPS = json.loads(FIXTURE.read_text(encoding="utf-8"))["groups"]
VECTORS = [vector for group in GROUPS for vector in group["vectors"]]

ADD_STORY = reverse("admin:articles_article_add")
# Attributes the sanitiser itself adds or keeps on allowed tags.
SAFE_ATTRIBUTES = {"rel", "dir"}
NEVER_IN_RICH_TEXT = ("<script", "<svg", "<math", "<style", "<iframe", "<object", "<embed", "<img", "<meta",
                      "<link", "<base", "<form", "<input", "<button", "<template")


class MarkupAudit(HTMLParser):
    """Every tag and attribute in a piece of HTML that the allow-list should have removed."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.problems = []

    def handle_starttag(self, tag, attrs):
        if tag not in ALLOWED_TAGS:
            self.problems.append(f"<{tag}>")
        for name, value in attrs:
            if name.startswith("on") or name == "style":
                self.problems.append(f"<{tag} {name}=…>")
            elif name not in ALLOWED_ATTRIBUTES.get(tag, set()) | SAFE_ATTRIBUTES:
                self.problems.append(f"<{tag} {name}>")
            elif name == "href" and urlsplit((value or "").strip()).scheme.lower() not in URL_SCHEMES | {""}:
                self.problems.append(f"<{tag} href={value!r}>")


def assert_harmless(html, vector):
    lowered = html.lower()
    for marker in NEVER_IN_RICH_TEXT:
        assert marker not in lowered, f"{marker} kept from {vector!r}: {html!r}"
    audit = MarkupAudit()
    audit.feed(html)
    audit.close()
    assert audit.problems == [], f"{vector!r} became {html!r}"


def assert_printed_as_text(page, value, vector):
    if not value:
        return
    # The admin's templates (Django's) and the public pages' (Jinja2) write quotes differently.
    escaped = {str(escape(value)), str(jinja_escape(value))}
    assert any(form in page for form in escaped), f"{value!r} is not on the page as text (from {vector!r})"
    if "<" in value:
        assert value not in page, f"{value!r} is on the page as markup"


def test_the_vector_list_is_large_and_names_its_sources():
    assert len(set(VECTORS)) >= 100
    assert all(group["source"].startswith("https://") for group in GROUPS)
    # Each family the sanitiser must remove is represented.
    for family in ("<script", "onerror", "javascript:", "data:", "<svg", "<math", "expression(", "style="):
        assert any(family in vector.lower() for vector in VECTORS), family


def story_form(vector, section):
    return {
        "headline_ar": vector[:255], "headline_fr": vector[:255], "headline_en": "",
        "slug_ar": "", "slug_fr": "", "slug_en": "",
        "deck_ar": vector[:400], "deck_fr": "", "deck_en": "",
        "lead_ar": vector, "lead_fr": "", "lead_en": "",
        "body_ar": vector, "body_fr": f"<p>{vector}</p>", "body_en": "",
        "photo": "", "tags": "", "byline": vector[:200], "section": section.pk,
        "status": Status.PUBLISHED, "published_at_0": "", "published_at_1": "", "front_page_position": "0",
    }


def test_every_vector_typed_into_the_admin_is_stored_harmless_and_printed_as_text(editor_client, client):
    section = make_section("منوعات")
    refused = 0
    for vector in VECTORS:
        before = Article.objects.count()
        response = editor_client.post(ADD_STORY, story_form(vector, section))
        if response.status_code == 200:
            # Refused by the form (a NUL character): nothing written.
            assert response.context["adminform"].form.errors, vector
            assert Article.objects.count() == before
            refused += 1
            continue
        assert response.status_code == 302, vector
        story = Article.objects.latest("pk")
        for body in (story.body_ar, story.body_fr):
            assert_harmless(body, vector)

        page = client.get(story.get_absolute_url(), follow=True).content.decode()
        assert_harmless(page.split('<div class="story__body">', 1)[1].split("</div>", 1)[0], vector)
        for value in (story.headline_ar, story.deck_ar, story.lead_ar, story.byline):
            assert_printed_as_text(page, value, vector)
        french = client.get("/fr" + story.get_absolute_url(), follow=True).content.decode()
        assert_printed_as_text(french, story.headline_fr, vector)
    assert refused <= 2, "only vectors holding a NUL character may be refused"

    # The admin's own lists print the same text as text.
    changelist = editor_client.get(reverse("admin:articles_article_changelist") + "?all=").content.decode()
    for story in Article.objects.all()[:100]:
        assert_printed_as_text(changelist, story.headline_ar, story.headline_ar)


def test_every_vector_as_a_photo_caption_credit_and_description_is_printed_as_text(editor_client, client):
    photo = make_photo()
    story_url = make_article("صورة اليوم", photo=photo).get_absolute_url()
    change = reverse("admin:photos_photo_change", args=[photo.pk])
    for vector in VECTORS:
        form = {
            "title_ar": vector[:255] or "x", "caption_ar": vector[:400], "alt_text_ar": vector[:400],
            "credit": vector[:200], "focal_x": "0.5", "focal_y": "0.5",
        }
        response = editor_client.post(change, form)
        if response.status_code == 200:
            assert "\x00" in vector, vector
            continue
        assert response.status_code == 302, vector
        photo.refresh_from_db()
        page = client.get(story_url).content.decode()
        for value in (photo.caption_ar, photo.alt_text_ar, photo.credit):
            assert_printed_as_text(page, value, vector)


def test_every_vector_in_an_ndjson_import_is_stored_harmless_and_printed_as_text(tmp_path, client):
    records = [
        {
            "id": f"xss-{number}", "headline": vector[:255] or "x", "deck": vector[:400], "lead": vector,
            "body": vector, "byline": vector[:200], "section": "منوعات", "status": "published",
            "published_at": "2024-05-01 10:00", "translations": {"fr": {"headline": vector[:255], "body": vector}},
        }
        for number, vector in enumerate(VECTORS)
    ]
    path = tmp_path / "hostile.ndjson"
    path.write_text("\n".join(json.dumps(record, ensure_ascii=False) for record in records), encoding="utf-8")
    errors = io.StringIO()
    try:
        call_command("import_articles", str(path), "--skip-errors", stdout=io.StringIO(), stderr=errors)
    except CommandError:
        # PostgreSQL cannot store a NUL character: that record, and only that one, is reported.
        failures = errors.getvalue().strip().splitlines()
        assert failures and all("NUL" in failure for failure in failures), failures

    stored = {story.external_id: story for story in Article.objects.all()}
    for number, vector in enumerate(VECTORS):
        story = stored.get(f"xss-{number}")
        if story is None:
            assert "\x00" in vector, f"{vector!r} was not imported"
            continue
        for body in (story.body_ar, story.body_fr):
            assert_harmless(body, vector)
        page = client.get(story.get_absolute_url(), follow=True).content.decode()
        for value in (story.headline_ar, story.deck_ar, story.lead_ar, story.byline):
            assert_printed_as_text(page, value, vector)


def test_an_import_reads_no_image_outside_its_bundle(tmp_path):
    bundle = tmp_path / "bundle"
    bundle.mkdir()
    secret = tmp_path / "secret.jpg"
    secret.write_bytes(b"\xff\xd8\xff not for the site")
    (bundle / "link.jpg").symlink_to(secret)
    for number, image in enumerate([str(secret), "../secret.jpg", "link.jpg", "/etc/passwd", "./../bundle/../secret.jpg"]):
        path = bundle / f"story-{number}.ndjson"
        path.write_text(json.dumps({"id": f"s{number}", "headline": "خبر", "image": image}), encoding="utf-8")
        errors = io.StringIO()
        with pytest.raises(CommandError):
            call_command("import_articles", str(path), stdout=io.StringIO(), stderr=errors)
        assert "is not in the bundle" in errors.getvalue(), image
    assert not Article.objects.exists()
