"""whitenoise, with the site's 404 page for anything else under STATIC_URL.

collectstatic writes the manifest (staticfiles.json, every static file's
hashed name) and keeps djangocms-text's source maps, because the hashed names
of its bundles are worked out from them. No page links to either, so they are
not served. No address under STATIC_URL is a page either: one that is not a
file gets the 404 page at once, not Django's redirect to add a slash.
deploy/nginx.conf.template does the same in front.
"""

import re

from django.conf import settings
from django.http import Http404
from whitenoise.middleware import WhiteNoiseMiddleware

# ManifestStaticFilesStorage.manifest_name; .map (not compressed: settings.py), and any compressed copy of either.
BUILD_ONLY = re.compile(r"(?:^staticfiles\.json|\.map)(?:\.gz|\.br)?$")


def is_build_only(path):
    return path.startswith(settings.STATIC_URL) and bool(BUILD_ONLY.search(path.removeprefix(settings.STATIC_URL)))


class SiteWhiteNoiseMiddleware(WhiteNoiseMiddleware):
    def __init__(self, get_response=None, settings=settings):
        def not_a_static_file(request):
            if request.path_info.startswith(settings.STATIC_URL):
                raise Http404("no such static file")
            return get_response(request)

        super().__init__(not_a_static_file, settings)

    def __call__(self, request):
        if is_build_only(request.path_info):
            raise Http404("a file for the build, not for pages")
        return super().__call__(request)
