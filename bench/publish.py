"""Publish a new title for the home page when told to: for `make bench`'s "Publish" to new page figure.

Run by bench/run.py with the site's environment. Makes a draft of the home
page with a new title through djangocms-versioning's API (Version.copy), says
"ready" and the title, waits for a line on standard input, publishes it
(Version.publish, as the Publish button does: the mirror is rebuilt before it
returns) and prints the seconds publish() took.
"""
# ruff: noqa: T201 - talks to bench/run.py over stdout

import sys
import time

import django

django.setup()

from cms.models import Page, PageContent  # noqa: E402
from django.contrib.auth import get_user_model  # noqa: E402
from django.db import transaction  # noqa: E402
from djangocms_versioning.models import Version  # noqa: E402


def main():
    publisher, _created = get_user_model().objects.get_or_create(
        username="bench-publisher", defaults={"is_staff": True, "is_superuser": True}
    )
    home = Page.objects.get(is_home=True)
    content = PageContent.objects.get(page=home, language="en")
    draft = Version.objects.get_for_content(content).copy(publisher)
    title = f"{content.title} ({time.time_ns()})"
    draft.content.title = title
    draft.content.save()
    print("ready", title, flush=True)
    sys.stdin.readline()
    started = time.perf_counter()
    with transaction.atomic():
        draft.publish(publisher)
    print(f"{time.perf_counter() - started:.3f}", flush=True)


if __name__ == "__main__":
    main()
