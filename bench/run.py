"""Page speed against the limit of this machine. Prints figures; asserts nothing.

    .venv/bin/python bench/run.py [--stories 3000] [--seconds 10] [--connections 8]
                                  [--databases sqlite,postgres] [--no-lighthouse | --lighthouse-only]

For each database (SQLite with the local-memory cache, then PostgreSQL with Redis for the
cache and the view counters) it builds a throwaway site (the demo content plus
``--stories`` generated stories and their tags, authors and views), then serves it with
gunicorn and production settings (DEBUG off, collected static files, two sync workers) on
127.0.0.1 and loads it with wrk:

- the article page from the page cache, and rendered on every request (page cache off);
- the home page and search, both ways; the view beacon (POST, a new reader each time);
- the *ceiling*: the same article bytes from a bare WSGI app (``bench/ceiling.py``) under
  the same gunicorn settings and load, served beside the site and loaded in turns with each
  row, so every figure is read as a share of what any Python app can do here at that moment.

It also prints the SQL queries each page runs when rendered, each gunicorn worker's peak
memory, the machine's load average, and (once, on the first database) Lighthouse's four
scores for the article page and for a story with three library photos and two embeds (a
YouTube video and a post from X, click to load) in its body (npm's lighthouse from
package.json, Debian's Chromium). ``--lighthouse-only`` builds the demo site on SQLite and
runs just those (a few minutes rather than the whole run).
The PostgreSQL database (``newsroom_bench_<pid>``) is dropped and Redis database 3
emptied afterwards. wrk is installed with apt-get when missing; without it a small Python
load generator stands in, and says so.
"""

import argparse
import json
import os
import random
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BIN = ROOT / ".venv" / "bin"
PYTHON = BIN / "python"
WORKERS = 2
REDIS_URL = "redis://127.0.0.1:6379/3"
POSTGRES = ["-h", "127.0.0.1", "-U", "postgres"]
BROWSER = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36"
WORDS = (
    "الحكومة الجزائر الولاية المشروع الاقتصاد الرياضة المنتخب الثقافة المهرجان الجامعة الطلبة "
    "النقل الطاقة المياه الميناء الفلاحة السياحة البرلمان الانتخابات المستشفى"
).split()
SECTIONS = ["وطني", "دولي", "اقتصاد", "رياضة", "رياضة/كرة القدم", "ثقافة"]
LIGHTHOUSE_CATEGORIES = ["performance", "accessibility", "best-practices", "seo"]


def say(message):
    print(message, file=sys.stderr, flush=True)


# The site -----------------------------------------------------------------------------


def base_environment(workdir):
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in {"DATABASE_URL", "REDIS_URL", "DJANGO_DEBUG", "NEWSROOM_COUNTER", "NEWSROOM_PAGE_CACHE_SECONDS"}
    }
    env.update(
        SECRET_KEY=secrets.token_urlsafe(50),
        ALLOWED_HOSTS="127.0.0.1,localhost,testserver",
        STATIC_ROOT=str(workdir / "static"),
        LOG_LEVEL="ERROR",
        # Production settings, served over plain HTTP on 127.0.0.1 (no TLS in front here).
        NEWSROOM_HTTPS="0",
        # Every request comes from one address here; readers behind it are told apart by
        # their visitor ids, which the load generator draws at random.
        NEWSROOM_VIEW_RATE_PER_CLIENT="1000000000",
        NEWSROOM_VIEW_RATE_PER_ADDRESS="1000000000",
    )
    return env


def manage(env, *args):
    subprocess.run([str(PYTHON), "manage.py", *args], cwd=ROOT, env=env, check=True, stdout=subprocess.DEVNULL)


def filler_words(rng, count=3000):
    """Made-up words from Arabic letters: most of a story's text, each rare, as real words are."""
    letters = "ابتثجحخدذرزسشصضطظعغفقكلمنهوي"
    return ["".join(rng.choice(letters) for _ in range(rng.randint(3, 7))) for _ in range(count)]


