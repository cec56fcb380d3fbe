import os
import uuid
from urllib.parse import urlsplit

import pytest
from django.core.cache import cache
from django.test.utils import override_settings
from hypothesis import settings as hypothesis_settings

# Hypothesis (tests/newsroom/test_fuzzing.py): in CI the examples come from a fixed seed, so a
# failure there recurs on every run and on a laptop; locally each run draws fresh ones. Either
# way a failure prints the @reproduce_failure blob that replays it. Loaded here, before the
# test modules build their settings objects, which take what they do not set from this profile.
hypothesis_settings.register_profile("ci", derandomize=True, print_blob=True)
hypothesis_settings.register_profile("dev", print_blob=True)
hypothesis_settings.load_profile("ci" if os.environ.get("CI") else "dev")


@pytest.fixture(autouse=True)
def media_in_tmp(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture(autouse=True, scope="session")
def plain_http():
    # The test client and the live server speak plain HTTP, which production settings redirect
    # to HTTPS (tests/newsroom/test_security.py checks that; every other setting stays on).
    # Set once, before the live server builds its middleware, which reads it only then.
    from django.conf import settings

    settings.SECURE_SSL_REDIRECT = False


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    # Logins and the demo loader hash passwords; the production hasher is slow on purpose.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True, scope="session")
def own_cache_database(worker_id):
    """Under pytest-xdist each worker gets its own Redis database: emptying the cache is FLUSHDB."""
    from django.conf import settings

    default = settings.CACHES["default"]
    location = urlsplit(str(default.get("LOCATION", "")))
    if worker_id == "master" or location.scheme not in ("redis", "rediss"):
        yield
        return
    database = int(location.path.strip("/") or 0) + 1 + int(worker_id.removeprefix("gw"))
    own = {**default, "LOCATION": location._replace(path=f"/{database}").geturl()}
    with override_settings(CACHES={**settings.CACHES, "default": own}):
        yield


@pytest.fixture(autouse=True)
def views_written_at_once(settings):
    """Each counted view is written in the test's own transaction; a timer thread writing
    views later would write outside it. tests/popularity/test_pending_views.py tests the delay."""
    settings.NEWSROOM = {**settings.NEWSROOM, "VIEW_WRITE_SECONDS": 0}


@pytest.fixture(autouse=True)
def empty_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def editor(django_user_model):
    return django_user_model.objects.create_superuser("rania", "rania@example.org", "a-long-test-password")


@pytest.fixture
def editor_client(client, editor):
    client.force_login(editor)
    return client


@pytest.fixture(autouse=True)
def own_view_counters(settings):
    # On the Redis run, each test counts views under its own keys.
    settings.NEWSROOM = {**settings.NEWSROOM, "COUNTER_REDIS_PREFIX": f"test-views-{uuid.uuid4().hex}"}


@pytest.fixture(autouse=True)
def arabic_by_default():
    # A request under /fr/ leaves French active in the thread; each test starts in Arabic.
    from django.utils import translation

    translation.activate("ar")
    yield
    translation.activate("ar")
