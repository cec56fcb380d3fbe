from datetime import UTC, datetime
from pathlib import Path

import pytest
from PIL import Image

from articles.models import Article, LegacyUrl, Status
from ingest.importers import FORMATS, ImportFailed, feed, import_paths, wordpress
from ingest.importers.records import ArticleRecord, RecordError, Skipped
from ingest.importers.upsert import CREATED, UNCHANGED, upsert
from ingest.importers.wordpress import looks_like, parse, plain_text, wordpress_to_html
from newsroom import embeds
from newsroom.bodyblocks import embed_block, photo_block
from newsroom.sanitiser import sanitise_html
from photos.models import Photo
from taxonomy.models import Section
from tests.factories import write_file as write

EXPORT = Path(__file__).parent / "fixtures" / "wordpress-export.xml"
EXPORT_TEXT = EXPORT.read_text(encoding="utf-8")
IMAGE_NAME = "stade-5-juillet.jpg"


def records(path=EXPORT, **kwargs):
    return [record for record in parse(path, **kwargs) if isinstance(record, ArticleRecord)]


def by_id(path=EXPORT, **kwargs):
    return {record.external_id: record for record in records(path, **kwargs)}


def item_line(post_id):
    """The line of the <item> that holds ``post_id``, counted the slow obvious way."""
    lines = EXPORT_TEXT.splitlines()
    target = next(number for number, line in enumerate(lines) if f"<wp:post_id>{post_id}<" in line)
    return max(number for number, line in enumerate(lines[:target]) if line.strip() == "<item>") + 1


def media_dir(tmp_path):
    """An uploads folder, as copied from the old site, with the featured image in a subfolder."""
    folder = tmp_path / "uploads" / "2024" / "03"
    folder.mkdir(parents=True)
    Image.new("RGB", (64, 40), (20, 120, 60)).save(folder / IMAGE_NAME, "JPEG")
    return tmp_path / "uploads"


def with_items(*items):
    """The fixture's channel with ``items`` added before its end."""
    return EXPORT_TEXT.replace("</channel>", "".join(items) + "</channel>")


def post_item(post_id, title, content, status="publish"):
    return f"""
    <item>
        <title><![CDATA[{title}]]></title>
        <link>https://old.example.dz/{post_id}/</link>
        <dc:creator><![CDATA[karim]]></dc:creator>
        <content:encoded><![CDATA[{content}]]></content:encoded>
        <wp:post_id>{post_id}</wp:post_id>
        <wp:post_date_gmt><![CDATA[2024-05-01 10:00:00]]></wp:post_date_gmt>
        <wp:status><![CDATA[{status}]]></wp:status>
        <wp:post_type><![CDATA[post]]></wp:post_type>
    </item>
"""


class TestDetection:
    def test_a_wordpress_export_is_recognised(self):
        head = EXPORT.read_bytes()[:4096]
        assert looks_like(head)
        # The export is RSS too; the feed module must leave it to this one.
        assert not feed.looks_like(head)

    def test_other_files_are_not(self):
        assert not looks_like("واشنطن تستعجل تعاون الجزائر\n\nنص الخبر".encode())
        assert not looks_like(b'{"title": "x"}')
        assert not looks_like(b'<?xml version="1.0"?><rss version="2.0"><channel></channel></rss>')


