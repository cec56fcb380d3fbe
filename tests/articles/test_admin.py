import re
from datetime import datetime, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from articles.models import Article, Status
from tests.factories import make_article, make_author, make_photo, make_section, make_staff

pytestmark = pytest.mark.django_db

ADD_URL = reverse("admin:articles_article_add")
CHANGELIST_URL = reverse("admin:articles_article_changelist")


def story_form(**overrides):
    form = {
        "headline_ar": "الحكومة تعلن خطة جديدة للنقل الحضري",
        "headline_fr": "Le gouvernement annonce un plan de transport urbain",
        "headline_en": "",
        "slug_ar": "",
        "slug_fr": "",
        "slug_en": "",
        "deck_ar": "الخطة تشمل 12 ولاية",
        "deck_fr": "",
        "deck_en": "",
        "lead_ar": "وزير النقل يعرض التفاصيل",
        "lead_fr": "",
        "lead_en": "",
        "body_ar": '<p>أعلنت الحكومة اليوم خطة.</p><script>alert("x")</script>',
        "body_fr": "<p>Le gouvernement a annoncé un plan.</p>",
        "body_en": "",
        "photo": "",
        "tags": "النقل، الترامواي, قسنطينة",
        "byline": "",
        "status": Status.DRAFT,
        "published_at_0": "",
        "published_at_1": "",
        "front_page_position": "0",
    }
    form.update(overrides)
    return form


def test_admin_is_arabic_and_right_to_left(editor_client):
    page = editor_client.get(ADD_URL).content.decode()
    assert '<html lang="ar" dir="rtl">' in page
    assert "إضافة مقال" in page
    assert "العنوان الفرعي" in page


def test_translation_tabs_load_jquery_ui_from_our_static_files(editor_client):
    page = editor_client.get(ADD_URL).content.decode()
    assert re.search(r'<script src="/static/vendor/jquery-ui/jquery-ui\.min\.[0-9a-f]+\.js"', page)
    assert "googleapis" not in page and "//cdn" not in page


def field_tag(page, name):
    return re.search(rf'<(?:input|textarea)[^>]*name="{name}"[^>]*>', page).group(0)


def test_french_and_english_fields_are_left_to_right(editor_client):
    page = editor_client.get(ADD_URL).content.decode()
    for name in ("headline_fr", "headline_en", "deck_fr", "slug_ar", "slug_fr"):
        assert 'dir="ltr"' in field_tag(page, name), name
    assert 'dir="ltr"' not in field_tag(page, "headline_ar")


def test_editor_writes_a_story_then_publishes_it(editor_client, client, editor):
    section = make_section("وطني")
    author = make_author("أمينة سعدي")
    photo = make_photo(caption_ar="محطة الترامواي في قسنطينة", credit="تصوير: أمينة")
    form = story_form(section=section.pk, authors=[author.pk], photo=photo.pk)
    response = editor_client.post(ADD_URL, form)
    assert response.status_code == 302, response.content.decode()[:3000]

    article = Article.objects.get()
    assert article.slug == "الحكومة-تعلن-خطة-جديدة-للنقل-الحضري"
    assert article.headline_fr == "Le gouvernement annonce un plan de transport urbain"
    assert article.body_ar == "<p>أعلنت الحكومة اليوم خطة.</p>"
    assert sorted(article.tags.names()) == sorted(["النقل", "الترامواي", "قسنطينة"])
    assert article.photo == photo
    assert article.created_by == editor
    assert client.get(article.get_absolute_url()).status_code == 404
    assert article.headline_ar not in client.get("/").content.decode()

    response = editor_client.post(
        CHANGELIST_URL, {"action": "publish", "_selected_action": [article.pk]}, follow=True
    )
    assert "عدد المقالات المنشورة: 1." in response.content.decode()
    article.refresh_from_db()
    assert article.status == Status.PUBLISHED and article.published_at is not None

    home = client.get("/").content.decode()
    assert article.headline_ar in home
    page = client.get(article.get_absolute_url()).content.decode()
    for part in (article.headline_ar, "الخطة تشمل 12 ولاية", "وزير النقل يعرض التفاصيل", "أعلنت الحكومة اليوم خطة.",
                 "محطة الترامواي في قسنطينة", "تصوير: أمينة", "أمينة سعدي", 'rel="tag">قسنطينة</a>'):
        assert part in page, part
    french = client.get("/fr" + article.get_absolute_url(), follow=True).content.decode()
    assert "Le gouvernement annonce un plan de transport urbain" in french


