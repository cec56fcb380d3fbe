"""Benchmark for the photo pipeline. Prints figures; asserts nothing.

    .venv/bin/python bench/bench_photos.py

For a 4000×3000 JPEG (a phone or agency photo, 12 megapixels, noisy content so the encoders
have real work): the time to check and clean the upload (decode, turn upright, strip
metadata, re-encode), and the time to cut the whole rendition set (every named size as JPEG
and WebP) from the stored original, median of several runs, plus the bytes written.
"""

import io
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsroom.settings")
os.environ.setdefault("SECRET_KEY", "benchmark-only-secret-key-0123456789abcdefghijklmnopqrstuvwxyz")
os.environ["NEWSROOM_VAR_DIR"] = tempfile.mkdtemp(prefix="newsroom-bench-")
os.environ["MEDIA_ROOT"] = tempfile.mkdtemp(prefix="newsroom-bench-media-")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.core.management import call_command  # noqa: E402
from PIL import Image  # noqa: E402

from photos import processing, renditions  # noqa: E402
from photos.library import add_photo  # noqa: E402

RUNS = 5


def camera_jpeg(size=(4000, 3000)):
    # Gradients plus noise: as hard for JPEG and WebP as a real photo, unlike a flat colour.
    gradient = Image.linear_gradient("L").resize(size)
    noise = Image.effect_noise(size, 40)
    image = Image.merge("RGB", (gradient, noise, gradient.transpose(Image.Transpose.FLIP_LEFT_RIGHT)))
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=90)
    return buffer.getvalue()


def timed(function):
    times = []
    for _ in range(RUNS):
        start = time.perf_counter()
        result = function()
        times.append(time.perf_counter() - start)
    return statistics.median(times), result


def main():
    call_command("migrate", verbosity=0)
    data = camera_jpeg()
    limits = (settings.NEWSROOM["PHOTO_MAX_BYTES"], settings.NEWSROOM["PHOTO_MAX_PIXELS"])
    clean_time, _ = timed(lambda: processing.clean(io.BytesIO(data), *limits))
    photo = add_photo(io.BytesIO(data), "camera.jpg", title="benchmark")
    cut_time, _ = timed(lambda: renditions.generate(photo))
    files = renditions.all_files(photo)
    written = sum(
        Path(settings.MEDIA_ROOT, entry[image_format]).stat().st_size for entry in files for image_format in ("jpeg", "webp")
    )
    print(f"Photo: 4000×3000 JPEG, {len(data) / 1e6:.1f} MB; {RUNS} runs each, median")
    print(f"  check and clean the upload:       {clean_time * 1000:7.0f} ms")
    print(f"  cut the rendition set ({len(files) * 2} files):  {cut_time * 1000:7.0f} ms   ({written / 1e6:.2f} MB written)")
    for name, spec in settings.NEWSROOM["RENDITIONS"].items():
        sizes = ", ".join(f"{entry['width']}×{entry['height']}" for entry in photo.rendition(name))
        print(f"    {name:10s} {sizes}")


if __name__ == "__main__":
    main()
