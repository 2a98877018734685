"""Settings for the safeguarding site: one module, read from the environment.

Every value that differs between a laptop, CI and production comes from an
environment variable (the README has the table). Defaults are the safe ones:
DEBUG off, no secret key, no HTTPS assumptions.
"""

import os
import sys
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from whitenoise.compress import Compressor

from safeguarding_site.editors.client_address import trusted_proxies_from_environment

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name, default=False):
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name, default=""):
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


def env_int(name, default):
    value = os.environ.get(name)
    return int(value) if value else default


DEBUG = env_bool("DJANGO_DEBUG")

SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "")
if not SECRET_KEY:
    if DEBUG:
        # Only for a developer's own machine: sessions signed with this key are
        # worthless anywhere else, and DEBUG is never on in production.
        SECRET_KEY = "insecure-local-development-only"
    else:
        raise ImproperlyConfigured("Set DJANGO_SECRET_KEY (or DJANGO_DEBUG=1 for local development).")

ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", "127.0.0.1,localhost")
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    # Project apps first so their templates override the packages' ones.
    "safeguarding_site.pages",
    "safeguarding_site.directory",
    "safeguarding_site.guidance",
    "safeguarding_site.search",  # before editors: its permissions exist when editors sync the roles
    "safeguarding_site.links",  # before editors, likewise
    "safeguarding_site.ops",
    # After pages: its rebuild runs after the content version has moved (mirror/hooks.py).
    "safeguarding_site.mirror",
    "content",
    # Django's admin with the site's name in its header and titles (editors/site_names.py).
    "safeguarding_site.editors.site_names.EditorsAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sites",
    "django.contrib.sitemaps",
    "csp",
    "cms",
    "menus",
    "treebeard",
    "sekizai",
    "djangocms_text",
    "djangocms_versioning",
    "axes",
    "reversion",
    "safeguarding_site.editors",
]

