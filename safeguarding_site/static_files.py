"""whitenoise, without the static files only the build needs.

collectstatic writes the manifest (staticfiles.json, every static file's
hashed name) and keeps djangocms-text's source maps, because the hashed names
of its bundles are worked out from them. No page links to either: they get the
site's 404 page (deploy/nginx.conf.template refuses the same names).
"""

import re

from django.conf import settings
from django.http import Http404
from whitenoise.middleware import WhiteNoiseMiddleware

# ManifestStaticFilesStorage.manifest_name; .map with the compressed copies written beside it.
BUILD_ONLY = re.compile(r"(?:^staticfiles\.json|\.map)(?:\.gz|\.br)?$")


def is_build_only(path):
    return path.startswith(settings.STATIC_URL) and bool(BUILD_ONLY.search(path.removeprefix(settings.STATIC_URL)))


class SiteWhiteNoiseMiddleware(WhiteNoiseMiddleware):
    def __call__(self, request):
        if is_build_only(request.path_info):
            raise Http404("a file for the build, not for pages")
        return super().__call__(request)
