# The README's commands live here. `make help` lists them.
SHELL := /bin/bash
.DEFAULT_GOAL := help

PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
MANAGE := $(BIN)/python manage.py
PORT ?= 8000
SECRET_FILE := .local_secret_key
CHROMIUM := /usr/bin/chromium
VNU_JAR := node_modules/vnu-jar/build/dist/vnu.jar

.PHONY: help install install-dev run serve test collect-static test-sqlite test-postgres test-nginx nginx-required test-browser check check-content lint format chromium java vnu wrk bench clean messages

help: ## List the commands
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk 'BEGIN {FS = ":.*## "}; {printf "  make %-14s %s\n", $$1, $$2}'

$(BIN)/python:
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info[:2] == (3, 11) else "Python 3.11 is needed (set PYTHON=/path/to/python3.11)")'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

$(VENV)/.installed: requirements.txt | $(BIN)/python
	$(BIN)/pip install --quiet -r requirements.txt
	@touch $@

$(VENV)/.installed-dev: requirements.txt requirements-dev.txt | $(BIN)/python
	$(BIN)/pip install --quiet -r requirements-dev.txt
	@touch $@ $(VENV)/.installed

install: $(VENV)/.installed ## Create .venv and install the pinned requirements

install-dev: $(VENV)/.installed-dev ## Also install the test and lint tools

# A secret key for this machine only, kept out of git (.gitignore).
$(SECRET_FILE):
	@umask 077 && $(PYTHON) -c 'import secrets; print(secrets.token_urlsafe(50))' > $@

run: install $(SECRET_FILE) ## Install, migrate, load the starting content, write the mirror and serve on http://127.0.0.1:$(PORT)
	@export DJANGO_SECRET_KEY="$$(cat $(SECRET_FILE))"; \
	export DJANGO_MIRROR_ROOT="$${DJANGO_MIRROR_ROOT:-$(CURDIR)/.mirror}" DJANGO_MIRROR_HOST="$${DJANGO_MIRROR_HOST:-127.0.0.1:$(PORT)}"; \
	$(MANAGE) migrate --noinput && \
	$(MANAGE) collectstatic --noinput -v0 && \
	$(MANAGE) load_content && \
	$(MANAGE) build_mirror && \
	echo && \
	echo "  The site is at http://127.0.0.1:$(PORT)/" && \
	echo "  Create an editor account (in another terminal):" && \
	echo "    DJANGO_SECRET_KEY=\$$(cat $(SECRET_FILE)) $(MANAGE) createeditor you@example.org --role publisher" && \
	echo "  then sign in at http://127.0.0.1:$(PORT)/admin/" && \
	echo && \
	PORT=$(PORT) exec $(BIN)/gunicorn -c safeguarding_site/gunicorn_conf.py safeguarding_site.wsgi

chromium: ## Install Debian's Chromium for the browser tests (as root), or say how
	@if [ ! -x $(CHROMIUM) ]; then \
	  if [ "$$(id -u)" = "0" ]; then \
	    echo "Installing Debian's chromium package for the browser tests"; \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; \
	  else \
	    echo "The browser tests need Debian's 'chromium' package at $(CHROMIUM): run 'sudo apt-get install chromium'." >&2; \
	    exit 1; \
	  fi; \
	fi

# The Nu Html Checker for tests/integration/test_html_validity.py: the validator's own
# vnu.jar from the npm registry (package.json pins it; npm's scripts are not run, so
# nothing is downloaded beside it), run by Debian's Java.
java: ## Install Debian's Java runtime for the HTML validator (as root), or say how
	@if ! command -v java >/dev/null; then \
	  if [ "$$(id -u)" = "0" ]; then \
	    echo "Installing Debian's default-jre-headless for the HTML validator (vnu.jar)"; \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq default-jre-headless >/dev/null; \
	  else \
	    echo "The HTML validity test needs Java: run 'sudo apt-get install default-jre-headless'." >&2; \
	    exit 1; \
	  fi; \
	fi

