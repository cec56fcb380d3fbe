import io
import json
import os
import re
import subprocess
import sys

import pytest
from django.conf import settings
from django.utils import translation
from PIL import ExifTags, Image, ImageFile

from photos import library, processing
from tests.newsroom.test_settings import CLEARED, ROOT

from .images import decompression_bomb, image_bytes, jpeg_with_gps, one_bit_png, padded_to


@pytest.fixture(autouse=True)
def english():
    # The messages are checked in English; the Arabic ones are the .po file's business.
    with translation.override("en"):
        yield


def test_refusals_are_explained_in_arabic_on_the_arabic_admin():
    with translation.override("ar"), pytest.raises(processing.InvalidPhoto, match="تالفة أو ناقصة"):
        clean(jpeg_with_gps(size=(1600, 1200))[:5000])


def clean(data):
    """Cleaned under the limits the settings give uploads, as the admin does."""
    return processing.clean(io.BytesIO(data), *library.limits())


def megapixels(limit):
    return f"{limit / 1e6:.0f} megapixels"


def forbid_decoding(monkeypatch):
    """From here on, decoding any image's pixels fails the test: a refusal must come from the header alone."""
    def decode(image, *args, **kwargs):
        pytest.fail(f"{image.size[0]} × {image.size[1]} pixels were decoded")

    monkeypatch.setattr(ImageFile.ImageFile, "load", decode)
    monkeypatch.setattr(Image.Image, "load", decode)


@pytest.mark.parametrize("image_format", ["JPEG", "PNG", "WEBP", "GIF"])
def test_each_allowed_format_is_accepted_and_keeps_its_format(image_format):
    photo = clean(image_bytes(image_format, size=(640, 480)))
    assert (photo.format, photo.width, photo.height) == (image_format, 640, 480)
    assert Image.open(io.BytesIO(photo.content)).format == image_format


def test_gps_camera_data_and_comments_are_removed():
    photo = clean(jpeg_with_gps())
    stored = Image.open(io.BytesIO(photo.content))
    assert dict(stored.getexif()) == {}
    assert "comment" not in stored.info and "exif" not in stored.info
    assert b"Canon" not in photo.content


def test_a_sideways_photo_is_turned_upright_before_its_orientation_tag_is_dropped():
    photo = clean(jpeg_with_gps(size=(1200, 800), orientation=6))
    assert (photo.width, photo.height) == (800, 1200)


def test_a_decompression_bomb_is_refused_before_it_is_decoded(monkeypatch):
    bomb = decompression_bomb()
    limit = settings.NEWSROOM["PHOTO_MAX_PIXELS"]
    forbid_decoding(monkeypatch)
    with pytest.raises(processing.InvalidPhoto, match=f"far more pixels than the limit of {megapixels(limit)}"):
        clean(bomb)


def test_an_image_just_over_the_pixel_limit_is_refused_from_its_header_naming_the_limit(monkeypatch):
    limit = settings.NEWSROOM["PHOTO_MAX_PIXELS"]
    height = limit // 10_000 + 100
    image = one_bit_png((10_000, height))
    forbid_decoding(monkeypatch)
    message = f"10000 × {height} pixels ({megapixels(10_000 * height)}); the limit is {megapixels(limit)}."
    with pytest.raises(processing.InvalidPhoto, match=re.escape(message)):
        clean(image)


def test_an_image_of_exactly_the_pixel_limit_is_accepted():
    height = settings.NEWSROOM["PHOTO_MAX_PIXELS"] // 10_000
    photo = clean(one_bit_png((10_000, height)))
    assert (photo.width, photo.height) == (10_000, height)


def test_a_pixel_limit_above_pillows_own_bomb_guard_is_honoured(settings):
    # Pillow's guard starts at about 89 megapixels: a 100-megapixel photo used to be refused
    # as a bomb whatever the setting said.
    settings.NEWSROOM = {**settings.NEWSROOM, "PHOTO_MAX_PIXELS": 200_000_000}
    pillow_guard = Image.MAX_IMAGE_PIXELS
    photo = clean(one_bit_png((10_000, 10_000)))
    assert (photo.width, photo.height) == (10_000, 10_000)
    assert Image.MAX_IMAGE_PIXELS == pillow_guard


def test_a_stored_original_larger_than_pillows_own_bomb_guard_is_still_opened_for_renditions(monkeypatch):
    # It passed the pixel limit when it was cleaned; a guard set lower must not block its renditions.
    monkeypatch.setattr(Image, "MAX_IMAGE_PIXELS", 1_000)
    image = processing.open_stored(io.BytesIO(image_bytes("PNG", size=(100, 100))))
    assert image.size == (100, 100)
    assert Image.MAX_IMAGE_PIXELS == 1_000


