from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from popularity.maintenance import prune


class Command(BaseCommand):
    help = "Delete view buckets older than --days (default: NEWSROOM_VIEW_RETENTION_DAYS)."

    def add_arguments(self, parser):
        parser.add_argument("--days", type=int, default=settings.NEWSROOM["VIEW_RETENTION_DAYS"])

    def handle(self, *args, **options):
        if options["days"] < 31:
            raise CommandError("--days must be at least 31: the most-read box reads up to 30 days back")
        deleted = prune(options["days"])
        if options["verbosity"]:
            self.stdout.write(f"{deleted} hourly buckets older than {options['days']} days deleted")
