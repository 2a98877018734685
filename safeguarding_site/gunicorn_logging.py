"""gunicorn's logger, without access-log lines for health checks (load balancers ask every few seconds)."""

from gunicorn.glogging import Logger

QUIET_PATHS = {"/healthz", "/readyz"}


class QuietHealthChecksLogger(Logger):
    def access(self, resp, req, environ, request_time):
        if environ.get("PATH_INFO") in QUIET_PATHS and (resp.status_code or 500) < 500:
            return
        super().access(resp, req, environ, request_time)
