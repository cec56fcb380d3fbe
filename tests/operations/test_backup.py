"""manage.py backup FILE and manage.py restore FILE: a site restored into an empty database is the same site."""

import hashlib
import io
import tarfile
from datetime import timedelta

import pytest
import reversion
from django.apps import apps
from django.core import serializers
from django.core.management import CommandError, call_command
from django.test import Client
from django.utils import timezone

from articles.models import LegacyUrl, Status
from ingest.models import ImportedPhoto
from operations.backup import MODELS
from popularity import counter
from tests.factories import make_article, make_author, make_photo, make_section, make_staff

pytestmark = pytest.mark.django_db


def build_site(settings):
    settings.NEWSROOM = {**settings.NEWSROOM, "COUNTER_BACKEND": "database"}
    editor = make_staff("hind", "Editor")
    sport = make_section("رياضة", position=1)
    football = make_section("كرة القدم", parent=sport)
    author = make_author("سليمة بن علي", photo=make_photo("سليمة", size=(400, 400)))
    with reversion.create_revision():
        reversion.set_user(editor)
        story = make_article(
            "المنتخب يفوز في ملعب 5 جويلية", section=football, authors=[author], tags=["كرة القدم", "المنتخب"],
            photo=make_photo("الملعب"), body_ar="<p>ثلاثة أهداف.</p>", headline_fr="L'équipe gagne",
            created_by=editor,
        )
    draft = make_article("مسودة لم تنشر", status=Status.DRAFT, section=sport)
    draft.status = Status.REVIEW
    draft.save()
    LegacyUrl.objects.create(path="/2019/05/old-story.html", article=story)
    # An import remembers the file each photo came from, so a rerun after a restore adds none twice.
    ImportedPhoto.objects.create(sha256="0" * 64, photo=story.photo)
    now = timezone.now()
    counter.record_view(story.pk, story.section_id, when=now - timedelta(days=2), count=40)
    counter.record_view(story.pk, story.section_id, when=now, count=3)
    return story


def snapshot():
    rows = {
        label: serializers.serialize(
            "python", apps.get_model(label)._default_manager.order_by("pk"), use_natural_foreign_keys=True
        )
        for label in MODELS
    }
    return rows


def media_files(settings):
    root = settings.MEDIA_ROOT
    return {
        str(path.relative_to(root)): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(root.rglob("*")) if path.is_file()
    }


def empty_the_site(settings):
    """What a freshly migrated database holds: the role groups, and no content, account or count."""
    for label in ["reversion.Version", "reversion.Revision", "popularity.HourlyViews", "articles.Article", "taggit.Tag",
                  "taxonomy.Author", "photos.Photo", "taxonomy.Section", "auth.User"]:
        rows = apps.get_model(label)._default_manager
        if label == "taxonomy.Section":
            # Sub-sections protect their parents: the deepest go first.
            while rows.exists():
                rows.filter(children__isnull=True).delete()
        rows.all().delete()
    for path in sorted(settings.MEDIA_ROOT.rglob("*"), reverse=True):
        path.unlink() if path.is_file() else path.rmdir()


def test_a_backup_restored_into_an_empty_database_gives_back_the_same_site(settings, tmp_path):
    story = build_site(settings)
    before, files_before = snapshot(), media_files(settings)
    assert all(before[label] for label in MODELS), [label for label in MODELS if not before[label]]
    assert len(files_before) > 10  # originals and their renditions
    page_before = Client().get(story.get_absolute_url()).content

    archive = tmp_path / "site.tar.gz"
    out = io.StringIO()
    call_command("backup", str(archive), stdout=out)
    assert f"{len(files_before)} files" in out.getvalue()

    empty_the_site(settings)
    assert not any(snapshot().values()) and media_files(settings) == {}

    call_command("restore", str(archive), stdout=io.StringIO())
    assert snapshot() == before
    assert media_files(settings) == files_before
    assert Client().get(story.get_absolute_url()).content == page_before
    assert Client().get("/2019/05/old-story.html")["Location"] == story.get_absolute_url()
    assert [(read.pk, read.recent_views) for read in counter.most_read(window="week")] == [(story.pk, 43)]


def test_restoring_onto_a_site_with_content_is_refused_and_changes_nothing(settings, tmp_path):
    build_site(settings)
    archive = tmp_path / "site.tar.gz"
    call_command("backup", str(archive), stdout=io.StringIO())
    before, files_before = snapshot(), media_files(settings)
    with pytest.raises(CommandError, match="restore into an empty database"):
        call_command("restore", str(archive), stdout=io.StringIO())
    assert snapshot() == before and media_files(settings) == files_before


def test_an_archive_whose_file_names_climb_out_of_media_is_refused(settings, tmp_path):
    build_site(settings)
    archive = tmp_path / "site.tar.gz"
    call_command("backup", str(archive), stdout=io.StringIO())
    empty_the_site(settings)
    tampered = tmp_path / "tampered.tar.gz"
    with tarfile.open(archive, "r:gz") as source, tarfile.open(tampered, "w:gz") as target:
        for member in source:
            target.addfile(member, source.extractfile(member))
        evil = tarfile.TarInfo("media/../../outside.txt")
        evil.size = 4
        target.addfile(evil, io.BytesIO(b"evil"))
    with pytest.raises(CommandError, match="unsafe file name"):
        call_command("restore", str(tampered), stdout=io.StringIO())
    assert not (tmp_path / "outside.txt").exists() and not (settings.MEDIA_ROOT.parent / "outside.txt").exists()
    assert not any(snapshot().values()) and media_files(settings) == {}


def test_a_backup_that_cannot_be_written_says_where_and_leaves_no_partial_archive(settings, tmp_path, monkeypatch):
    build_site(settings)
    with pytest.raises(CommandError, match="cannot write .*missing-folder/site.tar.gz"):
        call_command("backup", str(tmp_path / "missing-folder" / "site.tar.gz"), stdout=io.StringIO())
    # A failure halfway (a photo file unreadable, a full disk) leaves the earlier backup alone.
    archive = tmp_path / "site.tar.gz"
    archive.write_bytes(b"yesterday's good backup")
    def disk_full(*args):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr("operations.backup._add", disk_full)
    with pytest.raises(CommandError, match="No space left on device"):
        call_command("backup", str(archive), stdout=io.StringIO())
    assert archive.read_bytes() == b"yesterday's good backup"
    assert list(tmp_path.glob("*.partial")) == []
