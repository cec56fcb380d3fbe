from django.core.management.base import BaseCommand, CommandError

from articles.importers import FORMATS, ImportFailed, import_paths
from articles.models import Status
from taxonomy.models import Section


class Command(BaseCommand):
    help = (
        "Import stories from files. New stories are published unless --status says otherwise; "
        "a second run updates the stories it created before. Any bad file and nothing is written."
    )

    def add_arguments(self, parser):
        parser.add_argument("paths", nargs="+", metavar="FILE")
        parser.add_argument("--format", choices=sorted(FORMATS), help="skip detection and read every file as this format")
        parser.add_argument("--status", choices=Status.values, help="status of the imported stories (new ones default to published)")
        parser.add_argument("--section", metavar="SLUG", help="put the imported stories in this section")
        parser.add_argument("--source", help="name of the source the ids belong to (default: the format's name)")
        parser.add_argument("--language", default="ar", choices=["ar", "fr", "en"], help="language of the files' text")
        parser.add_argument("--dry-run", action="store_true", help="report what would happen and write nothing")

    def handle(self, *args, **options):
        section = None
        if options["section"]:
            section = Section.objects.filter(slug=options["section"]).first()
            if section is None:
                raise CommandError(f"no section with the slug {options['section']!r}")
        try:
            report = import_paths(
                options["paths"],
                format=options["format"],
                status=options["status"],
                section=section,
                source=options["source"],
                language=options["language"],
                dry_run=options["dry_run"],
            )
        except ImportFailed as failure:
            for error in failure.report.errors:
                self.stderr.write(str(error))
            raise CommandError(f"import failed, nothing was written: {failure.report.summary()}")
        if options["verbosity"]:
            self.stdout.write(self.style.SUCCESS(report.summary()))
