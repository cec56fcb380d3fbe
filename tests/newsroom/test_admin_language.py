"""The admin speaks the language of its address, all of it: Arabic at /admin/, French at /fr/admin/, English at /en/admin/.

Two promises. Every admin page a person of each role can open (the home page, each registered
model's list, add, change, delete and history pages, the story's versions, the readership page,
the photo library, password change, login, logout, the lockout refusal) shows no English on an
Arabic or French page: Django's and the dependencies' strings included, whose own catalogues
lack some (ours, in ``LOCALE_PATHS``, take precedence over theirs). And the project's catalogues
have no entry left untranslated or marked fuzzy, French and Arabic translate the same strings,
and the compiled ``.mo`` files are what their ``.po`` sources say.

Strings written by JavaScript (the calendar and clock, the selector of permissions, the body
editor's dialogs) are walked in Chromium: tests/browser/test_admin_checks.py.
"""

import ast
import gettext
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
import reversion
from django.contrib import admin
from django.contrib.auth.models import Group, User
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone, translation

from tests.factories import make_article, make_author, make_photo, make_section, make_staff

LOCALE = Path(__file__).resolve().parents[2] / "locale"
PASSWORD = "a-long-test-password"
ROLES = ["Reporter", "Editor", "Chief editor", "superuser"]
LANGUAGES = ["ar", "fr", "en"]
# English is the admin's source language: no fragment can give an untranslated string away there,
# so its walk only proves each page opens in English, and the superuser's walk opens them all.
WALKS = [(role, language) for role in ROLES for language in ("ar", "fr")] + [("superuser", "en")]

# English words and phrases Django's admin and its dependencies write. Each is matched as whole
# words and case-sensitively on the text a person sees (an Arabic or French page's own words
# never match; a lowercase username or an address cannot look like "Add ").
ENGLISH_FRAGMENTS = [
    "Save and", "Save", "Delete", "History", "Filter", "Search", "Note: You are", "hour ahead", "hours ahead",
    "hour behind", "Enter times in", "Select", "to change", "to view", "Add", "Change", "View", "Today", "Now",
    "Choose", "Clear", "Show", "Hide", "Yes", "No", "Unknown", "All", "By", "Action", "Go", "Run", "selected",
    "Log out", "Logout", "Log in", "Welcome", "Password", "Account locked", "Home", "Recent actions", "My actions",
    "None available", "Date/time", "User", "Comment", "Revert", "Recover", "Username", "Remove", "Are you sure",
    "Summary", "Objects", "Pagination", "Previous", "Next", "results", "total", "entries", "Authentication",
    "Authorization", "Groups", "Users", "Permissions", "Staff status", "Active", "Superuser", "Last login",
    "Date joined", "Personal info", "Important dates", "First name", "Last name", "Email address", "Name",
    "Close", "Cancel", "Insert", "Update", "Caption", "Title", "Tags", "Tag", "Slug", "Required", "Optional",
    "This field", "Please", "Thanks", "Toggle", "Skip to main content", "Breadcrumbs", "Sidebar", "Start typing",
    "Views", "Readership", "Story", "Stories", "Photo library", "Upload", "Status", "Published", "Draft",
    "Live", "readers", "Type", "time",
]
# The same word in French: it is French on a French page, not an untranslated one.
SAME_IN_FRENCH = {"Type", "Action", "Date/time", "Pagination", "Tags", "Tag", "Photo", "Permissions", "Tags", "Upload"}
FRAGMENT = {
    language: re.compile(
        r"(?<![\w-])(" + "|".join(re.escape(fragment) for fragment in fragments) + r")(?![\w-])"
    )
    for language, fragments in {
        "ar": ENGLISH_FRAGMENTS,
        "fr": [fragment for fragment in ENGLISH_FRAGMENTS if fragment not in SAME_IN_FRENCH],
    }.items()
}
# What a page may show in English on purpose: each language's own name in the language menu,
# and the names of things that are names.
NOT_INTERFACE = re.compile(r"\bEnglish\b|\bFrançais\b|\bDjango\b|\bTiptap\b|\bNewsroom\b")


