import io
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from articles.models import Article, Status
from ingest.importers import ImportFailed, import_paths
from ingest.importers.plaintext import parse
from tests.factories import make_section
from tests.factories import write_file as write

SEED = Path(__file__).parent / "fixtures" / "seed-article-page.txt"
SEED_TEXT = SEED.read_text(encoding="utf-8")
FURNITURE = ("مقالات الواجهة", "الأكثر قراءة", "بريد الجزائر", "تيك توك", "معبر الملك حسين")


def run(*args):
    stdout, stderr = io.StringIO(), io.StringIO()
    call_command("import_articles", *map(str, args), stdout=stdout, stderr=stderr)
    return stdout.getvalue()


class TestSeedPage:
    def test_parts_are_recognised(self):
        (record,) = parse(SEED)
        assert record.headline == "واشنطن تستعجل تعاون الجزائر لمواجهة ”عودة الدواعش”"
        assert record.deck == "تقارير أمنية تحذّر من تهديدات خطيرة بشمال إفريقيا"
        assert record.image_caption == record.image_alt == "الجزائر والولايات المتحدة"
        assert record.lead == "الدورة الخامسة للحوار حول قضايا الأمن ومكافحة الإرهاب في جوان القادم"
        paragraphs = record.body_html.split("</p><p>")
        assert len(paragraphs) == 6
        assert paragraphs[0].startswith("<p>طلبت الإدارة الأمريكية")
        assert paragraphs[-1].endswith("بالتنسيق مع الاتحاد الإفريقي”.</p>")
        for furniture in FURNITURE:
            assert furniture not in record.body_html

    @pytest.mark.django_db
    def test_import_creates_one_published_story(self):
        output = run(SEED)
        article = Article.objects.get()
        assert "1 created" in output
        assert article.headline_ar.startswith("واشنطن تستعجل")
        assert article.lead_ar.endswith("في جوان القادم")
        assert article.body_ar.count("<p>") == 6
        assert not any(furniture in article.body_ar for furniture in FURNITURE)
        assert article in Article.objects.published()
        assert article.slug.startswith("واشنطن-تستعجل-تعاون-الجزائر")

    @pytest.mark.django_db
    def test_a_second_run_changes_nothing(self):
        run(SEED)
        before = Article.objects.values().get()
        output = run(SEED)
        assert "0 created, 0 updated, 1 unchanged" in output
        assert Article.objects.values().get() == before

    @pytest.mark.django_db
    def test_an_edited_file_updates_the_same_story(self, tmp_path):
        path = write(tmp_path, "story.txt", SEED_TEXT)
        run(path)
        path.write_text(SEED_TEXT.replace("واشنطن تستعجل", "واشنطن تطلب"), encoding="utf-8")
        assert "1 updated" in run(path)
        assert Article.objects.get().headline_ar.startswith("واشنطن تطلب")

    @pytest.mark.django_db
    def test_a_rerun_does_not_republish_a_withdrawn_story(self):
        run(SEED)
        Article.objects.update(status=Status.UNPUBLISHED)
        run(SEED)
        assert Article.objects.get().status == Status.UNPUBLISHED


class TestVariants:
    def test_crlf_line_ends_bom_and_no_furniture(self, tmp_path):
        story = SEED_TEXT.split("\nمقالات الواجهة")[0]
        path = write(tmp_path, "crlf.txt", "\ufeff" + story.replace("\n", "\r\n"))
        (record,) = parse(path)
        assert record.headline.startswith("واشنطن")
        assert record.body_html.count("<p>") == 6

    def test_only_the_most_read_box(self, tmp_path):
        story = SEED_TEXT.replace("مقالات الواجهة\n\n", "")
        (record,) = parse(write(tmp_path, "one-box.txt", story))
        assert "بريد الجزائر" not in record.body_html and record.body_html.count("<p>") == 6

    def test_a_numbered_list_without_a_heading_is_furniture(self, tmp_path):
        story = "عنوان\n\nعنوان فرعي\n\nمقدمة\n\nفقرة أولى طويلة.\n\n1. خبر آخر\n\n2. خبر ثالث"
        (record,) = parse(write(tmp_path, "list.txt", story))
        assert record.body_html == "<p>فقرة أولى طويلة.</p>"

    def test_missing_caption(self, tmp_path):
        story = "العنوان\n\nالعنوان الفرعي\n\nالمقدمة القصيرة\n\nالفقرة الأولى.\n\nالفقرة الثانية."
        (record,) = parse(write(tmp_path, "nocaption.txt", story))
        assert (record.deck, record.lead, record.image_caption) == ("العنوان الفرعي", "المقدمة القصيرة", "")
        assert record.body_html == "<p>الفقرة الأولى.</p><p>الفقرة الثانية.</p>"

    def test_headline_and_body_only(self, tmp_path):
        (record,) = parse(write(tmp_path, "short.txt", "العنوان\n\nنص الخبر كاملا."))
        assert (record.headline, record.deck, record.lead) == ("العنوان", "", "")
        assert record.body_html == "<p>نص الخبر كاملا.</p>"

    def test_tatweel_and_diacritics_in_furniture_headings(self, tmp_path):
        story = "العنوان\n\nنص الخبر.\n\nالأكـــثر قِراءة\n\n1. خبر آخر"
        (record,) = parse(write(tmp_path, "tatweel.txt", story))
        assert record.body_html == "<p>نص الخبر.</p>"

    def test_markup_in_plain_text_is_text(self, tmp_path):
        (record,) = parse(write(tmp_path, "html.txt", "العنوان\n\n<script>alert(1)</script> نص"))
        assert "<script>" not in record.body_html and "&lt;script&gt;" in record.body_html


