"""Import speed and memory. Prints figures; asserts nothing.

    .venv/bin/python bench/bench_imports.py [--articles 50000] [--posts 10000]
    createdb -h 127.0.0.1 -U postgres newsroom_bench   # once; every run empties it
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/newsroom_bench .venv/bin/python bench/bench_imports.py

Generates an NDJSON file of Arabic articles (and a WordPress export when the WordPress
importer is installed), imports each into a fresh database in a child process, and prints
articles per second, the child's CPU time for the import (on a busy machine the wall clock
says more about the neighbours than about the importer) and its peak memory. A tenth-size
file is imported too: peak memory should not grow with the file.
"""

import argparse
import json
import multiprocessing
import os
import random
import resource
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsroom.settings")
os.environ.setdefault("SECRET_KEY", "benchmark-only-secret-key-0123456789abcdefghijklmnopqrstuvwxyz")

WORDS = "الحكومة الجزائر الولاية المشروع الاقتصاد الرياضة المنتخب الثقافة المهرجان الجامعة الطلبة النقل الطاقة المياه".split()
SECTIONS = ["وطني", "دولي", "اقتصاد", "رياضة/كرة القدم", "ثقافة"]


def sentence(rng, words):
    return " ".join(rng.choice(WORDS) for _ in range(words))


def write_ndjson(path, count):
    rng = random.Random(7)
    with open(path, "w", encoding="utf-8") as out:
        for number in range(count):
            story = {
                "id": f"bench-{number}",
                "headline": sentence(rng, 8),
                "deck": sentence(rng, 12),
                "lead": sentence(rng, 15),
                "body": "".join(f"<p>{sentence(rng, 40)}.</p>" for _ in range(5)),
                "status": "published",
                "published_at": f"2024-{1 + number % 12:02d}-{1 + number % 28:02d}T10:00:00+01:00",
                "section": SECTIONS[number % len(SECTIONS)],
                "tags": [rng.choice(WORDS), rng.choice(WORDS)],
                "authors": [f"كاتب {number % 20}"],
            }
            out.write(json.dumps(story, ensure_ascii=False) + "\n")


def write_wxr(path, count):
    rng = random.Random(11)
    with open(path, "w", encoding="utf-8") as out:
        out.write('<?xml version="1.0" encoding="UTF-8"?>\n<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/" '
                  'xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:wp="http://wordpress.org/export/1.2/" '
                  'xmlns:excerpt="http://wordpress.org/export/1.2/excerpt/"><channel><title>bench</title>\n'
                  "<wp:category><wp:term_id>1</wp:term_id><wp:category_nicename>national</wp:category_nicename>"
                  "<wp:category_parent></wp:category_parent><wp:cat_name><![CDATA[وطني]]></wp:cat_name></wp:category>\n")
        for number in range(count):
            body = "\n\n".join(sentence(rng, 40) for _ in range(5))
            out.write(
                f"<item><title><![CDATA[{sentence(rng, 8)}]]></title><link>https://old.example.dz/?p={number}</link>"
                f"<dc:creator><![CDATA[admin]]></dc:creator><content:encoded><![CDATA[{body}]]></content:encoded>"
                f"<excerpt:encoded><![CDATA[{sentence(rng, 10)}]]></excerpt:encoded><wp:post_id>{number + 1}</wp:post_id>"
                "<wp:post_date_gmt>2024-06-03 09:30:00</wp:post_date_gmt><wp:status>publish</wp:status><wp:post_type>post</wp:post_type>"
                '<category domain="category" nicename="national"><![CDATA[وطني]]></category>'
                f'<category domain="post_tag" nicename="t{number % 50}"><![CDATA[{rng.choice(WORDS)}]]></category></item>\n'
            )
        out.write("</channel></rss>\n")


def import_in_child(path, var_dir, queue):
    os.environ["NEWSROOM_VAR_DIR"] = var_dir
    import django

    django.setup()
    from django.core.management import call_command

    from ingest.importers import import_paths

    call_command("migrate", verbosity=0)
    # A shared server database starts each run empty, as a temporary SQLite file does.
    call_command("flush", interactive=False, verbosity=0)
    started, cpu_started = time.perf_counter(), time.process_time()
    report = import_paths([path])
    seconds, cpu_seconds = time.perf_counter() - started, time.process_time() - cpu_started
    peak_mib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    queue.put((seconds, cpu_seconds, sum(report.counts.values()), peak_mib))


def measure(path):
    context = multiprocessing.get_context("fork")
    queue = context.Queue()
    # The SQLite database of a large import runs to hundreds of MiB: it goes once measured.
    with tempfile.TemporaryDirectory(prefix="newsroom-import-bench-") as var_dir:
        child = context.Process(target=import_in_child, args=(str(path), var_dir, queue))
        child.start()
        # The child's answer is a few numbers, which the queue holds until it is read.
        child.join()
    if child.exitcode != 0:
        raise SystemExit(f"importing {path} failed (exit code {child.exitcode}); the child's traceback is above")
    seconds, cpu_seconds, count, peak_mib = queue.get()
    return count, seconds, cpu_seconds, peak_mib


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--articles", type=int, default=50_000)
    parser.add_argument("--posts", type=int, default=10_000)
    options = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="newsroom-import-files-") as folder:
        run(Path(folder), options)


def run(folder, options):
    database = "PostgreSQL" if os.environ.get("DATABASE_URL", "").startswith("postgres") else "SQLite"
    jobs = [("NDJSON", write_ndjson, "articles.ndjson", options.articles // 10), ("NDJSON", write_ndjson, "articles.ndjson", options.articles)]
    if (ROOT / "articles" / "importers" / "wordpress.py").exists():
        jobs.append(("WordPress WXR", write_wxr, "posts.xml", options.posts))
    else:
        print("(no WordPress importer installed: WXR skipped)")
    for label, writer, name, count in jobs:
        path = folder / f"{count}-{name}"
        writer(path, count)
        imported, seconds, cpu_seconds, peak = measure(path)
        size = path.stat().st_size / 2**20
        print(f"{database} {label}: {imported:,} articles ({size:.0f} MiB file) in {seconds:.1f}s = "
              f"{imported / seconds:,.0f} articles/s (CPU {cpu_seconds:.1f}s = {imported / cpu_seconds:,.0f}/s); "
              f"peak memory of the importing process {peak:.0f} MiB")


if __name__ == "__main__":
    main()