class VisibleText(HTMLParser):
    """The words a person meets on a page: text outside scripts and styles, and the attributes read out or shown."""

    HIDDEN = {"script", "style", "template", "noscript"}
    SHOWN_ATTRIBUTES = {"title", "placeholder", "aria-label", "alt", "aria-description", "data-confirm"}

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.pieces = []
        self.skipping = 0

    def handle_starttag(self, tag, attrs):
        if tag in self.HIDDEN:
            self.skipping += 1
        attributes = dict(attrs)
        for name, value in attributes.items():
            if value and name in self.SHOWN_ATTRIBUTES:
                self.pieces.append(value)
        # A button's words are its value.
        if tag == "input" and attributes.get("type") in {"submit", "button", "reset"} and attributes.get("value"):
            self.pieces.append(attributes["value"])

    def handle_endtag(self, tag):
        if tag in self.HIDDEN and self.skipping:
            self.skipping -= 1

    def handle_data(self, data):
        if not self.skipping and data.strip():
            self.pieces.append(data.strip())


def visible_text(html):
    parser = VisibleText()
    parser.feed(html)
    return NOT_INTERFACE.sub(" ", "\n".join(parser.pieces))


def english_on(html, language):
    """Each untranslated fragment on the page with the line it stands in."""
    if language not in FRAGMENT:
        return []
    found = []
    for line in visible_text(html).splitlines():
        for match in FRAGMENT[language].finditer(line):
            found.append(f"{match.group(1)!r} in {line.strip()[:120]!r}")
    return found


# The pages -------------------------------------------------------------------------------------


def one_of_each_registered_model():
    """One object of every model the admin shows, with the story's history in versions."""
    from axes.models import AccessAttempt, AccessFailureLog, AccessLog
    from taggit.models import Tag

    from articles.models import Article
    from photos.models import Photo
    from popularity.models import HourlyViews
    from taxonomy.models import Author, Section

    section = make_section("وطني")
    author = make_author("سليمة بن علي")
    photo = make_photo()
    with reversion.create_revision():
        story = make_article("الحكومة تعلن خطة جديدة للنقل", section=section, photo=photo, authors=[author],
                             tags=["النقل"], deck_ar="خطة لخمس سنوات")
    with reversion.create_revision():
        story.headline_ar = "الحكومة تعلن خطة جديدة للنقل الحضري"
        story.save()
    with reversion.create_revision():
        gone = make_article("خبر حذف من الموقع")
    gone.delete()
    # A row of its own: beside Redis (CI's second run) counted views stay in Redis until flushed.
    HourlyViews.objects.create(article=story, hour=timezone.now().replace(minute=0, second=0, microsecond=0), views=3)
    visitor = {"user_agent": "Mozilla/5.0", "ip_address": "192.0.2.7", "username": "samir", "http_accept": "text/html",
               "path_info": "/admin/login/"}
    made = {
        Article: story,
        Photo: photo,
        Section: section,
        Author: author,
        Tag: Tag.objects.get(name="النقل"),
        HourlyViews: HourlyViews.objects.first(),
        User: make_staff("nadia", "Reporter"),
        Group: Group.objects.get(name="Editor"),
        AccessAttempt: AccessAttempt.objects.create(**visitor, get_data="", post_data="", failures_since_start=2),
        AccessLog: AccessLog.objects.create(**visitor),
        AccessFailureLog: AccessFailureLog.objects.create(**visitor),
    }
    missing = [model._meta.label for model in admin.site._registry if made.get(model) is None]
    assert not missing, f"the walk makes no object for {missing}: add one here"
    return made


def as_request(user):
    request = RequestFactory().get("/admin/")
    request.user = user
    return request


