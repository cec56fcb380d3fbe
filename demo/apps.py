from django.apps import AppConfig


class DemoConfig(AppConfig):
    """Demo content for trying the site. It sits above every other app, so it may use them all."""

    name = "demo"
    verbose_name = "Demo content"