@pytest.mark.django_db
class TestBadFiles:
    @pytest.mark.parametrize(
        ("name", "content", "message"),
        [
            ("empty.txt", b"", "empty.txt: the file is empty"),
            ("blank.txt", "\u00a0\n \n\n", "blank.txt: the file is empty"),
            ("latin1.txt", "العنوان\n\nنص".encode() + b"\n\xe9t\xe9", "latin1.txt:4: not UTF-8 text"),
            ("binary.txt", b"\x89PNG\r\n\x1a\n\x00\x00", "binary.txt:3: this is a binary file"),
            ("headline-only.txt", "عنوان بلا نص", "headline-only.txt:1: no body paragraphs"),
            ("long.txt", "ع" * 300 + "\n\nنص", "long.txt:1: the headline is 300 characters long; the limit is 255"),
            ("page.html", "<html><body>x</body></html>", "page.html: unknown format"),
        ],
    )
    def test_a_bad_file_names_itself_and_writes_nothing(self, tmp_path, name, content, message):
        good = write(tmp_path, "good.txt", SEED_TEXT)
        bad = write(tmp_path, name, content)
        stderr = io.StringIO()
        with pytest.raises(CommandError, match="nothing was written"):
            call_command("import_articles", str(good), str(bad), stdout=io.StringIO(), stderr=stderr)
        assert message in stderr.getvalue()
        assert not Article.objects.exists()

    def test_missing_file(self, tmp_path):
        with pytest.raises(ImportFailed) as failure:
            import_paths([tmp_path / "nope.txt"])
        assert str(failure.value).endswith("nope.txt: no such file")

    def test_every_bad_file_is_reported_at_once(self, tmp_path):
        paths = [write(tmp_path, "a.txt", b""), tmp_path / "b.txt", write(tmp_path, "c.txt", b"\xff\xfe")]
        with pytest.raises(ImportFailed) as failure:
            import_paths(paths)
        assert len(failure.value.report.errors) == 3

    def test_unknown_section(self):
        with pytest.raises(CommandError, match="no section with the slug 'لا-يوجد'"):
            run(SEED, "--section", "لا-يوجد")

    def test_command_exits_non_zero(self, tmp_path):
        import subprocess
        import sys

        result = subprocess.run(
            [sys.executable, "manage.py", "import_articles", str(tmp_path / "missing.txt")],
            capture_output=True,
            text=True,
            cwd=Path(__file__).parents[2],
        )
        assert result.returncode != 0
        assert "missing.txt: no such file" in result.stderr
        assert "Traceback" not in result.stderr


@pytest.mark.django_db
class TestOptions:
    def test_status_and_section(self):
        section = make_section("دولي")
        run(SEED, "--status", "draft", "--section", section.slug)
        article = Article.objects.get()
        assert article.status == Status.DRAFT and article.section == section
        assert article not in Article.objects.published()

    def test_dry_run_writes_nothing(self):
        output = run(SEED, "--dry-run")
        assert "dry run" in output and "1 created" in output
        assert not Article.objects.exists()

    def test_format_can_be_named(self, tmp_path):
        path = write(tmp_path, "story.dat", SEED_TEXT)
        run(path, "--format", "text")
        assert Article.objects.count() == 1
