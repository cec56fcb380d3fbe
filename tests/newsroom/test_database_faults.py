"""PostgreSQL drops the connection in the middle of work (what a restart or a failover does):
nothing is half-written, the person is told, and the next request works."""

import json

import pytest
from django.core.management import CommandError, call_command
from django.db import DatabaseError, connection
from django.db.models.signals import post_save
from django.test import Client

from articles.models import Article, StatusChange
from ingest.importers.upsert import BatchWriter
from tests.articles.test_workflow import change_url, edit_form
from tests.factories import make_article, make_staff
from tests.services import drop_database_connection

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="a PostgreSQL server drops connections (CI's second run)"),
]


def test_a_connection_dropped_during_an_import_leaves_no_story_and_fails_the_command(tmp_path, monkeypatch):
    path = tmp_path / "stories.ndjson"
    path.write_text(
        "\n".join(json.dumps({"id": f"s{n}", "headline": f"خبر رقم {n}", "body": "<p>نص.</p>"}) for n in range(1200)),
        encoding="utf-8",
    )
    flush = BatchWriter.flush
    batches = []

    def flush_then_drop(self, *args, **kwargs):
        result = flush(self, *args, **kwargs)
        batches.append(len(result))
        if len(batches) == 1:
            drop_database_connection()
        return result

    monkeypatch.setattr(BatchWriter, "flush", flush_then_drop)
    with pytest.raises((CommandError, DatabaseError)):
        call_command("import_articles", str(path), verbosity=0)
    assert batches[0] > 0, "the first batch was written before the connection dropped"
    connection.close()
    assert Article.objects.count() == 0
    monkeypatch.setattr(BatchWriter, "flush", flush)
    call_command("import_articles", str(path), verbosity=0)
    assert Article.objects.count() == 1200


def test_a_connection_dropped_during_an_admin_save_leaves_the_story_as_it_was():
    editor = make_staff("editor", "Editor")
    story = make_article("العنوان كما نشر")
    client = Client(raise_request_exception=False)
    client.force_login(editor)

    def drop_after_the_story_row(sender, instance, **kwargs):
        # The story's row is written; its status history, tags and revision are not yet.
        drop_database_connection()

    post_save.connect(drop_after_the_story_row, sender=Article, dispatch_uid="drop-after-the-story-row")
    try:
        response = client.post(change_url(story), edit_form(story, headline_ar="عنوان لم يحفظ", status="unpublished"))
    finally:
        post_save.disconnect(dispatch_uid="drop-after-the-story-row", sender=Article)
    assert response.status_code == 500
    assert b"Traceback" not in response.content
    connection.close()
    story.refresh_from_db()
    assert (story.headline_ar, story.status) == ("العنوان كما نشر", "published")
    assert not StatusChange.objects.filter(article=story, to_status="unpublished").exists()
    # The next request finds a new connection.
    assert client.get(change_url(story)).status_code == 200
