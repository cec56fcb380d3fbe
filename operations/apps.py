from django.apps import AppConfig


class OperationsConfig(AppConfig):
    """Running the site: backups and restores. It sits above every other app, so it may use them all."""

    name = "operations"
    verbose_name = "Operations"
