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
from PIL import Image

from articles.models import Article, Status
from newsroom.bodyblocks import EMBED, PHOTO, PULL_QUOTE, STORY
from newsroom.sanitiser import ALLOWED_ATTRIBUTES, ALLOWED_TAGS, URL_SCHEMES, sanitise_html
from photos.models import Photo
from tests.factories import make_article, make_photo, make_section

pytestmark = pytest.mark.django_db

FIXTURE = Path(__file__).parent / "fixtures" / "xss-vectors.json"
GROUPS = json.loads(FIXTURE.read_text(encoding="utf-8"))["groups"]
VECTORS = [vector for group in GROUPS for vector in group["vectors"]]
# Aimed at the body's constructs (newsroom/bodyblocks.py) and tables; "{photo}" and "{story}" stand
# for a real photo and a real public story, so the constructs holding them are drawn on the page.
CONSTRUCT_FIXTURE = Path(__file__).parent / "fixtures" / "xss-construct-vectors.json"
CONSTRUCT_GROUPS = json.loads(CONSTRUCT_FIXTURE.read_text(encoding="utf-8"))["groups"]
CONSTRUCT_VECTORS = [vector for group in CONSTRUCT_GROUPS for vector in group["vectors"]]

ADD_STORY = reverse("admin:articles_article_add")
# Attributes the sanitiser itself adds or keeps on allowed tags.
SAFE_ATTRIBUTES = {"rel", "dir"}
NEVER_IN_RICH_TEXT = ("<script", "<svg", "<math", "<style", "<iframe", "<object", "<embed", "<img", "<meta",
                      "<link", "<base", "<form", "<input", "<button", "<template")


VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}
STORY_BODY = "story__body"


class Audit(HTMLParser):
    """Looks at every tag of a piece of HTML, or of a page only inside the element of class ``within``."""

    def __init__(self, within=None):
        super().__init__(convert_charrefs=True)
        self.problems = []
        self.within = within
        self.depth = 0 if within else 1
        self.seen = within is None

    def handle_starttag(self, tag, attrs):
        if self.within and not self.depth:
            if self.within in (dict(attrs).get("class") or "").split():
                self.depth, self.seen = 1, True
            return
        if self.within and tag not in VOID:
            self.depth += 1
        self.audit(tag, attrs)

    def handle_startendtag(self, tag, attrs):
        if self.depth:
            self.audit(tag, attrs)

    def handle_endtag(self, tag):
        if self.within and self.depth and tag not in VOID:
            self.depth -= 1

    def audit(self, tag, attrs):
        raise NotImplementedError


class MarkupAudit(Audit):
    """Every tag and attribute that the allow-list should have removed."""

    def audit(self, tag, attrs):
        if tag not in ALLOWED_TAGS:
            self.problems.append(f"<{tag}>")
        for name, value in attrs:
            if name.startswith("on") or name == "style":
                self.problems.append(f"<{tag} {name}=…>")
            elif name not in ALLOWED_ATTRIBUTES.get(tag, set()) | SAFE_ATTRIBUTES:
                self.problems.append(f"<{tag} {name}>")
            elif name == "href" and urlsplit((value or "").strip()).scheme.lower() not in URL_SCHEMES | {""}:
                self.problems.append(f"<{tag} href={value!r}>")


# Tags that run something or load it, whoever wrote them.
RUNNABLE_TAGS = {"script", "iframe", "frame", "object", "embed", "applet", "svg", "math", "style", "link", "meta",
                 "base", "form", "template", "portal"}
URL_ATTRIBUTES = {"href", "src", "action", "formaction", "poster", "background", "cite", "data", "xlink:href", "ping"}
SAFE_SCHEMES = {"http", "https", "mailto", "tel", ""}


