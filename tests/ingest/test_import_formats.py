"""JSON, NDJSON and CSV imports, --skip-errors and reports, old addresses, and the export round trip."""

import io
import json

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone
from PIL import Image

from articles.models import Article, Status
from ingest.importers.jsonfile import parse as parse_json
from taxonomy.models import Author, Section
from tests.factories import write_file as write

pytestmark = pytest.mark.django_db

STORIES = [
    {
        "id": "a-1",
        "headline": "افتتاح خط الترامواي في قسنطينة",
        "deck": "الخط يربط وسط المدينة بالجامعة",
        "lead": "أول رحلة صباح اليوم",
        "body": "<p>انطلقت أول رحلة.</p><script>alert(1)</script>",
        "status": "published",
        "published_at": "الإثنين 3 جوان 2024، 10:30",
        "section": "وطني/النقل",
        "tags": "النقل، قسنطينة",
        "authors": ["سليمة بن علي"],
        "url": "https://old.example.dz/2024/06/03/tramway/",
        "translations": {"fr": {"headline": "Inauguration du tramway de Constantine", "body": "<p>Premier trajet.</p>"}},
    },
    {
        "id": "a-2",
        "headline": "مسودة عن الميزانية",
        "status": "draft",
        "published_at": "2024-04-02T08:00:00+01:00",
        "section": ["اقتصاد"],
        "tags": ["ميزانية"],
    },
]


def run(*args):
    out, err = io.StringIO(), io.StringIO()
    call_command("import_articles", *map(str, args), stdout=out, stderr=err)
    return out.getvalue()


def check_first_story():
    story = Article.objects.get(external_id="a-1")
    assert story.headline_ar == "افتتاح خط الترامواي في قسنطينة"
    assert story.body_ar == "<p>انطلقت أول رحلة.</p>"
    assert story.headline_fr == "Inauguration du tramway de Constantine"
    assert story.published_at.isoformat() == "2024-06-03T09:30:00+00:00"
    assert [s.name_ar for s in story.section.ancestry()] == ["وطني", "النقل"]
    assert sorted(story.tags.names()) == ["النقل", "قسنطينة"]
    assert [a.name_ar for a in story.authors.all()] == ["سليمة بن علي"]
    assert story.is_public
    draft = Article.objects.get(external_id="a-2")
    assert draft.status == Status.DRAFT and not draft.is_public


def test_a_json_array(tmp_path):
    path = write(tmp_path, "export.json", json.dumps(STORIES, ensure_ascii=False))
    assert "2 created" in run(path)
    check_first_story()


def test_ndjson(tmp_path):
    path = write(tmp_path, "export.ndjson", "\n".join(json.dumps(story, ensure_ascii=False) for story in STORIES) + "\n")
    run(path)
    check_first_story()


def test_a_rerun_updates_and_never_duplicates(tmp_path):
    path = write(tmp_path, "export.ndjson", "\n".join(json.dumps(story, ensure_ascii=False) for story in STORIES))
    run(path)
    assert "0 created, 0 updated, 2 unchanged" in run(path)
    changed = [dict(STORIES[0], headline="افتتاح خط الترامواي الجديد في قسنطينة"), STORIES[1]]
    path.write_text("\n".join(json.dumps(story, ensure_ascii=False) for story in changed), encoding="utf-8")
    assert "0 created, 1 updated, 1 unchanged" in run(path)
    assert Article.objects.count() == 2 and Section.objects.count() == 3 and Author.objects.count() == 1


CSV_HEADER = "id,headline,deck,status,published_at,section,tags,headline_fr\n"
CSV_ROWS = 'c-1,انتخابات محلية في وهران,نسبة المشاركة 40%,published,3 أفريل 2024,وطني,"انتخابات، وهران",Élections locales à Oran\n'


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "cp1256"])
def test_csv_in_utf8_with_or_without_bom_and_windows_1256(tmp_path, encoding):
    text = CSV_HEADER + CSV_ROWS.replace("Élections locales à Oran", "Elections locales a Oran")
    path = write(tmp_path, f"stories-{encoding}.csv", text.encode(encoding))
    run(path)
    story = Article.objects.get()
    assert story.headline_ar == "انتخابات محلية في وهران"
    assert story.deck_ar == "نسبة المشاركة 40%"
    assert story.headline_fr == "Elections locales a Oran"
    assert timezone.localtime(story.published_at).date().isoformat() == "2024-04-03"
    assert sorted(story.tags.names()) == ["انتخابات", "وهران"]


