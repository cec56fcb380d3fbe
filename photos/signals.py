from django.db import transaction
from django.db.models.signals import post_delete
from django.dispatch import receiver

from . import renditions
from .models import Photo


@receiver(post_delete, sender=Photo)
def delete_photo_files(sender, instance, **kwargs):
    # After commit: a rolled-back delete must not leave a story pointing at missing files.
    def delete():
        renditions.delete_all(instance)
        if instance.file:
            instance.file.delete(save=False)

    transaction.on_commit(delete)
