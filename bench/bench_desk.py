"""The desk's speed (the admin's home page) with a big newsroom. Prints figures; asserts nothing.

    .venv/bin/python bench/bench_desk.py [--articles 100000] [--requests 9]   # SQLite in a temporary folder
    createdb -h 127.0.0.1 -U postgres newsroom_bench   # once; every run empties it
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/newsroom_bench .venv/bin/python bench/bench_desk.py

Fills a fresh database (bulk_create) with stories in every state the desk lists: mostly
published, thousands of drafts of twenty reporters, a few hundred waiting for review, a hundred
scheduled over the next days, a front page, breaking news, a status change for every story and
more for those moved, remarks, and two days of hourly views of a few thousand stories. Then
times the whole page (request to response, through Django's test client) for a reporter, an
editor and a chief editor: the median of several requests after a first one. Target: 300 ms.
"""

import argparse
import os
import random
import statistics
import sys
import tempfile
import time
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsroom.settings")
os.environ.setdefault("SECRET_KEY", "benchmark-only-secret-key-0123456789abcdefghijklmnopqrstuvwxyz")
if not os.environ.get("DATABASE_URL"):
    os.environ["NEWSROOM_VAR_DIR"] = tempfile.mkdtemp(prefix="bench-desk-")
# The admin's pages name their static files through the manifest collectstatic wrote.
os.environ.setdefault("STATIC_ROOT", str(ROOT / "var" / "staticfiles"))

WORDS = "الحكومة الجزائر الولاية المشروع الاقتصاد الرياضة المنتخب الثقافة المهرجان الجامعة الطلبة النقل الطاقة المياه".split()
REPORTERS = 20
BATCH = 2000


def sentence(rng, words):
    return " ".join(rng.choice(WORDS) for _ in range(words))


def status_for(number, count):
    """Of every 1000 stories: 3 in review, 1 scheduled, 60 drafts, 10 unpublished, the rest published."""
    from articles.models import Status

    slot = number % 1000
    if slot < 3:
        return Status.REVIEW
    if slot < 4:
        return Status.SCHEDULED
    if slot < 64:
        return Status.DRAFT
    if slot < 74:
        return Status.UNPUBLISHED
    return Status.PUBLISHED


def fill(count):
    from django.contrib.auth.models import User
    from django.utils import timezone

    from articles.models import Article, Remark, Status, StatusChange
    from popularity.models import HourlyViews
    from taxonomy.models import Section
    from tests.factories import make_staff

    rng = random.Random(3)
    now = timezone.now()
    reporters = [make_staff(f"reporter{n}", "Reporter") for n in range(REPORTERS)]
    editor = make_staff("editor", "Editor")
    make_staff("chief", "Chief editor")
    sections = [Section.objects.create(name_ar=name, slug=f"s{n}") for n, name in enumerate(WORDS[:6])]
    for start in range(0, count, BATCH):
        batch = []
        for number in range(start, min(start + BATCH, count)):
            status = status_for(number, count)
            published_at = now - timedelta(minutes=7 * number)
            if status == Status.SCHEDULED:
                published_at = now + timedelta(minutes=(number * 13) % (72 * 60))
            story = Article(
                headline_ar=sentence(rng, 7),
                deck_ar=sentence(rng, 10),
                body_ar=f"<p>{sentence(rng, 60)}.</p><p>{sentence(rng, 60)}.</p>",
                status=status,
                published_at=published_at,
                created_by=reporters[number % REPORTERS],
                section=sections[number % len(sections)] if number % 50 else None,
                is_front_page=number < 400 and number % 20 == 0,
                front_page_position=number // 20,
                is_breaking=number in (5, 105, 205),
                breaking_until=now + timedelta(hours=2) if number == 5 else None,
            )
            # What save() would derive, cheaply: the desk reads none of the search columns, and
            # these bodies need no sanitising.
            story.slug_ar = f"story-{number}"
            story.version = number + 1
            batch.append(story)
        Article.objects.bulk_create(batch)
    stories = list(Article.objects.values_list("pk", "status", "created_by_id"))
    changes = []
    for pk, status, author in stories:
        changes.append(StatusChange(article_id=pk, from_status="", to_status=Status.DRAFT, changed_by_id=author))
        if status != Status.DRAFT:
            changes.append(StatusChange(article_id=pk, from_status=Status.DRAFT, to_status=status, changed_by_id=author))
        elif pk % 7 == 0:  # sent back once
            changes.append(StatusChange(article_id=pk, from_status=Status.REVIEW, to_status=Status.DRAFT,
                                        changed_by_id=editor.pk))
    StatusChange.objects.bulk_create(changes, batch_size=BATCH)
    sent_back = [pk for pk, status, _author in stories if status == Status.DRAFT and pk % 7 == 0]
    Remark.objects.bulk_create(
        (Remark(article_id=pk, author=editor, text=sentence(rng, 12)) for pk in sent_back), batch_size=BATCH
    )
    read = [pk for pk, status, _author in stories if status == Status.PUBLISHED][:3000]
    hour = now.replace(minute=0, second=0, microsecond=0)
    HourlyViews.objects.bulk_create(
        (
            HourlyViews(article_id=pk, hour=hour - timedelta(hours=back), views=rng.randint(1, 400))
            for pk in read
            for back in range(0, 48, 3)
        ),
        batch_size=BATCH,
    )
    return User.objects.get(username="reporter3"), editor, User.objects.get(username="chief")


def timed(client, repeats):
    durations = []
    client.get("/admin/", secure=True)  # a first look sets when the person last looked
    for _ in range(repeats):
        began = time.perf_counter()
        response = client.get("/admin/", secure=True)
        durations.append(time.perf_counter() - began)
        assert response.status_code == 200, response.status_code
    return statistics.median(durations)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--articles", type=int, default=100_000)
    parser.add_argument("--requests", type=int, default=9)
    arguments = parser.parse_args()

    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection, reset_queries
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("DROP SCHEMA public CASCADE; CREATE SCHEMA public")
    call_command("migrate", verbosity=0)
    began = time.perf_counter()
    people = fill(arguments.articles)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    print(f"{connection.vendor}: {arguments.articles} stories written in {time.perf_counter() - began:.1f} s")
    for label, person in zip(("reporter", "editor", "chief editor"), people):
        client = Client(SERVER_NAME="localhost")
        client.force_login(person)
        seconds = timed(client, arguments.requests)
        reset_queries()
        with CaptureQueriesContext(connection) as queries:
            client.get("/admin/", secure=True)
        slowest = max(queries.captured_queries, key=lambda query: float(query["time"]))
        print(f"  {label:13} desk in {seconds * 1000:7.1f} ms (median of {arguments.requests}), "
              f"{len(queries)} queries, slowest {float(slowest['time']) * 1000:.1f} ms: {slowest['sql'][:90]}")


if __name__ == "__main__":
    main()
