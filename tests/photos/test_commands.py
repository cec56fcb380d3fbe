import io

import pytest
from django.core.files.storage import default_storage
from django.core.management import CommandError, call_command

from photos.models import Photo
from tests.factories import make_photo

pytestmark = pytest.mark.django_db


def run(*args):
    out, err = io.StringIO(), io.StringIO()
    call_command("regenerate_renditions", *args, "--no-progress", stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_after_the_size_set_changes_only_the_outdated_renditions_are_cut(settings):
    photo = make_photo()
    card_files = [entry["jpeg"] for entry in photo.rendition("card")]
    settings.NEWSROOM = {
        **settings.NEWSROOM,
        "RENDITIONS": {**settings.NEWSROOM["RENDITIONS"], "thumbnail": {"widths": [200], "ratio": (1, 1)}},
    }

    out, _err = run()

    photo = Photo.objects.get(pk=photo.pk)
    assert "1 photos re-cut, 0 failed" in out
    assert [(e["width"], e["height"]) for e in photo.renditions["thumbnail"]["files"]] == [(200, 200)]
    assert [entry["jpeg"] for entry in photo.renditions["card"]["files"]] == card_files
    assert run()[0].startswith("0 photos re-cut")


def test_all_cuts_every_rendition_again():
    make_photo()
    make_photo("ثانية")
    assert "2 photos re-cut" in run("--all")[0]


def test_a_photo_whose_file_is_gone_is_reported_and_the_others_still_cut(settings):
    lost, kept = make_photo("ضائعة"), make_photo("باقية")
    default_storage.delete(lost.file.name)
    settings.NEWSROOM = {**settings.NEWSROOM, "RENDITIONS": {"square": {"widths": [100], "ratio": (1, 1)}}}

    with pytest.raises(CommandError, match="1 photos could not be cut"):
        run()

    assert "square" in Photo.objects.get(pk=kept.pk).renditions
    assert "square" not in Photo.objects.get(pk=lost.pk).renditions