MIDDLEWARE = [
    # /healthz and /readyz, before anything that could touch the database.
    "safeguarding_site.ops.middleware.HealthCheckMiddleware",
    "django.middleware.security.SecurityMiddleware",
    # Compresses what every middleware below has written (pages Django renders for visitors).
    "safeguarding_site.pages.middleware.VisitorPagesGZipMiddleware",
    # Outermost of ours, so they see every response last, static files included.
    "safeguarding_site.pages.middleware.PrivacyHeadersMiddleware",
    "safeguarding_site.pages.middleware.SiteCSPMiddleware",
    # Early: a request no page could answer gets its 4xx before any CMS work.
    "safeguarding_site.pages.middleware.RequestSanityMiddleware",
    # whitenoise, without the manifest and source maps (static_files.py).
    "safeguarding_site.static_files.SiteWhiteNoiseMiddleware",
    # Reloads the URLs in every worker when an editor attaches an app (the
    # directory) to a page or moves such a page: django CMS's own check. After
    # whitenoise: static files need no URLs.
    "cms.middleware.utils.ApphookReloadMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "safeguarding_site.editors.middleware.ForcePasswordChangeMiddleware",
    # An admin form post refused (a draft someone else now holds...) gives back what was typed.
    "safeguarding_site.editors.middleware.KeepRefusedWorkMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "cms.middleware.user.CurrentUserMiddleware",
    "cms.middleware.page.CurrentPageMiddleware",
    "cms.middleware.toolbar.ToolbarMiddleware",
    # Not cms.middleware.language.LanguageCookieMiddleware: this is a
    # single-language site and that middleware gives every visitor a cookie.
    # Sign-in lock-out (django-axes): after all others, as its docs require.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "safeguarding_site.urls"
# The site is served at the root of its host, whatever a SCRIPT_NAME (a header
# gunicorn may take from a proxy it trusts) says: otherwise every link on a page
# could be made to point under another prefix, and that page kept for everyone.
FORCE_SCRIPT_NAME = ""
# Where editors sign in; change it to keep the admin off well-known addresses.
ADMIN_URL = os.environ.get("DJANGO_ADMIN_URL", "admin/").strip("/") + "/"
WSGI_APPLICATION = "safeguarding_site.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "sekizai.context_processors.sekizai",
                "cms.context_processors.cms_settings",
                "safeguarding_site.pages.context_processors.site",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
        conn_max_age=env_int("DJANGO_CONN_MAX_AGE", 60),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # QuerySet.iterator() (django CMS loads every page's plugins with it) would
    # otherwise open a server-side cursor: DECLARE, FETCH and CLOSE, three round
    # trips for a few rows, on every render. Client-side it is one, and a
    # transaction-pooling PgBouncer in front of PostgreSQL needs it so anyway.
    DATABASES["default"]["DISABLE_SERVER_SIDE_CURSORS"] = True
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Out of the box a second SQLite writer fails at once with "database is
    # locked" (a lost save, shown as the 503 page): Django's transactions begin
    # as readers, and a reader that then writes while another connection holds
    # the write lock is refused without waiting. IMMEDIATE takes the write lock
    # at BEGIN, where the busy timeout makes it queue behind the other writer.
    # 20 s is far more than any save takes, and less than gunicorn's 30 s worker
    # timeout, so a request that still cannot write gets the 503 page, not a
    # killed worker. WAL lets visitors' pages be read while someone writes;
    # synchronous=NORMAL is WAL's usual pairing (a power cut may lose the last
    # commits, never corrupt the file). Options given in DATABASE_URL win.
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        **DATABASES["default"].get("OPTIONS", {}),
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# The cache holds rendered pages and menus, so every app server process must
# share it, or a page published through one worker stays stale in the others:
# Redis when REDIS_URL is set, otherwise files on this machine. DJANGO_CACHE=locmem
# (one process only) is for the test runner.
REDIS_URL = os.environ.get("REDIS_URL", "")
DJANGO_CACHE = os.environ.get("DJANGO_CACHE", "")
if REDIS_URL:
    CACHES = {
        "default": {
            # Django's Redis backend, made to degrade to "no cache" while Redis is down.
            "BACKEND": "safeguarding_site.ops.cache.ResilientRedisCache",
            "LOCATION": REDIS_URL,
            "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5},
        }
    }
elif DJANGO_CACHE == "locmem":
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": DJANGO_CACHE.removeprefix("file:") or str(BASE_DIR / ".cache"),
        }
    }

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]