class TestParse:
    def test_only_posts_are_stories(self):
        # 104 is a page, 201 an attachment, 300 a menu item, 106 is in the trash.
        assert set(by_id()) == {"101", "102", "103", "105", "107", "108"}

    def test_items_left_out_are_counted_as_skipped(self):
        skipped = {item.reason for item in parse(EXPORT) if isinstance(item, Skipped)}
        assert skipped == {
            "post 104: post type 'page', not a story",
            "post 201: post type 'attachment', not a story",
            "post 106: status 'trash', not imported",
            "post 300: post type 'nav_menu_item', not a story",
        }

    def test_callers_may_ask_for_pages(self):
        assert "104" in by_id(post_types=("post", "page"))

    def test_a_published_post(self):
        record = by_id()["101"]
        assert record.source == "wordpress"
        assert record.headline == "الخضر يتأهلون إلى نهائيات كأس إفريقيا"
        assert record.deck == "فوز ثمين يضمن التأهل قبل جولة من النهاية"
        assert record.status == "published"
        assert record.published_at == datetime(2024, 3, 15, 18, 30, tzinfo=UTC)
        assert record.authors == ["كريم بن علي"]
        assert record.tags == ["المنتخب الوطني", "كأس إفريقيا"]
        assert record.section_path == ["رياضة", "كرة القدم"]
        assert record.old_url == "https://old.example.dz/2024/03/15/khodr-qualify/"
        assert record.line == item_line(101)
        assert record.image_path == ""

    def test_statuses_are_mapped(self):
        statuses = {post_id: record.status for post_id, record in by_id().items()}
        assert statuses == {
            "101": "published",
            "102": "draft",
            "103": "review",
            "105": "published",
            "107": "published",
            "108": "scheduled",
        }

    def test_a_draft_without_gmt_date_uses_the_local_date(self):
        record = by_id()["102"]
        # 10:00 in Algiers (UTC+1, no daylight saving) is 09:00 UTC.
        assert record.published_at == datetime(2024, 4, 1, 9, 0, tzinfo=UTC)
        # "/?p=102" is no address of its own.
        assert record.old_url == ""
        assert record.section_path == ["سياسة"]
        assert record.authors == ["سليمة حداد"]

    def test_the_default_category_is_no_section(self):
        assert by_id()["103"].section_path == []

    def test_paragraphs_are_made_from_blank_lines(self):
        body = by_id()["101"].body_html
        assert body.startswith("<p>تأهل المنتخب الوطني")
        assert "العشرين<br>\nوأضاف" in body
        assert "<h2>ردود الفعل</h2>" in body
        assert "<p><h2>" not in body
        assert "<blockquote>\n<p>قال المدرب" in body
        assert "<ul>\n<li>الهدف الأول: الدقيقة 20</li>" in body
        assert "<p><ul>" not in body

    def test_shortcodes_and_bare_links(self):
        body = by_id()["105"].body_html
        assert "<p>جماهير تحتفل في ساحة البريد المركزي</p>" in body
        assert '<a href="https://www.youtube.com/watch?v=abc123"' in body
        assert '<p><a href="https://video.example.dz/celebrations"' in body
        assert "<p>ودامت الاحتفالات حتى ساعات الفجر الأولى.</p>" in body
        assert "[" not in body and "]" not in body
        assert "<img" not in body

    def test_scripts_and_handlers_are_removed(self):
        body = by_id()["107"].body_html
        assert "<script" not in body and "evil.example" not in body
        assert "onclick" not in body and "javascript:" not in body
        assert "<p>عرفت أسعار الخضر ارتفاعا محسوسا في أسواق الجملة.</p>" in body

    def test_arabic_in_square_brackets_is_not_a_shortcode(self):
        assert "[ملاحظة]" in wordpress_to_html("نص [ملاحظة] آخر")

    def test_comments_such_as_the_more_tag_are_dropped(self):
        assert wordpress_to_html("مقدمة\n<!--more-->\nبقية الخبر") == "<p>مقدمة</p>\n<p>بقية الخبر</p>"

    def test_titles_lose_tags_entities_and_runs_of_white_space(self):
        assert plain_text("  <b>الخضر</b>&nbsp;\u00a0 في\tالنهائي\n") == "الخضر في النهائي"

    def test_posts_split_between_reads_of_the_file_come_out_whole(self, monkeypatch):
        def summary():
            return [(r.external_id, r.line, r.headline, r.deck, r.body_html, r.tags, r.section_path, r.authors) for r in records()]

        whole = summary()
        monkeypatch.setattr(wordpress, "CHUNK_BYTES", 7)
        assert summary() == whole

    def test_posts_before_a_fault_in_the_file_are_still_read(self, tmp_path):
        path = write(tmp_path, "export.xml", EXPORT_TEXT.replace("</channel>", "<item></chanel>"))
        items = parse(path)
        assert next(items).external_id == "101"
        with pytest.raises(RecordError, match="not well-formed"):
            list(items)


