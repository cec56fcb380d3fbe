"""Pillow work on photo files: checking an upload, cleaning it, and cutting renditions.

Nothing here touches the database or storage: functions take bytes or file objects and
return bytes, so the admin, the importers and the regeneration command share them.
"""

import io
import threading
import warnings
from contextlib import contextmanager
from dataclasses import dataclass

from django.utils.translation import gettext as _
from PIL import Image, ImageFile, ImageOps, UnidentifiedImageError

# Formats are read by these Pillow plugins only: an SVG, an HTML page or a PDF named .jpg
# never reaches a decoder.
ALLOWED_FORMATS = ("JPEG", "PNG", "WEBP", "GIF")
EXTENSIONS = {"JPEG": "jpg", "PNG": "png", "WEBP": "webp", "GIF": "gif"}
RENDITION_FORMATS = {"jpeg": ("JPEG", "jpg"), "webp": ("WEBP", "webp")}
JPEG_QUALITY = 82
WEBP_QUALITY = 78
ORIGINAL_JPEG_QUALITY = 92

# A damaged file must be refused, not half-decoded into grey.
ImageFile.LOAD_TRUNCATED_IMAGES = False


class InvalidPhoto(ValueError):
    """An upload that is not a usable photo; the message says why, for the person who sent it."""


_PILLOW_LIMIT_LOCK = threading.RLock()


@contextmanager
def pillow_pixel_limit(max_pixels):
    """Pillow's own decompression-bomb guard set to ``max_pixels`` (None: off) for one job, then put back.

    Its default, about 89 megapixels, would otherwise refuse photos a higher
    NEWSROOM_PHOTO_MAX_MEGAPIXELS allows. The value is global to Pillow, so it is changed
    under a lock and restored: no other job, and no later change of the setting, sees it.
    """
    with _PILLOW_LIMIT_LOCK:
        previous = Image.MAX_IMAGE_PIXELS
        Image.MAX_IMAGE_PIXELS = max_pixels
        try:
            yield
        finally:
            Image.MAX_IMAGE_PIXELS = previous


def far_too_many_pixels(max_pixels):
    return InvalidPhoto(
        _("The image has far more pixels than the limit of %(limit).0f megapixels; it was refused unopened.")
        % {"limit": max_pixels / 1e6}
    )


@dataclass
class CleanPhoto:
    content: bytes
    format: str
    width: int
    height: int

    @property
    def extension(self):
        return EXTENSIONS[self.format]


def open_checked(file, max_bytes, max_pixels):
    """Open an upload after checking its size, type and pixel count; decode it fully.

    The pixel count comes from the header, before any decoding, so a decompression bomb
    (a small file that unpacks into gigabytes) is refused without being opened fully.
    """
    size = getattr(file, "size", None)
    if size is None:
        file.seek(0, io.SEEK_END)
        size = file.tell()
    if size == 0:
        raise InvalidPhoto(_("The file is empty."))
    if size > max_bytes:
        raise InvalidPhoto(
            _("The file is %(size).1f MB; photos may be at most %(limit).0f MB.")
            % {"size": size / 1_000_000, "limit": max_bytes / 1_000_000}
        )
    file.seek(0)
    with pillow_pixel_limit(max_pixels):
        return _open_checked(file, max_pixels)


def _open_checked(file, max_pixels):
    try:
        with warnings.catch_warnings():
            # Up to twice the limit, Pillow only warns; the header check below refuses with the size.
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            image = Image.open(file, formats=ALLOWED_FORMATS)
    except Image.DecompressionBombError:
        raise far_too_many_pixels(max_pixels) from None
    except UnidentifiedImageError:
        raise InvalidPhoto(
            _("This file is not a photo Newsroom accepts. Upload a JPEG, PNG, WebP or GIF image.")
        ) from None
    except OSError as error:
        raise InvalidPhoto(_("The image could not be read: %(error)s") % {"error": error}) from None
    width, height = image.size
    if width * height > max_pixels:
        raise InvalidPhoto(
            _("The image is %(width)d × %(height)d pixels (%(megapixels).0f megapixels); the limit is "
              "%(limit).0f megapixels.")
            % {"width": width, "height": height, "megapixels": width * height / 1e6, "limit": max_pixels / 1e6}
        )
    if width < 1 or height < 1:
        raise InvalidPhoto(_("The image has no pixels."))
    try:
        image.load()
    except (OSError, SyntaxError, ValueError) as error:
        raise InvalidPhoto(
            _("The image is damaged or incomplete (was the upload cut short?): %(error)s") % {"error": error}
        ) from None
    return image


def clean(file, max_bytes, max_pixels):
    """The upload as it will be stored: turned upright, with EXIF, GPS, XMP and comments removed.

    Only the colour profile survives, because without it colours shift.
    """
    with pillow_pixel_limit(max_pixels):
        try:
            return _clean(file, max_bytes, max_pixels)
        except Image.DecompressionBombError:
            # A GIF frame can be larger than the image its header announced.
            raise far_too_many_pixels(max_pixels) from None