def write_stories(path, count):
    """Stories about three of the topic words each, so a search finds some stories, not all."""
    rng = random.Random(7)
    filler = filler_words(rng)
    with open(path, "w", encoding="utf-8") as out:
        for number in range(count):
            topics = rng.sample(WORDS, 3)

            def words(n):
                return " ".join(rng.choice(topics) if rng.random() < 0.15 else rng.choice(filler) for _ in range(n))

            day = number % 700
            story = {
                "id": f"bench-{number}",
                "headline": f"{topics[0]} {words(7)}",
                "deck": words(14),
                "lead": words(18),
                "body": "".join(f"<p>{words(45)}.</p>" for _ in range(6)),
                "status": "published",
                # Older than the demo's stories, which keep the top of the home page.
                "published_at": f"{time.strftime('%Y-%m-%d', time.gmtime(time.time() - (day + 20) * 86400))}T10:00:00+01:00",
                "section": SECTIONS[number % len(SECTIONS)],
                "tags": topics[:2],
                "authors": [f"كاتب {number % 25}"],
            }
            out.write(json.dumps(story, ensure_ascii=False) + "\n")


def seed(env, workdir, stories):
    say("  migrating and loading the demo and generated stories…")
    manage(env, "migrate", "--no-input", "-v0")
    manage(env, "load_demo", "-v0")
    if stories:
        path = workdir / "stories.ndjson"
        write_stories(path, stories)
        manage(env, "import_articles", str(path), "--no-progress")


def in_django(env, code):
    """Run ``code`` with Django set up under ``env``; it prints one JSON value."""
    prelude = "import django, json, os\nos.environ.setdefault('DJANGO_SETTINGS_MODULE', 'newsroom.settings')\ndjango.setup()\n"
    result = subprocess.run(
        [str(PYTHON), "-c", prelude + code], cwd=ROOT, env=env, check=True, capture_output=True, text=True
    )
    return json.loads(result.stdout.strip().splitlines()[-1])


SITE_INFO = """
from articles.models import Article
stories = Article.objects.published()
article = stories.filter(source="demo", photo__isnull=False).order_by("-published_at").first()
ids = list(stories.values_list("pk", flat=True)[:2000])
print(json.dumps({"article": article.get_absolute_url(), "article_id": article.pk,
                  "section": article.section.get_absolute_url(), "ids": ids, "count": stories.count()}))
"""

# A story whose body holds three library photos, a YouTube video, a post from X and a pull quote
# between the paragraphs of a demo story: the embeds must not cost the page its speed. Dated
# a month back so it changes neither the home page nor the article measured above.
EMBED_STORY = """
from datetime import timedelta
from articles.models import Article, Status
from newsroom import embeds
from newsroom.bodyblocks import embed_block, photo_block, pull_quote_block
from photos.models import Photo
model = Article.objects.published().filter(source="demo", photo__isnull=False).order_by("-published_at").first()
photos = list(Photo.objects.exclude(pk=model.photo_id).order_by("pk")[:3])
paragraphs = [part + "</p>" for part in model.body_ar.split("</p>") if part.strip()] or ["<p>نص</p>"]
blocks = [
    photo_block(photos[0].pk),
    embed_block(embeds.match("https://www.youtube.com/watch?v=dQw4w9WgXcQ"), "تصريح الوزير بالفيديو"),
    photo_block(photos[1].pk),
    pull_quote_block("سنكمل المشروع في موعده", "وزير النقل"),
    embed_block(embeds.match("https://x.com/Presidency_DZ/status/1790000000000000000")),
    photo_block(photos[2].pk),
]
body = "".join(paragraphs[index % len(paragraphs)] + block for index, block in enumerate(blocks)) + paragraphs[-1]
story = Article.objects.create(
    headline_ar="صور وفيديو: " + model.headline_ar, deck_ar=model.deck_ar, lead_ar=model.lead_ar, body_ar=body,
    section=model.section, photo=model.photo, status=Status.PUBLISHED,
    published_at=model.published_at - timedelta(days=30),
)
story.tags.add(*model.tags.all())
print(json.dumps({"url": story.get_absolute_url()}))
"""

