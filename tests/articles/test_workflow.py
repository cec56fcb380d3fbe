"""Roles and the workflow, exercised through the admin as each person would use it."""

from datetime import timedelta

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from articles.models import Article, Status, StatusChange
from tests.articles.test_admin import story_form
from tests.factories import make_article, make_section, make_staff

pytestmark = pytest.mark.django_db

ADD_URL = reverse("admin:articles_article_add")
CHANGELIST_URL = reverse("admin:articles_article_changelist")


def change_url(article):
    return reverse("admin:articles_article_change", args=[article.pk])


def edit_form(article, **overrides):
    """The change form as the browser would post it back, with ``overrides``."""
    form = story_form(
        headline_ar=article.headline_ar,
        slug=article.slug,
        status=article.status,
        loaded_version=str(article.version),
        body_ar=article.body_ar,
        tags="",
    )
    if article.published_at:
        local = timezone.localtime(article.published_at)
        form.update(published_at_0=local.strftime("%Y-%m-%d"), published_at_1=local.strftime("%H:%M:%S"))
    form.update(overrides)
    return form


@pytest.fixture
def reporter(client):
    user = make_staff("samir", "Reporter")
    return user


@pytest.fixture
def as_reporter(client, reporter):
    client.force_login(reporter)
    return client


@pytest.fixture
def as_editor(client):
    client.force_login(make_staff("hind", "Editor"))
    return client


class TestReporter:
    def test_writes_a_draft_and_submits_it_for_review(self, as_reporter, reporter):
        assert as_reporter.post(ADD_URL, story_form()).status_code == 302
        article = Article.objects.get()
        assert (article.status, article.created_by) == (Status.DRAFT, reporter)
        response = as_reporter.post(change_url(article), edit_form(article, status=Status.REVIEW))
        assert response.status_code == 302
        article.refresh_from_db()
        assert article.status == Status.REVIEW
        assert [(c.from_status, c.to_status, c.changed_by) for c in article.status_changes.order_by("pk")] == [
            ("", Status.DRAFT, reporter),
            (Status.DRAFT, Status.REVIEW, reporter),
        ]

    def test_is_offered_only_draft_and_review(self, as_reporter):
        page = as_reporter.get(ADD_URL).content.decode()
        assert 'value="draft"' in page and 'value="review"' in page
        assert 'value="published"' not in page and 'value="scheduled"' not in page

    def test_posting_published_by_hand_is_refused(self, as_reporter):
        response = as_reporter.post(ADD_URL, story_form(status=Status.PUBLISHED))
        assert response.status_code == 200
        assert "لا يمكنك نقل هذا المقال" in response.content.decode()
        assert not Article.objects.exists()

    def test_cannot_publish_their_own_draft_on_edit(self, as_reporter, reporter):
        article = make_article(status=Status.DRAFT, created_by=reporter)
        as_reporter.post(change_url(article), edit_form(article, status=Status.PUBLISHED))
        article.refresh_from_db()
        assert article.status == Status.DRAFT

    def test_cannot_use_the_publish_action(self, as_reporter, reporter):
        article = make_article(status=Status.DRAFT, created_by=reporter)
        page = as_reporter.get(CHANGELIST_URL).content.decode()
        assert 'value="publish"' not in page
        as_reporter.post(CHANGELIST_URL, {"action": "publish", "_selected_action": [article.pk]})
        article.refresh_from_db()
        assert article.status == Status.DRAFT

    def test_cannot_edit_someone_elses_story(self, as_reporter):
        other = make_article(status=Status.DRAFT, created_by=make_staff("nadia", "Reporter"))
        assert as_reporter.post(change_url(other), edit_form(other, headline_ar="تعديل")).status_code == 403
        other.refresh_from_db()
        assert other.headline_ar != "تعديل"

    def test_cannot_edit_their_story_once_published(self, as_reporter, reporter):
        article = make_article(status=Status.PUBLISHED, created_by=reporter)
        response = as_reporter.post(change_url(article), edit_form(article, headline_ar="تعديل بعد النشر"))
        assert response.status_code == 403
        assert "تعديل بعد النشر" not in Article.objects.get().headline_ar

    def test_cannot_curate_the_front_page(self, as_reporter, reporter):
        as_reporter.post(ADD_URL, story_form(is_front_page="on", front_page_position="1", is_breaking="on"))
        article = Article.objects.get()
        assert not article.is_front_page and not article.is_breaking

    def test_cannot_manage_sections(self, as_reporter):
        assert as_reporter.get(reverse("admin:taxonomy_section_add")).status_code == 403


