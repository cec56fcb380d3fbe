import io

import pytest
from django.conf import settings
from django.core.files.storage import default_storage
from PIL import ExifTags, Image

from photos import processing
from photos.library import add_photo
from photos.models import Photo

from .images import animated_gif, image_bytes, jpeg_with_gps, split_image

pytestmark = pytest.mark.django_db


def stored_image(name):
    with default_storage.open(name) as file:
        image = Image.open(io.BytesIO(file.read()))
        image.load()
        return image


def expected_sizes(photo_size, spec):
    ratio = spec["ratio"][0] / spec["ratio"][1] if spec["ratio"] else None
    return processing.output_sizes(photo_size, ratio, spec["widths"])


@pytest.mark.parametrize("image_format", ["JPEG", "PNG", "WEBP", "GIF"])
def test_an_upload_in_each_format_gets_every_rendition_at_its_size_as_jpeg_and_webp(image_format):
    photo = add_photo(io.BytesIO(image_bytes(image_format, size=(1000, 750))), f"صورة.{image_format.lower()}")

    assert set(photo.renditions) == set(settings.NEWSROOM["RENDITIONS"])
    for name, spec in settings.NEWSROOM["RENDITIONS"].items():
        files = photo.rendition(name)
        assert [(entry["width"], entry["height"]) for entry in files] == expected_sizes((1000, 750), spec)
        for entry in files:
            assert stored_image(entry["jpeg"]).format == "JPEG"
            assert stored_image(entry["webp"]).format == "WEBP"
            assert stored_image(entry["webp"]).size == (entry["width"], entry["height"])


def test_the_social_rendition_is_1200_by_630_and_the_article_one_keeps_the_shape():
    photo = add_photo(io.BytesIO(image_bytes("JPEG", size=(4000, 3000))), "big.jpg")
    assert [(f["width"], f["height"]) for f in photo.rendition("social")] == [(1200, 630)]
    assert [(f["width"], f["height"]) for f in photo.rendition("article")][-1] == (1600, 1200)


def test_an_animated_gif_keeps_its_frames_and_its_renditions_are_stills():
    photo = add_photo(io.BytesIO(animated_gif()), "loop.gif", title="حلقة")
    with photo.file.open("rb") as file:
        assert Image.open(file).n_frames == 3
    assert stored_image(photo.rendition("card")[0]["jpeg"]).format == "JPEG"


def test_no_file_served_for_a_photo_carries_its_gps_position():
    photo = add_photo(io.BytesIO(jpeg_with_gps()), "protest.jpg")
    served = [photo.file.name] + [
        entry[image_format] for name in photo.renditions for entry in photo.rendition(name) for image_format in ("jpeg", "webp")
    ]
    for name in served:
        image = stored_image(name)
        assert image.getexif().get_ifd(ExifTags.IFD.GPSInfo) == {}, name
        with default_storage.open(name) as file:
            assert b"Canon" not in file.read(), name


def dominant_colour(name):
    red, _green, blue = stored_image(name).convert("RGB").resize((1, 1)).getpixel((0, 0))
    return "red" if red > blue else "blue"


def test_moving_the_focal_point_moves_the_crop_and_replaces_the_old_files():
    photo = add_photo(io.BytesIO(split_image()), "split.png", focal_x=0.1)
    old = photo.rendition("thumbnail")[0]["jpeg"]
    assert dominant_colour(old) == "red"

    photo.focal_x = 0.9
    photo.save()

    new = photo.rendition("thumbnail")[0]["jpeg"]
    assert dominant_colour(new) == "blue"
    assert not default_storage.exists(old)


def test_renditions_are_cut_once_not_on_every_use(monkeypatch):
    photo = add_photo(io.BytesIO(image_bytes("JPEG", size=(800, 600))), "once.jpg")
    monkeypatch.setattr(processing, "cut", lambda *args: pytest.fail("cut again"))
    Photo.objects.get(pk=photo.pk).rendition("card")


def test_a_rendition_added_to_the_size_set_is_cut_on_first_use(settings):
    photo = add_photo(io.BytesIO(image_bytes("JPEG", size=(800, 600))), "later.jpg")
    settings.NEWSROOM = {**settings.NEWSROOM, "RENDITIONS": {**settings.NEWSROOM["RENDITIONS"],
                                                             "square": {"widths": [300], "ratio": (1, 1)}}}
    photo = Photo.objects.get(pk=photo.pk)
    assert [(f["width"], f["height"]) for f in photo.rendition("square")] == [(300, 300)]
    assert "square" in Photo.objects.get(pk=photo.pk).renditions


def test_deleting_a_photo_deletes_its_files(django_capture_on_commit_callbacks):
    photo = add_photo(io.BytesIO(image_bytes("JPEG", size=(800, 600))), "gone.jpg")
    names = [photo.file.name] + [e["jpeg"] for e in photo.rendition("card")]
    with django_capture_on_commit_callbacks(execute=True):
        photo.delete()
    assert not any(default_storage.exists(name) for name in names)


def test_a_refused_upload_stores_nothing(settings):
    with pytest.raises(processing.InvalidPhoto):
        add_photo(io.BytesIO(b"<html></html>"), "fake.jpg")
    assert Photo.objects.count() == 0
    assert not (settings.MEDIA_ROOT.exists() and any(p.is_file() for p in settings.MEDIA_ROOT.rglob("*")))
