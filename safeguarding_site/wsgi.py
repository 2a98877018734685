"""WSGI entry point for gunicorn: ``gunicorn safeguarding_site.wsgi``."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "safeguarding_site.settings")

django_application = get_wsgi_application()

# Pages from the mirror's files first (mirror/serve.py), before Django's handler.
from safeguarding_site.mirror.serve import MirrorApplication  # noqa: E402

application = MirrorApplication(django_application)
