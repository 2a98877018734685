"""The "floor": the least a Django app can do to answer with the site's bytes.

A bare Django project (no apps, no middleware, no database) whose one view
returns, from memory, the bytes the site sent for the same path, compressed the
same way: for each page `make bench` asked the site for it with Accept-Encoding
br, gzip and none, and the floor chooses among those as the site does (brotli,
then gzip, then identity, with `Vary: Accept-Encoding`). Like for like: the same
bytes on the wire. Served under the same gunicorn configuration as the site, it
is what `make bench` compares the site's throughput with.

    FLOOR_PAGES=/path/to/pages.json gunicorn -c safeguarding_site/gunicorn_conf.py bench.floor:application

pages.json: {"<path?query>": {"content_type": "...", "identity": "file", "gzip": "file", "br": "file"}},
file names relative to pages.json's folder.
"""

import json
import os
from pathlib import Path

from django.conf import settings

settings.configure(
    DEBUG=False,
    SECRET_KEY="bench-floor-not-a-secret",
    ALLOWED_HOSTS=["*"],
    ROOT_URLCONF=__name__,
    MIDDLEWARE=[],
    INSTALLED_APPS=[],
    USE_TZ=True,
)

from django.core.wsgi import get_wsgi_application  # noqa: E402
from django.http import HttpResponse, HttpResponseNotFound  # noqa: E402
from django.urls import re_path  # noqa: E402

PREFERENCE = ("br", "gzip")  # as the site chooses (whitenoise and the site's compression)


def read_pages(index_file):
    folder = Path(index_file).parent
    pages = {}
    for path, page in json.loads(Path(index_file).read_text()).items():
        bodies = {
            encoding: (folder / name).read_bytes() for encoding, name in page.items() if encoding != "content_type"
        }
        pages[path] = (page["content_type"], bodies)
    return pages


PAGES = read_pages(os.environ["FLOOR_PAGES"])


def page(request):
    found = PAGES.get(request.get_full_path())
    if found is None:
        return HttpResponseNotFound()
    content_type, bodies = found
    accepted = {part.split(";")[0].strip() for part in request.headers.get("Accept-Encoding", "").split(",")}
    encoding = next((name for name in PREFERENCE if name in accepted and name in bodies), "identity")
    response = HttpResponse(bodies[encoding], content_type=content_type)
    if encoding != "identity":
        response["Content-Encoding"] = encoding
    response["Vary"] = "Accept-Encoding"
    return response


urlpatterns = [re_path(r"", page)]

application = get_wsgi_application()
