from django.core.management.base import BaseCommand, CommandError

from operations.backup import BackupError, dump


class Command(BaseCommand):
    help = (
        "Write the site's content, photo files and view counts to FILE (a .tar.gz). "
        "Run flush_views first when views are counted in Redis. Restore with: manage.py restore FILE."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", metavar="FILE")

    def handle(self, *args, **options):
        try:
            summary = dump(options["file"])
        except BackupError as problem:
            raise CommandError(str(problem))
        except OSError as error:
            raise CommandError(f"cannot write {options['file']}: {error.strerror or error}")
        for name in summary["missing"]:
            self.stderr.write(f"missing from the storage, not backed up: {name}")
        if options["verbosity"]:
            rows = sum(summary["rows"].values())
            self.stdout.write(self.style.SUCCESS(f"{options['file']}: {rows} rows, {summary['files']} files"))