# Sign-in guessing: after AXES_FAILURE_LIMIT failures for one username from one
# address, that pair is locked out for AXES_COOLOFF_HOURS (an administrator can
# lift it: `manage.py axes_reset_username <name>`).
AXES_FAILURE_LIMIT = env_int("DJANGO_LOGIN_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = env_int("DJANGO_LOGIN_LOCKOUT_HOURS", 1)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "editors/locked_out.html"
# The address is the client's: REMOTE_ADDR, or what a trusted proxy reports in
# X-Forwarded-For (editors/client_address.py). The proxies: none by default;
# with DJANGO_BEHIND_PROXY=1, DJANGO_TRUSTED_PROXIES (addresses or networks),
# else the nginx on this machine. gunicorn trusts the same ones for the scheme.
try:
    TRUSTED_PROXIES = trusted_proxies_from_environment()
except ValueError as error:
    raise ImproperlyConfigured(str(error)) from None
AXES_CLIENT_IP_CALLABLE = "safeguarding_site.editors.client_address.client_ip"

# Editors' sessions: end when the browser closes, and after 8 hours at most.
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_AGE = env_int("DJANGO_SESSION_HOURS", 8) * 3600

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Internationalisation: one language, British English, UK time.
LANGUAGE_CODE = "en"
LANGUAGES = [("en", "English")]
TIME_ZONE = "Europe/London"
USE_I18N = True
USE_TZ = True
# British date and time formats for the "en" language (formats/en/formats.py).
FORMAT_MODULE_PATH = ["safeguarding_site.formats"]
# Our English catalogue comes first: it rewords the packages' programmer words
# ("slug", "staff account"...) for editors (locale/en/LC_MESSAGES/django.po).
LOCALE_PATHS = [BASE_DIR / "locale"]
SITE_ID = 1

# Static files: hashed, compressed (gzip and brotli) and served by whitenoise
# with far-future caching.
STATIC_URL = "/static/"
STATIC_ROOT = Path(os.environ.get("DJANGO_STATIC_ROOT", BASE_DIR / "staticfiles"))
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
# Source maps are kept for the build (static_files.py) and never served, so not compressed
# either: brotli on djangocms-text's two 2.5 MB maps was ~6 s of collectstatic's CPU.
WHITENOISE_SKIP_COMPRESS_EXTENSIONS = (*Compressor.SKIP_COMPRESS_EXTENSIONS, "map")
# The mirror (docs/mirror.md): every public page as files, rebuilt on every change.
# DJANGO_MIRROR_ROOT is the folder (`make run` sets .mirror/); unset, there is no
# mirror and nothing is rebuilt. Another backend (an object store behind a CDN)
# goes in STORAGES["mirror"]. The pages are rendered for DJANGO_MIRROR_HOST (the
# Host header visitors send, with any port), on https when DJANGO_HTTPS=1.
MIRROR_ROOT = os.environ.get("DJANGO_MIRROR_ROOT", "").strip()
if MIRROR_ROOT:
    STORAGES["mirror"] = {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": MIRROR_ROOT},
    }
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(os.environ.get("DJANGO_MEDIA_ROOT", BASE_DIR / "media"))

# Requests: bounded so a huge or malformed request gets a 4xx, never a 500.
# A body over MAX_REQUEST_BODY is refused with a 413 before it is read.
DATA_UPLOAD_MAX_MEMORY_SIZE = 1024 * 1024
MAX_REQUEST_BODY = env_int("DJANGO_MAX_REQUEST_BODY", 10 * 1024 * 1024)
DATA_UPLOAD_MAX_NUMBER_FIELDS = 1000
MAX_PATH_LENGTH = env_int("DJANGO_MAX_PATH_LENGTH", 1024)
MAX_QUERY_STRING_LENGTH = env_int("DJANGO_MAX_QUERY_STRING_LENGTH", 2048)

# Security. HTTPS-only settings are switched on by DJANGO_HTTPS=1 where the
# site is served over TLS (directly or behind a proxy that sets
# X-Forwarded-Proto, when DJANGO_BEHIND_PROXY=1). The scheme is gunicorn's
# (wsgi.url_scheme), which takes X-Forwarded-Proto from TRUSTED_PROXIES only
# (gunicorn_conf.py); Django's SECURE_PROXY_SSL_HEADER would take it from
# anyone who can reach gunicorn.
HTTPS = env_bool("DJANGO_HTTPS")
SECURE_SSL_REDIRECT = HTTPS
SESSION_COOKIE_SECURE = HTTPS
CSRF_COOKIE_SECURE = HTTPS
SECURE_HSTS_SECONDS = env_int("DJANGO_HSTS_SECONDS", 31536000) if HTTPS else 0
SECURE_HSTS_INCLUDE_SUBDOMAINS = HTTPS
SECURE_HSTS_PRELOAD = env_bool("DJANGO_HSTS_PRELOAD")
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "no-referrer"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True
# A post that fails the CSRF check gets the site's own 403 page (exit control,
# 999 line, no cookie), not Django's, which is unstyled under the CSP and tells
# visitors to turn on cookies.
CSRF_FAILURE_VIEW = "safeguarding_site.pages.views.csrf_failure"
# The CMS toolbar opens its editing views in same-origin iframes.
X_FRAME_OPTIONS = "SAMEORIGIN"

# Each worker's search index is rebuilt when content changes, and at least this often.
SEARCH_INDEX_MAX_AGE = env_int("DJANGO_SEARCH_INDEX_MAX_AGE", 300)

# Visitor safety and privacy.
# Where "Exit this page" goes: a neutral, non-personalised page on another site.
EXIT_PAGE_URL = os.environ.get("DJANGO_EXIT_PAGE_URL", "https://www.bbc.co.uk/weather/")
# Browsers must not keep our pages (a later user of the device could read them
# from the disk cache); shared caches (a CDN, the nginx in front) may, briefly.
CDN_CACHE_SECONDS = env_int("DJANGO_CDN_CACHE_SECONDS", 60)
PERMISSIONS_POLICY = ", ".join(
    f"{feature}=()"
    for feature in [
        "accelerometer", "autoplay", "browsing-topics", "camera", "display-capture", "encrypted-media",
        "fullscreen", "geolocation", "gyroscope", "hid", "idle-detection", "interest-cohort", "magnetometer",
        "microphone", "midi", "payment", "picture-in-picture", "publickey-credentials-get", "screen-wake-lock",
        "serial", "usb", "xr-spatial-tracking",
    ]
)  # fmt: skip
# Content-Security-Policy (django-csp): everything from this origin, nothing
# inline, no framing. Signed-in editors get a wider policy for the CMS toolbar
# and admin, which use inline scripts and same-origin frames
# (pages.middleware.SiteCSPMiddleware).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "base-uri": ["'none'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
        "object-src": ["'none'"],
        "img-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "upgrade-insecure-requests": HTTPS,
    }
}
EDITOR_CSP_UPDATE = {
    "script-src": ["'unsafe-inline'", "'unsafe-eval'"],
    "style-src": ["'unsafe-inline'"],
    "img-src": ["data:", "blob:"],
    "font-src": ["'self'", "data:"],
}
EDITOR_CSP_REPLACE = {"frame-ancestors": ["'self'"]}

