import logging
from pathlib import PurePath

import django.db.models.deletion
from django.core.files.base import ContentFile
from django.db import migrations, models

logger = logging.getLogger(__name__)


def move_portraits_to_the_library(apps, schema_editor):
    """Each author's portrait becomes a library photo, cleaned of EXIF and GPS like any upload."""
    from photos import processing

    Author = apps.get_model("taxonomy", "Author")
    Photo = apps.get_model("photos", "Photo")
    for author in Author.objects.exclude(photo="").exclude(photo__isnull=True).iterator():
        try:
            with author.photo.open("rb") as file:
                cleaned = processing.clean(file, max_bytes=10**10, max_pixels=10**10)
        except (OSError, processing.InvalidPhoto) as error:
            logger.warning("Author %s keeps no portrait: %s could not be read (%s)", author.pk, author.photo.name, error)
            continue
        name = author.name_ar or author.name
        photo = Photo(title=name, title_ar=name, alt_text=name, alt_text_ar=name, caption="", credit="")
        photo.file.save(f"{PurePath(author.photo.name).stem}.{cleaned.extension}", ContentFile(cleaned.content), save=False)
        photo.width, photo.height, photo.file_size = cleaned.width, cleaned.height, len(cleaned.content)
        photo.save()
        Author.objects.filter(pk=author.pk).update(portrait=photo)
        author.photo.delete(save=False)


class Migration(migrations.Migration):
    # PostgreSQL refuses to alter a table in the transaction that just updated its rows
    # (pending foreign-key checks): the data moves and commits first, then the columns go.
    atomic = False

    dependencies = [
        ("taxonomy", "0001_initial"),
        ("photos", "0001_photo_library"),
    ]

    operations = [
        migrations.AddField(
            model_name="author",
            name="portrait",
            field=models.ForeignKey(
                blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name="+", to="photos.photo"
            ),
        ),
        migrations.RunPython(move_portraits_to_the_library, migrations.RunPython.noop, atomic=True),
        migrations.RemoveField(model_name="author", name="photo"),
        migrations.RenameField(model_name="author", old_name="portrait", new_name="photo"),
        migrations.AlterField(
            model_name="author",
            name="photo",
            field=models.ForeignKey(
                blank=True,
                help_text="A portrait from the photo library.",
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="photos.photo",
                verbose_name="photo",
            ),
        ),
    ]
