"""The story page's query is compiled once and run with each request's time and number."""

from datetime import timedelta

import django
import pytest
import time_machine
from django.apps import apps
from django.core.exceptions import ImproperlyConfigured
from django.db import close_old_connections, connection
from django.db.models import QuerySet
from django.db.models.sql import Query
from django.db.models.sql.compiler import SQLCompiler
from django.utils import timezone
from taggit.managers import _TaggableManager

from articles import models
from articles.compiled import CompiledQuery, Unsupported, check_orm_internals
from articles.models import Article, Status, public_story
from tests.factories import make_article, make_author, make_photo, make_section
from tests.services import drop_database_connection

pytestmark = pytest.mark.django_db


def test_the_story_page_query_is_compiled_on_this_database():
    make_article()
    public_story(Article.objects.get().pk)
    assert models._PUBLIC_STORY._compiled() is not None


def prepared_statements():
    with connection.cursor() as cursor:
        cursor.execute("SELECT statement FROM pg_prepared_statements")
        return [statement for (statement,) in cursor.fetchall()]


def test_postgresql_plans_the_story_page_s_queries_once_per_connection(settings):
    if connection.vendor != "postgresql":
        pytest.skip("prepared statements are PostgreSQL's (CI's second run)")
    story = make_article(tags=["وسم"], authors=[make_author("كريم")])
    public_story(story.pk)
    statements = prepared_statements()
    assert any('"articles_article"' in statement and "LIMIT 1" in statement for statement in statements)
    assert any('"taxonomy_author"' in statement for statement in statements)
    assert any('"taggit_tag"' in statement for statement in statements)
    # Django's own queries are still never prepared.
    Article.objects.filter(headline_ar="غير موجود").exists()
    assert not any("غير موجود" in statement or "EXISTS" in statement.upper() for statement in prepared_statements())


def test_prepared_statements_can_be_turned_off_for_a_pooler(settings):
    if connection.vendor != "postgresql":
        pytest.skip("prepared statements are PostgreSQL's (CI's second run)")
    settings.NEWSROOM = {**settings.NEWSROOM, "PREPARED_STATEMENTS": False}
    with connection.cursor() as cursor:
        # psycopg forgets its own record of them too.
        cursor.execute("DEALLOCATE ALL")
    story = make_article(tags=["وسم"])
    assert [tag.name for tag in public_story(story.pk).tags.all()] == ["وسم"]
    assert prepared_statements() == []


@pytest.mark.django_db(transaction=True)
def test_a_connection_that_died_between_requests_is_replaced_without_an_error():
    if connection.vendor != "postgresql":
        pytest.skip("a PostgreSQL server can drop the connection (CI's second run)")
    story = make_article("خبر بعد إعادة التشغيل")
    public_story(story.pk)
    # What a database restart does to the connection a worker keeps between requests.
    drop_database_connection()
    close_old_connections()  # a new request starts
    assert public_story(story.pk).headline == "خبر بعد إعادة التشغيل"


def test_a_compiled_fetch_reads_what_the_orm_reads():
    football = make_section("كرة القدم", parent=make_section("رياضة"))
    story = make_article(
        "المنتخب في النهائي",
        headline_fr="L'équipe en finale",
        section=football,
        photo=make_photo(size=(320, 200)),
        tags=["المنتخب", "كأس"],
        authors=[make_author("كريم"), make_author("أمينة")],
    )
    fetched, expected = public_story(story.pk), Article.objects.published().for_detail().get(pk=story.pk)
    for field in Article._meta.concrete_fields:
        assert getattr(fetched, field.attname) == getattr(expected, field.attname), field.name
    assert fetched.section == football and fetched.section.name == "كرة القدم"
    assert fetched.section.parent.name == "رياضة"
    assert fetched.photo == expected.photo and fetched.photo.width == 320
    assert [tag.name for tag in fetched.tags.all()] == [tag.name for tag in expected.tags.all()]
    assert [author.name for author in fetched.authors.all()] == ["أمينة", "كريم"]


