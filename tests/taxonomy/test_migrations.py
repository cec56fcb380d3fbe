import pytest
from django.core.files.base import ContentFile
from PIL import ExifTags, Image

from tests.migrating import migrate, migrate_to_latest
from tests.photos.images import jpeg_with_gps


@pytest.fixture
def back_to_latest():
    yield
    migrate_to_latest()


@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("back_to_latest")
def test_author_portraits_move_into_the_library_without_their_gps_position(settings):
    old = migrate([("taxonomy", "0001_initial"), ("photos", "0001_photo_library")])
    Author = old.get_model("taxonomy", "Author")
    author = Author.objects.create(name="سليمة", name_ar="سليمة", slug="salima")
    author.photo.save("salima.jpg", ContentFile(jpeg_with_gps(size=(400, 400))), save=True)
    old_file = settings.MEDIA_ROOT / author.photo.name

    new = migrate([("taxonomy", "0002_author_photo_from_library")])

    photo = new.get_model("taxonomy", "Author").objects.get(pk=author.pk).photo
    assert (photo.title_ar, photo.alt_text_ar, photo.width) == ("سليمة", "سليمة", 400)
    with Image.open(settings.MEDIA_ROOT / photo.file.name) as stored:
        assert stored.getexif().get_ifd(ExifTags.IFD.GPSInfo) == {}
    assert not old_file.exists()