$(VNU_JAR): package.json package-lock.json
	@if ! command -v npm >/dev/null; then \
	  if [ "$$(id -u)" = "0" ]; then \
	    echo "Installing Debian's npm package for the HTML validator (vnu-jar)"; \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq npm >/dev/null; \
	  else \
	    echo "The HTML validator is installed with npm: run 'sudo apt-get install npm'." >&2; \
	    exit 1; \
	  fi; \
	fi
	npm ci --ignore-scripts --no-audit --no-fund --loglevel=error
	@touch $@

vnu: java $(VNU_JAR) ## Install the Nu Html Checker (vnu.jar, with npm) and Java for the HTML validity test

# Settings for checks and tests: production-like (DEBUG off), a throwaway key.
TEST_ENV := DJANGO_DEBUG=0 DJANGO_SECRET_KEY=$$($(PYTHON) -c 'import secrets; print(secrets.token_urlsafe(50))')

# The deployment checklist checks the code with a deployment's settings: HTTPS, a host, and
# who runs the site (example values; the check warns while they are the built-in examples).
DEPLOY_ENV := DJANGO_HTTPS=1 DJANGO_ALLOWED_HOSTS=example.org \
	DJANGO_ORGANISATION_NAME='Checklist Partnership' DJANGO_ORGANISATION_EMAIL=website@checklist.example.org \
	DJANGO_ORGANISATION_PHONE='0113 496 0000' DJANGO_ORGANISATION_ADDRESS='1 Checklist Road, Leeds'

check: install-dev ## Django's checks, the missing-migration gate and the deployment checklist
	$(TEST_ENV) $(MANAGE) check --fail-level WARNING
	$(TEST_ENV) $(MANAGE) makemigrations --check --dry-run
	$(TEST_ENV) $(DEPLOY_ENV) $(MANAGE) check --deploy --fail-level WARNING

# pytest-xdist: a worker per core (PYTEST_WORKERS=0 for one process); the browser tests
# come in two groups (visitors', editors'), each kept on one worker with its own live
# site and Chromium (tests/browser/conftest.py).
PYTEST_WORKERS ?= auto
PARALLEL := -n $(PYTEST_WORKERS) --dist loadgroup

# The content checks on the starting content, in a throwaway SQLite database (never db.sqlite3):
# migrate, load_content, then check_content, which renders each public page (so the static
# files' manifest must exist: collected here when missing).
check-content: install-dev ## The editors' content checks (manage.py check_content) on the starting content, in a throwaway database
	@test -f staticfiles/staticfiles.json || $(TEST_ENV) $(MANAGE) collectstatic --noinput -v0
	@db=$$(mktemp -d) && trap 'rm -rf "$$db"' EXIT && \
	export $(TEST_ENV) DJANGO_CACHE=locmem DATABASE_URL="sqlite:///$$db/content.sqlite3" && \
	$(MANAGE) migrate --noinput -v0 && \
	$(MANAGE) load_content >/dev/null && \
	$(MANAGE) check_content --errors-only

# lint, Django's checks and collectstatic (~10 s) side by side, each printed whole when it
# ends; chromium and vnu before them, one at a time (each may run apt-get, which takes a lock).
test: install-dev chromium vnu ## Everything the tests need, then the suite on SQLite beside nginx's checks, then on PostgreSQL + Redis (every test runs in one pass or both)
	@$(MAKE) --no-print-directory -j3 --output-sync=target lint check collect-static
	@$(MAKE) --no-print-directory -j2 --output-sync=recurse test-sqlite test-nginx
	@$(MAKE) --no-print-directory test-postgres

collect-static: install-dev
	$(TEST_ENV) $(MANAGE) collectstatic --noinput -v0

# nginx's checks (12 s alone) run beside the SQLite pass, which they slow by about 5 s; each
# target's output is printed whole when it ends.
test-sqlite: install-dev chromium vnu ## The suite on SQLite (all but the tests marked once_on_postgres)
	$(TEST_ENV) $(BIN)/pytest $(PARALLEL) -m "not once_on_postgres"

