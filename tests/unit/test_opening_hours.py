"""Opening hours (issue 16, finding 4): entered per weekday, validated with clear messages, read in plain words."""

import datetime

import pytest
from django import forms
from django.core.exceptions import ValidationError

from safeguarding_site.directory import hours
from safeguarding_site.directory.hours import OpeningHoursForm
from safeguarding_site.directory.models import ContactMethod

# No database or cache of the run's own: checked once, in the SQLite pass
# (the PostgreSQL pass, make test-postgres, leaves it out).
pytestmark = pytest.mark.same_on_every_database

WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday")
NSPCC = {**{day: ["08:00", "22:00"] for day in WEEKDAYS}, "saturday": ["09:00", "18:00"], "sunday": ["09:00", "18:00"]}


@pytest.mark.parametrize(
    ("stored", "words"),
    [
        (NSPCC, "Monday to Friday 8am to 10pm; Saturday and Sunday 9am to 6pm"),
        ({day: ["00:00", "24:00"] for day in hours.DAYS}, "24 hours a day, 7 days a week"),
        ({day: ["09:00", "17:30"] for day in hours.DAYS}, "Every day 9am to 5:30pm"),
        (
            {"monday": ["09:00", "12:00"], "wednesday": ["09:00", "12:00"], "friday": ["09:00", "12:00"]},
            "Monday, Wednesday and Friday 9am to midday",
        ),
        (
            {**{day: ["08:00", "24:00"] for day in WEEKDAYS}, "saturday": ["00:00", "24:00"]},
            "Monday to Friday 8am to midnight; Saturday 24 hours",
        ),
        ({"thursday": ["07:30", "20:00"]}, "Thursday 7:30am to 8pm"),
        ({}, ""),
        (None, ""),
    ],
)
def test_hours_read_in_plain_words(stored, words):
    assert hours.in_words(stored) == words


def test_a_contact_method_with_no_hours_says_nothing():
    method = ContactMethod(kind=ContactMethod.PHONE, value="08081000900")
    assert method.hours_text == ""
    assert method.hours_json == ""


def test_the_script_gets_a_phone_lines_hours_as_data():
    method = ContactMethod(kind=ContactMethod.PHONE, value="08088005000", opening_hours=NSPCC)
    assert method.hours_text == "Monday to Friday 8am to 10pm; Saturday and Sunday 9am to 6pm"
    assert method.hours_json.startswith('{"monday":["08:00","22:00"],"tuesday"')
    # An email has hours to read, but nobody "answers" it now or not.
    assert ContactMethod(kind=ContactMethod.EMAIL, value="a@b.org", opening_hours=NSPCC).hours_json == ""


@pytest.mark.parametrize(
    ("stored", "message"),
    [
        (
            {"monday": ["22:00", "08:00"]},
            "Monday: it closes at 8am, which is not after it opens at 10pm. The closing time must be after the "
            "opening time.",
        ),
        ({"tuesday": ["09:00", "09:00"]}, "Tuesday: it closes at 9am, which is not after it opens at 9am."),
        ({"friday": ["25:00", "26:00"]}, "Friday: “25:00” is not a time. Give the time it opens, such as 08:00."),
        ({"friday": ["08:00", "8pm"]}, "Friday: “8pm” is not a time. Give the time it closes, such as 22:00."),
        ({"saturday": ["09:00"]}, "Saturday: give the time it opens and the time it closes"),
        ({"weekdays": ["09:00", "17:00"]}, "“weekdays” is not a day of the week."),
        (["09:00", "17:00"], "Give the opening hours day by day"),
    ],
)
def test_bad_hours_are_refused_with_a_clear_message(stored, message):
    field = ContactMethod._meta.get_field("opening_hours")
    with pytest.raises(ValidationError) as refused:
        field.clean(stored, ContactMethod())
    assert any(text.startswith(message) for text in refused.value.messages), refused.value.messages
    assert hours.in_words(stored) == ""  # never shown half right


def test_good_hours_pass_validation():
    field = ContactMethod._meta.get_field("opening_hours")
    assert field.clean(NSPCC, ContactMethod()) == NSPCC
    assert field.clean({}, ContactMethod()) == {}