class TestFeaturedImages:
    def test_the_image_comes_from_an_attachment_later_in_the_file(self, tmp_path):
        uploads = media_dir(tmp_path)
        found = records(media_dir=uploads)
        ids = [record.external_id for record in found]
        # 101 waits for its attachment (item 201), which comes after 102 and 103.
        assert ids.index("101") > ids.index("103")
        record = found[ids.index("101")]
        assert record.image_path == str(uploads / "2024" / "03" / IMAGE_NAME)
        assert record.image_caption == "ملعب 5 جويلية الأولمبي بالعاصمة"
        assert record.image_alt == "مدرجات ملعب 5 جويلية ممتلئة بالجماهير"

    def test_without_a_media_folder_posts_keep_file_order(self):
        assert [record.external_id for record in records()][:3] == ["101", "102", "103"]

    def test_a_missing_file_leaves_no_image(self, tmp_path):
        (tmp_path / "uploads").mkdir()
        assert by_id(media_dir=tmp_path / "uploads")["101"].image_path == ""

    def test_an_attachment_that_never_comes_still_lets_the_post_in(self, tmp_path):
        text = EXPORT_TEXT.replace("<![CDATA[201]]></wp:meta_value>", "<![CDATA[999]]></wp:meta_value>")
        path = write(tmp_path, "export.xml", text)
        found = records(path, media_dir=media_dir(tmp_path))
        assert found[-1].external_id == "101"
        assert found[-1].image_path == ""


class TestBadRecords:
    def test_bad_posts_are_yielded_as_errors_and_the_rest_go_on(self, tmp_path):
        path = write(
            tmp_path,
            "export.xml",
            with_items(post_item(901, "", ""), post_item(902, "ع" * 300, "نص"), post_item(903, "خبر سليم", "نص")),
        )
        results = list(parse(path))
        errors = [result for result in results if isinstance(result, RecordError)]
        assert [error.message for error in errors] == [
            "post 901: no title and no content",
            "post 902: the title is 300 characters long; the limit is 255",
        ]
        lines = path.read_text(encoding="utf-8").splitlines()
        assert lines[errors[0].line - 1].strip() == "<item>"
        assert "903" in {result.external_id for result in results if isinstance(result, ArticleRecord)}

    def test_an_unknown_status_is_a_bad_record(self, tmp_path):
        path = write(tmp_path, "export.xml", with_items(post_item(904, "خبر", "نص", status="limbo")))
        (error,) = [result for result in parse(path) if isinstance(result, RecordError)]
        assert error.message == "post 904: unknown status 'limbo'"

    def test_older_export_versions_are_read(self, tmp_path):
        path = write(tmp_path, "export.xml", EXPORT_TEXT.replace("wordpress.org/export/1.2/", "wordpress.org/export/1.1/"))
        assert by_id(path).keys() == by_id().keys()
        assert by_id(path)["101"].section_path == ["رياضة", "كرة القدم"]