def test_images_come_from_the_bundle(tmp_path, settings):
    (tmp_path / "images").mkdir()
    Image.new("RGB", (300, 200), (20, 90, 160)).save(tmp_path / "images" / "tram.jpg")
    story = dict(STORIES[0], image="images/tram.jpg")
    run(write(tmp_path, "bundle.json", json.dumps([story], ensure_ascii=False)))
    assert Article.objects.get().photo.width == 300


@pytest.mark.parametrize(
    ("image", "reason"),
    [
        ("../../etc/passwd", "is not in the bundle"),
        ("x" * 5000 + ".jpg", "is not in the bundle"),
        ({"file": "photo.jpg"}, "image must be a file path"),
    ],
    ids=["outside", "name-too-long", "not-a-path"],
)
def test_an_image_outside_the_bundle_is_refused(tmp_path, image, reason):
    story = dict(STORIES[0], image=image)
    err = io.StringIO()
    with pytest.raises(CommandError):
        call_command("import_articles", str(write(tmp_path, "bundle.json", json.dumps([story]))), stdout=io.StringIO(), stderr=err)
    assert f"bundle.json:1: record {story['id']}: " in err.getvalue() and reason in err.getvalue()
    assert not Article.objects.exists()


def test_old_addresses_redirect_to_the_story(tmp_path, client):
    run(write(tmp_path, "export.json", json.dumps(STORIES, ensure_ascii=False)))
    story = Article.objects.get(external_id="a-1")
    response = client.get("/2024/06/03/tramway/")
    assert response.status_code == 301 and response["Location"] == story.get_absolute_url()
    assert client.get("/2024/06/03/nothing/").status_code == 404


BAD_LINES = [
    json.dumps(STORIES[0], ensure_ascii=False),
    '{"id": "b-1", "headline": ',
    json.dumps({"id": "b-2"}),
    json.dumps({"id": "b-3", "headline": "خبر", "status": "live"}),
    json.dumps({"id": "b-4", "headline": "خبر", "published_at": "غدا صباحا"}),
    json.dumps({"headline": "بلا معرف"}),
    json.dumps(STORIES[1], ensure_ascii=False),
]


def test_every_bad_record_is_reported_and_nothing_written(tmp_path):
    path = write(tmp_path, "mixed.ndjson", "\n".join(BAD_LINES))
    err = io.StringIO()
    with pytest.raises(CommandError, match="nothing was written"):
        call_command("import_articles", str(path), stdout=io.StringIO(), stderr=err)
    lines = err.getvalue().splitlines()
    assert [line.split(": ", 1)[0].rsplit(":", 1)[1] for line in lines] == ["2", "3", "4", "5", "6"]
    assert "not valid JSON" in lines[0]
    assert "the headline is missing" in lines[1]
    assert "unknown status 'live'" in lines[2]
    assert "cannot read the date 'غدا صباحا'" in lines[3]
    assert "no id" in lines[4]
    assert not Article.objects.exists()


def test_skip_errors_keeps_the_good_records_and_writes_a_report(tmp_path):
    path = write(tmp_path, "mixed.ndjson", "\n".join(BAD_LINES))
    report = tmp_path / "failures.csv"
    with pytest.raises(CommandError, match="the good records were kept"):
        call_command("import_articles", str(path), "--skip-errors", "--report", str(report),
                     stdout=io.StringIO(), stderr=io.StringIO())
    assert set(Article.objects.values_list("external_id", flat=True)) == {"a-1", "a-2"}
    rows = report.read_text(encoding="utf-8").splitlines()
    assert rows[0] == "file,line,reason" and len(rows) == 6


