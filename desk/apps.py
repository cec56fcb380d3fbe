from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DeskConfig(AppConfig):
    """The newsroom desk: the admin's home page, per role (queues, schedule, who is editing what)."""

    name = "desk"
    verbose_name = _("Desk")

    def ready(self):
        # Nothing imports desk (it is on the top floor with website and api), so it attaches itself
        # to the admin and to the status history here.
        from . import notify, views

        views.become_the_admin_home()
        notify.connect()
