from datetime import UTC, datetime
from pathlib import Path

import pytest
from PIL import Image

from articles.models import Article, Status
from ingest.importers import FORMATS, ImportFailed, feed, import_paths, wordpress
from ingest.importers.feed import looks_like, parse
from ingest.importers.records import ArticleRecord, RecordError
from ingest.importers.upsert import CREATED, UNCHANGED, upsert
from tests.factories import write_file as write

FIXTURES = Path(__file__).parent / "fixtures"
RSS = FIXTURES / "feed-rss.xml"
ATOM = FIXTURES / "feed-atom.xml"


def records(path, **kwargs):
    return [record for record in parse(path, **kwargs) if isinstance(record, ArticleRecord)]


class TestDetection:
    def test_rss_and_atom_are_recognised(self):
        assert looks_like(RSS.read_bytes()[:4096])
        assert looks_like(ATOM.read_bytes()[:4096])
        assert not wordpress.looks_like(RSS.read_bytes()[:4096])

    def test_a_bom_stylesheet_and_comment_may_come_first(self):
        head = b'\xef\xbb\xbf<?xml version="1.0"?>\n<?xml-stylesheet href="s.xsl"?>\n<!-- hi -->\n<rss version="2.0">'
        assert looks_like(head)

    def test_other_files_are_not(self):
        assert not looks_like("واشنطن تستعجل\n\nنص الخبر".encode())
        assert not looks_like(b"<html><body>feed</body></html>")
        assert not looks_like(b'{"rss": 1}')


class TestRss:
    def test_entries(self):
        first, second = records(RSS)
        assert first.source == "feed"
        assert first.external_id == "news-example-5001"
        assert first.headline == "انطلاق موسم الحصاد في ولايات الهضاب العليا"
        assert first.body_html.startswith("<p>انطلق موسم الحصاد")
        assert "<script" not in first.body_html and "alert" not in first.body_html
        # The description differs from the full content, so it is the deck.
        assert first.deck == "توقعات بمحصول وفير من الحبوب هذا العام."
        assert first.published_at == datetime(2024, 6, 11, 6, 30, tzinfo=UTC)
        assert first.authors == ["نسيمة بلقاسم"]
        assert first.tags == ["اقتصاد", "فلاحة"]
        assert first.old_url == "https://news.example.dz/economie/harvest-2024/"
        assert first.status == ""

        # No content: the description is the body, in a paragraph, and there is no deck.
        assert second.external_id == "https://news.example.dz/societe/storms/"
        assert second.body_html == "<p>نشرة خاصة تحذر من أمطار رعدية غزيرة مساء اليوم.</p>"
        assert second.deck == ""
        assert second.authors == ["مصلحة الأرصاد"]

    def test_an_entry_without_a_title_is_a_bad_record(self):
        results = list(parse(RSS))
        error = results[2]
        assert isinstance(error, RecordError)
        assert error.message == "entry 3: no title"
        assert error.line == 3

    def test_an_image_enclosure_is_found_in_the_media_folder(self, tmp_path):
        (tmp_path / "media-copy").mkdir()
        Image.new("RGB", (32, 20)).save(tmp_path / "media-copy" / "harvest.jpg", "JPEG")
        first, _second = records(RSS, media_dir=tmp_path / "media-copy")
        assert first.image_path == str(tmp_path / "media-copy" / "harvest.jpg")


class TestAtom:
    def test_entries(self):
        first, second = records(ATOM)
        assert first.external_id == "tag:culture.example.dz,2024:entry-77"
        # type="html" titles lose their markup.
        assert first.headline == "مهرجان الموسيقى الأندلسية في تلمسان"
        assert first.body_html == (
            "<p>تحتضن مدينة تلمسان الطبعة الجديدة من مهرجان الموسيقى الأندلسية.</p><p>بمشاركة فرق من المغرب وتونس.</p>"
        )
        assert first.deck == "تلمسان تحتضن الطبعة الجديدة من المهرجان الدولي."
        # 20:00 at UTC+1.
        assert first.published_at == datetime(2024, 6, 19, 19, 0, tzinfo=UTC)
        assert first.tags == ["ثقافة", "موسيقى"]
        assert first.authors == ["ياسين مرابط"]
        assert first.old_url == "https://culture.example.dz/festivals/andalous-tlemcen"

        # Plain-text content is escaped, one paragraph a line; no published date: updated.
        assert second.body_html == "<p>يفتح معرض الكتاب أبوابه للجمهور يوم السبت.</p><p>ويستمر عشرة أيام.</p>"
        assert second.published_at == datetime(2024, 6, 18, 8, 0, tzinfo=UTC)


class TestBadFiles:
    def test_entity_declarations_are_refused(self, tmp_path):
        text = RSS.read_text(encoding="utf-8").replace(
            "<rss", '<!DOCTYPE rss [\n<!ENTITY lol "lol">\n<!ENTITY lol2 "&lol;&lol;&lol;&lol;">\n]>\n<rss', 1
        )
        path = write(tmp_path, "lolz.xml", text)
        with pytest.raises(RecordError, match="refused for safety") as raised:
            list(parse(path))
        assert raised.value.line == 2

    def test_a_broken_file_without_entries(self, tmp_path):
        path = write(tmp_path, "broken.xml", '<?xml version="1.0"?>\n<rss version="2.0"><channel><title>خبر')
        with pytest.raises(RecordError, match="not a readable feed"):
            list(parse(path))

    def test_xml_that_is_not_a_feed(self, tmp_path):
        path = write(tmp_path, "other.xml", '<?xml version="1.0"?>\n<catalogue><book>كتاب</book></catalogue>')
        with pytest.raises(RecordError, match="not an RSS or Atom feed"):
            list(parse(path))

    def test_empty_and_missing_files(self, tmp_path):
        with pytest.raises(RecordError, match="empty"):
            list(parse(write(tmp_path, "empty.xml", b"")))
        with pytest.raises(RecordError, match="no such file"):
            list(parse(tmp_path / "missing.xml"))


@pytest.mark.django_db
class TestUpsert:
    def test_entries_become_published_stories_and_a_rerun_changes_nothing(self):
        found = records(RSS) + records(ATOM)
        assert [upsert(record) for record in found] == [CREATED] * 4
        story = Article.objects.get(external_id="news-example-5001")
        assert story.status == Status.PUBLISHED
        assert story in Article.objects.published()
        assert set(story.tags.names()) == {"اقتصاد", "فلاحة"}
        assert [author.name_ar for author in story.authors.all()] == ["نسيمة بلقاسم"]
        assert "<script" not in story.body_ar
        assert [upsert(record) for record in records(RSS) + records(ATOM)] == [UNCHANGED] * 4


@pytest.mark.django_db
def test_a_feed_through_import_paths():
    # The package registers the format itself; nothing is added for this test.
    assert FORMATS[feed.NAME] is feed
    with pytest.raises(ImportFailed, match="entry 3: no title") as raised:
        import_paths([RSS, ATOM], format="feed", skip_errors=True)
    assert raised.value.report.counts["created"] == 4
    assert Article.objects.count() == 4