def test_an_image_over_the_pixel_limit_is_refused_with_its_size():
    with pytest.raises(processing.InvalidPhoto, match="4000 × 3000"):
        processing.clean(io.BytesIO(image_bytes("PNG", size=(4000, 3000))), max_bytes=10**9, max_pixels=10_000_000)


def test_a_photo_of_exactly_the_size_limit_is_accepted():
    photo = clean(padded_to(image_bytes("PNG", size=(64, 48)), settings.NEWSROOM["PHOTO_MAX_BYTES"]))
    assert (photo.format, photo.width, photo.height) == ("PNG", 64, 48)


def test_a_photo_one_byte_over_the_size_limit_is_refused_naming_the_limit():
    limit = settings.NEWSROOM["PHOTO_MAX_BYTES"]
    with pytest.raises(processing.InvalidPhoto, match=f"photos may be at most {limit / 1e6:.0f} MB"):
        clean(padded_to(image_bytes("PNG", size=(64, 48)), limit + 1))


PRINT_PHOTO_LIMITS = (
    "import json, django; from django.conf import settings; django.setup();"
    "print(json.dumps([settings.NEWSROOM['PHOTO_MAX_BYTES'], settings.NEWSROOM['PHOTO_MAX_PIXELS']]))"
)


def test_the_default_limits_are_the_25_mb_and_60_megapixels_the_readme_promises(tmp_path):
    cleared = (*CLEARED, "NEWSROOM_PHOTO_MAX_MB", "NEWSROOM_PHOTO_MAX_MEGAPIXELS")
    environment = {key: value for key, value in os.environ.items() if key not in cleared}
    environment.update(
        DJANGO_SETTINGS_MODULE="newsroom.settings", SECRET_KEY="s" * 50, NEWSROOM_VAR_DIR=str(tmp_path)
    )
    result = subprocess.run(
        [sys.executable, "-c", PRINT_PHOTO_LIMITS], capture_output=True, text=True, cwd=ROOT, env=environment
    )
    assert json.loads(result.stdout) == [25_000_000, 60_000_000], result.stderr
    assert "at most 25 MB and 60 megapixels" in " ".join((ROOT / "README.md").read_text().split())


def test_a_truncated_jpeg_is_refused_as_damaged():
    data = jpeg_with_gps(size=(1600, 1200))
    with pytest.raises(processing.InvalidPhoto, match="damaged or incomplete"):
        clean(data[: len(data) // 2])


@pytest.mark.parametrize(
    "content",
    [
        b"<!DOCTYPE html><html><body><script>alert(1)</script></body></html>",
        b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"><rect width="10" height="10"/></svg>',
        b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n",
        b"",
    ],
    ids=["html", "svg", "pdf", "empty"],
)
def test_files_that_are_not_photos_are_refused_whatever_their_name(content):
    with pytest.raises(processing.InvalidPhoto):
        clean(content)


def test_the_crop_keeps_the_focal_point_in_view():
    # A 16:9 photo cut square: the box slides towards the focal point, and stops at the edge.
    assert processing.crop_box((1600, 900), 1.0, (0.5, 0.5)) == (350, 0, 1250, 900)
    assert processing.crop_box((1600, 900), 1.0, (0.9, 0.5)) == (700, 0, 1600, 900)
    assert processing.crop_box((1600, 900), 1.0, (0.1, 0.5)) == (0, 0, 900, 900)


def test_renditions_are_never_wider_than_the_photo():
    assert processing.output_sizes((600, 400), None, [480, 800, 1200]) == [(480, 320), (600, 400)]
    assert processing.output_sizes((1600, 900), 16 / 9, [400, 800]) == [(400, 225), (800, 450)]


def test_a_transparent_png_gets_a_white_background_not_a_black_one():
    image = processing.open_stored(io.BytesIO(image_bytes("PNG", size=(50, 50), color=(0, 0, 0, 0))))
    assert image.mode == "RGB" and image.getpixel((10, 10)) == (255, 255, 255)


def test_an_upright_jpeg_keeps_its_compressed_pixels_untouched():
    # No second generation of JPEG loss: only the metadata segments go.
    original = image_bytes("JPEG", size=(800, 600), quality=75, exif=Image.Exif(), comment=b"note")
    cleaned = clean(original).content
    assert len(cleaned) < len(original) and original.endswith(cleaned[-1000:])
    assert Image.open(io.BytesIO(cleaned)).tobytes() == Image.open(io.BytesIO(original)).tobytes()


def test_exif_tags_module_is_what_the_fixture_wrote():
    # Guards the GPS test above: the fixture really carries GPS data before cleaning.
    original = Image.open(io.BytesIO(jpeg_with_gps()))
    assert original.getexif().get_ifd(ExifTags.IFD.GPSInfo)[ExifTags.GPS.GPSLatitudeRef] == "N"