def test_a_truncated_json_array_names_where_it_broke(tmp_path):
    text = json.dumps(STORIES + [dict(STORIES[1], id="a-3")], ensure_ascii=False)
    path = write(tmp_path, "cut.json", text[:-30])
    err = io.StringIO()
    with pytest.raises(CommandError):
        call_command("import_articles", str(path), stdout=io.StringIO(), stderr=err)
    assert "cut.json:3: the JSON ends too early or is broken in record 3" in err.getvalue()
    assert not Article.objects.exists()


def test_a_binary_file_read_as_csv_is_a_clear_error(tmp_path):
    path = write(tmp_path, "photo.csv", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    err = io.StringIO()
    with pytest.raises(CommandError):
        call_command("import_articles", str(path), "--format", "csv", stdout=io.StringIO(), stderr=err)
    assert "photo.csv: a binary file, not CSV text" in err.getvalue()


def test_export_then_import_into_an_empty_database_reproduces_the_stories(tmp_path, settings):
    run(write(tmp_path, "export.json", json.dumps(STORIES, ensure_ascii=False)))
    before = {
        a.headline_ar: (a.body_ar, a.headline_fr, a.status, a.published_at, sorted(a.tags.names()),
                        [s.name_ar for s in a.section.ancestry()], [x.name_ar for x in a.authors.all()])
        for a in Article.objects.all()
    }
    out = tmp_path / "out" / "stories.ndjson"
    out.parent.mkdir()
    call_command("export_articles", str(out), "--media", stdout=io.StringIO())
    Article.objects.all().delete()
    Section.objects.filter(parent__isnull=False).delete()
    Section.objects.all().delete()
    Author.objects.all().delete()
    run(out)
    after = {
        a.headline_ar: (a.body_ar, a.headline_fr, a.status, a.published_at, sorted(a.tags.names()),
                        [s.name_ar for s in a.section.ancestry()], [x.name_ar for x in a.authors.all()])
        for a in Article.objects.all()
    }
    assert after == before


class CountingFile:
    """A file that counts the bytes read from it, however they are read."""

    def __init__(self, file):
        self.file, self.bytes_read = file, 0

    def read(self, size=-1):
        data = self.file.read(size)
        self.bytes_read += len(data)
        return data

    def readinto(self, buffer):
        count = self.file.readinto(buffer)
        self.bytes_read += count or 0
        return count

    def __getattr__(self, name):
        return getattr(self.file, name)

    def __iter__(self):
        for line in self.file:
            self.bytes_read += len(line)
            yield line

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.file.close()


def test_the_json_parser_streams_records(tmp_path, monkeypatch):
    import builtins
    import importlib

    jsonfile = importlib.import_module("ingest.importers.jsonfile")
    opened = []

    def counting_open(*args, **kwargs):
        opened.append(CountingFile(builtins.open(*args, **kwargs)))  # noqa: SIM115 (the parser's "with" closes it)
        return opened[-1]

    monkeypatch.setattr(jsonfile, "open", counting_open, raising=False)
    count = 20_000
    path = write(tmp_path, "many.json", json.dumps([dict(STORIES[1], id=f"n-{n}") for n in range(count)], ensure_ascii=False))
    size = path.stat().st_size
    assert size > 3_000_000
    records = parse_json(path)
    first = next(records)
    assert first.external_id == "n-0" and first.line == 1
    # The first record came after a small part of the file was read (a parser's buffer), not all of it.
    [file] = opened
    assert 0 < file.bytes_read <= 128 * 1024 < size / 20
    # Read to the end, the same file gives every record and every byte: the count sees all reads.
    assert sum(1 for _ in records) == count - 1
    assert file.bytes_read == size


def test_the_same_story_twice_in_one_file_is_one_story_with_the_later_text(tmp_path):
    lines = [json.dumps(STORIES[0], ensure_ascii=False), json.dumps(dict(STORIES[0], headline="عنوان مصحح"), ensure_ascii=False)]
    output = run(write(tmp_path, "twice.ndjson", "\n".join(lines)))
    assert "1 created, 1 updated" in output
    assert Article.objects.get().headline_ar == "عنوان مصحح"


def test_a_record_the_database_refuses_is_reported_alone(tmp_path, monkeypatch):
    import importlib

    from django.db import DatabaseError

    upsert_module = importlib.import_module("ingest.importers.upsert")

    real_new_article = upsert_module.BatchWriter.new_article
    real_upsert = upsert_module.upsert

    def refuse_second(self, record):
        if record.external_id == "a-2":
            raise DatabaseError("value too long")
        return real_new_article(self, record)

    def refuse_second_alone(record, defaults=None):
        if record.external_id == "a-2":
            raise DatabaseError("value too long")
        return real_upsert(record, defaults)

    monkeypatch.setattr(upsert_module.BatchWriter, "new_article", refuse_second)
    monkeypatch.setattr("ingest.importers.upsert", refuse_second_alone)
    path = write(tmp_path, "two.ndjson", "\n".join(json.dumps(story, ensure_ascii=False) for story in STORIES))
    err = io.StringIO()
    with pytest.raises(CommandError, match="the good records were kept"):
        call_command("import_articles", str(path), "--skip-errors", stdout=io.StringIO(), stderr=err)
    assert "two.ndjson:2: record a-2: could not be saved: value too long" in err.getvalue()
    assert list(Article.objects.values_list("external_id", flat=True)) == ["a-1"]


def test_imported_stories_are_found_by_their_tags(tmp_path):
    # Batched (no image) and one-by-one (with an image) writes both name the tags to search.
    (tmp_path / "images").mkdir()
    Image.new("RGB", (300, 200), (20, 90, 160)).save(tmp_path / "images" / "tram.jpg")
    stories = [
        dict(STORIES[0], id="batched", tags=["تحلية المياه"]),
        dict(STORIES[0], id="with-image", tags=["محطة القطار"], image="images/tram.jpg"),
    ]
    run(write(tmp_path, "export.ndjson", "\n".join(json.dumps(s, ensure_ascii=False) for s in stories) + "\n"))

    assert [s.external_id for s in Article.objects.published().search("تحليه المياه")] == ["batched"]
    assert [s.external_id for s in Article.objects.published().search("محطه القطار")] == ["with-image"]


def test_an_import_shows_its_new_stories_on_a_cached_home_page_at_once(tmp_path, client):
    run(write(tmp_path, "first.ndjson", json.dumps(STORIES[0], ensure_ascii=False) + "\n"))
    client.get("/")  # the home page, now in the page cache
    # Same section, tags and author: only the new story itself changes, written in bulk.
    later = dict(STORIES[0], id="a-3", headline="قطار جديد بين وهران وتلمسان", url="")
    run(write(tmp_path, "second.ndjson", json.dumps(later, ensure_ascii=False) + "\n"))
    assert "قطار جديد بين وهران وتلمسان" in client.get("/").content.decode()


@pytest.mark.parametrize(
    ("record", "field"),
    [
        ({"id": "n1", "headline": "خبر", "body": "<p>نص\u0000مخفي</p>"}, "body_html"),
        ({"id": "n2", "headline": "خبر", "tags": ["رياضة", "كرة\u0000"]}, "tags"),
        ({"id": "n3", "headline": "خبر", "translations": {"fr": {"headline": "Titre\u0000"}}}, "headline (fr)"),
    ],
)
def test_a_nul_character_is_refused_alike_on_every_database(tmp_path, record, field):
    good = {"id": "ok", "headline": "خبر سليم", "body": "<p>نص</p>"}
    path = write(tmp_path, "nul.ndjson", "\n".join(json.dumps(item) for item in (good, record)))
    err = io.StringIO()
    with pytest.raises(CommandError, match="nothing was written"):
        call_command("import_articles", str(path), stdout=io.StringIO(), stderr=err)
    assert f"nul.ndjson:2: record {record['id']}: the {field} holds a NUL character" in err.getvalue()
    assert not Article.objects.exists()