# django CMS
CMS_CONFIRM_VERSION4 = True
CMS_TEMPLATES = [
    ("pages/content.html", "Content page"),
    ("pages/home.html", "Home page"),
    ("pages/guide_part.html", "Guide part"),
    ("pages/guide_whole.html", "Whole guide on one page"),
]
CMS_PLACEHOLDER_CONF = {}
CMS_LANGUAGES = {
    1: [{"code": "en", "name": "English", "public": True, "hide_untranslated": False}],
    "default": {"fallbacks": [], "redirect_on_fallback": False, "public": True},
}
# django CMS's page permissions: the only way to let Editors change drafts but
# not move pages, set the home page or change advanced settings, which are live
# at once (django's cms.change_page covers all of them). Each role has one global
# page permission (editors/roles.py); no per-page permissions are used.
CMS_PERMISSION = True
# New pages say "same origin" themselves (django CMS's X_FRAME_OPTIONS_SAMEORIGIN),
# the same header X_FRAME_OPTIONS gives; the default, "inherit", costs every
# render a query up the page tree to find an ancestor that says something.
CMS_DEFAULT_X_FRAME_OPTIONS = 2
# django CMS's own page, placeholder and plugin caches are off: visitors' pages
# are served from the mirror (mirror/), built when content changes. Theirs only
# added work to that build's renders (about 15 cache reads and writes, each a
# network round trip with Redis), and markup that outlived a deploy.
CMS_PAGE_CACHE = False
CMS_PLACEHOLDER_CACHE = False
CMS_PLUGIN_CACHE = False
TEXT_INLINE_EDITING = True
# Soft hyphens inserted into stored text would break search, copy and paste.
TEXT_AUTO_HYPHENATE = False

DJANGOCMS_VERSIONING_ALLOW_DELETING_VERSIONS = False
# A draft belongs to whoever made it until a Publisher unlocks it: two editors
# cannot save over each other's work in one draft.
DJANGOCMS_VERSIONING_LOCK_VERSIONS = True

