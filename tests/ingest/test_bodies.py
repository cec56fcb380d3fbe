"""Photos and story cards inside imported bodies: added to the library or found there, and the
bodies rewritten with this site's ids (the NDJSON schema's ``body_photos`` and ``body_stories``)."""

import json

import pytest
from PIL import Image

from articles.models import Article
from ingest.importers import ImportFailed, import_paths
from newsroom.bodyblocks import photo_block, pull_quote_block, story_block
from photos.models import Photo
from tests.factories import make_article, make_photo
from tests.factories import write_file as write

pytestmark = pytest.mark.django_db


def bundle(tmp_path, *records, images=("media/photos/wali.jpg",)):
    """An import file with ``records``, and the images they name beside it."""
    for number, name in enumerate(images):
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        Image.new("RGB", (80, 50), (30 * number, 90, 160)).save(tmp_path / name, "JPEG")
    return write(tmp_path, "stories.ndjson", "\n".join(json.dumps(record, ensure_ascii=False) for record in records))


def story(external_id, body, **fields):
    return {"id": external_id, "headline": f"خبر {external_id}", "body": body, **fields}


WALI = {
    "image": "media/photos/wali.jpg", "caption": "الوالي خلال الزيارة", "alt": "رجل يصافح عمالا", "credit": "وكالة",
    "translations": {"fr": {"caption": "Le wali pendant la visite", "alt": "Un homme salue des ouvriers"}},
}


def body_of(external_id, language="ar"):
    return getattr(Article.objects.get(external_id=external_id), f"body_{language}")


def test_a_body_photo_is_added_to_the_library_and_the_figure_gets_its_id(tmp_path):
    body = f"<p>مقدمة</p>{photo_block(42, 'تعليق لهذه القصة')}"
    french = f"<p>Intro</p>{photo_block(42)}"
    import_paths([bundle(tmp_path, story("a", body, body_photos={"42": WALI}, translations={"fr": {"body": french}}))])
    photo = Photo.objects.get()
    assert body_of("a") == f"<p>مقدمة</p>{photo_block(photo.pk, 'تعليق لهذه القصة')}"
    assert body_of("a", "fr") == f"<p>Intro</p>{photo_block(photo.pk)}"
    assert (photo.caption_ar, photo.alt_text_ar, photo.credit) == ("الوالي خلال الزيارة", "رجل يصافح عمالا", "وكالة")
    assert (photo.caption_fr, photo.alt_text_fr) == ("Le wali pendant la visite", "Un homme salue des ouvriers")
    assert photo.rendition("article")


def test_the_same_file_again_is_the_same_photo_and_a_rerun_changes_nothing(tmp_path):
    path = bundle(
        tmp_path,
        story("a", photo_block(42), body_photos={"42": WALI}),
        story("b", photo_block(9, "مرة أخرى"), body_photos={"9": WALI}),
    )
    import_paths([path])
    photo = Photo.objects.get()
    assert (body_of("a"), body_of("b")) == (photo_block(photo.pk), photo_block(photo.pk, "مرة أخرى"))
    again = import_paths([path])
    assert again.counts["unchanged"] == 2
    assert list(Photo.objects.all()) == [photo]


def test_a_photo_no_body_shows_is_not_added(tmp_path):
    import_paths([bundle(tmp_path, story("a", "<p>نص</p>", body_photos={"42": WALI}))])
    assert not Photo.objects.exists()


def test_a_figure_the_record_does_not_describe_keeps_this_sites_photo(tmp_path):
    own = make_photo()
    import_paths([bundle(tmp_path, story("a", photo_block(own.pk) + photo_block(42), body_photos={"42": WALI}))])
    added = Photo.objects.exclude(pk=own.pk).get()
    assert body_of("a") == photo_block(own.pk) + photo_block(added.pk)


