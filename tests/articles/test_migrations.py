import pytest
from django.core.files.base import ContentFile
from PIL import ExifTags, Image

from tests.migrating import migrate, migrate_to_latest
from tests.photos.images import jpeg_with_gps

BEFORE = [("articles", "0008_search"), ("photos", "0001_photo_library")]
AFTER = [("articles", "0009_photos_from_library")]


@pytest.fixture
def back_to_latest():
    yield
    migrate_to_latest()


@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("back_to_latest")
def test_story_images_move_into_the_library_without_their_gps_position(settings):
    old = migrate(BEFORE)
    Article = old.get_model("articles", "Article")
    story = Article.objects.create(
        headline="خبر", headline_ar="خبر", image_caption_ar="وقفة أمام البريد المركزي",
        image_alt_ar="حشد يحمل لافتات", image_credit="وكالة", status="published",
    )
    story.image.save("protest.jpg", ContentFile(jpeg_with_gps(size=(900, 600), orientation=6)), save=True)
    old_file = settings.MEDIA_ROOT / story.image.name
    untouched = Article.objects.create(headline="بلا صورة", headline_ar="بلا صورة")

    new = migrate(AFTER)

    photo = new.get_model("articles", "Article").objects.get(pk=story.pk).photo
    assert (photo.caption_ar, photo.alt_text_ar, photo.credit) == ("وقفة أمام البريد المركزي", "حشد يحمل لافتات", "وكالة")
    assert (photo.width, photo.height) == (600, 900)
    with Image.open(settings.MEDIA_ROOT / photo.file.name) as stored:
        assert stored.getexif().get_ifd(ExifTags.IFD.GPSInfo) == {}
    assert not old_file.exists()
    assert new.get_model("articles", "Article").objects.get(pk=untouched.pk).photo is None