COUNT_QUERIES = """
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
client, counts = Client(), {}
for name, url in json.loads(os.environ["BENCH_URLS"]).items():
    client.get(url)  # the boxes every page shares are cached from here on, as on a live site
    with CaptureQueriesContext(connection) as queries:
        status = client.get(url).status_code
    counts[name] = len(queries) if status == 200 else f"status {status}"
print(json.dumps(counts))
"""


# Servers and load ----------------------------------------------------------------------


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@contextmanager
def gunicorn(env, app, pythonpath=None):
    port = free_port()
    command = [str(BIN / "gunicorn"), app, "--workers", str(WORKERS), "--worker-class", "sync",
               "--bind", f"127.0.0.1:{port}", "--log-level", "warning", "--chdir", str(ROOT)]
    if pythonpath:
        command += ["--pythonpath", str(pythonpath)]
    process = subprocess.Popen(command, env=env)
    try:
        base = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + 60
        while True:
            try:
                urllib.request.urlopen(base + "/robots.txt", timeout=5).read()
                break
            except OSError:
                if process.poll() is not None or time.monotonic() > deadline:
                    raise SystemExit(f"gunicorn did not start: {' '.join(command)}")
                time.sleep(0.3)
        yield base, process.pid
    finally:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def workers_of(pid):
    children = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[1]) == pid:
                children.append(int(entry.name))
    return children