class TestBadFiles:
    @pytest.mark.parametrize("encoding", ["x-unknown", "shift_jis"])
    def test_an_encoding_the_reader_cannot_use_is_a_clear_error(self, tmp_path, encoding):
        path = write(tmp_path, "export.xml", EXPORT_TEXT.replace('encoding="UTF-8"', f'encoding="{encoding}"', 1))
        with pytest.raises(RecordError, match="names an encoding that cannot be read.*save it as UTF-8") as raised:
            list(parse(path))
        assert raised.value.line == 1

    def test_a_truncated_file_names_the_line(self, tmp_path):
        data = EXPORT.read_bytes()
        cut = data.index("صور: احتفالات".encode())
        path = write(tmp_path, "export.xml", data[:cut])
        with pytest.raises(RecordError) as raised:
            list(parse(path))
        assert "truncated" in raised.value.message
        assert raised.value.line == data[:cut].count(b"\n") + 1

    def test_entity_declarations_are_refused(self, tmp_path):
        laughs = (
            '<?xml version="1.0"?>\n'
            '<!DOCTYPE lolz [\n <!ENTITY lol "lol">\n'
            ' <!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">\n'
            ' <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">\n]>\n'
            '<rss version="2.0" xmlns:wp="http://wordpress.org/export/1.2/"><channel>'
            "<item><title>&lol3;</title><wp:post_id>1</wp:post_id><wp:status>publish</wp:status>"
            "<wp:post_type>post</wp:post_type></item></channel></rss>"
        )
        path = write(tmp_path, "lolz.xml", laughs)
        with pytest.raises(RecordError, match="refused for safety") as raised:
            list(parse(path))
        assert raised.value.line == 2

    def test_a_plain_doctype_is_refused_too(self, tmp_path):
        text = EXPORT_TEXT.replace("<rss", '<!DOCTYPE rss SYSTEM "http://example.org/rss.dtd">\n<rss', 1)
        path = write(tmp_path, "export.xml", text)
        with pytest.raises(RecordError, match="refused for safety"):
            list(parse(path))

    def test_a_text_file_is_not_xml(self, tmp_path):
        path = write(tmp_path, "story.txt", "واشنطن تستعجل تعاون الجزائر\n\nنص الخبر\n")
        assert not looks_like(path.read_bytes())
        with pytest.raises(RecordError, match="not well-formed XML") as raised:
            list(parse(path))
        assert raised.value.line == 1

    def test_rss_without_wordpress_elements_is_not_an_export(self, tmp_path):
        path = write(tmp_path, "feed.xml", '<rss version="2.0"><channel><item><title>خبر</title></item></channel></rss>')
        with pytest.raises(RecordError, match="not a WordPress export"):
            list(parse(path))

    def test_empty_and_missing_files(self, tmp_path):
        with pytest.raises(RecordError, match="empty"):
            list(parse(write(tmp_path, "empty.xml", b"\xef\xbb\xbf\n")))
        with pytest.raises(RecordError, match="no such file"):
            list(parse(tmp_path / "missing.xml"))


@pytest.mark.django_db
class TestUpsert:
    def import_all(self, tmp_path):
        return [upsert(record) for record in records(media_dir=media_dir(tmp_path))]

    def test_the_export_becomes_stories(self, settings, tmp_path):
        settings.MEDIA_ROOT = tmp_path / "media"
        assert self.import_all(tmp_path) == [CREATED] * 6
        assert Article.objects.count() == 6

        football = Section.objects.get(name_ar="كرة القدم")
        assert football.parent.name_ar == "رياضة"
        assert football.parent.parent is None
        assert Section.objects.filter(name_ar="غير مصنف").count() == 0

        story = Article.objects.get(external_id="101")
        assert story.section == football
        assert set(story.tags.names()) == {"المنتخب الوطني", "كأس إفريقيا"}
        assert [author.name_ar for author in story.authors.all()] == ["كريم بن علي"]
        assert story.status == Status.PUBLISHED
        assert story in Article.objects.published()
        assert LegacyUrl.objects.get(path="/2024/03/15/khodr-qualify/").article == story

        assert story.photo.file.name.endswith(".jpg")
        assert Path(story.photo.file.path).is_relative_to(tmp_path / "media")
        assert Path(story.photo.file.path).exists()
        assert story.photo.alt_text_ar == "مدرجات ملعب 5 جويلية ممتلئة بالجماهير"

    def test_statuses_and_visibility(self, tmp_path):
        self.import_all(tmp_path)
        status = dict(Article.objects.values_list("external_id", "status"))
        assert status["102"] == Status.DRAFT
        assert status["103"] == Status.REVIEW
        assert status["108"] == Status.SCHEDULED
        public = set(Article.objects.published().values_list("external_id", flat=True))
        assert public == {"101", "105", "107"}
        assert not Article.objects.get(external_id="102").is_public

    def test_bodies_are_sanitised_with_paragraphs(self, tmp_path):
        self.import_all(tmp_path)
        body = Article.objects.get(external_id="107").body_ar
        assert "<script" not in body and "evil.example" not in body
        assert body.startswith("<p>عرفت أسعار الخضر")
        assert Article.objects.get(external_id="101").body_ar.count("<p>") == 3

    def test_a_rerun_changes_nothing(self, tmp_path):
        self.import_all(tmp_path)
        before = list(Article.objects.order_by("pk").values())
        again = [upsert(record) for record in records(media_dir=tmp_path / "uploads")]
        assert again == [UNCHANGED] * 6
        assert list(Article.objects.order_by("pk").values()) == before


