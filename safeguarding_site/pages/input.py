"""Rules for what a request may carry, used by the sanity middleware."""

from urllib.parse import unquote

from django.conf import settings


def has_control_characters(value):
    return any(ord(char) < 32 or ord(char) == 127 for char in value)


def query_string_too_long(query_string):
    return len(query_string) > settings.MAX_QUERY_STRING_LENGTH


def query_string_malformed(query_string):
    """Control characters, raw or percent-encoded (a NUL byte makes PostgreSQL raise)."""
    return has_control_characters(unquote(query_string))