def peak_memory_mib(pid):
    """The highest resident memory any worker of gunicorn ``pid`` reached (VmHWM)."""
    peaks = []
    for worker in workers_of(pid):
        for line in Path(f"/proc/{worker}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                peaks.append(int(line.split()[1]) / 1024)
    return max(peaks) if peaks else None


class Script:
    """A wrk script, and what the Python load generator needs to do the same."""

    def __init__(self, workdir, kind, body, items=()):
        self.kind, self.items = kind, list(items)
        self.path = workdir / f"{kind}.lua"
        self.path.write_text(body)


def beacon_script(workdir, ids):
    return Script(
        workdir,
        "beacon",
        f"""
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/x-www-form-urlencoded"
wrk.headers["User-Agent"] = "{BROWSER}"
local ids = {{{",".join(map(str, ids))}}}
request = function()
  local body = "article=" .. ids[math.random(#ids)] .. "&visitor=" .. math.random(1, 2000000000)
  return wrk.format(nil, "/popularity/views/", nil, body)
end
""",
        ids,
    )


def search_script(workdir):
    paths = [f"/search/?q={urllib.parse.quote(word)}" for word in WORDS]
    return Script(
        workdir,
        "search",
        f"""
wrk.headers["User-Agent"] = "{BROWSER}"
local paths = {{{",".join(f'"{path}"' for path in paths)}}}
local i = 0
request = function()
  i = i % #paths + 1
  return wrk.format(nil, paths[i])
end
""",
        paths,
    )


def browser_script(workdir):
    return Script(workdir, "browser", f'wrk.headers["User-Agent"] = "{BROWSER}"\n')


UNITS = {"us": 1e-3, "ms": 1.0, "s": 1e3}


def run_wrk(url, seconds, connections, script):
    output = subprocess.run(
        ["wrk", "-t1", f"-c{connections}", f"-d{seconds}s", "--latency", "-s", str(script.path), url],
        check=True, capture_output=True, text=True,
    ).stdout
    latency = {
        percent: float(value) * UNITS[unit]
        for percent, value, unit in re.findall(r"^\s+(50|99)(?:\.0+)?%\s+([\d.]+)(us|ms|s)\s*$", output, re.M)
    }
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    socket_errors = re.search(r"Socket errors: (.*)", output)
    return {
        "rps": float(re.search(r"Requests/sec:\s+([\d.]+)", output)[1]),
        "p50": latency.get("50"),
        "p99": latency.get("99"),
        "errors": int(errors[1]) if errors else 0,
        "socket_errors": socket_errors[1].strip() if socket_errors else "",
    }


def run_python_load(url, seconds, connections, script):
    """Fallback when wrk is missing: processes sending requests one after another."""
    import multiprocessing

    def worker(queue):
        import http.client

        parsed = urllib.parse.urlsplit(url)
        latencies, errors, stop = [], 0, time.monotonic() + seconds
        while time.monotonic() < stop:
            start = time.perf_counter()
            connection = http.client.HTTPConnection(parsed.hostname, parsed.port, timeout=30)
            if script.kind == "beacon":
                body = f"article={random.choice(script.items)}&visitor={random.randrange(2**31)}"
                connection.request("POST", "/popularity/views/", body, {"Content-Type": "application/x-www-form-urlencoded", "User-Agent": BROWSER})
            else:
                path = random.choice(script.items) if script.kind == "search" else (parsed.path or "/")
                connection.request("GET", path, headers={"User-Agent": BROWSER})
            response = connection.getresponse()
            response.read()
            errors += response.status >= 400
            connection.close()
            latencies.append((time.perf_counter() - start) * 1000)
        queue.put((latencies, errors))

    queue = multiprocessing.get_context("fork").Queue()
    processes = [multiprocessing.get_context("fork").Process(target=worker, args=(queue,)) for _ in range(connections)]
    for process in processes:
        process.start()
    results = [queue.get() for _ in processes]
    for process in processes:
        process.join()
    latencies = sorted(value for batch, _errors in results for value in batch)
    return {
        "rps": len(latencies) / seconds,
        "p50": latencies[len(latencies) // 2] if latencies else None,
        "p99": latencies[int(len(latencies) * 0.99)] if latencies else None,
        "errors": sum(errors for _batch, errors in results),
        "socket_errors": "",
    }


class Load:
    """Load runs, each paired with runs against the ceiling in turn.

    Other work on the machine comes and goes; a row and the ceiling measured seconds apart,
    several times over, give a share that holds still where one ceiling for the whole run
    would not.
    """

    ROUNDS = 3

    def __init__(self, workdir, seconds, connections):
        self.workdir, self.seconds, self.connections = workdir, seconds, connections
        self.tool = "wrk" if ensure_wrk() else "python"
        self.ceiling = None  # (url, script) of the bare app, set while it is serving

    def run(self, url, script, seconds):
        runner = run_wrk if self.tool == "wrk" else run_python_load
        return runner(url, seconds, self.connections, script)

    def __call__(self, url, script):
        # A short warm-up first: workers import lazily and fill their caches.
        self.run(url, script, 1)
        self.run(*self.ceiling, 1)
        part = max(2, round(self.seconds / self.ROUNDS))
        rows, ceilings = [], []
        for number in range(self.ROUNDS):
            pair = [(url, script, rows), (*self.ceiling, ceilings)]
            for target, target_script, results in pair if number % 2 else reversed(pair):
                results.append(self.run(target, target_script, part))
        shares = sorted(row["rps"] / ceiling["rps"] for row, ceiling in zip(rows, ceilings))
        middle = sorted(rows, key=lambda row: row["rps"])[len(rows) // 2]
        return {
            "rps": sum(row["rps"] for row in rows) / len(rows),
            "p50": middle["p50"],
            "p99": middle["p99"],
            "share": shares[len(shares) // 2],
            "ceiling": sum(ceiling["rps"] for ceiling in ceilings) / len(ceilings),
            "errors": sum(row["errors"] for row in rows),
            "socket_errors": "; ".join(row["socket_errors"] for row in rows if row["socket_errors"]),
        }


def ensure_wrk():
    if shutil.which("wrk"):
        return True
    say("wrk is missing; installing it with apt-get…")
    subprocess.run(["apt-get", "install", "-y", "wrk"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    if not shutil.which("wrk"):
        say("wrk could not be installed: the Python load generator is used (figures are lower).")
    return bool(shutil.which("wrk"))


# Lighthouse ---------------------------------------------------------------------------


# Lighthouse emulates a Moto G Power, whose CPU scores about 264 on its benchmark index; the
# default 4x slowdown assumes a host four times faster. On a slower host the slowdown is
# calibrated (index / 264, between 1 and 4), as DevTools' CPU calibration does.
EMULATED_DEVICE_INDEX = 264


def lighthouse_once(url, workdir, slowdown=None):
    binary = ROOT / "node_modules" / ".bin" / "lighthouse"
    report = workdir / "lighthouse.json"
    command = [str(binary), url, "--quiet", "--output=json", f"--output-path={report}",
               f"--only-categories={','.join(LIGHTHOUSE_CATEGORIES)}",
               "--chrome-flags=--headless=new --no-sandbox --disable-gpu"]
    if slowdown is not None:
        command.append(f"--throttling.cpuSlowdownMultiplier={slowdown:.2f}")
    for _attempt in range(2):
        # About one run in five fails with NO_NAVSTART on this machine: one retry.
        report.unlink(missing_ok=True)
        subprocess.run(command, env={**os.environ, "CHROME_PATH": "/usr/bin/chromium"},
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        if report.exists():
            result = json.loads(report.read_text())
            scores = {name: result["categories"][name]["score"] for name in LIGHTHOUSE_CATEGORIES}
            if not result.get("runtimeError") and None not in scores.values():
                return {name: round(score * 100) for name, score in scores.items()}, result["environment"]["benchmarkIndex"]
    return None, None


def lighthouse(url, workdir, runs=3):
    """{label: median scores of ``runs`` runs} with the default mobile settings and, on a slow
    host, with the CPU slowdown calibrated to it. Lighthouse's own advice is to take the
    median of several runs: one run swings with whatever else the machine is doing."""
    if not (ROOT / "node_modules" / ".bin" / "lighthouse").exists():
        return "not installed (run npm install)"

    def median_of(slowdown=None):
        results = [lighthouse_once(url, workdir, slowdown) for _run in range(runs)]
        results = [(scores, index) for scores, index in results if scores is not None]
        if not results:
            return None, None
        medians = {
            name: sorted(scores[name] for scores, _index in results)[len(results) // 2] for name in LIGHTHOUSE_CATEGORIES
        }
        return medians, sorted(index for _scores, index in results)[len(results) // 2]

    scores, index = median_of()
    if scores is None:
        return "failed"
    found = {f"mobile, default 4x CPU slowdown, median of {runs}": scores}
    slowdown = min(4.0, max(1.0, index / EMULATED_DEVICE_INDEX))
    if slowdown < 4.0:
        calibrated, _index = median_of(slowdown)
        if calibrated is not None:
            found[f"mobile, CPU slowdown {slowdown:.1f}x (host benchmark index {index:.0f}), median of {runs}"] = calibrated
    return found


LIGHTHOUSE_PAGES = {"article": "article page", "article with embeds": "story with three photos and two embeds"}


def lighthouse_pages(base, urls, workdir):
    """{page: Lighthouse's scores} for the story pages, served with the page cache on."""
    found = {}
    shown = urllib.request.urlopen(base + urls["article with embeds"]).read().decode()
    figures, boxes = shown.count('class="story-photo"'), shown.count("data-embed=")
    if (figures, boxes) != (3, 2):
        raise SystemExit(f"the story with embeds shows {figures} photos and {boxes} embeds, not 3 and 2")
    for key, page in LIGHTHOUSE_PAGES.items():
        say(f"  Lighthouse, {page}…")
        found[page] = lighthouse(base + urls[key], workdir)
    return found


def lighthouse_only():
    """The Lighthouse part alone: the demo site on SQLite, its two story pages."""
    with tempfile.TemporaryDirectory(prefix="newsroom-bench-") as folder:
        workdir = Path(folder)
        env = base_environment(workdir)
        say("collecting static files…")
        manage(env, "collectstatic", "--no-input", "-v0")
        with database("sqlite", env, workdir) as database_env:
            seed(database_env, workdir, 0)
            urls = {"article": in_django(database_env, SITE_INFO)["article"],
                    "article with embeds": in_django(database_env, EMBED_STORY)["url"]}
            with gunicorn(database_env, "newsroom.wsgi:application") as (base, _pid):
                pages = lighthouse_pages(base, urls, workdir)
    print(f"# bench/run.py --lighthouse-only, {time.strftime('%Y-%m-%d %H:%M')}, SQLite, demo site, page cache on")
    report_lighthouse(pages)


# One database ---------------------------------------------------------------------------


def measure(name, env, workdir, args, load, with_lighthouse):
    seed(env, workdir, args.stories)
    site = in_django(env, SITE_INFO)
    urls = {
        "article": site["article"],
        "article with embeds": in_django(env, EMBED_STORY)["url"],
        "home": "/",
        "section": site["section"],
        "search": f"/search/?q={urllib.parse.quote(WORDS[0])}",
        "feed": "/feeds/rss/",
    }
    say(f"  {site['count']} public stories; counting queries…")
    queries = in_django({**env, "NEWSROOM_PAGE_CACHE_SECONDS": "0", "BENCH_URLS": json.dumps(urls)}, COUNT_QUERIES)
    browser, search, beacon = browser_script(workdir), search_script(workdir), beacon_script(workdir, site["ids"])

    rows, memory, scores = {}, {}, None
    ceiling_env = {**env, "BENCH_CEILING_BODY": str(workdir / "article.html")}
    with gunicorn(env, "newsroom.wsgi:application") as (base, pid):
        (workdir / "article.html").write_bytes(urllib.request.urlopen(base + urls["article"]).read())
    # The bare app serves beside the site for the whole run; each row is paired with it.
    with gunicorn(ceiling_env, "ceiling:application", pythonpath=ROOT / "bench") as (ceiling, ceiling_pid):
        load.ceiling = (ceiling + urls["article"], browser)
        say("  page cache on…")
        with gunicorn(env, "newsroom.wsgi:application") as (base, pid):
            rows["article, cached"] = load(base + urls["article"], browser)
            rows["home, cached"] = load(base + "/", browser)
            rows["search, cached (20 queries in turn)"] = load(base + "/", search)
            rows["view beacon (POST, new reader each time)"] = load(base, beacon)
            memory["page cache on"] = peak_memory_mib(pid)
            if with_lighthouse:
                scores = lighthouse_pages(base, urls, workdir)
        say("  page cache off…")
        with gunicorn({**env, "NEWSROOM_PAGE_CACHE_SECONDS": "0"}, "newsroom.wsgi:application") as (base, pid):
            rows["article, rendered each time"] = load(base + urls["article"], browser)
            rows["home, rendered each time"] = load(base + "/", browser)
            rows["search, rendered each time"] = load(base + "/", search)
            memory["page cache off"] = peak_memory_mib(pid)
        memory["ceiling"] = peak_memory_mib(ceiling_pid)
    return {"name": name, "site": site, "queries": queries, "rows": rows, "memory": memory, "lighthouse": scores}


def report(result, load, args):
    print(f"\n## {result['name']}: {result['site']['count']} public stories, {WORKERS} sync workers, "
          f"{load.tool} -c{args.connections}, {args.seconds} s per row and as long on the ceiling, in {Load.ROUNDS} turns")
    print("\nThe ceiling is the same article bytes from a bare WSGI app under the same gunicorn settings; "
          "each share is the median of the turns' row/ceiling ratios.\n")
    print("| | req/s | p50 ms | p99 ms | share of ceiling | ceiling req/s meanwhile | errors |")
    print("|---|---:|---:|---:|---:|---:|---:|")
    for label, row in result["rows"].items():
        errors = f"{row['errors']}{' (' + row['socket_errors'] + ')' if row['socket_errors'] else ''}"
        print(f"| {label} | {row['rps']:,.0f} | {row['p50']:.2f} | {row['p99']:.2f} | {row['share']:.1%} | "
              f"{row['ceiling']:,.0f} | {errors} |")
    print("\nSQL queries per page, rendered with the shared boxes cached: "
          + ", ".join(f"{name} {count}" for name, count in result["queries"].items()))
    print("Peak memory per worker: " + ", ".join(
        f"{name} {value:.0f} MiB" for name, value in result["memory"].items() if value is not None))
    report_lighthouse(result["lighthouse"])


def report_lighthouse(pages):
    for page, found in (pages or {}).items():
        if isinstance(found, str):
            print(f"Lighthouse, {page}: {found}")
            continue
        for label, scores in found.items():
            print(f"Lighthouse, {page}, {label}: " + ", ".join(f"{name} {score}" for name, score in scores.items()))


@contextmanager
def database(name, env, workdir):
    if name == "sqlite":
        folder = workdir / "sqlite"
        folder.mkdir()
        yield {**env, "NEWSROOM_VAR_DIR": str(folder), "DATABASE_URL": f"sqlite:///{folder / 'bench.sqlite3'}"}
        return
    import redis

    database_name = f"newsroom_bench_{os.getpid()}"
    folder = workdir / "postgres"
    folder.mkdir()
    cache = redis.Redis.from_url(REDIS_URL)
    cache.flushdb()
    subprocess.run(["createdb", *POSTGRES, database_name], check=True)
    try:
        yield {**env, "NEWSROOM_VAR_DIR": str(folder), "REDIS_URL": REDIS_URL,
               "DATABASE_URL": f"postgres://postgres@127.0.0.1:5432/{database_name}"}
    finally:
        subprocess.run(["dropdb", *POSTGRES, "--if-exists", "--force", database_name], check=False)
        cache.flushdb()


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--stories", type=int, default=3000, help="generated stories besides the demo's")
    parser.add_argument("--seconds", type=int, default=10, help="length of each load run")
    parser.add_argument("--connections", type=int, default=8, help="concurrent connections")
    parser.add_argument("--databases", default="sqlite,postgres")
    parser.add_argument("--no-lighthouse", action="store_true")
    parser.add_argument("--lighthouse-only", action="store_true",
                        help="only Lighthouse on the article page and the story with embeds (SQLite, the demo site)")
    args = parser.parse_args()
    if args.lighthouse_only:
        lighthouse_only()
        return

    print(f"# bench/run.py, {time.strftime('%Y-%m-%d %H:%M')}, load average before: "
          + " ".join(f"{value:.2f}" for value in os.getloadavg()))
    with tempfile.TemporaryDirectory(prefix="newsroom-bench-") as folder:
        workdir = Path(folder)
        env = base_environment(workdir)
        load = Load(workdir, args.seconds, args.connections)
        say("collecting static files…")
        manage(env, "collectstatic", "--no-input", "-v0")
        for number, name in enumerate(args.databases.split(",")):
            say(f"{name}:")
            label = {"sqlite": "SQLite, local-memory cache, views counted in the database",
                     "postgres": "PostgreSQL, Redis cache, views counted in Redis"}[name]
            with database(name, env, workdir) as database_env:
                result = measure(label, database_env, workdir, args, load, with_lighthouse=number == 0 and not args.no_lighthouse)
            report(result, load, args)
    print("\nLoad average after: " + " ".join(f"{value:.2f}" for value in os.getloadavg()))


if __name__ == "__main__":
    main()