def pages_of(user, objects, story_versions, deleted_version):
    """(name, address) of every admin page ``user`` can reach, in the current language."""
    request = as_request(user)
    pages = [("home", reverse("admin:index")), ("password change", reverse("admin:password_change")),
             ("password changed", reverse("admin:password_change_done"))]
    app_labels = set()
    for model, model_admin in admin.site._registry.items():
        obj = objects[model]
        info = f"admin:{model._meta.app_label}_{model._meta.model_name}"
        label = model._meta.label
        if model_admin.has_view_or_change_permission(request):
            app_labels.add(model._meta.app_label)
            pages.append((f"{label} list", reverse(f"{info}_changelist")))
        if model_admin.has_add_permission(request):
            pages.append((f"{label} add", reverse(f"{info}_add")))
        if model_admin.has_view_or_change_permission(request, obj):
            pages.append((f"{label} change", reverse(f"{info}_change", args=[obj.pk])))
            pages.append((f"{label} history", reverse(f"{info}_history", args=[obj.pk])))
        if model_admin.has_delete_permission(request, obj):
            pages.append((f"{label} delete", reverse(f"{info}_delete", args=[obj.pk])))
    pages += [(f"{app} app", reverse("admin:app_list", args=[app])) for app in sorted(app_labels)]

    story = objects[next(model for model in objects if model._meta.label == "articles.Article")]
    story_admin = admin.site._registry[type(story)]
    newer, older = story_versions
    if story_admin.has_view_or_change_permission(request, story):
        pages.append(("story versions compared", reverse("admin:articles_article_compare", args=[story.pk])
                      + f"?from={older.pk}&to={newer.pk}"))
    # An old version is opened to restore it: only by who may change the story.
    if story_admin.has_change_permission(request, story):
        pages.append(("story old version", reverse("admin:articles_article_revision", args=[story.pk, older.pk])))
    if story_admin.has_add_permission(request) and story_admin.has_change_permission(request):
        pages += [
            ("deleted stories", reverse("admin:articles_article_recoverlist")),
            ("deleted story", reverse("admin:articles_article_recover", args=[deleted_version.pk])),
        ]
    readership = admin.site._registry[type(objects[next(m for m in objects if m._meta.label == "popularity.HourlyViews")])]
    if readership.has_view_permission(request):
        pages.append(("readership of a story", reverse("admin:popularity_hourlyviews_changelist") + f"?article={story.pk}"))
    if user.has_perm("auth.change_user"):
        pages.append(("password of another", reverse("admin:auth_user_password_change", args=[objects[User].pk])))
    return pages


def log_in_as(client, role):
    if role == "superuser":
        user = User.objects.create_superuser("root", "root@example.org", PASSWORD)
    else:
        user = make_staff({"Reporter": "samir", "Editor": "hind", "Chief editor": "karima"}[role], role)
    client.force_login(user)
    return user


def check_page(client, name, address, language, problems, expected_status=200):
    response = client.get(address)
    if response.status_code != expected_status:
        problems.append(f"{name} ({address}) answered {response.status_code}")
        return
    html = response.content.decode()
    declared = re.search(r"<html[^>]*\blang=\"([^\"]+)\"", html)
    if declared and declared.group(1) != language:
        problems.append(f"{name} ({address}) declares lang={declared.group(1)}")
    problems.extend(f"{name} ({address}): {found}" for found in english_on(html, language))


@pytest.mark.django_db
@pytest.mark.parametrize(("role", "language"), WALKS)
def test_every_admin_page_a_role_can_open_is_wholly_in_the_language_of_its_address(client, role, language):
    from reversion.models import Version

    objects = one_of_each_registered_model()
    story = objects[next(model for model in objects if model._meta.label == "articles.Article")]
    story_versions = list(Version.objects.get_for_object(story)[:2])
    deleted_version = Version.objects.get_deleted(type(story)).first()
    user = log_in_as(client, role)
    problems = []
    with translation.override(language):
        pages = pages_of(user, objects, story_versions, deleted_version)
    assert len(pages) > 10, pages
    for name, address in pages:
        check_page(client, name, address, language, problems)
    assert not problems, f"{len(problems)} untranslated strings or broken pages:\n" + "\n".join(problems)


