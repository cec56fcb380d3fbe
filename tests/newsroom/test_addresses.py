"""Addresses worked out once per language and process, forgotten when settings change."""

import pytest
from django.template import engines
from django.test import override_settings
from django.utils import translation

from newsroom import addresses


def test_an_address_is_worked_out_for_each_language():
    with translation.override("ar"):
        arabic = addresses.address("website:home")
    with translation.override("fr"):
        french = addresses.address("website:home")
    assert french.startswith("/fr/") and not arabic.startswith("/fr/")
    with translation.override("fr"):
        assert addresses.address("website:tag", "اقتصاد") == french + "tag/%D8%A7%D9%82%D8%AA%D8%B5%D8%A7%D8%AF/"


def test_a_change_of_settings_forgets_asset_and_media_addresses(settings):
    settings.MEDIA_URL = "/media/"
    assert addresses.media("photos/a.jpg") == "/media/photos/a.jpg"
    with override_settings(MEDIA_URL="https://cdn.example.org/media/"):
        assert addresses.media("photos/a.jpg") == "https://cdn.example.org/media/photos/a.jpg"
    assert addresses.media("photos/a.jpg") == "/media/photos/a.jpg"


@pytest.mark.parametrize(("language", "bold_preloaded"), [("ar", True), ("fr", False)])
def test_the_language_only_chrome_is_drawn_per_language(language, bold_preloaded):
    page = engines["jinja2"].from_string('{{ chrome("includes/site_assets.html") }}')
    with translation.override(language):
        assets = page.render()
    assert ("cairo-arabic-700" in assets) is bold_preloaded


def test_the_chrome_follows_the_site_name(settings):
    page = engines["jinja2"].from_string('{{ chrome("includes/site_search.html") }}')
    settings.NEWSROOM = {**settings.NEWSROOM, "SITE_NAME": "نيوزروم"}
    with translation.override("ar"):
        assert "نيوزروم" in page.render()
        with override_settings(NEWSROOM={**settings.NEWSROOM, "SITE_NAME": "الخبر اليومي"}):
            header = page.render()
        assert "الخبر اليومي" in header and "نيوزروم" not in header