def test_a_story_s_new_tags_and_authors_are_read_at_once():
    story = make_article("خبر", tags=["قديم"], authors=[make_author("كريم")])
    assert [tag.name for tag in public_story(story.pk).tags.all()] == ["قديم"]
    story.tags.set(["جديد"])
    story.authors.set([make_author("أمينة")])
    fetched = public_story(story.pk)
    assert [tag.name for tag in fetched.tags.all()] == ["جديد"]
    assert fetched.byline_text == "أمينة"


def test_a_story_s_fetched_labels_still_filter_to_that_story(django_assert_num_queries):
    make_article("خبر آخر", tags=["اقتصاد", "رياضة"], authors=[make_author("سليم")])
    story = public_story(make_article("خبر", tags=["اقتصاد"], authors=[make_author("كريم")]).pk)
    with django_assert_num_queries(0):
        assert [tag.name for tag in story.tags.all()] == ["اقتصاد"]
        assert [author.name for author in story.authors.all()] == ["كريم"]
    assert list(story.tags.filter(name="رياضة")) == []
    assert [tag.name for tag in story.tags.all().order_by("name")] == ["اقتصاد"]
    assert [author.name for author in story.authors.exclude(name="كريم")] == []
    assert story.authors.count() == 1


def test_each_fetch_asks_with_its_own_time_and_number():
    with time_machine.travel(timezone.now(), tick=False) as clock:
        soon = make_article("خبر مجدول", status=Status.SCHEDULED, published_at=timezone.now() + timedelta(seconds=2))
        hidden = make_article("مسودة", status=Status.DRAFT)
        shown = make_article("خبر منشور")
        assert public_story(shown.pk).headline == "خبر منشور"
        for pk in (soon.pk, hidden.pk, shown.pk + 1000):
            with pytest.raises(Article.DoesNotExist):
                public_story(pk)
        clock.shift(3)
        assert public_story(soon.pk).headline == "خبر مجدول"
    shown.status = Status.UNPUBLISHED
    shown.save()
    with pytest.raises(Article.DoesNotExist):
        public_story(shown.pk)


def test_a_query_whose_values_cannot_be_found_is_refused_rather_than_run_through_the_orm():
    story = make_article("خبر")
    # The database is given a time a second before the one passed in: no stand-in leads to it.
    query = CompiledQuery(lambda now, pk: Article.objects.published(now=now - timedelta(seconds=1)).filter(pk=pk))
    with pytest.raises(Unsupported, match="not exactly one of them"):
        query.fetch(now=timezone.now(), pk=story.pk)


STORY_LABELS = ((Article, "authors"), (Article, "tags"))


def test_the_pinned_django_has_every_orm_internal_the_story_page_relies_on():
    check_orm_internals(relations=STORY_LABELS)


@pytest.mark.parametrize(
    ("owner", "name", "named"),
    [
        (Query, "get_compiler", "Query.get_compiler"),
        (SQLCompiler, "apply_converters", "SQLCompiler.apply_converters"),
        ("django.db.models.query.get_related_populators", None, "get_related_populators"),
    ],
)
def test_a_django_without_one_of_the_internals_stops_the_site_from_starting(monkeypatch, owner, name, named):
    if name is None:
        monkeypatch.delattr(owner)
    else:
        monkeypatch.delattr(owner, name)
    with pytest.raises(ImproperlyConfigured) as refused:
        apps.get_app_config("articles").ready()
    assert named in str(refused.value)
    assert f"Django {django.get_version()}" in str(refused.value)


def test_a_filter_no_longer_left_unbuilt_is_caught(monkeypatch):
    def eager(self, negate, args, kwargs):
        clone = self._chain()
        clone._filter_or_exclude_inplace(negate, args, kwargs)
        return clone

    monkeypatch.setattr(QuerySet, "_filter_or_exclude", eager)
    with pytest.raises(ImproperlyConfigured, match=r"QuerySet\._defer_next_filter, honoured by QuerySet\.filter\(\)"):
        check_orm_internals()


def test_a_related_manager_that_stops_reading_the_kept_queryset_is_caught(monkeypatch):
    monkeypatch.setattr(_TaggableManager, "get_queryset", lambda self, extra_filters=None: QuerySet())
    with pytest.raises(ImproperlyConfigured, match="Article.tags's manager") as refused:
        check_orm_internals(relations=STORY_LABELS)
    assert "Article.authors" not in str(refused.value)
