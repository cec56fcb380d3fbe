"""Django's Redis cache backend, keeping one redis-py client per connection pool.

Django builds a new ``redis.Redis`` for every cache call, and redis-py 8 fills a table of
some 170 response callbacks each time it builds one: on a page served from the cache that
cost more CPU than the round trip to Redis. A client is safe to share between threads
(it takes a connection from the pool for each command), so one per pool is kept.
"""

from django.core.cache.backends import redis

from newsroom import pagecache


class RedisCacheClient(redis.RedisCacheClient):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._clients = {}

    def get_client(self, key=None, *, write=False):
        pool = self._get_connection_pool(write)
        client = self._clients.get(id(pool))
        if client is None:
            client = self._clients[id(pool)] = self._client(connection_pool=pool)
        return client


class RedisCache(redis.RedisCache):
    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = RedisCacheClient

    def clear(self):
        # The page cache's copies in this process go with what they were copied from.
        pagecache.forget_nearby()
        return super().clear()
