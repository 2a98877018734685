"""gunicorn configuration for ``make run`` and production.

Sync workers: on 2 cores they gave better tail latency than threads for these
pages. The access log keeps no visitor IP address, user agent or query string
(see the privacy notice); set GUNICORN_ACCESS_LOG_FORMAT to change that.
"""

import multiprocessing
import os

from safeguarding_site.editors.client_address import trusted_proxies_from_environment

bind = os.environ.get("GUNICORN_BIND", f"127.0.0.1:{os.environ.get('PORT', '8000')}")
workers = int(os.environ.get("GUNICORN_WORKERS", multiprocessing.cpu_count() + 1))
worker_class = "sync"
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "30"))
graceful_timeout = 20
keepalive = 5
# Recycle workers now and then so slow leaks cannot grow without bound. Not
# too often: a new worker starts with empty memory (no stored pages, no
# compiled templates) and renders each page afresh. At 5,000 a worker was
# recycled every few seconds under full load, which cost the bench 2-9% of its
# throughput and most of its p99; at 50,000 that is every half minute or so at
# full load, and days at this site's ordinary traffic.
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", "50000"))
max_requests_jitter = max_requests // 10
# Django and django CMS are imported once, in the master; workers are forked
# from it. A recycled worker (max_requests: every few seconds per worker at
# full load) then starts in milliseconds instead of importing everything again
# for a second of CPU, during which its queued requests waited: that was the
# hundreds of milliseconds in the bench's p99. Nothing connects at import time
# (database and cache connections are opened per worker, on first use). A code
# change therefore needs a restart, not a HUP (deploy/README.md restarts).
preload_app = True
# Bounded request lines and headers. The request line is allowed gunicorn's
# most (8190 bytes; its default is 4094), so that a long address, such as a
# shared link with tracking parameters, reaches Django and gets the site's own
# 414 page (DJANGO_MAX_PATH_LENGTH, DJANGO_MAX_QUERY_STRING_LENGTH). Beyond
# that, gunicorn answers itself, with a bare "414 URI Too Long" page (no exit
# control, no 999 line). Behind nginx, a request line longer than one of its
# large_client_header_buffers (8 KB by default) gets nginx's own bare 414 first.
limit_request_line = 8190
limit_request_fields = 100
limit_request_field_size = 8190
control_socket_disable = True
# The scheme (X-Forwarded-Proto) is believed from the proxies the site trusts
# for the client's address (editors/client_address.py), and from nobody when
# no proxy is in front; gunicorn's default believes 127.0.0.1 whatever is
# there. Django takes the scheme from gunicorn, not from the header, so a
# client talking to gunicorn directly cannot claim https. Only the header
# nginx sets (gunicorn's other two would reach it from the client, through
# nginx), and no SCRIPT_NAME/PATH_INFO headers from anyone (nginx sends none).
forwarded_allow_ips = ",".join(trusted_proxies_from_environment())
secure_scheme_headers = {"X-FORWARDED-PROTO": "https"}
forwarder_headers = ""
accesslog = os.environ.get("GUNICORN_ACCESS_LOG", "-")
# Time, method, path, protocol, status, bytes, duration: no address, no user agent, no
# referrer, and no query string (the request line, %(r)s, has it): what a visitor
# searched for (/search/?q=...) is never written down.
access_log_format = os.environ.get("GUNICORN_ACCESS_LOG_FORMAT", '%(t)s "%(m)s %(U)s %(H)s" %(s)s %(b)s %(M)sms')
errorlog = "-"
# Successful /healthz and /readyz checks are not logged.
logger_class = "safeguarding_site.gunicorn_logging.QuietHealthChecksLogger"
