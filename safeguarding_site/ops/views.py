import json

from django.core.cache import cache
from django.db import DatabaseError, connection
from django.http import HttpResponse
from django.views.decorators.http import require_safe


def _plain(body, status=200, content_type="text/plain; charset=utf-8"):
    response = HttpResponse(body, status=status, content_type=content_type)
    # Answered before the middleware that sets these on pages: never stored anywhere.
    response["Cache-Control"] = "private, no-store"
    response["CDN-Cache-Control"] = "no-store"
    return response


@require_safe
def healthz(request):
    """Liveness: the process answers. Touches neither the database nor the cache."""
    return _plain("ok\n")


@require_safe
def readyz(request):
    """Readiness: the database and the cache both answer. 503 (with which failed) if not."""
    checks = {}
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
        checks["database"] = "ok"
    except DatabaseError as error:
        checks["database"] = f"unavailable: {error.__class__.__name__}"
    try:
        cache.set("ops:readyz", "1", 10)
        checks["cache"] = "ok" if cache.get("ops:readyz") == "1" else "unavailable"
    except Exception as error:  # noqa: BLE001 - any cache failure means not ready
        checks["cache"] = f"unavailable: {error.__class__.__name__}"
    ready = all(value == "ok" for value in checks.values())
    return _plain(json.dumps(checks) + "\n", status=200 if ready else 503, content_type="application/json")
