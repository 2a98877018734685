"""Reject requests that no page could answer before they reach the CMS.

A path or query string of absurd length, or one carrying control characters
(a NUL byte makes PostgreSQL raise), should get a clear 4xx rather than a
database error or a slow lookup.
"""

from urllib.parse import unquote

from django.conf import settings
from django.shortcuts import render


def _has_control_characters(value):
    return any(ord(char) < 32 or ord(char) == 127 for char in value)


class RequestSanityMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        query_string = request.META.get("QUERY_STRING", "")
        if len(request.path) > settings.MAX_PATH_LENGTH or len(query_string) > settings.MAX_QUERY_STRING_LENGTH:
            return render(request, "414.html", status=414)
        if _has_control_characters(request.path) or _has_control_characters(unquote(query_string)):
            return render(request, "400.html", status=400)
        return self.get_response(request)
