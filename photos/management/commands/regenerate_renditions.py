import argparse
import sys

from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from photos.models import Photo
from photos.renditions import regenerate


class Command(BaseCommand):
    help = (
        "Cut the photos' renditions again after the size set (NEWSROOM['RENDITIONS']) changed. "
        "Only missing or outdated renditions are cut unless --all."
    )

    def add_arguments(self, parser):
        parser.add_argument("--all", action="store_true", help="Cut every rendition of every photo again.")
        parser.add_argument("--progress", action=argparse.BooleanOptionalAction, default=None,
                            help="Show a progress bar (default: when stderr is a terminal).")

    def handle(self, *args, **options):
        photos = Photo.objects.order_by("pk")
        show_progress = options["progress"] if options["progress"] is not None else sys.stderr.isatty()
        bar = tqdm(total=photos.count(), unit=" photos", file=sys.stderr,
                   disable=not show_progress or not options["verbosity"])
        try:
            cut, failures = regenerate(photos, everything=options["all"], progress=lambda _photo: bar.update())
        finally:
            bar.close()
        for photo, error in failures:
            self.stderr.write(f"photo {photo.pk} ({photo.file.name}): {error}")
        if options["verbosity"]:
            self.stdout.write(f"{cut} photos re-cut, {len(failures)} failed")
        if failures:
            raise CommandError(f"{len(failures)} photos could not be cut")