# Email: review requests to Publishers, their answers to editors, and
# djangocms-versioning's notice when a Publisher unlocks someone's draft. The
# console backend (the default) writes them to the server's log; without one,
# Django's default (SMTP on localhost) made every unlock answer 500.
EMAIL_BACKEND = os.environ.get("DJANGO_EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
EMAIL_HOST = os.environ.get("DJANGO_EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("DJANGO_EMAIL_PORT", 25)
EMAIL_HOST_USER = os.environ.get("DJANGO_EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("DJANGO_EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("DJANGO_EMAIL_USE_TLS")
EMAIL_TIMEOUT = env_int("DJANGO_EMAIL_TIMEOUT", 10)
DEFAULT_FROM_EMAIL = os.environ.get("DJANGO_DEFAULT_FROM_EMAIL", "webmaster@localhost")

# Directory entries not checked for this many days are flagged for editors.
DIRECTORY_CHECK_AFTER_DAYS = env_int("DIRECTORY_CHECK_AFTER_DAYS", 183)

# Review dates: the next review falls due this many months after the last.
REVIEW_INTERVAL_MONTHS = env_int("REVIEW_INTERVAL_MONTHS", 12)
# The editors' dashboard lists reviews falling due within this many days.
REVIEW_DUE_SOON_DAYS = env_int("REVIEW_DUE_SOON_DAYS", 30)

# The reverse_id of the page whose children are the guide's parts.
GUIDE_REVERSE_ID = "guide"

SITE_NAME = os.environ.get("DJANGO_SITE_NAME", "Keeping Children Safe")
# The django.contrib.sites row's domain (shown in the CMS toolbar and page tree),
# written on every `migrate`: the first usable DJANGO_ALLOWED_HOSTS entry unless set.
SITE_DOMAIN = os.environ.get("DJANGO_SITE_DOMAIN", "").strip() or next(
    (host.lstrip(".") for host in ALLOWED_HOSTS if host.lstrip(".") and host != "*"), "localhost"
)

MIRROR_HOST = os.environ.get("DJANGO_MIRROR_HOST", "").strip() or SITE_DOMAIN
# The mirror's .br copies are made once per change, so at brotli's smallest (quality 11,
# ~0.35 s of a 1 s build; 10 makes them 3% bigger, 9 and below 13-14%).
MIRROR_BROTLI_QUALITY = 11

# Who runs this site (pages/organisation.py): named, with how to reach them, on the
# contact page, in the footer, the accessibility statement and the privacy notice
# (as the data controller). Unset, the pages show an example that reaches nobody,
# and `manage.py check --deploy` warns. The address's lines are separated by commas.
ORGANISATION_NAME = os.environ.get("DJANGO_ORGANISATION_NAME", "")
ORGANISATION_EMAIL = os.environ.get("DJANGO_ORGANISATION_EMAIL", "")
ORGANISATION_PHONE = os.environ.get("DJANGO_ORGANISATION_PHONE", "")
ORGANISATION_ADDRESS = os.environ.get("DJANGO_ORGANISATION_ADDRESS", "")
# Optional: the data protection officer's email, shown with the details if set.
ORGANISATION_DPO_EMAIL = os.environ.get("DJANGO_ORGANISATION_DPO_EMAIL", "")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "one_line": {
            "()": "safeguarding_site.gunicorn_logging.OneLineFormatter",
            "format": "%(levelname)s %(name)s: %(message)s",
        }
    },
    "handlers": {
        "console": {"class": "logging.StreamHandler", "stream": sys.stderr},
        "one_line": {"class": "logging.StreamHandler", "stream": sys.stderr, "formatter": "one_line"},
    },
    "root": {"handlers": ["console"], "level": "WARNING"},
    "loggers": {
        "django": {"handlers": ["console"], "level": "INFO", "propagate": False},
        # 4xx from bad input are logged by django.request at WARNING: keep them
        # out of the error stream but do not lose 5xx.
        "django.request": {"handlers": ["console"], "level": "ERROR", "propagate": False},
        # Anyone can send a bad Host on every request: one line each, never a
        # traceback. (A logger with no handlers is not silent: Python's
        # last-resort handler writes the whole traceback.)
        "django.security.DisallowedHost": {"handlers": ["one_line"], "propagate": False},
    },
}

SILENCED_SYSTEM_CHECKS = [
    # treebeard 5 warns that django CMS's PageManager will break under
    # treebeard 6; django CMS 5.1 pins treebeard<6, so it does not apply here.
    "treebeard.E001",
    # X-Frame-Options is SAMEORIGIN, not DENY: the CMS toolbar edits pages in
    # same-origin iframes. Nothing else may frame the site.
    "security.W019",
    # HSTS preload is a commitment for the whole domain: opt in with
    # DJANGO_HSTS_PRELOAD=1 once the operator has decided to.
    "security.W021",
]
