"""Production settings: HTTPS, security headers, the content policy and the login throttle."""

import os
import secrets
import subprocess
import sys
from datetime import timedelta
from pathlib import Path
from urllib.parse import quote, urlsplit

import pytest
import time_machine
from django.test import Client
from django.utils import timezone

from tests.factories import make_article

ROOT = Path(__file__).parents[2]
LOGIN_URL = "/admin/login/"
# What an operator sets; everything else keeps its production default.
# The browser tests allow the ORM in async code for this process only; a deployment does not.
PRODUCTION_ONLY = ("DJANGO_DEBUG", "SECRET_KEY", "ALLOWED_HOSTS", "DJANGO_ALLOW_ASYNC_UNSAFE") + tuple(
    name for name in os.environ if name.startswith("NEWSROOM_")
)


def production_environment(tmp_path, **env):
    environment = {key: value for key, value in os.environ.items() if key not in PRODUCTION_ONLY}
    environment.update(
        DJANGO_SETTINGS_MODULE="newsroom.settings",
        SECRET_KEY=secrets.token_urlsafe(50),
        ALLOWED_HOSTS="news.example.org",
        NEWSROOM_VAR_DIR=str(tmp_path),
        **env,
    )
    return environment


def deploy_check(tmp_path, **env):
    return subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        capture_output=True, text=True, cwd=ROOT, env=production_environment(tmp_path, **env),
    )


def test_the_deployment_checklist_finds_nothing_in_production_settings(tmp_path):
    result = deploy_check(tmp_path)
    assert result.returncode == 0, result.stderr
    assert "System check identified no issues (0 silenced)." in result.stdout


def test_a_proxy_that_redirects_to_https_itself_may_turn_ours_off(tmp_path):
    result = deploy_check(tmp_path, NEWSROOM_SSL_REDIRECT="0", NEWSROOM_PROXY_SSL_HEADER="X-Forwarded-Proto")
    assert result.returncode == 0, result.stderr


def test_development_settings_do_not_insist_on_https(tmp_path):
    environment = production_environment(tmp_path, DJANGO_DEBUG="1")
    code = (
        "import django; from django.conf import settings; django.setup();"
        "print(settings.SECURE_SSL_REDIRECT, settings.SESSION_COOKIE_SECURE, settings.SECURE_HSTS_SECONDS)"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, env=environment)
    assert result.stdout.split() == ["False", "False", "0"], result.stderr


@pytest.mark.django_db
def test_plain_http_is_redirected_to_https(settings):
    settings.SECURE_SSL_REDIRECT = True
    story = make_article()
    response = Client().get(story.get_absolute_url(), HTTP_HOST="127.0.0.1")
    assert response.status_code == 301
    assert response["Location"].startswith("https://127.0.0.1/news/")


