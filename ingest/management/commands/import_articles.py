import argparse
import sys

from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from articles.models import Status
from ingest.importers import FORMATS, Defaults, ImportFailed, import_paths
from taxonomy.models import Author, Section


class Command(BaseCommand):
    help = (
        "Import stories from files: plain-text pages, JSON or NDJSON, CSV, WordPress exports, RSS or "
        "Atom feeds (detected from the content). A second run updates what the first created. Any bad "
        "record and nothing is written, unless --skip-errors."
    )

    def add_arguments(self, parser):
        parser.add_argument("paths", nargs="+", metavar="FILE")
        parser.add_argument("--format", choices=sorted(FORMATS), help="skip detection and read every file as this format")
        parser.add_argument("--status", choices=Status.values, help="status for records that do not give one (new ones default to published)")
        parser.add_argument("--section", metavar="SLUG", help="section for records that do not give one")
        parser.add_argument("--author", metavar="SLUG", help="author for records that do not name one")
        parser.add_argument("--source", help="name of the source the ids belong to (default: the format's name)")
        parser.add_argument("--language", default="ar", choices=["ar", "fr", "en"], help="language of the files' text")
        parser.add_argument("--media", metavar="DIR", help="folder holding the export's image files")
        parser.add_argument("--dry-run", action="store_true", help="report what would happen and write nothing")
        parser.add_argument("--skip-errors", action="store_true", help="keep the good records; list the bad ones and exit non-zero")
        parser.add_argument("--report", metavar="FILE", help="write the failures to FILE (.csv or .json)")
        parser.add_argument("--progress", action=argparse.BooleanOptionalAction, default=None,
                            help="show a progress bar on stderr (default: when stderr is a terminal)")

    def handle(self, *args, **options):
        defaults = Defaults(status=options["status"], section=self.find(Section, options["section"]),
                            author=self.find(Author, options["author"]))
        show_progress = options["progress"] if options["progress"] is not None else sys.stderr.isatty()
        bar = tqdm(unit=" articles", file=sys.stderr, disable=not show_progress or not options["verbosity"])
        try:
            report = import_paths(
                options["paths"], format=options["format"], defaults=defaults, source=options["source"],
                language=options["language"], dry_run=options["dry_run"], skip_errors=options["skip_errors"],
                media_dir=options["media"], progress=lambda _outcome: bar.update(),
            )
        except ImportFailed as failure:
            bar.close()
            report = failure.report
            for error in report.errors:
                self.stderr.write(str(error))
            self.write_report(report, options["report"])
            kept = "the good records were kept" if report.skip_errors and not report.dry_run else "nothing was written"
            raise CommandError(f"import failed for {len(report.errors)} record(s), {kept}: {report.summary()}")
        bar.close()
        self.write_report(report, options["report"])
        if options["verbosity"]:
            self.stdout.write(self.style.SUCCESS(report.summary()))

    def find(self, model, slug):
        if not slug:
            return None
        found = model.objects.filter(slug=slug).first()
        if found is None:
            raise CommandError(f"no {model._meta.model_name} with the slug {slug!r}")
        return found

    def write_report(self, report, path):
        if path:
            report.write(path)