@pytest.mark.django_db
class TestImportPaths:
    """The whole run, with the format as the package registers it."""

    def test_the_export_through_import_paths(self, tmp_path):
        assert FORMATS[wordpress.NAME] is wordpress
        report = import_paths([EXPORT], format="wordpress", media_dir=media_dir(tmp_path))
        assert (report.counts["created"], report.counts["skipped"]) == (6, 4)
        assert Article.objects.get(external_id="101").photo
        again = import_paths([EXPORT], format="wordpress", media_dir=tmp_path / "uploads")
        assert again.counts["unchanged"] == 6

    def test_a_bad_post_fails_the_run_unless_errors_are_skipped(self, tmp_path):
        path = write(tmp_path, "export.xml", with_items(post_item(901, "", "")))
        with pytest.raises(ImportFailed, match="post 901: no title and no content"):
            import_paths([path], format="wordpress")
        assert not Article.objects.exists()
        with pytest.raises(ImportFailed) as raised:
            import_paths([path], format="wordpress", skip_errors=True)
        assert raised.value.report.counts["created"] == 6
        assert Article.objects.count() == 6


YOUTUBE_ID = "dQw4w9WgXcQ"
YOUTUBE_URL = f"https://www.youtube.com/watch?v={YOUTUBE_ID}"
X_URL = "https://x.com/APS_Algerie/status/1790012345678901234"


def embedded(url, title=""):
    return embed_block(embeds.match(url), title)


class TestEmbeds:
    def test_an_embed_shortcode_of_a_known_provider_becomes_an_embed(self):
        body = sanitise_html(wordpress_to_html(f"قبل\n\n[embed]{YOUTUBE_URL}[/embed]\n\nبعد"))
        assert body == f"<p>قبل</p>\n{embedded(YOUTUBE_URL)}\n<p>بعد</p>"

    def test_an_address_alone_on_its_line_becomes_an_embed_as_wordpress_makes_it(self):
        body = sanitise_html(wordpress_to_html(f"تغريدة الوكالة:\n{X_URL}\nوتابعت..."))
        assert embedded(X_URL) in body
        assert "<p>تغريدة الوكالة:</p>" in body

    def test_an_address_inside_a_sentence_stays_text(self):
        body = sanitise_html(wordpress_to_html(f"شاهدوا {YOUTUBE_URL} على قناتنا"))
        assert "data-embed" not in body
        assert body == f"<p>شاهدوا {YOUTUBE_URL} على قناتنا</p>"

    @pytest.mark.parametrize(
        "url",
        [
            "https://video.example.dz/celebrations",
            f"https://youtube.com.evil.example/watch?v={YOUTUBE_ID}",
            f"https://evilyoutube.com/watch?v={YOUTUBE_ID}",
            "https://www.youtube.com/watch?v=abc123",
        ],
    )
    def test_an_address_no_provider_knows_stays_a_link(self, url):
        for content in (f"[embed]{url}[/embed]", f"نص\n{url}\nنص"):
            body = sanitise_html(wordpress_to_html(content))
            assert "data-embed" not in body
            assert f'<p><a href="{url}" rel="noopener noreferrer">{url}</a></p>' in body

    def test_a_providers_frame_becomes_its_embed_and_any_other_frame_is_dropped(self):
        content = (
            f'<iframe width="560" height="315" src="https://www.youtube.com/embed/{YOUTUBE_ID}?feature=oembed" '
            'frameborder="0" allowfullscreen></iframe>\n\n'
            '<iframe src="https://player.vimeo.com/video/76979871?h=ab12" width="640"></iframe>\n\n'
            '<iframe src="https://www.facebook.com/plugins/post.php?href=https%3A%2F%2Fwww.facebook.com%2F'
            'PresidenceDZ%2Fposts%2F123&amp;show_text=true" width="500"></iframe>\n\n'
            '<iframe src="https://youtube.com.evil.example/embed/dQw4w9WgXcQ"></iframe>\n\n'
            '<iframe src="javascript:alert(1)"></iframe>'
        )
        body = sanitise_html(wordpress_to_html(content))
        facebook = embedded("https://www.facebook.com/PresidenceDZ/posts/123")
        assert body == f"{embedded(YOUTUBE_URL)}\n{embedded('https://vimeo.com/76979871')}\n{facebook}"

    def test_the_block_editors_embed_keeps_its_caption_as_the_title(self):
        content = (
            "<!-- wp:embed {\"url\":\"https://x.com/APS_Algerie/status/1790012345678901234\"} -->\n"
            '<figure class="wp-block-embed is-type-rich is-provider-twitter wp-block-embed-twitter">'
            f'<div class="wp-block-embed__wrapper">\n{X_URL}\n</div>'
            '<figcaption class="wp-element-caption">بيان <strong>الوزارة</strong></figcaption></figure>\n'
            "<!-- /wp:embed -->"
        )
        assert sanitise_html(wordpress_to_html(content)) == embedded(X_URL, "بيان الوزارة")

    def test_constructs_written_in_the_old_sites_markup_are_not_taken_as_ours(self):
        content = (
            '<figure data-photo="3"><figcaption>x</figcaption></figure><aside data-story="4"></aside>'
            f'<figure data-embed="youtube" data-embed-id="{YOUTUBE_ID}"></figure>'
            '<figure data-pullquote=""><blockquote>قول</blockquote></figure>'
        )
        assert "data-" not in sanitise_html(wordpress_to_html(content))