def _clean(file, max_bytes, max_pixels):
    image = open_checked(file, max_bytes, max_pixels)
    source_format = image.format
    frames = getattr(image, "n_frames", 1)
    icc_profile = image.info.get("icc_profile")
    if source_format == "GIF" and frames > 1:
        # An animated GIF keeps its frames; GIFs carry no EXIF, and comments are dropped.
        image.info.pop("comment", None)
        out = io.BytesIO()
        image.save(out, "GIF", save_all=True, loop=image.info.get("loop", 0), duration=image.info.get("duration"))
        return CleanPhoto(out.getvalue(), "GIF", *image.size)

    if source_format == "JPEG" and image.getexif().get(ORIENTATION, 1) == 1:
        # Already upright: drop the metadata segments and keep the compressed pixels as
        # they are, with no second generation of JPEG loss (and no re-encoding time).
        file.seek(0)
        stripped = strip_jpeg_metadata(file.read())
        if stripped is not None:
            return CleanPhoto(stripped, "JPEG", *image.size)

    upright = ImageOps.exif_transpose(image)
    # A fresh info dict: the encoders copy nothing the old file said about itself.
    upright.info = {}
    options = {"icc_profile": icc_profile} if icc_profile else {}
    out = io.BytesIO()
    if source_format == "JPEG":
        if upright.mode not in ("RGB", "L", "CMYK"):
            upright = upright.convert("RGB")
        upright.save(out, "JPEG", quality=ORIGINAL_JPEG_QUALITY, optimize=True, **options)
    elif source_format == "WEBP":
        upright.save(out, "WEBP", quality=90, **options)
    else:
        upright.save(out, source_format, optimize=True, **options)
    return CleanPhoto(out.getvalue(), source_format, *upright.size)


# APP1 holds EXIF (with GPS) and XMP, APP13 Photoshop/IPTC data, COM comments; APP0 (JFIF),
# APP2 (the colour profile) and APP14 (Adobe colour transform) say how to decode the pixels.
DROPPED_JPEG_SEGMENTS = {0xE1, 0xED, 0xFE} | set(range(0xE3, 0xED)) | {0xEF}
ORIENTATION = 0x0112


def strip_jpeg_metadata(data):
    """The JPEG without its metadata segments, or None if its structure is not the plain kind
    this reads (the caller then re-encodes instead)."""
    if data[:2] != b"\xff\xd8":
        return None
    out, position = [b"\xff\xd8"], 2
    while position + 4 <= len(data):
        if data[position] != 0xFF:
            return None
        marker = data[position + 1]
        if marker == 0xFF:  # fill byte
            position += 1
            continue
        length = int.from_bytes(data[position + 2:position + 4], "big")
        segment = data[position:position + 2 + length]
        if marker == 0xDA:  # start of scan: the rest is image data (and, in progressive files, more scans)
            out.append(data[position:])
            break
        if marker not in DROPPED_JPEG_SEGMENTS:
            out.append(segment)
        position += 2 + length
    else:
        return None
    stripped = b"".join(out)
    # Belt and braces: what comes out must read back as the same picture with nothing to say.
    check = Image.open(io.BytesIO(stripped))
    if check.getexif() or {"exif", "xmp", "comment", "photoshop"} & set(check.info) or b"Exif\x00" in stripped[:65536]:
        return None
    return stripped


def crop_box(size, ratio, focal_point):
    """The largest box of ``ratio`` (width/height) inside ``size``, centred on the focal point as far as it fits."""
    width, height = size
    if ratio is None:
        return (0, 0, width, height)
    if width / height > ratio:
        box_width, box_height = max(1, round(height * ratio)), height
    else:
        box_width, box_height = width, max(1, round(width / ratio))
    focal_x, focal_y = focal_point
    left = min(max(focal_x * width - box_width / 2, 0), width - box_width)
    top = min(max(focal_y * height - box_height / 2, 0), height - box_height)
    left, top = round(left), round(top)
    return (left, top, left + box_width, top + box_height)


def output_sizes(size, ratio, widths):
    """The pixel sizes to cut for ``widths``, never wider than the crop itself (no upscaling)."""
    left, top, right, bottom = crop_box(size, ratio, (0.5, 0.5))
    box_width, box_height = right - left, bottom - top
    sizes = []
    for width in sorted(widths):
        width = min(width, box_width)
        height = max(1, round(box_height * width / box_width))
        if (width, height) not in sizes:
            sizes.append((width, height))
    return sizes


def flatten(image):
    """RGB on white: JPEG has no transparency, and a transparent PNG must not turn black."""
    if image.mode == "RGB":
        return image
    if image.mode in ("RGBA", "LA", "P", "PA") or "transparency" in image.info:
        rgba = image.convert("RGBA")
        background = Image.new("RGB", rgba.size, (255, 255, 255))
        background.paste(rgba, mask=rgba.getchannel("A"))
        return background
    return image.convert("RGB")


def open_stored(file, largest_width=None):
    """A stored (already cleaned) original, decoded as RGB.

    A JPEG is decoded straight at a half, quarter or eighth of its size when the largest
    rendition needs no more: four times fewer pixels to decode and to resize.
    Pillow's bomb guard is off: the original passed the pixel limit when it was cleaned,
    and may be larger than Pillow's default allows.
    """
    with pillow_pixel_limit(None):
        image = Image.open(file, formats=ALLOWED_FORMATS)
        if largest_width and image.format == "JPEG":
            scale = largest_width / image.size[0]
            image.draft("RGB", (max(1, round(image.size[0] * scale)), max(1, round(image.size[1] * scale))))
        image.load()
        return flatten(image)


def cut(image, ratio, focal_point, size):
    """One rendition's pixels: the crop around the focal point, scaled to ``size``."""
    box = crop_box(image.size, ratio, focal_point)
    # reducing_gap lets Pillow shrink by whole factors first: several times faster on a
    # large photo, with no visible difference at these sizes.
    return image.resize(size, Image.Resampling.LANCZOS, box=box, reducing_gap=2.0)


def encode(image, image_format):
    pillow_format, _extension = RENDITION_FORMATS[image_format]
    out = io.BytesIO()
    if pillow_format == "JPEG":
        image.save(out, "JPEG", quality=JPEG_QUALITY, optimize=True, progressive=True)
    else:
        # method 2 encodes about twice as fast as the default 4, for files within 1% of the size.
        image.save(out, "WEBP", quality=WEBP_QUALITY, method=2)
    return out.getvalue()
