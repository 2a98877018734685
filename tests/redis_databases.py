"""Each pytest-xdist worker's own Redis databases, on the one Redis server of `make test-postgres`.

Django's RedisCache.clear() empties a whole Redis database (FLUSHDB), and every test
clears the cache (`empty_cache`): workers sharing a database emptied each other's
cache entries in the middle of a test. Worker N uses database 2N for pytest's own
process and 2N + 1 for the live site its browser tests start.
"""

import os
from urllib.parse import urlsplit, urlunsplit

DATABASES_PER_SERVER = 16  # redis-server's default `databases`


def worker_number(worker: str | None = None) -> int:
    """0 for "gw0" or a run without xdist, 1 for "gw1", ..."""
    worker = worker if worker is not None else os.environ.get("PYTEST_XDIST_WORKER", "")
    return int(worker.removeprefix("gw") or 0)


def redis_url(*, live_site: bool = False, worker: str | None = None) -> str:
    """This worker's Redis database URL on REDIS_URL's server; "" without REDIS_URL."""
    url = os.environ.get("REDIS_URL", "")
    if not url:
        return ""
    database = 2 * worker_number(worker) + (1 if live_site else 0)
    if database >= DATABASES_PER_SERVER:
        raise RuntimeError(
            f"Redis database {database} for worker {worker_number(worker)}: "
            f"a Redis server has {DATABASES_PER_SERVER}, so run at most {DATABASES_PER_SERVER // 2} workers"
        )
    return urlunsplit(urlsplit(url)._replace(path=f"/{database}"))
