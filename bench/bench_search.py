"""Reader search speed. Prints figures; asserts nothing.

    .venv/bin/python bench/bench_search.py [--articles 20000]          # SQLite in a temporary folder
    createdb -h 127.0.0.1 -U postgres newsroom_bench   # once; every run empties it
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/newsroom_bench .venv/bin/python bench/bench_search.py

Fills a fresh database with public stories (headline, deck, lead, five body paragraphs and
two tags each, from a small common vocabulary plus rarer words), then times a first page of
results (count, ranked page, highlighted headlines and excerpts) for a rare word, a word found
in about one story in ten, a word in nearly every story, and two words together.
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
    os.environ["NEWSROOM_VAR_DIR"] = tempfile.mkdtemp(prefix="bench-search-")

COMMON = "الحكومة الجزائر الولاية المشروع الاقتصاد الرياضة المنتخب الثقافة المهرجان الجامعة الطلبة النقل الطاقة المياه".split()
TENTH = [f"مدينة{n}" for n in range(10)]
RARE = [f"نادرة{n}" for n in range(5000)]


def sentence(rng, words):
    return " ".join(rng.choice(COMMON) for _ in range(words))


def fill(count):
    from django.utils import timezone
    from taggit.models import Tag

    from articles.models import Article, Status, TaggedArticle

    rng = random.Random(5)
    tags = [Tag.objects.create(name=name, slug=f"t{n}") for n, name in enumerate(COMMON)]
    now = timezone.now()
    for start in range(0, count, 1000):
        batch = []
        for number in range(start, min(start + 1000, count)):
            paragraphs = [sentence(rng, 40) for _ in range(5)]
            paragraphs[2] += f" {rng.choice(TENTH)} {rng.choice(RARE)}"
            story = Article(
                headline_ar=sentence(rng, 7) + f" {rng.choice(RARE)}",
                deck_ar=sentence(rng, 12),
                lead_ar=sentence(rng, 15),
                body_ar="".join(f"<p>{paragraph}.</p>" for paragraph in paragraphs),
                status=Status.PUBLISHED,
                published_at=now - timedelta(minutes=number),
            )
            story.prepare_to_save(tag_names=[tag.name for tag in rng.sample(tags, 2)])
            batch.append(story)
        Article.objects.bulk_create(batch)
    TaggedArticle.objects.bulk_create(
        TaggedArticle(content_object_id=pk, tag=rng.choice(tags)) for pk in Article.objects.values_list("pk", flat=True)
    )


def timed(query, repeats=5):
    from articles.models import Article
    from website.search import results_page

    durations, found = [], 0
    for _ in range(repeats):
        began = time.perf_counter()
        context = results_page(Article.objects.published(), query, 1)
        found = context["paginator"].count if context["paginator"] else 0
        [str(story.excerpt_html) for story in context["stories"]]
        durations.append(time.perf_counter() - began)
    return statistics.median(durations), found


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--articles", type=int, default=20000)
    arguments = parser.parse_args()

    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("DROP SCHEMA public CASCADE; CREATE SCHEMA public")
    call_command("migrate", verbosity=0)
    began = time.perf_counter()
    fill(arguments.articles)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE articles_article") if connection.get_autocommit() else None
    else:
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    print(f"{connection.vendor}: {arguments.articles} stories written in {time.perf_counter() - began:.1f} s")
    for label, query in [
        ("rare word", RARE[4321]),
        ("word in 1 story of 10", TENTH[3]),
        ("word in nearly every story", "الجزائر"),
        ("two words", f"الجزائر {TENTH[3]}"),
    ]:
        seconds, found = timed(query)
        print(f"  {label:28} {found:6} found, first page in {seconds * 1000:7.1f} ms")


if __name__ == "__main__":
    main()
