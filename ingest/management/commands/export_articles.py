from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from articles.models import Article, Status
from ingest.exporting import copy_media, export_ndjson


class Command(BaseCommand):
    help = (
        "Write stories as NDJSON (one article per line), the format import_articles reads. "
        "With --media, images are copied beside the file so the export imports elsewhere."
    )

    def add_arguments(self, parser):
        parser.add_argument("output", metavar="FILE", help="the NDJSON file to write")
        parser.add_argument("--status", choices=Status.values, help="only stories with this status")
        parser.add_argument("--media", action="store_true", help="copy images into a media/ folder beside FILE")

    def handle(self, *args, **options):
        output = Path(options["output"])
        if not output.parent.is_dir():
            raise CommandError(f"{output.parent} is not a folder")
        stories = Article.objects.all()
        if options["status"]:
            stories = stories.filter(status=options["status"])
        partial = output.with_name(output.name + ".partial")
        with open(partial, "w", encoding="utf-8") as out:
            count = export_ndjson(out, stories)
        # Written under another name first: a crash never leaves a half file that looks whole.
        partial.replace(output)
        if options["media"]:
            copy_media(output.parent)
        if options["verbosity"]:
            self.stdout.write(f"{count} stories written to {output}")
