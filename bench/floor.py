"""The "floor": the least a Django app can do to answer with our home page's bytes.

A bare Django project (no apps, no middleware, no database) whose one view
returns, from memory, the bytes of the site's home page, with the same
Content-Type. Served under the same gunicorn configuration as the site, it is
what `make bench` compares the site's throughput with.

    FLOOR_BODY_FILE=/path/to/home.html gunicorn -c safeguarding_site/gunicorn_conf.py bench.floor:application
"""

import os

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
from django.http import HttpResponse  # noqa: E402
from django.urls import re_path  # noqa: E402

with open(os.environ["FLOOR_BODY_FILE"], "rb") as body_file:
    BODY = body_file.read()


def page(request):
    return HttpResponse(BODY, content_type="text/html; charset=utf-8")


urlpatterns = [re_path(r"", page)]

application = get_wsgi_application()
