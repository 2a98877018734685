"""Logging for the app server.

QuietHealthChecksLogger: gunicorn's logger, without access-log lines for health
checks (load balancers ask every few seconds). OneLineFormatter: for Django's
LOGGING, where an event a stranger can cause on every request (a bad Host
header) must cost one log line, not a traceback.
"""

import logging

from gunicorn.glogging import Logger

QUIET_PATHS = {"/healthz", "/readyz"}


class QuietHealthChecksLogger(Logger):
    def access(self, resp, req, environ, request_time):
        if environ.get("PATH_INFO") in QUIET_PATHS and (resp.status_code or 500) < 500:
            return
        super().access(resp, req, environ, request_time)


class OneLineFormatter(logging.Formatter):
    """One line per record: no traceback, and line breaks escaped, so a request cannot add lines."""

    def format(self, record):
        record = logging.makeLogRecord(record.__dict__)  # a copy: other handlers keep the traceback
        record.exc_info = record.exc_text = record.stack_info = None
        return super().format(record).replace("\r", "\\r").replace("\n", "\\n")