@pytest.mark.django_db
def test_behind_a_tls_proxy_its_header_says_the_request_was_secure(settings):
    settings.SECURE_SSL_REDIRECT = True
    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    story = make_article()
    response = Client().get(story.get_absolute_url(), HTTP_X_FORWARDED_PROTO="https")
    assert response.status_code == 200
    assert response["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains; preload"


@pytest.mark.django_db
def test_public_pages_carry_the_security_headers_and_forbid_inline_scripts(client):
    story = make_article()
    response = client.get(story.get_absolute_url(), secure=True)
    assert response.status_code == 200
    assert response["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains; preload"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["X-Frame-Options"] == "DENY"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"
    policy = dict(
        (directive.split(" ", 1) + [""])[:2] for directive in response["Content-Security-Policy"].split("; ")
    )
    assert policy["script-src"] == "'self'"
    assert policy["style-src"] == "'self'"
    assert policy["object-src"] == "'none'"
    assert policy["frame-ancestors"] == "'none'"
    assert "unsafe" not in response["Content-Security-Policy"]
    assert "nonce" not in response["Content-Security-Policy"], "cached pages must not repeat a nonce"


@pytest.mark.django_db
def test_the_admin_allows_only_its_own_nonced_import_map_beside_its_files(editor_client):
    response = editor_client.get("/admin/articles/article/add/", secure=True)
    policy = response["Content-Security-Policy"]
    nonce = policy.split("'nonce-", 1)[1].split("'", 1)[0]
    assert f"script-src 'self' 'nonce-{nonce}';" in policy
    page = response.content.decode()
    assert f'<script type="importmap" nonce="{nonce}">' in page
    # No other inline script: every other tag loads a file.
    for tag in page.split("<script")[1:]:
        opening = tag.split(">", 1)[0]
        assert "src=" in opening or f'nonce="{nonce}"' in opening or "application/json" in opening, opening


@pytest.mark.django_db
def test_session_and_csrf_cookies_are_sent_over_https_only(client, editor):
    client.get(LOGIN_URL, secure=True)
    assert client.cookies["csrftoken"]["secure"] is True
    response = client.post(
        LOGIN_URL, {"username": "rania", "password": "a-long-test-password", "next": "/admin/"}, secure=True
    )
    assert response.status_code == 302
    assert response.cookies["sessionid"]["secure"] is True
    assert response.cookies["sessionid"]["httponly"] is True


# Login throttle ----------------------------------------------------------------------


def log_in(client, password, username="rania", address="203.0.113.7"):
    return client.post(
        LOGIN_URL, {"username": username, "password": password, "next": "/admin/"}, REMOTE_ADDR=address
    )


@pytest.mark.django_db
def test_five_wrong_passwords_lock_that_username_from_that_address_for_fifteen_minutes(client, editor, settings):
    assert settings.AXES_FAILURE_LIMIT == 5
    for _attempt in range(settings.AXES_FAILURE_LIMIT - 1):
        assert log_in(client, "guess").status_code == 200  # the form again, with its error
    assert log_in(client, "guess").status_code == 429
    # Locked out: even the right password is refused now.
    assert log_in(client, "a-long-test-password").status_code == 429
    assert "_auth_user_id" not in client.session

    # The editor at the office, and other accounts from the guessing address, are not.
    assert log_in(Client(), "a-long-test-password", address="198.51.100.20").status_code == 302
    assert log_in(Client(), "wrong", username="someone-else").status_code == 200

    with time_machine.travel(timezone.now() + settings.AXES_COOLOFF_TIME + timedelta(minutes=1)):
        assert log_in(client, "a-long-test-password").status_code == 302


@pytest.mark.django_db
@pytest.mark.parametrize(("minutes_from_the_end", "status"), [(-1, 429), (1, 302)])
def test_the_lock_holds_until_its_fifteen_minutes_are_over(client, editor, settings, minutes_from_the_end, status):
    assert settings.AXES_COOLOFF_TIME == timedelta(minutes=15)
    for _attempt in range(settings.AXES_FAILURE_LIMIT):
        log_in(client, "guess")
    with time_machine.travel(timezone.now() + settings.AXES_COOLOFF_TIME + timedelta(minutes=minutes_from_the_end)):
        assert log_in(client, "a-long-test-password").status_code == status


@pytest.mark.django_db
def test_a_successful_login_clears_earlier_failures(client, editor):
    for _attempt in range(4):
        log_in(client, "guess")
    assert log_in(client, "a-long-test-password").status_code == 302
    client.logout()
    for _attempt in range(4):
        assert log_in(client, "guess").status_code == 200


# Hostile addresses ---------------------------------------------------------------------


def stays_on_this_site(location):
    parts = urlsplit(location)
    if parts.scheme or parts.netloc:
        return parts.scheme in ("http", "https") and parts.netloc == "testserver"
    return location.startswith("/") and not location.startswith(("//", "/\\"))


@pytest.mark.django_db
@pytest.mark.parametrize("path", [
    "//evil.example", "//evil.example/", "/fr//evil.example", "///evil.example", "/\\evil.example",
    "/%2F%2Fevil.example", "/fr", "/news/1/wrong-slug/", "/news/1", "/section/x",
    "/admin", "/admin/login/?next=//evil.example/", "/preview/", "/preview/not-a-token/",
])
def test_no_address_redirects_to_another_site(client, path):
    make_article()
    response = client.get(path)
    assert response.status_code < 500
    if response.status_code in (301, 302, 307, 308):
        assert stays_on_this_site(response["Location"]), response["Location"]


@pytest.mark.django_db
@pytest.mark.parametrize("target", ["https://evil.example/", "//evil.example/", "/\\evil.example", "javascript:alert(1)"])
def test_logging_in_never_follows_next_off_the_site(client, editor, target):
    response = client.post(
        f"{LOGIN_URL}?next={quote(target)}",
        {"username": "rania", "password": "a-long-test-password", "next": target},
    )
    assert response.status_code == 302
    assert response["Location"] == "/admin/"


@pytest.mark.django_db
def test_a_nul_character_in_an_address_is_a_bad_request(client):
    # PostgreSQL cannot compare text holding one: these were server errors there.
    make_article()
    for path in ("/section/a%00b/", "/tag/a%00/", "/search/?q=a%00", "/api/v1/articles/?tag=%00"):
        assert client.get(path).status_code == 400, path
