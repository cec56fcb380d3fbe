"""How imported stories are written: the sanitiser once per body, and batched rows equal to saved ones."""

import importlib
import json

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.utils import timezone

from articles.models import Article, Status, StatusChange, TaggedArticle
from ingest.importers import import_paths
from ingest.importers.records import ArticleRecord
from ingest.importers.upsert import CREATED, UNCHANGED, BatchWriter, db_preparer, upsert
from ingest.importers.wordpress import wordpress_to_html
from newsroom.sanitiser import sanitise_html
from tests.factories import write_file as write

pytestmark = pytest.mark.django_db

# The sanitiser drops the definition list around the inner item, and a second pass then
# re-nests the items it left side by side: one pass and three passes store different HTML.
RENESTED = "<ul><li>أولا<dl><li>ثانيا</li></dl></li></ul>"


def ndjson(tmp_path, *stories):
    return write(tmp_path, "stories.ndjson", "\n".join(json.dumps(story, ensure_ascii=False) for story in stories))


def story(number, **fields):
    return {"id": f"s-{number}", "headline": f"خبر رقم {number}", "body": f"<p>نص الخبر {number}.</p>", **fields}


def test_a_body_is_stored_as_one_pass_of_the_sanitiser_leaves_it(tmp_path):
    assert sanitise_html(sanitise_html(RENESTED)) != sanitise_html(RENESTED)
    path = ndjson(tmp_path, story(1, body=RENESTED))
    import_paths([path])
    assert Article.objects.get().body_ar == sanitise_html(RENESTED)
    # What a rerun compares is what was stored, so nothing has changed.
    assert import_paths([path]).counts[UNCHANGED] == 1


def test_a_wordpress_body_is_stored_as_one_pass_of_the_sanitiser_leaves_it(tmp_path):
    post = f"""<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:wp="http://wordpress.org/export/1.2/">
<channel><item><title>قائمة</title><content:encoded><![CDATA[{RENESTED}]]></content:encoded>
<wp:post_id>7</wp:post_id><wp:status>publish</wp:status><wp:post_type>post</wp:post_type></item></channel></rss>"""
    path = write(tmp_path, "export.xml", post)
    import_paths([path])
    assert Article.objects.get().body_ar == sanitise_html(wordpress_to_html(RENESTED))
    assert import_paths([path]).counts[UNCHANGED] == 1


def test_a_body_replaced_after_the_import_is_sanitised_again():
    record = ArticleRecord(source="test", external_id="1", headline="خبر", body_html="<p>نص</p>")
    assert upsert(record) == CREATED
    article = Article.objects.get()
    # An equal string that is not the one the import cleaned is not trusted either.
    article.body_ar = "".join(["<p onclick='steal()'>نص</p>", "<script>steal()</script>"])
    article.save()
    article.refresh_from_db()
    assert article.body_ar == "<p>نص</p>"


def test_a_batched_story_is_stored_as_a_saved_one(tmp_path):
    fields = {
        "deck": "موجز",
        "lead": "مقدمة",
        "status": "scheduled",
        "published_at": "2030-06-03T10:00:00+01:00",
        "section": "رياضة/كرة القدم",
        "tags": ["المنتخب", "كأس إفريقيا"],
        "authors": ["كريم بن علي"],
        "translations": {"fr": {"headline": "Titre", "body": "<p>Texte</p>"}},
    }
    import_paths([ndjson(tmp_path, story(1, **fields))])
    batched = Article.objects.get()
    # The same record once more, written by the model's own save().
    record = ArticleRecord(
        source="json", external_id="s-2", headline="خبر رقم 1", deck="موجز", lead="مقدمة", body_html="<p>نص الخبر 1.</p>",
        status="scheduled", published_at=batched.published_at, section_path=["رياضة", "كرة القدم"],
        tags=["المنتخب", "كأس إفريقيا"], authors=["كريم بن علي"],
        translations={"fr": {"headline": "Titre", "body_html": "<p>Texte</p>"}},
    )
    assert upsert(record) == CREATED
    saved = Article.objects.get(external_id="s-2")

    def columns(article):
        row = Article.objects.filter(pk=article.pk).values().get()
        return {name: value for name, value in row.items() if name not in ("id", "external_id", "created_at", "updated_at", "version")}

    assert columns(batched) == columns(saved)
    assert batched.status == "scheduled" and batched.section.name_ar == "كرة القدم"
    assert sorted(batched.tags.names()) == sorted(saved.tags.names()) == ["المنتخب", "كأس إفريقيا"]
    assert list(batched.authors.all()) == list(saved.authors.all())
    history = [(change.from_status, change.to_status, change.changed_by_id) for change in StatusChange.objects.order_by("pk")]
    assert history == [("", "scheduled", None)] * 2


@pytest.mark.parametrize("model", [Article, StatusChange, TaggedArticle, Article.authors.through])
def test_every_column_gets_the_value_django_would_store(model):
    """The short ways of preparing values give exactly what ``get_db_prep_save`` gives."""
    now = timezone.now()
    samples = ["نص", "", None, Status.PUBLISHED, True, False, 0, 7, now, now.astimezone(timezone.get_fixed_timezone(60))]
    for field in model._meta.concrete_fields:
        kept, prepare = db_preparer(field)
        for value in samples:
            try:
                expected = field.get_db_prep_save(value, connection)
            except (TypeError, ValueError, ValidationError):
                continue
            got = value if isinstance(value, kept) else prepare(value)
            assert (got, type(got)) == (expected, type(expected)), (field.name, value)


def test_a_batch_the_database_refuses_is_written_one_story_at_a_time(tmp_path, monkeypatch):
    upsert_module = importlib.import_module("ingest.importers.upsert")
    real_new_article = BatchWriter.new_article

    def without_source(self, record):
        # A NOT NULL column left empty: the whole batch insert fails in the database.
        article = real_new_article(self, record)
        if record.external_id == "s-2":
            article.source = None
        return article

    monkeypatch.setattr(upsert_module.BatchWriter, "new_article", without_source)
    report = import_paths([ndjson(tmp_path, story(1), story(2), story(3))])
    assert report.counts[CREATED] == 3
    assert sorted(Article.objects.values_list("source", "external_id")) == [("json", "s-1"), ("json", "s-2"), ("json", "s-3")]
