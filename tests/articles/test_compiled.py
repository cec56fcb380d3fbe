"""The story page's query is compiled once and run with each request's time and number."""

from datetime import timedelta

import pytest
import time_machine
from django.db import close_old_connections, connection, connections
from django.utils import timezone

from articles import models
from articles.compiled import CompiledQuery
from articles.models import Article, Status, public_story
from tests.factories import make_article, make_author, make_photo, make_section

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
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        (pid,) = cursor.fetchone()
    # What a database restart does to the connection a worker keeps between requests.
    killer = connections.create_connection("default")
    try:
        with killer.cursor() as cursor:
            cursor.execute("SELECT pg_terminate_backend(%s)", [pid])
    finally:
        killer.close()
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


def test_a_query_whose_values_cannot_be_found_runs_through_the_orm():
    story = make_article("خبر")
    # The database is given a time a second before the one passed in: no stand-in leads to it.
    query = CompiledQuery(lambda now, pk: Article.objects.published(now=now - timedelta(seconds=1)).filter(pk=pk))
    assert query._compiled() is None
    assert query.fetch(now=timezone.now(), pk=story.pk) == [story]
