from django.core.management.base import BaseCommand

from articles.demo import load_demo


class Command(BaseCommand):
    help = (
        "Load demo sections, authors, stories, images and reader views, and a demo editor account. "
        "Safe to run again: only what is missing is added, and nothing an editor made is changed."
    )

    def handle(self, *args, **options):
        report = load_demo()
        if options["verbosity"]:
            lines = report.lines()
            self.stdout.write(self.style.SUCCESS(lines[0]))
            for line in lines[1:]:
                self.stdout.write(line)
