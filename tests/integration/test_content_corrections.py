"""A running site gets the corrected starting content, except where an editor changed it, which is reported.

Issue 16, finding 1: sites loaded before the correction still tell someone who
cannot talk safely to use textphone 18000. ``load_content`` (run by `make run`
and on every deploy) corrects an entry that still holds exactly the old
starting text, with a version in its history, and lists the ones an editor has
changed, in its output and on the editors' dashboard. Running it again changes
nothing.
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
from reversion.models import Revision, Version

from content import corrections
from content.loader import LOADER_USERNAME, Loader, read_directory, read_guidance
from safeguarding_site.directory.models import ContactMethod, DirectoryDraft, Service, Situation
from safeguarding_site.editors.roles import EDITOR, PUBLISHER
from safeguarding_site.guidance.models import GuideStep
from tests.helpers import make_user, signed_in_client, soup, text_of

DANGER = "child-in-danger-now"
DANGER_PAGE = f"/what-should-i-do/{DANGER}/"
# The starting content as content/guidance.toml and content/directory.toml gave it before the correction.
OLD_STEP = (
    "If you cannot speak on the phone, use textphone **18000**. If you have registered your phone for "
    "emergency texts, you can text **999**. (To register, text “register” to 999.)"
)
OLD_TEXTPHONE_LABEL = "Textphone"
OLD_SMS_LABEL = "Emergency text, only after registering (text “register” to 999)"
OLD_WHAT_HAPPENS = "Always call first when a child is in danger right now."


def old_starting_content():
    """The directory and steps as they were before the correction: what running sites loaded."""
    directory = read_directory()
    for service in directory["services"]:
        if service["slug"] == "police-emergency":
            service["what_happens"] = OLD_WHAT_HAPPENS
            service["contacts"] = [
                {**contact, "label": {"textphone": OLD_TEXTPHONE_LABEL, "sms": OLD_SMS_LABEL}[contact["kind"]]}
                if contact["kind"] in ("textphone", "sms")
                else contact
                for contact in service["contacts"]
            ]
    guidance = read_guidance()
    guidance[DANGER] = [
        {**step, "text": OLD_STEP} if "not safe to talk" in step["text"] else step for step in guidance[DANGER]
    ]
    return directory, guidance


@pytest.fixture
def old_site(empty_database):
    """A site that loaded the starting content before it was corrected, as site_content loads it."""
    directory, guidance = old_starting_content()
    Loader().run(directory=directory, guidance=guidance)
    request_finished.disconnect(dispatch_uid=CMS_RESTART)  # as in conftest.site_content
    reload_urlconf()
    assert GuideStep.objects.filter(body__contains="textphone <strong>18000</strong>").count() == 1


def load():
    out = io.StringIO()
    call_command("load_content", stdout=out)
    return out.getvalue()


def police():
    return Service.objects.get(slug="police-emergency")


def label(kind):
    return police().contact_methods.get(kind=kind).label


def danger_steps():
    return list(Situation.objects.get(slug=DANGER).steps.order_by("position").values_list("body", flat=True))


def snapshot():
    """Every field a correction may change, and the history."""
    return (
        danger_steps(),
        list(ContactMethod.objects.order_by("pk").values_list("label", flat=True)),
        list(Service.objects.order_by("pk").values_list("what_happens", flat=True)),
        Revision.objects.count(),
        Version.objects.count(),
    )


def edit_as_a_publisher(obj, field, value):
    """A live change to an entry, recorded as the admin records it."""
    user = get_user_model().objects.filter(username="publisher@example.org").first() or make_user(PUBLISHER)
    with reversion.create_revision():
        reversion.set_user(user)
        reversion.set_comment("Changed by a publisher")
        setattr(obj, field, value)
        obj.save()


def test_a_fresh_site_needs_no_correction_and_already_has_every_corrected_text(site_content):
    assert "Corrections to the starting content: none needed." in site_content
    for fix in corrections.FIXES:
        values = list(fix.entries().values_list(fix.field, flat=True))
        assert fix.new in values, fix.part  # the starting files and the correction agree
        assert fix.old not in values
        assert fix.mistaken(fix.old)
        assert not fix.mistaken(fix.new)
    assert corrections.to_correct_by_hand() == []
    for service in Service.objects.all():  # nothing was added to any history
        assert Version.objects.get_for_object(service).count() == 1


def test_an_untouched_site_is_corrected_with_a_version_in_each_entrys_history(client, old_site):
    assert "use textphone 18000" in text_of(soup(client.get(DANGER_PAGE)).find("section", class_="steps--now"))

    output = load()

    assert output.count("corrected ") == 4, output
    assert "To correct by hand" not in output
    fixes = {fix.field + ":" + fix.match.get("kind", ""): fix for fix in corrections.FIXES}
    fixes["body:"] = next(fix for fix in corrections.FIXES if "18000" in fix.old)  # the steps' other fixes reword
    assert fixes["body:"].new in danger_steps()
    assert fixes["body:"].old not in danger_steps()
    assert label("textphone") == "Textphone (Relay UK), only for deaf, hard of hearing or speech-impaired people"
    assert label("sms").startswith("Emergency text, only for deaf, hard of hearing or speech-impaired people")
    assert "press 55" in police().what_happens
    steps = soup(client.get(DANGER_PAGE)).find_all("li", class_="step")
    assert text_of(steps[1]).startswith("If it is not safe to talk, still call 999 and listen.")
    assert "18000" not in " ".join(text_of(step) for step in steps)

    for entry in (Situation.objects.get(slug=DANGER), police()):
        latest = Version.objects.get_for_object(entry).first()
        assert latest.revision.comment.startswith("Correction to the starting content: ")
        assert latest.revision.user.username == LOADER_USERNAME
        assert Version.objects.get_for_object(entry).count() >= 2  # the starting content is still there to go back to
    step = GuideStep.objects.get(body=fixes["body:"].new)
    assert Version.objects.get_for_object(step).first().field_dict["body"] == fixes["body:"].new
    # The service's history holds its numbers as corrected.
    service_revision = Version.objects.get_for_object(police()).first().revision
    labels = {version.field_dict.get("label") for version in service_revision.version_set.all()}
    assert "Textphone (Relay UK), only for deaf, hard of hearing or speech-impaired people" in labels


def test_running_again_changes_nothing(old_site):
    load()
    before = snapshot()
    output = load()
    assert "Corrections to the starting content: none needed." in output
    assert "corrected " not in output
    assert snapshot() == before


def test_an_entry_an_editor_changed_is_left_as_it_is_and_reported(old_site):
    step = GuideStep.objects.get(body__contains="18000")
    edited_step = step.body.replace("If you cannot speak on the phone", "If you cannot speak")
    edit_as_a_publisher(step, "body", edited_step)
    sms = police().contact_methods.get(kind="sms")
    edit_as_a_publisher(sms, "label", "Text 999 (register first)")

    output = load()
    assert "To correct by hand (an editor has changed these, so they were left as they are):" in output
    assert "“A child is in immediate danger”, a step: take out textphone 18000" in output
    assert f"(/admin/directory/situation/{step.situation_id}/change/)" in output
    assert "“Police: emergency (999)”, its emergency text to 999: in its label" in output
    assert "correction(s) to make by hand" in output
    # Left exactly as the editor wrote them; what nobody had changed is corrected.
    assert GuideStep.objects.get(pk=step.pk).body == edited_step
    assert label("sms") == "Text 999 (register first)"
    assert label("textphone").startswith("Textphone (Relay UK), only for deaf")
    assert "press 55" in police().what_happens
    assert output.count("corrected ") == 2

    # Editors see it on their dashboard, with a link to each entry.
    for role in (EDITOR, PUBLISHER):
        page = soup(signed_in_client(make_user(role, f"{role.lower()}-dashboard@example.org")).get("/admin/dashboard/"))
        box = page.find(class_="dashboard-corrections")
        assert box, role
        links = {a["href"] for a in box.find_all("a")}
        assert links == {f"/admin/directory/situation/{step.situation_id}/change/",
                         f"/admin/directory/service/{police().pk}/change/"}  # fmt: skip
        assert "press 55" in text_of(box)

    # Reported again on the next run, and still nothing is changed.
    before = snapshot()
    again = load()
    assert again.count("  “") == 2
    assert snapshot() == before

    # Once an editor has corrected them by hand, nothing is reported.
    edit_as_a_publisher(GuideStep.objects.get(pk=step.pk), "body", "<p>Call <strong>999</strong> and listen.</p>")
    edit_as_a_publisher(police().contact_methods.get(kind="sms"), "label", "Text 999, if you are deaf (register first)")
    assert "none needed" in load()
    assert corrections.to_correct_by_hand() == []


def test_a_draft_that_would_bring_the_old_text_back_is_reported(old_site):
    load()
    situation = Situation.objects.get(slug=DANGER)
    step = GuideStep.objects.get(body__contains="not safe to talk")
    # A draft saved before the correction: the entry and its steps, as Django's serializer writes them.
    item = json.loads(serializers.serialize("json", [step]))[0]
    item["fields"]["body"] = corrections.FIXES[0].old
    DirectoryDraft.objects.create(
        content_type=ContentType.objects.get_for_model(Situation),
        object_id=situation.pk,
        title=situation.title,
        data={"entry": json.loads(serializers.serialize("json", [situation]))[0], "steps": [item]},
    )
    [report] = corrections.to_correct_by_hand()
    assert report.draft
    assert str(report).startswith("A draft of “A child is in immediate danger”, waiting for a publisher, a step:")
    assert report.url.startswith("/admin/directory/directorydraft/")
