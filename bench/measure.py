"""In-process figures for `make bench`: SQL queries per warm request, and the uncached render.

Run by bench/run.py with the benchmark's environment (same database and
settings as the gunicorn it measures). Prints JSON: for each path, the queries
a warm anonymous request costs, and the median time and queries of a render
with every cache empty.
"""

import json
import os
import statistics
import sys
import time

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "safeguarding_site.settings")
django.setup()

from django.core.cache import cache  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

ROUNDS = 25


def measure(path):
    client = Client(SERVER_NAME="127.0.0.1")
    client.get(path)
    client.get(path)
    with CaptureQueriesContext(connection) as warm:
        client.get(path)
    times, queries = [], []
    for _ in range(ROUNDS):
        # Every cache emptied: a full render, as the mirror's build makes it. (The same
        # client: a new one would also time whitenoise scanning the static files.)
        cache.clear()
        with CaptureQueriesContext(connection) as captured:
            started = time.perf_counter()
            response = client.get(path)
            times.append((time.perf_counter() - started) * 1000)
        queries.append(len(captured))
        assert response.status_code == 200, (path, response.status_code)
    return {
        "warm_queries": len(warm),
        "uncached_ms": round(statistics.median(times), 2),
        "uncached_queries": int(statistics.median(queries)),
    }


if __name__ == "__main__":
    print(json.dumps({path: measure(path) for path in sys.argv[1:]}))
