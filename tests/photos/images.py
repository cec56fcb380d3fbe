"""Image files for the photo tests, made in memory."""

import io

from PIL import ExifTags, Image


def image_bytes(image_format="JPEG", size=(1600, 1200), color=(180, 30, 40), **save_options):
    buffer = io.BytesIO()
    mode = "RGBA" if image_format in ("PNG", "WEBP") else "RGB"
    Image.new(mode, size, color).save(buffer, image_format, **save_options)
    return buffer.getvalue()


def jpeg_with_gps(size=(1200, 800), orientation=1):
    exif = Image.Exif()
    exif[ExifTags.Base.Orientation] = orientation
    exif[ExifTags.Base.Make] = "Canon"
    exif[ExifTags.IFD.GPSInfo] = {
        ExifTags.GPS.GPSLatitudeRef: "N",
        ExifTags.GPS.GPSLatitude: (36.0, 45.0, 12.5),
        ExifTags.GPS.GPSLongitudeRef: "E",
        ExifTags.GPS.GPSLongitude: (3.0, 3.0, 30.0),
    }
    return image_bytes("JPEG", size=size, exif=exif, comment=b"taken at home")


def split_image(size=(1600, 900)):
    """Left half red, right half blue: which colour a crop shows tells where it was cut."""
    image = Image.new("RGB", size, (220, 0, 0))
    image.paste((0, 0, 220), (size[0] // 2, 0, size[0], size[1]))
    buffer = io.BytesIO()
    image.save(buffer, "PNG")
    return buffer.getvalue()


def one_bit_png(size):
    """Black, one bit a pixel: a hundred megapixels fit in a few kilobytes and decode in a blink."""
    buffer = io.BytesIO()
    Image.new("1", size).save(buffer, "PNG")
    return buffer.getvalue()


def decompression_bomb():
    """17 KB of PNG that would unpack into 144 megapixels."""
    return one_bit_png((12000, 12000))


def padded_to(data, length):
    """The image with zeros after its end, which readers ignore: a real photo of an exact file size."""
    return data + bytes(length - len(data))


def animated_gif():
    frames = [Image.new("RGB", (320, 240), color) for color in ((200, 0, 0), (0, 200, 0), (0, 0, 200))]
    buffer = io.BytesIO()
    frames[0].save(buffer, "GIF", save_all=True, append_images=frames[1:], duration=100, loop=0)
    return buffer.getvalue()