class RunnableAudit(Audit):
    """What could run or load in a browser: the site's own drawing of the constructs may use any
    markup it likes (pictures, buttons) but none of these."""

    def audit(self, tag, attrs):
        if tag in RUNNABLE_TAGS:
            self.problems.append(f"<{tag}>")
        for name, value in attrs:
            value = (value or "").strip()
            if name.startswith("on") or name == "srcdoc":
                self.problems.append(f"<{tag} {name}=…>")
            srcset = name.endswith("srcset")
            addresses = [part.split()[0] for part in value.split(",") if part.strip()] if srcset else [value]
            # Addresses kept for a script to load later (data-frame-src) count as addresses too.
            if name in URL_ATTRIBUTES or srcset or (name.startswith("data-") and name.endswith(("src", "href", "url"))):
                for address in addresses:
                    scheme = urlsplit(address).scheme.lower() if ":" in address else ""
                    if scheme not in SAFE_SCHEMES:
                        self.problems.append(f"<{tag} {name}={value!r}>")


def audited(audit, html):
    audit.feed(html)
    audit.close()
    assert audit.seen, f"no element of class {audit.within!r}"
    return audit.problems


def assert_harmless(html, vector):
    lowered = html.lower()
    for marker in NEVER_IN_RICH_TEXT:
        assert marker not in lowered, f"{marker} kept from {vector!r}: {html!r}"
    assert audited(MarkupAudit(), html) == [], f"{vector!r} became {html!r}"


def assert_stored_as_constructs(body, vector):
    """Every construct marker in a stored body belongs to a construct in its one stored form."""
    assert sanitise_html(body) == body, f"{vector!r} was stored as {body!r}, which another pass changes"
    for marker, pattern in (("data-photo=", PHOTO), ("data-embed=", EMBED), ("data-pullquote=", PULL_QUOTE),
                            ("data-story=", STORY)):
        assert body.count(marker) == len(pattern.findall(body)), f"{vector!r} became {body!r}"


def assert_printed_as_text(page, value, vector):
    if not value:
        return
    # Runs of the other script are isolated with <bdi> marks the site adds itself.
    page = page.replace("<bdi>", "").replace("</bdi>", "")
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
        assert audited(MarkupAudit(within=STORY_BODY), page) == [], vector
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


def test_the_construct_vectors_aim_at_every_construct_and_at_tables():
    assert len(set(CONSTRUCT_VECTORS)) >= 50
    for target in ("data-photo", "figcaption", "data-embed-id", "data-pullquote", "data-story", "<td", "<iframe"):
        assert sum(target in vector for vector in CONSTRUCT_VECTORS) >= 3, target


def with_real_ids(vector, photo, story):
    return vector.replace("{photo}", str(photo.pk)).replace("{story}", str(story.pk))


def assert_nothing_runs_in_the_story_body(client, story, vector):
    page = client.get(story.get_absolute_url(), follow=True)
    assert page.status_code == 200, vector
    assert audited(RunnableAudit(within=STORY_BODY), page.content.decode()) == [], vector


def test_every_construct_vector_typed_into_the_admin_is_stored_as_constructs_and_nothing_runs(editor_client, client):
    section = make_section("منوعات")
    photo = make_photo(caption_ar="صورة من المكتبة")
    card = make_article("خبر تشير إليه البطاقة", section=section)
    for vector in CONSTRUCT_VECTORS:
        vector = with_real_ids(vector, photo, card)
        response = editor_client.post(ADD_STORY, story_form(vector, section))
        assert response.status_code == 302, vector
        story = Article.objects.latest("pk")
        for body in (story.body_ar, story.body_fr):
            assert_harmless(body, vector)
            assert_stored_as_constructs(body, vector)
        assert_nothing_runs_in_the_story_body(client, story, vector)


def test_every_construct_vector_in_an_ndjson_import_is_stored_as_constructs_and_nothing_runs(tmp_path, client):
    photo = make_photo(caption_ar="صورة من المكتبة")
    card = make_article("خبر تشير إليه البطاقة")
    vectors = [with_real_ids(vector, photo, card) for vector in CONSTRUCT_VECTORS]
    records = [
        {"id": f"construct-{number}", "headline": "خبر", "body": vector, "section": "منوعات", "status": "published",
         "published_at": "2024-05-01 10:00", "translations": {"fr": {"headline": "Article", "body": vector}}}
        for number, vector in enumerate(vectors)
    ]
    path = tmp_path / "hostile.ndjson"
    path.write_text("\n".join(json.dumps(record, ensure_ascii=False) for record in records), encoding="utf-8")
    call_command("import_articles", str(path), stdout=io.StringIO())

    for number, vector in enumerate(vectors):
        story = Article.objects.get(external_id=f"construct-{number}")
        for body in (story.body_ar, story.body_fr):
            assert_harmless(body, vector)
            assert_stored_as_constructs(body, vector)
        assert_nothing_runs_in_the_story_body(client, story, vector)