def write_image(folder, name, size=(64, 40), colour=(20, 120, 60)):
    folder.mkdir(parents=True, exist_ok=True)
    Image.new("RGB", size, colour).save(folder / name, "JPEG")
    return folder / name


def uploads_with(tmp_path, *names):
    folder = tmp_path / "uploads" / "2024" / "05"
    for number, name in enumerate(names):
        write_image(folder, name, colour=(20 * number, 120, 60))
    return tmp_path / "uploads"


UPLOADS = "https://old.example.dz/wp-content/uploads/2024/05"
CAPTIONED = (
    f'[caption id="attachment_7" align="aligncenter" width="300"]<a href="{UPLOADS}/wali.jpg">'
    f'<img class="size-medium wp-image-7" src="{UPLOADS}/wali-300x200.jpg" alt="الوالي &amp; الوفد" width="300" />'
    "</a> الوالي خلال <b>زيارة</b> الورشة[/caption]"
)


@pytest.mark.django_db
class TestBodyPhotos:
    def body_of(self, post_id):
        return Article.objects.get(external_id=str(post_id)).body_ar

    def test_a_captioned_image_in_the_media_folder_becomes_a_library_photo_with_its_caption(self, tmp_path, settings):
        settings.MEDIA_ROOT = tmp_path / "media"
        post = post_item(901, "زيارة الوالي", f"مقدمة\n\n{CAPTIONED}\n\nخاتمة")
        path = write(tmp_path, "export.xml", with_items(post))
        import_paths([path], media_dir=uploads_with(tmp_path, "wali.jpg", "wali-300x200.jpg"))
        photo = Photo.objects.get()
        assert self.body_of(901) == f"<p>مقدمة</p>\n{photo_block(photo.pk, 'الوالي خلال زيارة الورشة')}\n<p>خاتمة</p>"
        assert photo.caption_ar == "الوالي خلال زيارة الورشة"
        assert photo.alt_text_ar == "الوالي & الوفد"
        # The full-size upload, not the size WordPress cut for the page.
        assert (photo.width, photo.height) == (64, 40)
        assert photo.rendition("article")

    def test_a_block_editor_image_and_a_bare_image_become_library_photos(self, tmp_path):
        content = (
            '<figure class="wp-block-image size-large">'
            f'<img src="{UPLOADS}/port.jpg" alt="الميناء" class="wp-image-8"/>'
            '<figcaption class="wp-element-caption">ميناء وهران</figcaption></figure>\n\n'
            f'نص\n\n<a href="{UPLOADS}/quai.jpg"><img src="{UPLOADS}/quai.jpg" alt=""></a>'
        )
        path = write(tmp_path, "export.xml", with_items(post_item(902, "الميناء", content)))
        import_paths([path], media_dir=uploads_with(tmp_path, "port.jpg", "quai.jpg"))
        port, quay = Photo.objects.get(alt_text_ar="الميناء"), Photo.objects.exclude(alt_text_ar="الميناء").get()
        assert self.body_of(902) == f"{photo_block(port.pk, 'ميناء وهران')}\n<p>نص</p>\n{photo_block(quay.pk)}"

    def test_an_image_whose_file_is_not_here_leaves_its_caption_as_a_paragraph(self, tmp_path):
        path = write(tmp_path, "export.xml", with_items(post_item(903, "زيارة الوالي", CAPTIONED)))
        (tmp_path / "empty").mkdir()
        for media in (tmp_path / "empty", None):
            import_paths([path], media_dir=media)
            assert self.body_of(903) == "<p>الوالي خلال <b>زيارة</b> الورشة</p>"
        assert not Photo.objects.exists()

    def test_the_same_file_in_two_posts_and_as_a_featured_image_is_one_library_photo(self, tmp_path):
        # The fixture's post 101 has stade-5-juillet.jpg as its featured image.
        image = f'<img src="https://old.example.dz/wp-content/uploads/2024/03/{IMAGE_NAME}" alt="الملعب">'
        posts = with_items(post_item(904, "أول", image), post_item(905, "ثان", f"{image}\n\n{image}"))
        path = write(tmp_path, "export.xml", posts)
        import_paths([path], format="wordpress", media_dir=media_dir(tmp_path))
        photo = Photo.objects.get()
        assert Article.objects.get(external_id="101").photo == photo
        assert self.body_of(904) == photo_block(photo.pk)
        assert self.body_of(905) == f"{photo_block(photo.pk)}\n{photo_block(photo.pk)}"

    def test_a_rerun_reports_the_stories_unchanged_and_adds_no_photo(self, tmp_path):
        path = write(tmp_path, "export.xml", with_items(post_item(906, "زيارة الوالي", CAPTIONED)))
        uploads = uploads_with(tmp_path, "wali.jpg")
        import_paths([path], media_dir=uploads)
        before = (list(Photo.objects.values_list("pk", "file")), self.body_of(906))
        again = import_paths([path], media_dir=uploads)
        assert again.counts["unchanged"] == 7
        assert (list(Photo.objects.values_list("pk", "file")), self.body_of(906)) == before

    def test_a_photo_deleted_from_the_library_is_added_again_by_the_next_run(self, tmp_path):
        path = write(tmp_path, "export.xml", with_items(post_item(907, "زيارة الوالي", CAPTIONED)))
        uploads = uploads_with(tmp_path, "wali.jpg")
        import_paths([path], media_dir=uploads)
        Photo.objects.get().delete()
        assert import_paths([path], media_dir=uploads).counts["updated"] == 1
        assert self.body_of(907) == photo_block(Photo.objects.get().pk, "الوالي خلال زيارة الورشة")

    def test_an_unreadable_image_fails_its_post_with_file_and_line_and_not_the_others(self, tmp_path):
        uploads = uploads_with(tmp_path, "wali.jpg")
        (uploads / "2024" / "05" / "broken.jpg").write_bytes(b"\xff\xd8\xff not a photo")
        broken = f'<img src="{UPLOADS}/broken.jpg">'
        posts = with_items(
            post_item(908, "سليم", CAPTIONED), post_item(909, "معطوب", f"نص\n\n{broken}"), post_item(910, "سليم", "نص")
        )
        path = write(tmp_path, "export.xml", posts)
        with pytest.raises(ImportFailed) as raised:
            import_paths([path], media_dir=uploads)
        (error,) = raised.value.report.errors
        lines = path.read_text(encoding="utf-8").splitlines()
        assert lines[error.line - 1].strip() == "<item>"
        assert "<wp:post_id>909<" in "".join(lines[error.line : error.line + 8])
        assert error.path == str(path) and "broken.jpg" in error.message
        assert not Article.objects.exists() and not Photo.objects.exists()

        with pytest.raises(ImportFailed):
            import_paths([path], media_dir=uploads, skip_errors=True)
        assert set(Article.objects.values_list("external_id", flat=True)) >= {"908", "910"}
        assert not Article.objects.filter(external_id="909").exists()
        assert Photo.objects.count() == 1