@pytest.mark.django_db
@pytest.mark.parametrize("language", LANGUAGES)
def test_the_login_logout_and_lockout_pages_are_in_the_language_of_their_address(client, settings, language):
    user = make_staff("samir", "Reporter")
    problems = []
    with translation.override(language):
        login, logout, index = reverse("admin:login"), reverse("admin:logout"), reverse("admin:index")
    check_page(client, "login", login + f"?next={index}", language, problems)
    # A wrong password shows the form's refusal.
    response = client.post(login, {"username": user.username, "password": "wrong", "next": index})
    problems.extend(f"wrong password: {found}" for found in english_on(response.content.decode(), language))
    client.force_login(user)
    response = client.post(logout)
    problems.extend(f"logged out: {found}" for found in english_on(response.content.decode(), language))
    # The throttle's refusal, after as many failures as it allows.
    for _attempt in range(settings.AXES_FAILURE_LIMIT):
        response = client.post(login, {"username": user.username, "password": "wrong", "next": index})
    assert response.status_code == 429, response.status_code
    problems.extend(f"locked out: {found}" for found in english_on(response.content.decode(), language))
    assert not problems, "\n".join(problems)


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["ar", "fr"])
def test_a_refused_story_form_explains_itself_in_the_language_of_its_address(client, language):
    log_in_as(client, "Editor")
    with translation.override(language):
        address = reverse("admin:articles_article_add")
    response = client.post(address, {"_save": "1"})
    assert response.status_code == 200
    assert 'class="errornote"' in response.content.decode()
    assert english_on(response.content.decode(), language) == []


def test_the_walk_sees_english_left_in_an_arabic_page():
    page = '<p>تم الحفظ</p><input type="submit" value="Save and add another"><script>var Go = 1;</script>'
    assert english_on(page, "ar") == ["'Save and' in 'Save and add another'"]
    assert english_on('<button title="Show counts">·</button><p>English</p>', "fr") == ["'Show' in 'Show counts'"]
    assert english_on("<p>Action</p>", "fr") == []


# The catalogues ---------------------------------------------------------------------------------


class Entry:
    def __init__(self, path, line):
        self.path, self.line = path, line
        self.context = self.msgid = self.plural = None
        self.msgstr = {}
        self.flags = set()

    @property
    def where(self):
        return f"{self.path.relative_to(LOCALE.parent)}:{self.line}"


KEYWORD = re.compile(r"^(msgctxt|msgid_plural|msgid|msgstr(?:\[(\d+)\])?)\s+(\".*\")$")
ATTRIBUTE = {"msgctxt": "context", "msgid": "msgid", "msgid_plural": "plural"}


def read_catalogue(path):
    """The entries of a .po file, header included; obsolete (``#~``) ones left out.

    Entries are separated by blank lines, as makemessages, msgmerge and msgcat write them.
    """
    entries = []
    source = path.read_text(encoding="utf-8")
    for block in re.finditer(r"(?:^[^\S\n]*\S.*(?:\n|$))+", source, re.MULTILINE):
        entry, field = Entry(path, source.count("\n", 0, block.start()) + 1), None
        for raw in block.group().splitlines():
            text = raw.strip()
            if text.startswith("#,"):
                entry.flags |= {flag.strip() for flag in text[2:].split(",")}
            elif text.startswith("#"):
                continue
            elif text.startswith('"') and field is not None:
                piece = ast.literal_eval(text)
                if isinstance(field, int):
                    entry.msgstr[field] += piece
                else:
                    setattr(entry, field, getattr(entry, field) + piece)
            elif match := KEYWORD.match(text):
                keyword, index, quoted = match.groups()
                if keyword.startswith("msgstr"):
                    field = int(index or 0)
                    entry.msgstr[field] = ast.literal_eval(quoted)
                else:
                    field = ATTRIBUTE[keyword]
                    setattr(entry, field, ast.literal_eval(quoted))
            else:
                raise ValueError(f"{path}:{entry.line}: cannot read {raw!r}")
        if entry.msgid is not None:
            entries.append(entry)
    return entries