def test_an_edit_form_shows_the_photo_itself_with_its_caption_and_credit(editor_client):
    photo = make_photo(caption_ar="محطة الترامواي في قسنطينة", credit="تصوير: أمينة")
    article = make_article(photo=photo)
    page = editor_client.get(reverse("admin:articles_article_change", args=[article.pk])).content.decode()
    card = re.search(r'<figure class="photo-field__card">.*?</figure>', page, re.S).group(0)
    assert photo.rendition("article")[0]["jpeg"] in card
    assert "محطة الترامواي في قسنطينة" in card and "تصوير: أمينة" in card
    # The number stays in the form, out of sight.
    assert re.search(rf'<input type="hidden" name="photo" value="{photo.pk}"', page)


def test_front_page_actions(editor_client):
    first, second = make_article("أول"), make_article("ثاني")
    editor_client.post(CHANGELIST_URL, {"action": "put_on_front_page", "_selected_action": [second.pk]})
    editor_client.post(CHANGELIST_URL, {"action": "put_on_front_page", "_selected_action": [first.pk]})
    assert list(Article.objects.front_page()) == [second, first]
    editor_client.post(CHANGELIST_URL, {"action": "take_off_front_page", "_selected_action": [second.pk]})
    assert list(Article.objects.front_page()) == [first]


def test_changelist_searches_arabic_headlines_and_filters_by_status(editor_client):
    make_article("انتخابات محلية في وهران")
    make_article("مباراة الكلاسيكو", status=Status.DRAFT)
    page = editor_client.get(CHANGELIST_URL, {"q": "وهران"}).content.decode()
    assert "انتخابات محلية في وهران" in page and "مباراة الكلاسيكو" not in page
    page = editor_client.get(CHANGELIST_URL, {"status__exact": "draft"}).content.decode()
    assert "مباراة الكلاسيكو" in page and "انتخابات محلية في وهران" not in page


def test_sections_and_authors_are_editable(editor_client):
    response = editor_client.post(
        reverse("admin:taxonomy_section_add"),
        {"name_ar": "اقتصاد", "name_fr": "Économie", "name_en": "", "slug": "", "description_ar": "",
         "description_fr": "", "description_en": "", "position": "3"},
    )
    assert response.status_code == 302
    response = editor_client.post(
        reverse("admin:taxonomy_author_add"),
        {"name_ar": "ياسين", "name_fr": "", "name_en": "", "slug": "", "bio_ar": "", "bio_fr": "", "bio_en": ""},
    )
    assert response.status_code == 302
    assert editor_client.get("/section/اقتصاد/").status_code == 200


@pytest.mark.parametrize("query", ["افريقيا", "إفريقيا", "أفْرِيقيا", "افـــريقيا"])
def test_admin_search_ignores_diacritics_tatweel_and_letter_variants(editor_client, query):
    make_article("قمّة إفريقيا في الجزائر")
    make_article("مباراة ودية")
    page = editor_client.get(CHANGELIST_URL, {"q": query}).content.decode()
    assert "قمّة إفريقيا في الجزائر" in page and "مباراة ودية" not in page


def test_admin_search_finds_body_text_and_story_numbers(editor_client):
    story = make_article("عنوان", body_ar="<p>مدرسة جديدة في تمنراست</p>")
    page = editor_client.get(CHANGELIST_URL, {"q": "مدرسه تمنراست"}).content.decode()
    assert f"/{story.pk}/change/" in page
    page = editor_client.get(CHANGELIST_URL, {"q": str(story.pk)}).content.decode()
    assert f"/{story.pk}/change/" in page


def test_tag_suggestions_match_arabic_variants(editor_client):
    make_article(tags=["الانتخابات الرئاسية", "الرياضة"])
    response = editor_client.get(reverse("admin:articles_article_tag_suggestions"), {"q": "انتخابات"})
    assert response.json() == {"tags": ["الانتخابات الرئاسية"]}


def test_email_and_url_fields_are_left_to_right_everywhere_in_the_admin(editor_client):
    page = editor_client.get(reverse("admin:auth_user_add")).content.decode()
    assert re.search(r'href="/static/admin-extra/admin\.[0-9a-f]+\.css"', page)


# The compose screen ---------------------------------------------------------------------------


