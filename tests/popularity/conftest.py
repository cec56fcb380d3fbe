import os

import pytest

REDIS_URL = os.environ.get("REDIS_URL", "")
needs_redis = pytest.mark.skipif(not REDIS_URL, reason="Redis tests run when REDIS_URL is set (CI's PostgreSQL and Redis run)")


@pytest.fixture(params=["database", pytest.param("redis", marks=needs_redis)])
def views_backend(request, settings):
    """Runs a test once per counter backend; each Redis run gets its own key prefix."""
    config = {**settings.NEWSROOM, "COUNTER_BACKEND": request.param}
    prefix = config["COUNTER_REDIS_PREFIX"]
    if request.param == "redis":
        config.update(COUNTER_REDIS_URL=REDIS_URL)
    settings.NEWSROOM = config
    yield request.param
    if request.param == "redis":
        import redis

        client = redis.Redis.from_url(REDIS_URL)
        keys = list(client.scan_iter(f"{prefix}:*"))
        if keys:
            client.delete(*keys)
