from django.core.management.base import BaseCommand, CommandError

from popularity.maintenance import NotRedis, flush_to_database


class Command(BaseCommand):
    help = (
        "Copy the view counts held in Redis into the database, for history and charts. "
        "Run it from cron every few minutes: it writes absolute counts per hour, so running it "
        "twice never counts twice, and a crash loses at most what Redis held since the last run."
    )

    def handle(self, *args, **options):
        try:
            written = flush_to_database()
        except NotRedis as reason:
            raise CommandError(str(reason))
        if options["verbosity"]:
            self.stdout.write(f"{written} hourly buckets written")
