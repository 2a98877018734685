"""A situation's "What should I do?" steps, edited in the admin as a browser posts them.

The steps' text is written in djangocms-text's editor (TipTap). On submit it
writes each editor's HTML into its textarea, as paragraphs ("<p>Call
<strong>999</strong> now</p>"), and the empty step form the admin adds for a
new step comes back as "<p></p>", not empty (seen in
Chromium: tests/browser/test_directory_draft_journey.py). Finding 4 of issue 15:
every save added that empty form as a blank "What to do now" step.
"""

import re

import pytest
from django.test import Client
from reversion.models import Version

from safeguarding_site.directory.models import DirectoryDraft, Situation
from safeguarding_site.editors.roles import EDITOR, PUBLISHER
from tests.helpers import admin_form, make_user, signed_in_client, soup, text_of

STEP_BODY = re.compile(r"^steps-\d+-body$")  # not steps-__prefix__-body, the template for "Add another"


def as_the_text_editor_posts(data):
    """The form data as Chromium posts it with djangocms-text's editor: each step's HTML in a paragraph."""
    posted = dict(data)
    for key, value in data.items():
        if STEP_BODY.match(key):
            value = value.strip()
            posted[key] = value if value.startswith("<p>") else f"<p>{value}</p>"
    return posted


@pytest.fixture
def situation(site_content):
    return Situation.objects.get(slug="child-in-danger-now")


def change_url(situation):
    return f"/admin/directory/situation/{situation.pk}/change/"


def steps_shown(situation):
    page = soup(Client().get(f"/what-should-i-do/{situation.slug}/"))
    return [text_of(step) for step in page.find("main").find_all("li", class_="step")]


def bodies(situation):
    return sorted(situation.steps.values_list("body", flat=True))


def test_a_publishers_plain_save_adds_no_empty_step(situation):
    publisher = signed_in_client(make_user(PUBLISHER))
    before_bodies, before_shown = bodies(situation), steps_shown(situation)
    data = as_the_text_editor_posts(admin_form(publisher, change_url(situation)))
    assert "<p></p>" in data.values()  # the extra step form, as the editor posts it
    response = publisher.post(change_url(situation), data)
    assert response.status_code == 302, text_of(soup(response).find(class_="errorlist") or soup(response))
    assert steps_shown(situation) == before_shown
    assert bodies(situation) == before_bodies

    # Saving again, and again: still no blank step.
    for _ in range(2):
        publisher.post(change_url(situation), as_the_text_editor_posts(admin_form(publisher, change_url(situation))))
    assert steps_shown(situation) == before_shown


def test_ticking_delete_removes_one_step_and_adds_none(situation):
    publisher = signed_in_client(make_user(PUBLISHER))
    count = situation.steps.count()
    data = as_the_text_editor_posts(admin_form(publisher, change_url(situation)))
    first = next(key for key in data if STEP_BODY.match(key)).removesuffix("-body")
    data[f"{first}-DELETE"] = "on"
    assert publisher.post(change_url(situation), data).status_code == 302
    assert situation.steps.count() == count - 1
    assert "" not in [text.strip() for text in steps_shown(situation)]


def test_an_editors_plain_save_makes_a_draft_with_no_step_added(situation):
    editor = signed_in_client(make_user(EDITOR))
    data = as_the_text_editor_posts(admin_form(editor, change_url(situation)))
    data["summary"] = "Changed by an editor."
    response = editor.post(change_url(situation), data)
    assert response.status_code == 302
    draft = DirectoryDraft.objects.get()
    steps = next(relation for relation in draft.data["related"] if relation["model"] == "guidance.guidestep")
    assert len(steps["objects"]) == situation.steps.count()
    assert all(item["pk"] is not None for item in steps["objects"])
    changes = text_of(soup(editor.get(response["Location"])).find(id="content-main"))
    assert "Added" not in changes


@pytest.mark.parametrize("empty", ["", "<p></p>", "<p><br></p>", "<p> &nbsp; </p>"])
def test_an_empty_step_is_refused_with_a_message_and_nothing_is_lost(situation, empty):
    publisher = signed_in_client(make_user(PUBLISHER))
    before = bodies(situation)
    data = as_the_text_editor_posts(admin_form(publisher, change_url(situation)))
    data["summary"] = "Typed before the mistake."
    step = next(key for key in data if STEP_BODY.match(key))
    data[step] = empty
    response = publisher.post(change_url(situation), data)
    assert response.status_code == 200
    page = soup(response)
    assert "Write what this step says, or remove the step" in text_of(page.find("form", id="situation_form"))
    assert page.find("input", attrs={"name": "summary", "value": "Typed before the mistake."})
    assert bodies(situation) == before


def test_a_new_step_with_a_stage_chosen_but_no_words_is_refused(situation):
    publisher = signed_in_client(make_user(PUBLISHER))
    data = as_the_text_editor_posts(admin_form(publisher, change_url(situation)))
    extra = int(data["steps-TOTAL_FORMS"]) - 1
    assert data[f"steps-{extra}-body"] == "<p></p>"
    data[f"steps-{extra}-stage"] = "next"
    data[f"steps-{extra}-position"] = "7"
    response = publisher.post(change_url(situation), data)
    assert response.status_code == 200
    assert "Write what this step says, or remove the step" in text_of(soup(response))


def test_a_new_step_with_words_is_added(situation):
    publisher = signed_in_client(make_user(PUBLISHER))
    data = as_the_text_editor_posts(admin_form(publisher, change_url(situation)))
    extra = int(data["steps-TOTAL_FORMS"]) - 1
    data[f"steps-{extra}-body"] = "<p>Write down what you saw, with the <strong>date</strong>.</p>"
    data[f"steps-{extra}-stage"] = "next"
    data[f"steps-{extra}-position"] = "9"
    assert publisher.post(change_url(situation), data).status_code == 302
    assert situation.steps.get(position=9).body == "<p>Write down what you saw, with the <strong>date</strong>.</p>"
    assert steps_shown(situation)[-1] == "Write down what you saw, with the date ."


def test_reverting_to_an_earlier_version_adds_no_empty_step(situation):
    publisher = signed_in_client(make_user(PUBLISHER))
    shown = steps_shown(situation)
    data = as_the_text_editor_posts(admin_form(publisher, change_url(situation)))
    data["summary"] = "A change to revert."
    assert publisher.post(change_url(situation), data).status_code == 302
    first = Version.objects.get_for_object(situation).order_by("pk").first()
    revert = f"/admin/directory/situation/{situation.pk}/history/{first.pk}/"
    response = publisher.post(revert, as_the_text_editor_posts(admin_form(publisher, revert)))
    assert response.status_code == 302
    assert steps_shown(situation) == shown
