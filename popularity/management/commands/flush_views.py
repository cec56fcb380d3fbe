from django.core.management.base import BaseCommand, CommandError

from popularity.backends import FlushRunning
from popularity.maintenance import NotRedis, flush_to_database


class Command(BaseCommand):
    help = (
        "Add the view counts held in Redis to the database, for history and charts. "
        "Run it from cron every few minutes: it adds what each hour gained since the last run, so "
        "running it twice never counts twice and views the database counted while Redis was down "
        "are kept; a Redis restart loses at most what Redis held since the last run."
    )

    def handle(self, *args, **options):
        try:
            written = flush_to_database()
        except (NotRedis, FlushRunning) as reason:
            raise CommandError(str(reason))
        if options["verbosity"]:
            self.stdout.write(f"{written} hourly buckets written")
