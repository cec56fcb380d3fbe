"""Small builders for test data: each fills what the test does not care about."""

import io
from datetime import timedelta

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from PIL import Image

from articles.models import Article, Status
from taxonomy.models import Author, Section


def make_section(name="وطني", **kwargs):
    kwargs.setdefault("name_ar", name)
    return Section.objects.create(**kwargs)


def make_author(name="سليمة بن علي", **kwargs):
    kwargs.setdefault("name_ar", name)
    return Author.objects.create(**kwargs)


def make_article(headline="خبر عاجل من الجزائر", tags=(), authors=(), **kwargs):
    kwargs.setdefault("headline_ar", headline)
    kwargs.setdefault("body_ar", "<p>نص الخبر.</p>")
    kwargs.setdefault("status", Status.PUBLISHED)
    # Every story has a publish time unless the test says otherwise (published_at=None): an hour
    # ago, so a draft, a story in review or an unpublished one is hidden by its status alone,
    # not by a missing time. A scheduled story is public once its time passes, so by default
    # its time is an hour ahead.
    ahead = timedelta(hours=1) if kwargs["status"] == Status.SCHEDULED else -timedelta(hours=1)
    kwargs.setdefault("published_at", timezone.now() + ahead)
    article = Article.objects.create(**kwargs)
    if tags:
        article.tags.add(*tags)
    if authors:
        article.authors.add(*authors)
    return article


def jpeg_upload(name="photo.jpg", size=(640, 400), color=(180, 30, 40)):
    buffer = io.BytesIO()
    Image.new("RGB", size, color).save(buffer, "JPEG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/jpeg")


def make_photo(title="ملعب 5 جويلية", size=(1200, 800), color=(30, 90, 160), **fields):
    from photos.library import add_photo

    fields.setdefault("alt_text_ar", "لاعبون يحتفلون في الملعب")
    fields.setdefault("caption_ar", "فرحة اللاعبين بعد الهدف الأول")
    fields.setdefault("credit", "تصوير: سمير")
    buffer = io.BytesIO()
    Image.new("RGB", size, color).save(buffer, "JPEG")
    buffer.seek(0)
    return add_photo(buffer, "photo.jpg", title_ar=title, **fields)


def make_staff(username, role):
    """A staff account in one of the newsroom's role groups (created by the roles migration)."""
    from django.apps import apps
    from django.contrib.auth.models import Group, User

    from articles.roles import sync_roles

    if not Group.objects.filter(name=role).exists():
        # Transactional tests flush the database, data migrations included.
        sync_roles(apps)

    user = User.objects.create_user(username, f"{username}@example.org", "a-long-test-password", is_staff=True)
    user.groups.add(Group.objects.get(name=role))
    return user


def write_file(folder, name, content):
    """A file in ``folder`` holding ``content`` (bytes as they are, text as UTF-8)."""
    path = folder / name
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")
    return path
