"""A Redis cache that degrades to "always a miss" while Redis is unreachable.

Django's RedisCache raises on a lost connection, which would turn every page
into a 500. Here a failed call is logged once, counts as a miss (or a no-op
for writes), and Redis is left alone for a few seconds before it is tried
again, so an outage costs one short timeout, not one per request. Pages are
then rendered from the database: slower, but served. When Redis returns, the
next attempt after the pause succeeds and caching resumes without a restart.
"""

import logging
import time

from django.core.cache.backends.redis import RedisCache

log = logging.getLogger(__name__)

RETRY_AFTER_SECONDS = 5.0
READS = {"get": None, "get_many": {}, "has_key": False, "incr": None, "decr": None, "ttl": None}
WRITES = {
    "set": None,
    "add": False,
    "delete": False,
    "delete_many": None,
    "set_many": [],
    "touch": False,
    "clear": None,
}


class ResilientRedisCache(RedisCache):
    # Per Redis server (LOCATION): shared by every instance (one per thread) of a
    # cache using that server, and only by those, so one unreachable server does
    # not switch off a cache on another.
    _down_until = {}

    def __init__(self, server, params):
        super().__init__(server, params)
        self.server_key = server if isinstance(server, str) else tuple(server)  # LOCATION, as given

    def _guarded(self, name, default, *args, **kwargs):
        server = self.server_key
        down_until = ResilientRedisCache._down_until.get(server, 0.0)
        if time.monotonic() < down_until:
            return default
        try:
            return getattr(super(), name)(*args, **kwargs)
        except Exception as error:  # noqa: BLE001 - redis raises several kinds; all mean "no cache"
            if down_until == 0.0 or time.monotonic() >= down_until:
                log.warning("Cache unavailable (%s); serving without it for %ss", error, RETRY_AFTER_SECONDS)
            ResilientRedisCache._down_until[server] = time.monotonic() + RETRY_AFTER_SECONDS
            return default

    def get(self, key, default=None, version=None):
        return self._guarded("get", default, key, default, version)


def _make(name, default):
    def method(self, *args, **kwargs):
        return self._guarded(name, default, *args, **kwargs)

    method.__name__ = name
    return method


for _name, _default in {**READS, **WRITES}.items():
    if _name != "get":
        setattr(ResilientRedisCache, _name, _make(_name, _default))