# Only the catalogues Django reads: other files beside them (a helper's pending-*.po, waiting to
# be merged) are drafts, not what a page shows.
CATALOGUES = sorted(path for domain in ("django", "djangojs") for path in LOCALE.glob(f"*/LC_MESSAGES/{domain}.po"))


def test_the_catalogue_reader_reads_contexts_plurals_flags_and_continued_lines(tmp_path):
    source = tmp_path / "django.po"
    source.write_text(
        'msgid ""\nmsgstr ""\n"Language: ar\\n"\n\n#: a.py:1\n#, fuzzy, python-format\nmsgctxt "month"\nmsgid "May"\n'
        'msgstr "مايو"\n\nmsgid ""\n"one %s "\n"line"\nmsgid_plural "lines"\nmsgstr[0] ""\nmsgstr[1] "سطر \\"x\\""\n\n'
        '#~ msgid "old"\n#~ msgstr ""\n',
        encoding="utf-8",
    )
    header, month, lines = read_catalogue(source)
    assert (header.msgid, header.msgstr) == ("", {0: "Language: ar\n"})
    assert (month.context, month.msgid, month.msgstr, "fuzzy" in month.flags) == ("month", "May", {0: "مايو"}, True)
    assert (lines.msgid, lines.plural, lines.msgstr, lines.flags) == ("one %s line", "lines", {0: "", 1: 'سطر "x"'}, set())


@pytest.mark.parametrize("path", CATALOGUES, ids=lambda path: f"{path.parts[-3]}/{path.name}")
def test_no_string_in_the_catalogues_is_left_untranslated_or_fuzzy(path):
    problems = []
    for entry in read_catalogue(path):
        if entry.msgid == "":
            continue
        if "fuzzy" in entry.flags:
            problems.append(f"{entry.where}: fuzzy: {entry.msgid!r}")
        if not entry.msgstr or not all(entry.msgstr.values()):
            problems.append(f"{entry.where}: untranslated: {entry.msgid!r}")
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("domain", ["django", "djangojs"])
def test_french_and_arabic_translate_the_same_strings(domain):
    # French falls back to Arabic (the site's first language), so a string only Arabic has
    # reaches a French page in Arabic, where no English fragment would give it away.
    def keys(language):
        return {(entry.context, entry.msgid) for entry in read_catalogue(LOCALE / language / "LC_MESSAGES" / f"{domain}.po")}

    arabic, french = keys("ar"), keys("fr")
    assert sorted(arabic - french, key=str) == [], "translated into Arabic only"
    assert sorted(french - arabic, key=str) == [], "translated into French only"


@pytest.mark.parametrize("path", CATALOGUES, ids=lambda path: f"{path.parts[-3]}/{path.name}")
def test_the_compiled_catalogues_say_what_their_sources_say(path):
    compiled = path.with_suffix(".mo")
    assert compiled.is_file(), f"{compiled} is missing: run manage.py compilemessages"
    with compiled.open("rb") as file:
        catalogue = gettext.GNUTranslations(file)._catalog
    stale = []
    for entry in read_catalogue(path):
        if not entry.msgid or "fuzzy" in entry.flags:
            continue
        key = entry.msgid if entry.context is None else f"{entry.context}\x04{entry.msgid}"
        if entry.plural is None:
            if catalogue.get(key) != entry.msgstr.get(0):
                stale.append(entry.where)
        elif any(catalogue.get((key, index)) != text for index, text in entry.msgstr.items()):
            stale.append(entry.where)
    assert not stale, f"{compiled.name} is older than its source at {stale[:10]}: run manage.py compilemessages"


def test_our_catalogue_is_read_before_the_ones_django_and_its_dependencies_ship():
    # Django 6.1 added "Run" to the admin's action bar; its Arabic catalogue has no word for it.
    with translation.override("ar"):
        assert translation.gettext("Run") != "Run"
