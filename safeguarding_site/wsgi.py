"""WSGI entry point for gunicorn: ``gunicorn safeguarding_site.wsgi``."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "safeguarding_site.settings")

django_application = get_wsgi_application()

# Stored anonymous pages are answered before Django's handler (pages/fastpath.py).
from safeguarding_site.pages.fastpath import FastPathApplication  # noqa: E402

application = FastPathApplication(django_application)
