"""pytest-xdist workers never empty each other's cache (tests/redis_databases.py).

Seen in CI on PostgreSQL + Redis: /readyz said the cache was unavailable (its
entry vanished between set and get) and a search rebuilt its index (the content
version vanished), each because the other worker's test had just cleared the cache.
"""

import os

import pytest
from django.core.cache import cache

from tests.redis_databases import DATABASES_PER_SERVER, redis_url, worker_number

needs_redis = pytest.mark.skipif(not os.environ.get("REDIS_URL"), reason="Redis: the PostgreSQL + Redis run")


@needs_redis
def test_another_worker_clearing_its_cache_leaves_this_workers_entries():
    import redis

    cache.set("test:this-worker", "kept", 60)
    # A worker number no worker of this run has, so no running test loses its entries.
    other = f"gw{int(os.environ.get('PYTEST_XDIST_WORKER_COUNT', 1))}"
    assert worker_number(other) != worker_number()
    for live_site in (False, True):
        client = redis.Redis.from_url(redis_url(worker=other, live_site=live_site))
        try:
            client.flushdb()  # what Django's RedisCache.clear() does
        finally:
            client.close()
    assert cache.get("test:this-worker") == "kept"


@pytest.mark.same_on_every_database
def test_every_worker_and_its_live_site_get_a_database_of_their_own(monkeypatch):
    monkeypatch.setenv("REDIS_URL", "redis://127.0.0.1:6379/0")
    workers = [f"gw{number}" for number in range(DATABASES_PER_SERVER // 2)]
    urls = [redis_url(worker=worker, live_site=live) for worker in workers for live in (False, True)]
    assert len(set(urls)) == len(urls) == DATABASES_PER_SERVER
    assert redis_url(worker="") == "redis://127.0.0.1:6379/0"  # without xdist
    with pytest.raises(RuntimeError, match="at most 8 workers"):
        redis_url(worker=f"gw{DATABASES_PER_SERVER // 2}")


@pytest.mark.same_on_every_database
def test_without_redis_there_is_no_database_to_choose(monkeypatch):
    monkeypatch.delenv("REDIS_URL", raising=False)
    assert redis_url() == redis_url(live_site=True) == ""
