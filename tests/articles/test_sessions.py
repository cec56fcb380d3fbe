"""A story form posted after the login expired, or after signing in again elsewhere, keeps its text."""

import json
import re
from urllib.parse import parse_qs

import pytest
from django.test import Client
from django.urls import reverse

from articles import sessions
from articles.models import Article
from tests.articles.test_workflow import change_url, edit_form
from tests.factories import make_article, make_staff

pytestmark = pytest.mark.django_db


def refilled(page):
    """The fields safety.js puts back into the form (json_script writes them \\u-escaped)."""
    found = re.search(r'<script id="safety-settings" type="application/json">(.*?)</script>', page, re.S)
    return json.loads(found[1]).get("fill") or {}


@pytest.fixture
def story():
    return make_article("الحكومة تعلن خطة النقل", status="draft")


def test_a_save_after_the_session_expired_brings_the_text_back_after_signing_in(story):
    editor = make_staff("amina", "Editor")
    browser = Client()
    response = browser.post(change_url(story), edit_form(story, headline_ar="نص كتبته قبل انتهاء الجلسة"))
    assert response.status_code == 302
    login, _query = response["Location"].split("?", 1)
    assert login == reverse("admin:login")
    assert "نص كتبته" not in response["Location"], "the text never travels in an address"
    browser.force_login(editor)
    back = parse_qs(_query)["next"][0]
    assert back.startswith(change_url(story) + "?" + sessions.RECOVER_PARAMETER + "=")
    page = browser.get(back).content.decode()
    assert refilled(page)["headline_ar"] == "نص كتبته قبل انتهاء الجلسة"
    assert "safety-banner--recovered" in page
    assert Article.objects.get().headline_ar == "الحكومة تعلن خطة النقل", "nothing is saved behind the person's back"
    assert refilled(browser.get(back).content.decode()) == {}, "a kept form is handed back once"


def test_a_save_with_an_old_security_token_after_signing_in_elsewhere_keeps_the_text(story):
    editor = make_staff("amina", "Editor")
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(editor)
    browser.get(change_url(story))
    form = edit_form(story, headline_ar="نص بعد تسجيل الدخول في لسان آخر", csrfmiddlewaretoken="x" * 32)
    origin = "http://testserver"
    response = browser.post(change_url(story), form, headers={"Origin": origin})
    assert response.status_code == 302
    assert response["Location"].startswith(change_url(story) + "?" + sessions.RECOVER_PARAMETER + "=")
    page = browser.get(response["Location"]).content.decode()
    assert refilled(page)["headline_ar"] == "نص بعد تسجيل الدخول في لسان آخر"
    assert "safety-banner--recovered" in page


def test_a_forged_post_from_another_site_still_gets_the_security_refusal(story):
    editor = make_staff("amina", "Editor")
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(editor)
    form = edit_form(story, headline_ar="نص مزور", csrfmiddlewaretoken="x" * 32)
    response = browser.post(change_url(story), form, headers={"Origin": "https://evil.example"})
    assert response.status_code == 403