@pytest.fixture
def reporter():
    return make_staff("samir", "Reporter")


@pytest.fixture
def as_reporter(client, reporter):
    client.force_login(reporter)
    return client


@pytest.fixture
def as_editor(client):
    client.force_login(make_staff("hind", "Editor"))
    return client


def change_url(article):
    return reverse("admin:articles_article_change", args=[article.pk])


def resubmitted(article, **overrides):
    """The change form as the browser posts it back, with ``overrides``."""
    form = story_form(headline_ar=article.headline_ar, status=article.status, loaded_version=str(article.version),
                      body_ar=article.body_ar, tags="")
    if article.published_at:
        local = timezone.localtime(article.published_at)
        form.update(published_at_0=local.strftime("%Y-%m-%d"), published_at_1=local.strftime("%H:%M:%S"))
    form.update(overrides)
    return form


def action_buttons(page):
    """The compose screen's own buttons, as (name, value, primary?)."""
    box = re.search(r'<div class="compose-actions">.*?</div>', page, re.S).group(0)
    buttons = re.findall(r'<button type="submit" name="(\w+)" value="(\w+)"\s+class="([^"]*)"', box)
    return [(name, value, "--primary" in classes) for name, value, classes in buttons]


def test_a_reporter_is_offered_save_draft_and_submit_for_review(as_reporter, reporter):
    assert action_buttons(as_reporter.get(ADD_URL).content.decode()) == [
        ("_continue", "1", False), ("_transition", "review", True)]
    draft = make_article(status=Status.DRAFT, created_by=reporter)
    assert action_buttons(as_reporter.get(change_url(draft)).content.decode()) == [
        ("_continue", "1", False), ("_transition", "review", True)]
    # Sent for review already: saving is the one thing left to do.
    in_review = make_article(status=Status.REVIEW, created_by=reporter)
    assert action_buttons(as_reporter.get(change_url(in_review)).content.decode()) == [("_continue", "1", True)]


def test_an_editor_is_offered_save_and_publish_or_schedule_when_the_time_is_ahead(as_editor):
    assert action_buttons(as_editor.get(ADD_URL).content.decode()) == [
        ("_continue", "1", False), ("_transition", "published", True)]
    later = make_article(status=Status.REVIEW, published_at=timezone.now() + timedelta(hours=3))
    assert action_buttons(as_editor.get(change_url(later)).content.decode()) == [
        ("_continue", "1", False), ("_transition", "scheduled", True)]
    published = make_article(status=Status.PUBLISHED)
    assert action_buttons(as_editor.get(change_url(published)).content.decode()) == [("_continue", "1", True)]


def test_submit_for_review_moves_the_reporters_draft_and_keeps_it_open(as_reporter, reporter):
    draft = make_article(status=Status.DRAFT, created_by=reporter)
    response = as_reporter.post(change_url(draft), resubmitted(draft, _transition="review"), follow=True)
    assert response.redirect_chain == [(change_url(draft), 302)]
    draft.refresh_from_db()
    assert draft.status == Status.REVIEW
    assert draft.status_changes.first().changed_by == reporter
    assert [message.level_tag for message in response.context["messages"]] == ["success"]


def test_a_new_story_submitted_for_review_opens_on_its_own_page(as_reporter):
    response = as_reporter.post(ADD_URL, story_form(_transition="review"))
    story = Article.objects.get()
    assert (response.status_code, response["Location"]) == (302, change_url(story))
    assert story.status == Status.REVIEW


@pytest.mark.parametrize("target", [Status.PUBLISHED, Status.SCHEDULED])
def test_a_reporter_asking_to_publish_is_refused_with_the_workflow_message(as_reporter, reporter, target):
    draft = make_article(status=Status.DRAFT, created_by=reporter, published_at=timezone.now() + timedelta(days=1))
    response = as_reporter.post(change_url(draft), resubmitted(draft, _transition=target))
    assert response.status_code == 200
    assert "لا يمكنك نقل هذا المقال" in str(response.context["adminform"].form.errors["status"])
    draft.refresh_from_db()
    assert draft.status == Status.DRAFT
    assert as_reporter.post(ADD_URL, story_form(_transition=target)).status_code == 200
    assert Article.objects.count() == 1


