from django.db import migrations

from articles.roles import sync_roles


class Migration(migrations.Migration):
    """Reporters and editors may add photos to the library and pick from it."""

    dependencies = [
        ("articles", "0011_latest_public_index"),
        ("photos", "0001_photo_library"),
    ]

    operations = [migrations.RunPython(sync_roles, migrations.RunPython.noop)]
