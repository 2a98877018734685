"""One process of tests/integration/test_concurrent_writes.py, as a gunicorn worker or cron would be.

Runs with the project's settings against the database in DATABASE_URL:

  prepare    a user, a directory entry, a page draft with a text plugin, a published page
  editor N   saves the directory entry and the page draft, read-modify-write in
             transaction.atomic() as the admin does, for --seconds
  schedule   schedules the published page's next draft, due at once, and runs
             `manage.py run_publication_schedule`, over and over, for --seconds
  verify     what the database holds afterwards

editor and schedule print "ready" once Django is set up and start when a line
arrives on stdin, so every process writes during the same seconds. Each prints
one line of JSON: what it tried, what committed, and every database error.
"""

import argparse
import json
import os
import re
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "safeguarding_site.settings")

import django  # noqa: E402

django.setup()

import reversion  # noqa: E402
from cms.api import add_plugin, create_page  # noqa: E402
from cms.models import Page, PageContent  # noqa: E402
from django.contrib.admin.models import CHANGE, LogEntry  # noqa: E402
from django.contrib.auth import get_user_model  # noqa: E402
from django.db import DatabaseError, connection, transaction  # noqa: E402
from django.utils import timezone  # noqa: E402
from djangocms_text.models import Text  # noqa: E402
from djangocms_versioning.constants import DRAFT, PUBLISHED  # noqa: E402
from djangocms_versioning.models import Version  # noqa: E402
from reversion.models import Version as ReversionVersion  # noqa: E402

from safeguarding_site.directory.models import Service  # noqa: E402
from safeguarding_site.editors.models import PublicationSchedule  # noqa: E402

EMAIL = "concurrent-writer@example.org"
SERVICE_SLUG = "concurrency-test"
DRAFT_PAGE = "concurrency-draft"
SCHEDULED_PAGE = "concurrency-scheduled"


def out(data):
    sys.stdout.write(json.dumps(data) + "\n")
    sys.stdout.flush()


def journal_mode():
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA journal_mode")
        return cursor.fetchone()[0]


def user():
    return get_user_model().objects.get(email=EMAIL)


def draft_text(page):
    content = PageContent.admin_manager.get(page=page, language="en")
    return Text.objects.get(placeholder__in=content.get_placeholders())


def content_versions(page):
    return Version.objects.filter_by_grouper(page)


def prepare():
    admin = get_user_model().objects.create_superuser(EMAIL, EMAIL, "a-long-test-password-123")
    Service.objects.create(
        name="Concurrency test",
        slug=SERVICE_SLUG,
        who_for="Nobody: a test entry.",
        opening_hours="0",
        source_name="the test",
        last_checked=timezone.localdate(),
    )
    draft = create_page("Writers' draft", "pages/content.html", "en", reverse_id=DRAFT_PAGE, created_by=admin)
    content = PageContent.admin_manager.get(page=draft, language="en")
    add_plugin(content.get_placeholders().get(slot="content"), "TextPlugin", "en", body="<p>0</p>")
    scheduled = create_page("Scheduled", "pages/content.html", "en", reverse_id=SCHEDULED_PAGE, created_by=admin)
    Version.objects.get_for_content(PageContent.admin_manager.get(page=scheduled, language="en")).publish(admin)
    out({"prepared": True})


def save_service(admin, index):
    """A Publisher's save of a directory entry: django-reversion's revision, the admin's log entry."""
    with transaction.atomic(), reversion.create_revision():
        service = Service.objects.get(slug=SERVICE_SLUG)
        service.opening_hours = str(int(service.opening_hours) + 1)
        service.save()
        reversion.set_user(admin)
        LogEntry.objects.log_actions(admin.pk, [service], CHANGE, f"writer {index}: service")


def save_page_draft(admin, page, index):
    """An edit of a text plugin in a page draft, and the admin's log entry."""
    with transaction.atomic():
        text = draft_text(page)
        count = int(re.search(r"\d+", text.body).group())
        text.body = f"<p>{count + 1}</p>"
        text.save()
        LogEntry.objects.log_actions(admin.pk, [text], CHANGE, f"writer {index}: page")


def wait_for_start():
    out({"ready": True})
    sys.stdin.readline()


def attempt(kind, tally, action):
    tally["attempted"][kind] += 1
    try:
        action()
    except DatabaseError as error:
        tally["errors"][str(error)] += 1
    else:
        tally["committed"][kind] += 1


def new_tally():
    return {"attempted": Counter(), "committed": Counter(), "errors": Counter()}


def editor(index, seconds):
    admin = user()
    page = Page.objects.get(reverse_id=DRAFT_PAGE)
    tally = new_tally()
    wait_for_start()
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        attempt("service", tally, lambda: save_service(admin, index))
        attempt("page", tally, lambda: save_page_draft(admin, page, index))
    out(tally | {"journal_mode": journal_mode()})


def schedule_next_draft(admin, page):
    """What a Publisher's "publish at" does: a draft, and a schedule due now."""
    with transaction.atomic():
        draft = content_versions(page).filter(state=DRAFT).first()
        if draft is None:
            draft = content_versions(page).get(state=PUBLISHED).copy(admin)
        PublicationSchedule.objects.create(version=draft, publish_at=timezone.now(), created_by=admin)


def run_schedule_command(tally):
    """`manage.py run_publication_schedule`, as cron runs it: a process of its own."""
    tally["attempted"]["command"] += 1
    run = subprocess.run(
        [sys.executable, str(ROOT / "manage.py"), "run_publication_schedule"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    if run.returncode == 0:
        tally["committed"]["command"] += 1
    else:
        lines = run.stderr.strip().splitlines() or [f"exit code {run.returncode}"]
        tally["errors"][lines[-1].partition(": ")[2] or lines[-1]] += 1


def schedule(seconds):
    admin = user()
    page = Page.objects.get(reverse_id=SCHEDULED_PAGE)
    tally = new_tally()
    wait_for_start()
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        attempt("schedule", tally, lambda: schedule_next_draft(admin, page))
        run_schedule_command(tally)
    out(tally)


def verify():
    entries = LogEntry.objects.values_list("change_message", flat=True)
    scheduled = PublicationSchedule.objects.filter(
        version__in=content_versions(Page.objects.get(reverse_id=SCHEDULED_PAGE))
    )
    out(
        {
            "service": int(Service.objects.get(slug=SERVICE_SLUG).opening_hours),
            "service_revisions": ReversionVersion.objects.get_for_object(
                Service.objects.get(slug=SERVICE_SLUG)
            ).count(),
            "page": int(re.search(r"\d+", draft_text(Page.objects.get(reverse_id=DRAFT_PAGE)).body).group()),
            "log_entries": Counter(entries),
            "schedules": scheduled.count(),
            "schedules_carried_out": scheduled.exclude(published_on=None).count(),
        }
    )


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("role", choices=["prepare", "editor", "schedule", "verify"])
    parser.add_argument("--index", type=int, default=0)
    parser.add_argument("--seconds", type=float, default=10)
    args = parser.parse_args()
    if args.role == "editor":
        editor(args.index, args.seconds)
    elif args.role == "schedule":
        schedule(args.seconds)
    else:
        {"prepare": prepare, "verify": verify}[args.role]()


if __name__ == "__main__":
    main()
