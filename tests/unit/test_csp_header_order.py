"""The Content-Security-Policy header is the same bytes in every process.

django-csp gathers the directives in a set, so their order followed Python's
per-process hash seed: the mirror's headers (built in one process) and
gunicorn's workers (others) sent the same policy in different orders.
"""

import subprocess
import sys

import pytest

pytestmark = pytest.mark.same_on_every_database

SCRIPT = """
import django
django.setup()
from django.http import HttpResponse
from django.test import RequestFactory
from safeguarding_site.pages.middleware import SiteCSPMiddleware
response = SiteCSPMiddleware(lambda request: HttpResponse())(RequestFactory().get("/"))
print(response["Content-Security-Policy"])
"""


def policy_with_hash_seed(seed):
    env = {
        "PYTHONHASHSEED": str(seed),
        "DJANGO_SETTINGS_MODULE": "safeguarding_site.settings",
        "DJANGO_SECRET_KEY": "test-only",
        "DJANGO_DEBUG": "0",
        "DJANGO_CACHE": "locmem",
        "PATH": "/usr/bin:/bin",
    }
    result = subprocess.run([sys.executable, "-c", SCRIPT], env=env, capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    return result.stdout.strip()


def test_the_policy_is_the_same_whatever_the_hash_seed():
    policies = {policy_with_hash_seed(seed) for seed in (1, 2, 3, 4)}
    assert len(policies) == 1, "\n".join(sorted(policies))
    (policy,) = policies
    assert "default-src 'self'" in policy
