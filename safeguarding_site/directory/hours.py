"""Opening hours of a contact method: entered per weekday in UK time, shown in plain words.

Stored as ``{"monday": ["08:00", "22:00"], ...}``: a day left out is closed that
day, and "24:00" as a closing time is midnight at the end of the day. No hours
at all (``{}``) means nobody has entered them: the site then says nothing about
hours rather than guessing. Whether a line is open *now* is never rendered by
the server, since pages are cached and served to everyone:
static/js/opening-hours.js works it out in the visitor's browser, in UK time,
from the same data (``as_json``).
"""

import datetime
import json
import re

from django import forms
from django.core.exceptions import ValidationError
from django.db import models

DAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
ALL_DAY = ["00:00", "24:00"]
_TIME = re.compile(r"(?:[01]\d|2[0-3]):[0-5]\d")
MIDNIGHT_CLOSE = "24:00"


def day_name(day):
    return day.capitalize()


def minutes(text):
    hours, mins = text.split(":")
    return int(hours) * 60 + int(mins)


def time_in_words(text):
    """ "08:00" is "8am", "17:30" "5:30pm", "12:00" "midday", "00:00" and "24:00" "midnight" (GOV.UK style)."""
    total = minutes(text) % (24 * 60)
    if total == 0:
        return "midnight"
    if total == 12 * 60:
        return "midday"
    hour, minute = divmod(total, 60)
    suffix = "am" if hour < 12 else "pm"
    hour = hour % 12 or 12
    return f"{hour}{suffix}" if minute == 0 else f"{hour}:{minute:02d}{suffix}"


def problems(hours):
    """What is wrong with stored hours, in words an editor can act on (empty list: nothing)."""
    if not isinstance(hours, dict):
        return ["Give the opening hours day by day, such as Monday 08:00 to 22:00."]
    found = [f"“{name}” is not a day of the week." for name in hours if name not in DAYS]
    for day in DAYS:
        if day not in hours:
            continue
        period = hours[day]
        if not (isinstance(period, list) and len(period) == 2 and all(isinstance(value, str) for value in period)):
            found.append(f"{day_name(day)}: give the time it opens and the time it closes, such as 08:00 and 22:00.")
            continue
        opens, closes = period
        if not _TIME.fullmatch(opens):
            found.append(f"{day_name(day)}: “{opens}” is not a time. Give the time it opens, such as 08:00.")
        elif not (_TIME.fullmatch(closes) or closes == MIDNIGHT_CLOSE):
            found.append(f"{day_name(day)}: “{closes}” is not a time. Give the time it closes, such as 22:00.")
        elif minutes(closes) <= minutes(opens):
            found.append(closing_not_after_opening(day, opens, closes))
    return found


def closing_not_after_opening(day, opens, closes):
    return (
        f"{day_name(day)}: it closes at {time_in_words(closes)}, which is not after it opens at"
        f" {time_in_words(opens)}. The closing time must be after the opening time."
    )


def validate_opening_hours(hours):
    found = problems(hours)
    if found:
        raise ValidationError(found)


def is_always_open(hours):
    return bool(hours) and all(hours.get(day) == ALL_DAY for day in DAYS)


def _days_in_words(days):
    """Weekday indexes as words: runs of three or more as "Monday to Friday", pairs as "Saturday and Sunday"."""
    runs = []
    for index in days:
        if runs and runs[-1][-1] == index - 1:
            runs[-1].append(index)
        else:
            runs.append([index])
    words = []
    for run in runs:
        names = [day_name(DAYS[index]) for index in run]
        if len(run) >= 3:
            words.append(f"{names[0]} to {names[-1]}")
        else:
            words.extend(names)
    if len(words) == 1:
        return words[0]
    return ", ".join(words[:-1]) + " and " + words[-1]


def in_words(hours):
    """Stored hours as a parent reads them: "Monday to Friday 8am to 10pm; Saturday and Sunday 9am to 6pm".

    Empty when there are none (or they are not valid: nothing rather than a guess).
    """
    if not hours or problems(hours):
        return ""
    if is_always_open(hours):
        return "24 hours a day, 7 days a week"
    groups = {}  # period -> weekday indexes, in the order the periods first appear in the week
    for index, day in enumerate(DAYS):
        if day in hours:
            groups.setdefault(tuple(hours[day]), []).append(index)
    parts = []
    for period, days in groups.items():
        when = "24 hours" if list(period) == ALL_DAY else f"{time_in_words(period[0])} to {time_in_words(period[1])}"
        parts.append(f"{'Every day' if len(days) == 7 else _days_in_words(days)} {when}")
    return "; ".join(parts)


