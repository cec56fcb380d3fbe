from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0013_remarks_and_autosaves"),
    ]

    operations = [
        migrations.AlterField(
            model_name="autosave",
            name="loaded_version",
            field=models.PositiveBigIntegerField(blank=True, null=True),
        ),
    ]