def test_constructs_kept_from_the_vectors_hold_only_their_plain_text():
    caption = '<figure data-photo="3"><figcaption>"><script>alert(1)</script>تعليق</figcaption></figure>'
    assert sanitise_html(caption) == '<figure data-photo="3"><figcaption>"&gt;تعليق</figcaption></figure>'
    quote = sanitise_html(
        '<figure data-pullquote="" dir="ltr" onmouseover="alert(1)"><blockquote>Citation</blockquote>'
        '<figcaption><a href="javascript:alert(1)">Le ministre</a></figcaption></figure>'
    )
    assert quote == (
        '<figure data-pullquote="" dir="ltr"><blockquote>Citation</blockquote>'
        "<figcaption>Le ministre</figcaption></figure>"
    )


WORDPRESS_VECTORS = [
    "[embed]javascript:alert(1)[/embed]",
    "[embed]https://www.youtube.com/watch?v=dQw4w9WgXcQ\" onload=\"alert(1)[/embed]",
    "[embed]https://youtube.com.evil.example/watch?v=dQw4w9WgXcQ[/embed]",
    "javascript:alert(1)//https://www.youtube.com/watch?v=dQw4w9WgXcQ",
    (
        '[caption id="attachment_1"]<img src="https://old.example.dz/wp-content/uploads/photo.jpg" onerror="alert(1)">'
        '"><script>alert(1)</script><svg onload=alert(1)>تعليق[/caption]'
    ),
    '[caption caption="&lt;img src=x onerror=alert(1)&gt;"]<img src="https://old.example.dz/uploads/photo.jpg">[/caption]',
    '<img src="https://old.example.dz/uploads/photo.jpg" alt="&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;">',
    '<iframe src="javascript:alert(1)"></iframe>',
    (
        '<iframe src="https://www.youtube.com/embed/dQw4w9WgXcQ" onload="alert(1)" '
        'srcdoc="<script>alert(1)</script>"></iframe>'
    ),
    (
        '<figure class="wp-block-embed"><div class="wp-block-embed__wrapper">https://x.com/a/status/1</div>'
        '<figcaption><img src=x onerror=alert(1)></figcaption></figure>'
    ),
    (
        '<figure class="wp-block-image"><img src="https://old.example.dz/uploads/photo.jpg"/>'
        '<figcaption><a href="javascript:alert(1)">تعليق</a><script>alert(1)</script></figcaption></figure>'
    ),
]


def test_every_construct_vector_in_a_wordpress_import_is_stored_harmless_and_nothing_runs(tmp_path, client):
    uploads = tmp_path / "uploads"
    uploads.mkdir()
    Image.new("RGB", (64, 40), (20, 120, 60)).save(uploads / "photo.jpg", "JPEG")
    vectors = [*CONSTRUCT_VECTORS, *WORDPRESS_VECTORS]
    items = "".join(
        f"""<item><title>خبر {number}</title><content:encoded><![CDATA[{vector}]]></content:encoded>
        <wp:post_id>{number + 1}</wp:post_id><wp:status>publish</wp:status><wp:post_type>post</wp:post_type></item>"""
        for number, vector in enumerate(vectors)
    )
    path = tmp_path / "export.xml"
    path.write_text(
        '<?xml version="1.0" encoding="UTF-8"?>\n<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/'
        f'content/" xmlns:wp="http://wordpress.org/export/1.2/"><channel>{items}</channel></rss>',
        encoding="utf-8",
    )
    call_command("import_articles", str(path), "--media", str(uploads), stdout=io.StringIO())

    for number, vector in enumerate(vectors):
        story = Article.objects.get(external_id=str(number + 1))
        assert_harmless(story.body_ar, vector)
        assert_stored_as_constructs(story.body_ar, vector)
        assert_nothing_runs_in_the_story_body(client, story, vector)
    # The old site's own figures are not taken for ours; its images are, once each.
    assert Photo.objects.count() == 1
    assert sum("data-photo" in story.body_ar for story in Article.objects.all()) == 4
