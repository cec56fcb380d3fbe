"""The 404 and 500 pages are friendly, in Arabic, and render with the database down."""

from contextlib import contextmanager

import pytest
from django.db import OperationalError, connection
from django.test import RequestFactory
from django.urls import get_resolver
from django.utils import translation

from tests.factories import make_article

pytestmark = pytest.mark.django_db


@contextmanager
def database_down():
    """Every query fails as it would with the database server stopped."""

    def refuse(execute, sql, params, many, context):
        raise OperationalError("could not connect to server: Connection refused")

    with connection.execute_wrapper(refuse):
        yield


def test_a_page_that_breaks_because_the_database_is_down_gets_the_arabic_500_page(client):
    make_article("خبر الصفحة الأولى")
    client.raise_request_exception = False
    with database_down():
        response = client.get("/")
    assert response.status_code == 500
    page = response.content.decode()
    assert '<html lang="ar" dir="rtl">' in page
    assert "حدث خطأ من جهتنا" in page
    assert "أعد المحاولة بعد لحظات" in page
    assert "/static/css/site.css" not in page  # the hashed, collected name: the page is styled in production
    assert "/static/css/site." in page


def test_the_500_handler_renders_without_a_single_query(django_assert_num_queries):
    handler = get_resolver().resolve_error_handler(500)
    with django_assert_num_queries(0), database_down():
        response = handler(RequestFactory().get("/news/1/"))
    assert response.status_code == 500
    assert "حدث خطأ من جهتنا" in response.content.decode()


@pytest.mark.parametrize(
    ("language", "message", "home"),
    [("ar", "الصفحة غير موجودة", 'href="/"'), ("fr", "Page introuvable", 'href="/fr/"')],
    ids=["ar", "fr"],
)
def test_the_404_handler_needs_no_database(language, message, home, django_assert_num_queries):
    handler = get_resolver().resolve_error_handler(404)
    request = RequestFactory().get(f"/{language}/nothing-here/")
    with translation.override(language), django_assert_num_queries(0), database_down():
        response = handler(request, exception=None)
    assert response.status_code == 404
    page = response.content.decode()
    assert f'lang="{language}"' in page
    assert message in page
    assert home in page


def test_a_missing_page_is_still_a_404_when_the_database_is_down(client):
    client.raise_request_exception = False
    with database_down():
        response = client.get("/no-such-page/")
    assert response.status_code == 404
    assert '<html lang="ar" dir="rtl">' in response.content.decode()
