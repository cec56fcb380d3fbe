"""Write imported records, keyed by (source, external id), so reruns never duplicate."""

from django.utils import timezone

from newsroom.sanitiser import sanitise_html

from ..models import Article, Status

CREATED, UPDATED, UNCHANGED = "created", "updated", "unchanged"
TRANSLATED_FIELDS = ("headline", "deck", "lead", "image_caption", "image_alt")


def upsert(record, status=None, section=None):
    """Create or update the record's story; returns CREATED, UPDATED or UNCHANGED.

    ``status`` applies to new stories (published when not given) and, when
    given explicitly, to existing ones too: a rerun must not republish a
    story an editor has taken down.
    """
    article = Article.objects.filter(source=record.source, external_id=record.external_id).first()
    is_new = article is None
    if is_new:
        article = Article(source=record.source, external_id=record.external_id)

    values = {f"{name}_{record.language}": getattr(record, name) for name in TRANSLATED_FIELDS}
    # The body goes through the sanitiser on save; compare what would be stored.
    article_body = f"body_{record.language}"
    values[article_body] = sanitise_html(record.body_html)
    values["image_credit"] = record.image_credit
    if record.byline:
        values["byline"] = record.byline
    if record.published_at:
        values["published_at"] = record.published_at
    if status or is_new:
        values["status"] = status or Status.PUBLISHED
    if section is not None:
        values["section"] = section

    # Untranslated fields are stored as NULL; an empty imported value is the same thing.
    changed = [name for name, value in values.items() if (getattr(article, name) or "") != (value or "")]
    if not is_new and not changed and set(record.tags) <= set(article.tags.names()):
        return UNCHANGED
    for name in changed:
        setattr(article, name, values[name])
    if article.status == Status.PUBLISHED and article.published_at is None:
        article.published_at = timezone.now()
    article.save()
    if record.tags:
        article.tags.add(*record.tags)
    return CREATED if is_new else UPDATED
