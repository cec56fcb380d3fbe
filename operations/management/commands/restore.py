from django.core.management.base import BaseCommand, CommandError

from operations.backup import BackupError, restore


class Command(BaseCommand):
    help = (
        "Load a backup written by 'manage.py backup' into this site. The database must be migrated "
        "and hold no content yet (a new site, or one just emptied)."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", metavar="FILE")

    def handle(self, *args, **options):
        try:
            manifest = restore(options["file"])
        except BackupError as problem:
            raise CommandError(str(problem))
        if options["verbosity"]:
            rows = sum(manifest["rows"].values())
            self.stdout.write(self.style.SUCCESS(
                f"{options['file']} (written {manifest['created']}): {rows} rows, {manifest['files']} files restored"
            ))