def test_an_editor_publishes_with_one_click_and_readers_see_the_story(as_editor, client):
    draft = make_article(status=Status.REVIEW, published_at=None)
    response = as_editor.post(change_url(draft), resubmitted(draft, _transition="published"))
    assert (response.status_code, response["Location"]) == (302, change_url(draft))
    draft.refresh_from_db()
    assert draft.status == Status.PUBLISHED and draft.is_public
    client.logout()
    assert client.get(draft.get_absolute_url()).status_code == 200


def test_an_editor_schedules_with_one_click_and_a_schedule_needs_a_time(as_editor):
    draft = make_article(status=Status.DRAFT, published_at=None)
    response = as_editor.post(change_url(draft), resubmitted(draft, _transition="scheduled"))
    assert response.status_code == 200 and "published_at" in response.context["adminform"].form.errors
    tomorrow = timezone.localtime() + timedelta(days=1)
    response = as_editor.post(change_url(draft), resubmitted(
        draft, _transition="scheduled", published_at_0=tomorrow.strftime("%Y-%m-%d"),
        published_at_1=tomorrow.strftime("%H:%M:%S")))
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.status == Status.SCHEDULED and not draft.is_public


def test_an_unknown_move_is_refused_and_changes_nothing(as_editor):
    draft = make_article(status=Status.DRAFT)
    response = as_editor.post(change_url(draft), resubmitted(draft, _transition="archived", headline_ar="عنوان آخر"))
    assert response.status_code == 200 and "status" in response.context["adminform"].form.errors
    draft.refresh_from_db()
    assert (draft.status, draft.headline_ar) == (Status.DRAFT, "خبر عاجل من الجزائر")


@pytest.mark.parametrize(("button", "lands_on"), [("_continue", "change"), ("_save", "changelist")])
def test_djangos_own_save_buttons_still_save_where_they_always_did(as_editor, button, lands_on):
    draft = make_article(status=Status.DRAFT)
    response = as_editor.post(change_url(draft), resubmitted(draft, headline_ar="عنوان مصحح", **{button: "1"}))
    expected = change_url(draft) if lands_on == "change" else CHANGELIST_URL
    assert (response.status_code, response["Location"]) == (302, expected)
    draft.refresh_from_db()
    assert (draft.headline_ar, draft.status) == ("عنوان مصحح", Status.DRAFT)


def test_a_headline_or_deck_pasted_over_several_lines_is_saved_on_one(as_editor):
    as_editor.post(ADD_URL, story_form(headline_ar="الحكومة تعلن\r\nخطة جديدة", deck_ar="الخطة تشمل\n\n12 ولاية "))
    story = Article.objects.get()
    assert (story.headline_ar, story.deck_ar) == ("الحكومة تعلن خطة جديدة", "الخطة تشمل 12 ولاية")


def test_the_compose_screen_puts_the_text_beside_a_column_of_publishing_and_classification(as_editor):
    page = as_editor.get(ADD_URL).content.decode()
    columns = r'<div class="compose__main">(.*)<section class="compose__side"(.*)</section>'
    main, side = re.search(columns, page, re.S).groups()
    for name in ("headline_ar", "deck_ar", "lead_ar", "body_ar"):
        assert f'name="{name}"' in main and f'name="{name}"' not in side, name
    for name in ("status", "published_at_0", "photo", "section", "tags", "authors", "is_front_page", "slug_ar"):
        assert f'name="{name}"' in side and f'name="{name}"' not in main, name
    # The body editor's scripts get their words, and their stylesheet is linked.
    assert '<script id="compose-strings" type="application/json">' in page
    assert re.search(r'<link rel="stylesheet" href="/static/admin-extra/compose/compose\.[0-9a-f]+\.css">', page)


def shown_messages(response):
    return [(message.level, message.message) for message in response.context["messages"]]


def test_saving_a_story_published_with_a_time_ahead_warns_when_readers_will_see_it(as_editor):
    from django.contrib.messages import constants

    story = make_article("خبر مؤجل", status=Status.PUBLISHED)
    ahead = timezone.localtime() + timedelta(hours=3)
    response = as_editor.post(change_url(story), resubmitted(
        story, published_at_0=ahead.strftime("%Y-%m-%d"), published_at_1=ahead.strftime("%H:%M:00"), _continue="1",
    ), follow=True)
    warnings = [text for level, text in shown_messages(response) if level == constants.WARNING]
    assert len(warnings) == 1 and "خبر مؤجل" in warnings[0] and ahead.strftime("%H:%M") in warnings[0]


