"""Static files: hashed names kept a year by browsers and CDNs, sent compressed.

The tests render with the production storage (``make test`` runs collectstatic first).
"""

import pytest
from django.templatetags.static import static
from django.urls import resolve

from tests.factories import make_photo


@pytest.mark.parametrize("name", ["css/site.css", "js/view-beacon.js", "fonts/noto-naskh-arabic-arabic-400-normal.woff2"])
def test_hashed_static_files_are_kept_for_a_year(client, name):
    url = static(name)
    assert url != f"/static/{name}", "the name carries a hash of the content"
    response = client.get(url)
    assert response.status_code == 200
    cache_control = response["Cache-Control"]
    assert "immutable" in cache_control and "public" in cache_control
    assert int(cache_control.split("max-age=")[1].split(",")[0]) >= 365 * 24 * 3600


@pytest.mark.parametrize(("accepted", "encoding"), [("br, gzip", "br"), ("gzip", "gzip")])
def test_text_files_are_sent_compressed(client, accepted, encoding):
    plain = client.get(static("css/site.css"))
    compressed = client.get(static("css/site.css"), HTTP_ACCEPT_ENCODING=accepted)
    assert compressed["Content-Encoding"] == encoding
    assert int(compressed["Content-Length"]) < int(plain["Content-Length"]) / 2
    assert "Accept-Encoding" in compressed["Vary"]



@pytest.mark.django_db
def test_uploaded_photos_are_kept_for_a_year(rf, settings):
    photo = make_photo(size=(400, 300))
    url = photo.file_for("card")["url"]
    media = resolve(url)
    # The URLconf took MEDIA_ROOT when first imported; each test has its own media folder.
    response = media.func(rf.get(url), **{**media.kwargs, "document_root": settings.MEDIA_ROOT})
    assert response.status_code == 200
    assert "max-age=31536000" in response["Cache-Control"] and "public" in response["Cache-Control"]