class TestEditor:
    def test_publishes_schedules_and_unpublishes(self, as_editor, reporter):
        article = make_article(status=Status.REVIEW, created_by=reporter)
        tomorrow = timezone.localtime() + timedelta(days=1)
        response = as_editor.post(
            change_url(article),
            edit_form(article, status=Status.SCHEDULED, published_at_0=tomorrow.strftime("%Y-%m-%d"),
                      published_at_1=tomorrow.strftime("%H:%M:%S")),
        )
        assert response.status_code == 302
        article.refresh_from_db()
        assert article.status == Status.SCHEDULED and not article.is_public

        as_editor.post(CHANGELIST_URL, {"action": "publish", "_selected_action": [article.pk]})
        article.refresh_from_db()
        assert article.status == Status.PUBLISHED and article.is_public

        as_editor.post(CHANGELIST_URL, {"action": "unpublish", "_selected_action": [article.pk]})
        article.refresh_from_db()
        assert article.status == Status.UNPUBLISHED and not article.is_public
        assert list(StatusChange.objects.filter(article=article).values_list("to_status", flat=True))[:3] == [
            Status.UNPUBLISHED, Status.PUBLISHED, Status.SCHEDULED,
        ]

    def test_a_scheduled_story_needs_a_publish_time(self, as_editor):
        response = as_editor.post(ADD_URL, story_form(status=Status.SCHEDULED))
        assert "يحتاج المقال المجدول إلى وقت نشر" in response.content.decode()

    def test_edits_anyone_s_story(self, as_editor, reporter):
        article = make_article(status=Status.PUBLISHED, created_by=reporter)
        assert as_editor.post(change_url(article), edit_form(article, headline_ar="عنوان مصحح")).status_code == 302
        assert Article.objects.get().headline_ar == "عنوان مصحح"

    def test_curates_the_front_page(self, as_editor):
        story = make_article()
        as_editor.post(CHANGELIST_URL, {"action": "put_on_front_page", "_selected_action": [story.pk]})
        assert list(Article.objects.front_page()) == [story]

    def test_cannot_manage_sections_or_users(self, as_editor):
        assert as_editor.get(reverse("admin:taxonomy_section_add")).status_code == 403
        assert as_editor.get(reverse("admin:auth_user_changelist")).status_code == 403


def test_chief_editor_manages_sections_and_users(client):
    client.force_login(make_staff("karima", "Chief editor"))
    assert client.get(reverse("admin:taxonomy_section_add")).status_code == 200
    assert client.get(reverse("admin:auth_user_add")).status_code == 200
    response = client.post(reverse("admin:taxonomy_section_add"), {
        "name_ar": "مجتمع", "name_fr": "", "name_en": "", "slug": "", "description_ar": "",
        "description_fr": "", "description_en": "", "position": "1",
    })
    assert response.status_code == 302


def test_a_scheduled_story_goes_public_at_its_time_without_a_job(client):
    publish_at = timezone.now() + timedelta(hours=3)
    article = make_article("خبر تحت الحظر", status=Status.SCHEDULED, published_at=publish_at, section=make_section())
    with time_machine.travel(publish_at - timedelta(minutes=1)):
        assert client.get(article.get_absolute_url()).status_code == 404
        assert "خبر تحت الحظر" not in client.get("/").content.decode()
    with time_machine.travel(publish_at + timedelta(minutes=1)):
        assert client.get(article.get_absolute_url()).status_code == 200
        assert "خبر تحت الحظر" in client.get("/").content.decode()


def test_the_roles_migration_can_be_rerun_to_resync_the_groups():
    from django.apps import apps
    from django.contrib.auth.models import Group, Permission

    from articles.roles import ROLES, sync_roles

    reporter = Group.objects.get(name="Reporter")
    reporter.permissions.add(Permission.objects.get(codename="publish_article"))
    sync_roles(apps)
    for name, permissions in ROLES.items():
        group = Group.objects.get(name=name)
        granted = {f"{p.content_type.app_label}.{p.codename}" for p in group.permissions.select_related("content_type")}
        assert granted == set(permissions), name
    assert not Group.objects.get(name="Reporter").permissions.filter(codename="publish_article").exists()


class TestPhotosInTheBody:
    """A photo inside the story's text needs a description for blind readers, as the lead photo does."""

    def test_a_body_photo_without_a_description_keeps_the_story_from_being_published(self, as_editor):
        from articles.workflow import publishing_problems
        from newsroom.bodyblocks import photo_block
        from tests.factories import make_photo

        undescribed = make_photo("ميناء الجزائر", alt_text_ar="")
        article = make_article(status=Status.REVIEW, body_ar=f"<p>نص.</p>{photo_block(undescribed.pk)}")
        as_editor.post(CHANGELIST_URL, {"action": "publish", "_selected_action": [article.pk]})
        article.refresh_from_db()
        assert article.status == Status.REVIEW and not article.is_public
        problems = publishing_problems(article, Status.PUBLISHED)
        assert len(problems) == 1 and "ميناء الجزائر" in problems[0]

        undescribed.alt_text_ar = "رصيف الميناء والسفن"
        undescribed.save()
        as_editor.post(CHANGELIST_URL, {"action": "publish", "_selected_action": [article.pk]})
        article.refresh_from_db()
        assert article.status == Status.PUBLISHED and article.is_public

    def test_a_photo_deleted_from_the_library_since_does_not_keep_the_story_back(self, as_editor):
        from articles.workflow import publishing_problems
        from newsroom.bodyblocks import photo_block
        from tests.factories import make_photo

        deleted = make_photo("صورة حذفت", alt_text_ar="")
        article = make_article(status=Status.REVIEW, body_fr=f"<p>Texte.</p>{photo_block(deleted.pk)}")
        deleted.delete()
        assert publishing_problems(article, Status.PUBLISHED) == []
        as_editor.post(CHANGELIST_URL, {"action": "publish", "_selected_action": [article.pk]})
        article.refresh_from_db()
        assert article.status == Status.PUBLISHED
