from django.core.management.base import BaseCommand

from demo.loader import load_demo


class Command(BaseCommand):
    help = (
        "Load demo sections, authors, stories, images and reader views, and a demo editor account. "
        "Safe to run again: only what is missing is added, and nothing an editor made is changed."
    )

    def add_arguments(self, parser):
        parser.add_argument("--url", default="http://127.0.0.1:8000/", help="where the site will be served, for the printed links")

    def handle(self, *args, **options):
        report = load_demo()
        if options["verbosity"]:
            lines = report.lines(site_url=options["url"])
            self.stdout.write(self.style.SUCCESS(lines[0]))
            for line in lines[1:]:
                self.stdout.write(line)
