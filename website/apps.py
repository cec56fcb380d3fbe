from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WebsiteConfig(AppConfig):
    name = "website"
    verbose_name = _("Public site")

    def ready(self):
        # The page cache's invalidation listens to saves from the admin, commands and the shell.
        from . import caching  # noqa: F401
