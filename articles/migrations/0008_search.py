"""Reader search: headline and deck/lead search columns, tags in the search text, and on
PostgreSQL the weighted document ``articles.search`` queries, stored and indexed."""

from collections import defaultdict

from django.db import migrations, models

# On PostgreSQL the weighted document is a stored generated column (ranking reads it instead of
# parsing every matching story again) with a GIN index. It is not a model field: Django never
# writes it, SQLite has none, and ``articles.search`` reads it on PostgreSQL only.
DOCUMENT_SQL = """
ALTER TABLE articles_article ADD COLUMN search_document tsvector GENERATED ALWAYS AS (
    setweight(to_tsvector('simple'::regconfig, COALESCE(search_headline, '')), 'A')
    || setweight(to_tsvector('simple'::regconfig, COALESCE(search_summary, '')), 'B')
    || setweight(to_tsvector('simple'::regconfig, COALESCE(search_text, '')), 'C')
) STORED;
CREATE INDEX article_search_idx ON articles_article USING gin (search_document);
"""


def fill_search_columns(apps, schema_editor):
    from articles.search import SEARCH_FIELDS, search_columns

    Article = apps.get_model("articles", "Article")
    TaggedArticle = apps.get_model("articles", "TaggedArticle")
    tags = defaultdict(list)
    for story_id, name in TaggedArticle.objects.values_list("content_object_id", "tag__name").iterator():
        tags[story_id].append(name)
    batch = []
    for story in Article.objects.order_by("pk").iterator(chunk_size=1000):
        for name, value in search_columns(story, tags[story.pk]).items():
            setattr(story, name, value)
        batch.append(story)
        if len(batch) == 1000:
            Article.objects.bulk_update(batch, SEARCH_FIELDS)
            batch = []
    Article.objects.bulk_update(batch, SEARCH_FIELDS)


def add_document(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DOCUMENT_SQL)


def drop_document(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("ALTER TABLE articles_article DROP COLUMN IF EXISTS search_document")


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0007_article_photo"),
    ]

    operations = [
        migrations.AddField(
            model_name="article",
            name="search_headline",
            field=models.TextField(blank=True, default="", editable=False),
        ),
        migrations.AddField(
            model_name="article",
            name="search_summary",
            field=models.TextField(blank=True, default="", editable=False),
        ),
        migrations.RunPython(fill_search_columns, migrations.RunPython.noop, elidable=True),
        migrations.RunPython(add_document, drop_document),
    ]