def test_saving_a_story_published_now_gives_no_warning(as_editor):
    from django.contrib.messages import constants

    story = make_article("خبر منشور", status=Status.PUBLISHED)
    response = as_editor.post(change_url(story), resubmitted(story, _continue="1"), follow=True)
    assert constants.WARNING not in [level for level, _text in shown_messages(response)]


@pytest.mark.parametrize(("status", "ahead", "state"), [
    (Status.PUBLISHED, -1, "live"), (Status.SCHEDULED, 2, "scheduled"), (Status.DRAFT, -1, "hidden")])
def test_the_side_column_says_what_readers_see_of_the_saved_story(as_editor, status, ahead, state):
    from articles.admin import publishing_outlook

    story = make_article(status=status, published_at=timezone.now() + timedelta(hours=ahead))
    page = as_editor.get(change_url(story)).content.decode()
    line = re.search(r'<p id="publish-outlook"[^>]*>(.*?)</p>', page, re.S).group(1)
    assert line == publishing_outlook(story) != ""
    if state == "scheduled":
        assert timezone.localtime(story.published_at).strftime("%H:%M") in line
    assert '<script id="publishing-words" type="application/json">' in page


def test_the_story_list_says_which_stories_readers_see(as_editor):
    make_article("منشور الآن", status=Status.PUBLISHED)
    make_article("مؤجل", status=Status.PUBLISHED, published_at=timezone.now() + timedelta(hours=2))
    make_article("مسودة", status=Status.DRAFT)
    page = as_editor.get(CHANGELIST_URL).content.decode()
    states = re.findall(r'class="visibility visibility--(\w+)"', page)
    assert sorted(states) == ["hidden", "live", "scheduled"]


def test_publish_times_are_written_day_month_year_with_the_sites_month_names(as_editor):
    moment = timezone.make_aware(datetime(2026, 12, 7, 14, 30))
    make_article("خبر ديسمبر", published_at=moment)
    page = as_editor.get(CHANGELIST_URL).content.decode()
    assert "7 ديسمبر 2026، 14:30" in page
    make_article("خبر جويلية", published_at=moment.replace(month=7))
    assert "7 جويلية 2026" in as_editor.get(CHANGELIST_URL).content.decode()


def test_djangos_own_dates_put_the_day_first_with_the_newsrooms_format_modules(settings):
    from django.utils import formats, translation

    settings.FORMAT_MODULE_PATH = ["newsroom.formats"]
    formats.reset_format_cache()  # Django forgets formats on a change of locale, not of this setting
    moment = datetime(2026, 12, 7, 14, 30)
    with translation.override("ar"):
        assert formats.date_format(moment, "DATETIME_FORMAT").startswith("7 ")
    with translation.override("fr"):
        assert formats.date_format(moment, "DATETIME_FORMAT") == "7 décembre 2026, 14:30"
    settings.FORMAT_MODULE_PATH = None
    formats.reset_format_cache()


def test_a_reporter_opening_a_published_story_is_told_why_it_is_read_only(as_reporter, reporter):
    story = make_article("خبر نشره المحرر", status=Status.PUBLISHED, created_by=reporter)
    page = as_reporter.get(change_url(story)).content.decode()
    reason = re.search(r'<p class="readonly-reason" role="note">(.*?)</p>', page, re.S).group(1)
    assert str(Status.PUBLISHED.label) in reason
    assert "compose-screen--readonly" in page


def test_a_reporter_opening_someone_elses_draft_is_told_whose_it_is(as_reporter):
    owner = make_staff("amina", "Reporter")
    story = make_article("مسودة أمينة", status=Status.DRAFT, created_by=owner)
    page = as_reporter.get(change_url(story)).content.decode()
    reason = re.search(r'<p class="readonly-reason" role="note">(.*?)</p>', page, re.S).group(1)
    assert "amina" in reason


def test_a_reporter_on_their_own_draft_sees_no_read_only_reason(as_reporter, reporter):
    story = make_article(status=Status.DRAFT, created_by=reporter)
    assert "readonly-reason" not in as_reporter.get(change_url(story)).content.decode()


def test_the_status_history_arrow_is_part_of_the_translated_sentence(as_editor):
    from django.contrib import admin
    from django.utils import translation

    story = make_article(status=Status.DRAFT)
    story.status = Status.REVIEW
    story.save()
    with translation.override("en"):
        assert "Draft → In review" in admin.site._registry[Article].status_history(story)