def as_json(hours):
    """The hours for a data- attribute (what opening-hours.js reads), days in week order; "" if none."""
    if not hours or problems(hours):
        return ""
    return json.dumps({day: hours[day] for day in DAYS if day in hours}, separators=(",", ":"))


class OpeningHoursField(models.JSONField):
    """A contact method's opening hours (the shape above), validated, compared in drafts in plain words."""

    default_validators = [validate_opening_hours]

    def in_words(self, value):
        return in_words(value)


# The editors' form -------------------------------------------------------


def _time_field(day, edge):
    return forms.TimeField(
        label=f"{day_name(day)}: {edge}",
        required=False,
        widget=forms.TimeInput(format="%H:%M", attrs={"type": "time"}),
        error_messages={"invalid": "Enter a time such as 08:00 or 22:30."},
    )


class OpeningHoursForm(forms.ModelForm):
    """A contact method's form with its opening hours as editors enter them: a time it opens and closes each day.

    A day left empty is closed. 00:00 as a closing time is midnight, so 00:00 to
    00:00 is the whole day; "Open 24 hours a day, 7 days a week" fills in the whole week at once.
    """

    open_24_hours = forms.BooleanField(label="Open 24 hours a day, 7 days a week", required=False)
    monday_opens = _time_field("monday", "opens")
    monday_closes = _time_field("monday", "closes")
    tuesday_opens = _time_field("tuesday", "opens")
    tuesday_closes = _time_field("tuesday", "closes")
    wednesday_opens = _time_field("wednesday", "opens")
    wednesday_closes = _time_field("wednesday", "closes")
    thursday_opens = _time_field("thursday", "opens")
    thursday_closes = _time_field("thursday", "closes")
    friday_opens = _time_field("friday", "opens")
    friday_closes = _time_field("friday", "closes")
    saturday_opens = _time_field("saturday", "opens")
    saturday_closes = _time_field("saturday", "closes")
    sunday_opens = _time_field("sunday", "opens")
    sunday_closes = _time_field("sunday", "closes")

    FIELDS = ["open_24_hours", *[(f"{day}_opens", f"{day}_closes") for day in DAYS]]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # What the form shows: the row's hours, or those given as its initial values (a row a draft adds).
        hours = self.initial.get("opening_hours") or self.instance.opening_hours or {}
        if problems(hours):
            return
        if is_always_open(hours):
            self.initial["open_24_hours"] = True
            return
        for day, (opens, closes) in hours.items():
            self.initial[f"{day}_opens"] = datetime.time.fromisoformat(opens)
            self.initial[f"{day}_closes"] = datetime.time.fromisoformat("00:00" if closes == "24:00" else closes)

    def clean(self):
        cleaned_data = super().clean()
        hours = {}
        typed_any = False
        for day in DAYS:
            opens, closes = cleaned_data.get(f"{day}_opens"), cleaned_data.get(f"{day}_closes")
            if f"{day}_opens" in self.errors or f"{day}_closes" in self.errors:
                typed_any = True
                continue
            if opens is None and closes is None:
                continue
            typed_any = True
            if opens is None or closes is None:
                self.add_error(
                    f"{day}_opens" if opens is None else f"{day}_closes",
                    f"{day_name(day)}: give the time it opens and the time it closes, or leave both empty if it is"
                    " closed that day.",
                )
                continue
            period = [opens.strftime("%H:%M"), closes.strftime("%H:%M")]
            if period[1] == "00:00":
                period[1] = MIDNIGHT_CLOSE
            if minutes(period[1]) <= minutes(period[0]):
                self.add_error(
                    f"{day}_closes",
                    closing_not_after_opening(day, *period) + " For midnight, use 00:00.",
                )
                continue
            hours[day] = period
        if cleaned_data.get("open_24_hours"):
            if typed_any:
                self.add_error(
                    "open_24_hours",
                    "You ticked “Open 24 hours a day, 7 days a week” and also gave times for some days. Untick it,"
                    " or clear the days’ times.",
                )
            hours = {day: list(ALL_DAY) for day in DAYS}
        if not any(name.endswith(("_opens", "_closes", "open_24_hours")) for name in self.errors):
            self.instance.opening_hours = hours
        return cleaned_data
