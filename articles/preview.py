"""Signed, expiring preview links: each shows one story, whatever its status, to whoever holds it."""

from django.conf import settings
from django.core import signing
from django.urls import reverse

SALT = "articles.preview"


def preview_url(article):
    token = signing.dumps(article.pk, salt=SALT, compress=True)
    return reverse("website:preview", kwargs={"token": token})


def article_id_from_token(token):
    """The story id a token was made for, or None when it is tampered with or expired."""
    try:
        return signing.loads(token, salt=SALT, max_age=settings.NEWSROOM["PREVIEW_MAX_AGE"])
    except signing.BadSignature:
        return None