@pytest.mark.parametrize(
    ("body_photos", "message"),
    [
        ([WALI], '"body_photos" must be an object'),
        ({"x": WALI}, '"body_photos" is keyed by the ids in the body'),
        ({"42": {"caption": "بلا ملف"}}, 'body photo 42 needs "image"'),
        (
            {"42": {**WALI, "image": "media/photos/missing.jpg"}},
            "body photo 42: image 'media/photos/missing.jpg' is not in the bundle",
        ),
        ({"42": {**WALI, "image": "/etc/passwd"}}, "is not in the bundle"),
        ({"42": {**WALI, "caption": "ع" * 401}}, "body photo 42: the caption is longer than 400 characters"),
    ],
)
def test_a_body_photo_that_is_not_described_well_fails_its_record(tmp_path, body_photos, message):
    path = bundle(tmp_path, story("good", "<p>نص</p>"), story("bad", photo_block(42), body_photos=body_photos))
    with pytest.raises(ImportFailed) as raised:
        import_paths([path])
    (error,) = raised.value.report.errors
    assert (error.path, error.line) == (str(path), 2)
    assert message in error.message
    assert not Article.objects.exists()


def test_a_body_photo_that_cannot_be_read_fails_its_record_and_not_the_batch(tmp_path):
    path = bundle(
        tmp_path,
        story("a", "<p>نص</p>"),
        story("b", photo_block(1), body_photos={"1": {"image": "media/broken.jpg"}}),
        story("c", photo_block(42), body_photos={"42": WALI}),
    )
    (tmp_path / "media" / "broken.jpg").write_bytes(b"\xff\xd8\xff not a photo")
    with pytest.raises(ImportFailed) as raised:
        import_paths([path], skip_errors=True)
    (error,) = raised.value.report.errors
    assert str(error).startswith(f"{path}:2: record b: image could not be read: broken.jpg")
    assert sorted(Article.objects.values_list("external_id", flat=True)) == ["a", "c"]
    assert body_of("c") == photo_block(Photo.objects.get().pk)


def test_a_story_card_points_to_the_story_imported_under_its_id(tmp_path):
    card = story("b", f"<p>الثاني</p>{story_block(7)}", body_stories={"7": "a"})
    path = bundle(tmp_path, story("a", "<p>الأول</p>"), card)
    import_paths([path])
    first = Article.objects.get(external_id="a")
    assert body_of("b") == f"<p>الثاني</p>{story_block(first.pk)}"


def test_a_card_for_a_story_later_in_the_file_is_put_back_once_that_story_is_in(tmp_path):
    quote = pull_quote_block("قول", "قائل")
    path = bundle(
        tmp_path,
        story("a", f"<p>الأول</p>{story_block(8)}{quote}{story_block(9)}", body_stories={"8": "b", "9": "c"}),
        story("b", "<p>الثاني</p>"),
        story("c", "<p>الثالث</p>", body_photos={"1": WALI}),
    )
    import_paths([path])
    second, third = Article.objects.get(external_id="b"), Article.objects.get(external_id="c")
    assert body_of("a") == f"<p>الأول</p>{story_block(second.pk)}{quote}{story_block(third.pk)}"
    assert import_paths([path]).counts["unchanged"] == 3


def test_a_card_for_a_story_not_in_the_import_is_dropped_and_other_cards_are_this_sites(tmp_path):
    own = make_article("خبر الموقع")
    path = bundle(tmp_path, story("a", f"<p>نص</p>{story_block(7)}{story_block(own.pk)}", body_stories={"7": "gone"}))
    import_paths([path])
    assert body_of("a") == f"<p>نص</p>{story_block(own.pk)}"


@pytest.mark.parametrize(
    ("body_stories", "message"),
    [("a", '"body_stories" must be an object'), ({"7": ""}, "body story 7 must name the story's id in the import"),
     ({"-7": "a"}, '"body_stories" is keyed by the ids in the body')],
)
def test_story_cards_that_are_not_described_well_fail_their_record(tmp_path, body_stories, message):
    path = bundle(tmp_path, story("b", story_block(7), body_stories=body_stories))
    with pytest.raises(ImportFailed, match=message):
        import_paths([path])
