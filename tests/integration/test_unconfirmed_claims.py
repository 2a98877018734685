"""The starting content states no fact its sources leave unconfirmed, and running sites lose one it did.

"Crimestoppers never asks your name" is UNCONFIRMED in ../shared/guidance/sources.md
(section 5); what Crimestoppers' own pages confirm is that what it passes on leaves
out anything that could identify you. The starting content said the former, in the
service's anonymity note and in a step.
"""

import io
import re

from django.core.management import call_command

from content.loader import DIRECTORY_FILE, GUIDANCE_FILE, PAGES_DIR
from safeguarding_site.directory.models import Service
from safeguarding_site.guidance.models import GuideStep
from tests.helpers import make_user, signed_in_client, soup, text_of

CLAIM = re.compile(r"never asks? (for )?your name", re.IGNORECASE)
OLD_NOTE = "Crimestoppers never asks your name."
OLD_STEP = "<p>Crimestoppers is an independent charity. It never asks your name.</p>"


def test_the_starting_content_does_not_make_the_unconfirmed_claim():
    for path in [DIRECTORY_FILE, GUIDANCE_FILE, *PAGES_DIR.glob("*.md")]:
        for number, line in enumerate(path.read_text().splitlines(), 1):
            if not line.lstrip().startswith("#"):  # comments may name what was left out
                assert not CLAIM.search(line), f"{path.name}:{number}: {line}"


def test_visitors_read_what_is_confirmed(client, site_content):
    text = text_of(soup(client.get("/get-help/crimestoppers/")).find("main"))
    assert not CLAIM.search(text)
    assert "does not pass on anything that could show who you are" in text
    steps = text_of(soup(client.get("/what-should-i-do/report-without-my-name/")).find("main"))
    assert not CLAIM.search(steps)


def test_a_running_site_loses_the_claim_and_an_editors_copy_of_it_is_reported(site_content):
    service = Service.objects.get(slug="crimestoppers")
    service.anonymity_notes = OLD_NOTE  # as the starting content loaded it
    service.save()
    step = GuideStep.objects.filter(situation__slug="report-without-my-name", stage="next").first()
    step.body = "<p>Crimestoppers is an independent charity. It never asks your name, we promise.</p>"  # an editor's
    step.save()
    out = io.StringIO()
    call_command("load_content", stdout=out)
    service.refresh_from_db()
    assert not CLAIM.search(service.anonymity_notes)
    step.refresh_from_db()
    assert "we promise" in step.body  # the editor's words are theirs
    assert "To correct by hand" in out.getvalue()
    assert "never asks your name" in out.getvalue()
    dashboard = text_of(soup(signed_in_client(make_user("Editor")).get("/admin/dashboard/")))
    assert "never asks your name, which its own pages do not confirm" in dashboard
    again = io.StringIO()
    call_command("load_content", stdout=again)
    assert "corrected" not in again.getvalue()
