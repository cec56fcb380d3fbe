from django.db import migrations

from articles.roles import sync_roles


class Migration(migrations.Migration):
    """Gives the roles their readership permissions, which did not exist when the roles were made."""

    dependencies = [
        ("popularity", "0001_initial"),
        ("articles", "0003_roles"),
    ]

    operations = [migrations.RunPython(sync_roles, migrations.RunPython.noop)]