# The editors' form: a time each day opens and closes -----------------------------

ContactMethodForm = forms.modelform_factory(
    ContactMethod,
    form=OpeningHoursForm,
    fields=["kind", "label", "value", "position", "open_24_hours"]
    + [f"{day}_{edge}" for day in hours.DAYS for edge in ("opens", "closes")]
    + ["hours_notes"],
)


def typed(**days):
    data = {"kind": "phone", "value": "0808 800 5000", "position": "0"}
    for day, (opens, closes) in days.items():
        data |= {f"{day}_opens": opens, f"{day}_closes": closes}
    return data


def test_an_editor_enters_hours_day_by_day():
    data = typed(**dict.fromkeys(WEEKDAYS, ("08:00", "22:00")), saturday=("09:00", "18:00"), sunday=("9:00", "18:00"))
    form = ContactMethodForm(data | {"hours_notes": "Closed on Christmas Day."})
    assert form.is_valid(), form.errors
    assert form.instance.opening_hours == NSPCC
    assert form.instance.hours_notes == "Closed on Christmas Day."


def test_closing_before_opening_is_refused_on_that_day():
    form = ContactMethodForm(typed(monday=("08:00", "22:00"), tuesday=("22:00", "08:00")))
    assert not form.is_valid()
    assert form.errors["tuesday_closes"] == [
        "Tuesday: it closes at 8am, which is not after it opens at 10pm. The closing time must be after the opening"
        " time. For midnight, use 00:00."
    ]
    assert "monday_closes" not in form.errors


def test_half_a_day_is_refused():
    form = ContactMethodForm(typed(wednesday=("09:00", "")))
    assert not form.is_valid()
    assert form.errors["wednesday_closes"] == [
        "Wednesday: give the time it opens and the time it closes, or leave both empty if it is closed that day."
    ]


def test_something_that_is_not_a_time_is_refused():
    form = ContactMethodForm(typed(thursday=("8 in the morning", "22:00")))
    assert not form.is_valid()
    assert form.errors["thursday_opens"] == ["Enter a time such as 08:00 or 22:30."]


def test_midnight_closes_the_day_and_midnight_to_midnight_is_the_whole_day():
    form = ContactMethodForm(typed(friday=("18:00", "00:00"), saturday=("00:00", "00:00")))
    assert form.is_valid(), form.errors
    assert form.instance.opening_hours == {"friday": ["18:00", "24:00"], "saturday": ["00:00", "24:00"]}
    assert hours.in_words(form.instance.opening_hours) == "Friday 6pm to midnight; Saturday 24 hours"


def test_24_hours_every_day_is_one_tick():
    form = ContactMethodForm(typed() | {"open_24_hours": "on"})
    assert form.is_valid(), form.errors
    assert hours.in_words(form.instance.opening_hours) == "24 hours a day, 7 days a week"


def test_24_hours_and_times_as_well_is_refused():
    form = ContactMethodForm(typed(monday=("08:00", "22:00")) | {"open_24_hours": "on"})
    assert not form.is_valid()
    assert "Untick it, or clear the days’ times." in form.errors["open_24_hours"][0]


def test_no_hours_stay_no_hours():
    form = ContactMethodForm(typed())
    assert form.is_valid(), form.errors
    assert form.instance.opening_hours == {}


def test_the_form_shows_the_hours_stored():
    form = ContactMethodForm(instance=ContactMethod(kind="phone", value="08088005000", opening_hours=NSPCC))
    assert form.initial["monday_opens"] == datetime.time(8, 0)
    assert form["monday_opens"].value() == datetime.time(8, 0)
    assert 'value="08:00"' in str(form["monday_opens"])
    assert 'type="time"' in str(form["monday_opens"])
    assert not form.initial.get("open_24_hours")
    every_day = {day: ["00:00", "24:00"] for day in hours.DAYS}
    always = ContactMethod(kind="phone", value="08001111", opening_hours=every_day)
    assert ContactMethodForm(instance=always).initial["open_24_hours"] is True
    late = ContactMethod(kind="phone", value="08001111", opening_hours={"friday": ["18:00", "24:00"]})
    assert ContactMethodForm(instance=late).initial["friday_closes"] == datetime.time(0, 0)
