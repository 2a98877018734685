"""Sites loaded before the steps were reworded get the new words (issue 16, finding 3).

``load_content`` rewords a step that still holds exactly the old starting text,
with a version in its situation's history; a step an editor has changed is
theirs and is left alone. A draft that still holds the old words is reported,
since publishing it would bring them back.
"""

import io
import json

import pytest
import reversion
from cms.signals.apphook import DISPATCH_UID as CMS_RESTART
from cms.utils.apphook_reload import reload_urlconf
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.core import serializers
from django.core.management import call_command
from django.core.signals import request_finished
from reversion.models import Version

from content import corrections
from content.loader import LOADER_COMMENT, Loader, read_directory, read_guidance, render_markdown
from safeguarding_site.directory.models import DirectoryDraft, Situation
from safeguarding_site.editors.roles import PUBLISHER
from safeguarding_site.guidance.models import GuideStep
from tests.helpers import make_user, soup, text_of

WORRIED = "worried-about-someone"
OLD_CONTACTS, NEW_CONTACTS, _comment = corrections.REWORDED_STEPS[0]


@pytest.fixture
def site_before_rewording(empty_database):
    """A site that loaded the steps before they were reworded."""
    old_words = {new: old for old, new, _comment in corrections.REWORDED_STEPS}
    guidance = {
        slug: [{**step, "text": old_words.get(step["text"], step["text"])} for step in steps]
        for slug, steps in read_guidance().items()
    }
    Loader().run(directory=read_directory(), guidance=guidance)
    request_finished.disconnect(dispatch_uid=CMS_RESTART)  # as in conftest.site_content
    reload_urlconf()
    assert GuideStep.objects.filter(body=render_markdown(OLD_CONTACTS)).count() == 1


def load():
    out = io.StringIO()
    call_command("load_content", stdout=out)
    return out.getvalue()


def test_the_reworded_steps_match_the_starting_content(site_content):
    bodies = set(GuideStep.objects.values_list("body", flat=True))
    for old, new, _comment in corrections.REWORDED_STEPS:
        assert render_markdown(new) in bodies
        assert render_markdown(old) not in bodies


def test_an_untouched_site_gets_the_reworded_steps_with_a_version_in_the_history(client, site_before_rewording):
    page = soup(client.get(f"/what-should-i-do/{WORRIED}/"))
    assert not page.find("li", class_="step").find_next("li", class_="step").find("ul")

    output = load()

    assert output.count("corrected ") == len(corrections.REWORDED_STEPS), output
    assert "To correct by hand" not in output
    page = soup(client.get(f"/what-should-i-do/{WORRIED}/"))
    [contacts] = [li for li in page.find_all("li", class_="step") if text_of(li).startswith("Get professional help")]
    assert len(contacts.find("ul").find_all("li")) == 5
    assert contacts.find("a", href="tel:+448081000900")
    history = Version.objects.get_for_object(Situation.objects.get(slug=WORRIED))
    comments = [version.revision.comment for version in history]
    assert corrections.COMMENT_PREFIX + corrections.REWORDED_STEPS[0][2] in comments
    assert comments[-1] == LOADER_COMMENT  # the starting content is still there to go back to
    assert "none needed" in load()


def test_a_step_an_editor_changed_is_theirs(site_before_rewording):
    step = GuideStep.objects.get(body=render_markdown(OLD_CONTACTS))
    edited = "<p>Get professional help: call the police on 101 or the NSPCC on 0808 800 5000.</p>"
    user = make_user(PUBLISHER)
    with reversion.create_revision():
        reversion.set_user(user)
        step.body = edited
        step.save()

    output = load()

    assert output.count("corrected ") == len(corrections.REWORDED_STEPS) - 1
    assert GuideStep.objects.get(pk=step.pk).body == edited
    assert "To correct by hand" not in output  # a rewording, not a mistake: the editor's words stand


def test_a_draft_with_the_old_words_is_reported(site_before_rewording):
    load()
    situation = Situation.objects.get(slug=WORRIED)
    step = GuideStep.objects.get(body=render_markdown(NEW_CONTACTS))
    item = json.loads(serializers.serialize("json", [step]))[0]
    item["fields"]["body"] = render_markdown(OLD_CONTACTS)
    DirectoryDraft.objects.create(
        content_type=ContentType.objects.get_for_model(Situation),
        object_id=situation.pk,
        title=situation.title,
        data={"entry": json.loads(serializers.serialize("json", [situation]))[0], "steps": [item]},
        created_by=get_user_model().objects.first(),
    )
    [report] = corrections.to_correct_by_hand()
    assert report.draft
    assert report.entry == situation.title
    assert "give each contact its own line" in report.advice
