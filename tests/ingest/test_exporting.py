"""The NDJSON export: what it writes for the constructs inside bodies, and that it imports back."""

import io
import json
import shutil
from html import unescape

import pytest
from django.core.management import call_command
from PIL import Image

from articles.models import Article
from ingest.exporting import export_ndjson
from newsroom import embeds
from newsroom.bodyblocks import embed_block, photo_block, pull_quote_block, replace_blocks, story_block
from photos.models import Photo
from taxonomy.models import Author, Section
from tests.factories import make_article, make_photo, make_section

pytestmark = pytest.mark.django_db

YOUTUBE = embeds.match("https://www.youtube.com/watch?v=dQw4w9WgXcQ")
X_POST = embeds.match("https://x.com/APS_Algerie/status/1790012345678901234")
TABLE = "<table><tbody><tr><th>الولاية</th><th>الحصة</th></tr><tr><td>وهران</td><td>40</td></tr></tbody></table>"


def site_with_every_construct():
    """Stories whose bodies hold every construct, a card pointing forward, and references to a
    photo and a story that are gone."""
    section = make_section("اقتصاد")
    wali = make_photo(
        "الوالي", caption_ar="الوالي في الورشة", caption_fr="Le wali", alt_text_ar="رجل بخوذة", credit="وكالة",
        color=(200, 40, 40),
    )
    port = make_photo("الميناء", caption_ar="ميناء وهران", alt_text_ar="رافعات", color=(40, 200, 40))
    gone_photo = make_photo("محذوفة", color=(40, 40, 200))
    gone_story = make_article("خبر محذوف", section=section)
    earlier = make_article("خبر سابق", section=section)
    holder = make_article("الخبر الكامل", section=section, photo=port)
    later = make_article("خبر لاحق", section=section)
    holder.body_ar = "".join([
        "<p>مقدمة الخبر.</p>",
        photo_block(wali.pk, "تعليق خاص بهذه القصة"),
        embed_block(YOUTUBE, "تصريح الوزير"),
        pull_quote_block("Nous irons jusqu'au bout", "Le ministre", "ltr"),
        embed_block(X_POST),
        story_block(earlier.pk),
        story_block(later.pk),
        photo_block(port.pk),
        photo_block(gone_photo.pk, "لن تبقى"),
        story_block(gone_story.pk),
        TABLE,
        '<p dir="ltr">Fin.</p>',
    ])
    holder.body_fr = f"<p>Début.</p>{photo_block(wali.pk)}{story_block(later.pk)}"
    holder.save()
    gone_photo.delete()
    gone_story.delete()
    return holder


def colour(photo):
    """The photo's strongest colour: the site stores a cleaned copy of every file, so the bytes differ."""
    with photo.file.open("rb") as file, Image.open(file) as picture:
        mean = picture.convert("RGB").resize((1, 1)).getpixel((0, 0))
    return ("red", "green", "blue")[mean.index(max(mean))]


def drawn(body):
    """The body as a reader is shown it, whatever ids its photos and cards have in this database."""

    def photo(photo_id, caption):
        shown = Photo.objects.filter(pk=photo_id).first()
        if shown is None:
            return ""  # as the page leaves out a photo deleted from the library
        texts = "|".join([shown.caption_ar, shown.caption_fr or "", shown.alt_text_ar, shown.credit])
        return f"[photo {colour(shown)} {shown.width}x{shown.height} {texts} {unescape(caption)}]"

    def story(story_id):
        shown = Article.objects.published().filter(pk=story_id).first()
        return f"[card {shown.headline_ar}]" if shown else ""

    return replace_blocks(body, photo=photo, story=story).strip()


def every_story():
    return {story.headline_ar: (drawn(story.body_ar), drawn(story.body_fr or "")) for story in Article.objects.all()}


def test_the_export_describes_the_photos_and_cards_inside_a_body():
    holder = site_with_every_construct()
    out = io.StringIO()
    export_ndjson(out, Article.objects.filter(pk=holder.pk))
    record = json.loads(out.getvalue())
    wali = Photo.objects.get(title_ar="الوالي")
    port = Photo.objects.get(title_ar="الميناء")
    earlier, later = Article.objects.get(headline_ar="خبر سابق"), Article.objects.get(headline_ar="خبر لاحق")
    assert record["body_photos"] == {
        str(wali.pk): {"image": f"media/{wali.file.name}", "caption": "الوالي في الورشة", "alt": "رجل بخوذة",
                       "credit": "وكالة", "translations": {"fr": {"caption": "Le wali"}}},
        str(port.pk): {
            "image": f"media/{port.file.name}", "caption": "ميناء وهران", "alt": "رافعات", "credit": "تصوير: سمير",
        },
    }
    assert record["body_stories"] == {str(earlier.pk): str(earlier.pk), str(later.pk): str(later.pk)}
    # Embeds, quotes and tables as stored; what is gone is left out.
    assert embed_block(YOUTUBE, "تصريح الوزير") in record["body"]
    assert pull_quote_block("Nous irons jusqu'au bout", "Le ministre", "ltr") in record["body"]
    assert TABLE in record["body"]
    assert "لن تبقى" not in record["body"] and record["body"].count("data-story") == 2


def test_a_story_with_every_construct_exports_and_imports_back_into_an_empty_site(tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path / "media"
    site_with_every_construct()
    before = every_story()
    out = tmp_path / "export" / "stories.ndjson"
    out.parent.mkdir()
    call_command("export_articles", str(out), "--media", stdout=io.StringIO())

    Article.objects.all().delete()
    Photo.objects.all().delete()
    Section.objects.all().delete()
    Author.objects.all().delete()
    shutil.rmtree(settings.MEDIA_ROOT)
    call_command("import_articles", str(out), stdout=io.StringIO())

    after = every_story()
    assert after == before
    holder = Article.objects.get(headline_ar="الخبر الكامل")
    assert Photo.objects.count() == 2
    assert holder.photo.caption_ar == "ميناء وهران"
    assert photo_block(holder.photo.pk) in holder.body_ar

    # Importing the same export again changes nothing and adds no photo.
    out_text = io.StringIO()
    call_command("import_articles", str(out), stdout=out_text)
    assert "0 created, 0 updated, 3 unchanged" in out_text.getvalue()
    assert Photo.objects.count() == 2