# scripts/with-services installs Debian's postgresql and redis-server when missing
# (as root; otherwise it names them), starts both on free 127.0.0.1 ports with
# throwaway data, sets DATABASE_URL and REDIS_URL, and stops them afterwards.
# The tests that stop PostgreSQL run alone, after the rest. Tests marked
# same_on_every_database (what the browser gets, gunicorn's own settings, pure
# functions) gave their answer in the SQLite pass and are left out here; tests
# marked once_on_postgres (editors' journeys in Chromium, the fuzz test) run here only.
test-postgres: install-dev chromium vnu ## The suite again on PostgreSQL + Redis (all but the tests marked same_on_every_database)
	$(TEST_ENV) scripts/with-services sh -c '$(BIN)/pytest $(PARALLEL) -m "not stops_database and not same_on_every_database" && $(BIN)/pytest -m stops_database'

lint: install-dev ## ruff: lint and formatting check
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: install-dev ## ruff: fix what can be fixed and format
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

# The site's English for the packages' words (LOCALE_PATHS): django.mo is committed
# beside django.po, as Django does; rebuild it after changing the .po. Django's
# compilemessages runs GNU gettext's msgfmt (Debian's gettext package).
messages: install ## Rebuild locale/en/LC_MESSAGES/django.mo from django.po (installs Debian's gettext as root, or says how)
	@if ! command -v msgfmt >/dev/null; then \
	  if [ "$$(id -u)" = "0" ]; then \
	    echo "Installing Debian's gettext package for msgfmt"; \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq gettext >/dev/null; \
	  else \
	    echo "make messages needs GNU gettext's msgfmt: run 'sudo apt-get install gettext'." >&2; exit 1; \
	  fi; \
	fi
	$(TEST_ENV) $(MANAGE) compilemessages --locale en --ignore '.*' --ignore staticfiles --ignore media

wrk: ## Install Debian's wrk load generator for the benchmark (as root), or say how
	@if ! command -v wrk >/dev/null; then \
	  if [ "$$(id -u)" = "0" ]; then \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null; \
	  else \
	    echo "make bench needs Debian's 'wrk' package: run 'sudo apt-get install wrk'." >&2; exit 1; \
	  fi; \
	fi

# nginx-light has what deploy/nginx.conf.template needs (gzip_static; no brotli module).
# On a machine that runs services, installing it also starts Debian's own nginx
# on port 80; `make bench` starts a separate one on a free 127.0.0.1 port.
.PHONY: nginx
nginx: ## Install Debian's nginx-light for the benchmark and deploy/ (as root), or say how (bench runs without it)
	@if ! command -v nginx >/dev/null && [ ! -x /usr/sbin/nginx ]; then \
	  if [ "$$(id -u)" = "0" ]; then \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nginx-light >/dev/null; \
	  else \
	    echo "No nginx: make bench skips the figures behind nginx. Run 'sudo apt-get install nginx-light' for them." >&2; \
	  fi; \
	fi

# For `make test`: nginx is not optional there.
nginx-required:
	@if ! command -v nginx >/dev/null && [ ! -x /usr/sbin/nginx ]; then \
	  if [ "$$(id -u)" = "0" ]; then \
	    echo "Installing Debian's nginx-light for the nginx checks"; \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nginx-light >/dev/null; \
	  else \
	    echo "make test needs Debian's 'nginx-light' package for deploy/check-nginx: run 'sudo apt-get install nginx-light'." >&2; \
	    exit 1; \
	  fi; \
	fi

test-nginx: install-dev nginx-required ## deploy/nginx.conf.template in front of a throwaway site and its mirror: pages, compression, privacy, gunicorn stopped
	$(TEST_ENV) $(BIN)/python deploy/check-nginx

DURATION ?= 5
ROUNDS ?= 2
SOAK ?= 0
bench: install wrk nginx ## Load-test the pages against Django's floor, and behind nginx, on 127.0.0.1 (DURATION=5 ROUNDS=2 SOAK=60)
	@test -f staticfiles/staticfiles.json || DJANGO_SECRET_KEY=collect $(MANAGE) collectstatic --noinput -v0
	$(BIN)/python bench/run.py --duration $(DURATION) --rounds $(ROUNDS) --soak $(SOAK)

clean: ## Remove collected static files and test artefacts (not the database)
	rm -rf staticfiles test-results .pytest_cache .ruff_cache
