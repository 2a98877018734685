"""UK phone numbers: what editors may enter, how they are stored, shown and dialled."""

import re
from pathlib import Path

import phonenumbers
import pytest
from django.core.exceptions import ValidationError
from phonenumbers import shortnumberinfo

from safeguarding_site.directory import phone

# No database or cache of the run's own: checked once, in the SQLite pass
# (the PostgreSQL pass, make test-postgres, leaves it out).
pytestmark = pytest.mark.same_on_every_database


@pytest.mark.parametrize(
    ("entered", "stored", "shown", "href"),
    [
        ("0808 800 5000", "08088005000", "0808 800 5000", "tel:+448088005000"),
        ("08088005000", "08088005000", "0808 800 5000", "tel:+448088005000"),
        ("+44 808 800 5000", "08088005000", "0808 800 5000", "tel:+448088005000"),
        ("+44 (0)808 800 5000", "08088005000", "0808 800 5000", "tel:+448088005000"),
        ("0044 808-800-5000", "08088005000", "0808 800 5000", "tel:+448088005000"),
        ("0800 1111", "08001111", "0800 1111", "tel:+448001111"),
        ("0800 555 111", "0800555111", "0800 555 111", "tel:+44800555111"),
        # Stop It Now! publishes its helpline as 0808 1000 900, not in the usual 4-3-4 grouping.
        ("0808 1000 900", "08081000900", "0808 1000 900", "tel:+448081000900"),
        ("0808 100 0900", "08081000900", "0808 1000 900", "tel:+448081000900"),
        ("18001 0808 1000 900", "1800108081000900", "18001 0808 1000 900", "tel:1800108081000900"),
        ("0808 100 0901", "08081000901", "0808 100 0901", "tel:+448081000901"),
        ("020 7946 0000", "02079460000", "020 7946 0000", "tel:+442079460000"),
        ("0161 496 0000", "01614960000", "0161 496 0000", "tel:+441614960000"),
        ("01865 270000", "01865270000", "01865 270000", "tel:+441865270000"),
        ("07400 123456", "07400123456", "07400 123456", "tel:+447400123456"),
        ("0300 123 4567", "03001234567", "0300 123 4567", "tel:+443001234567"),
        ("999", "999", "999", "tel:999"),
        ("101", "101", "101", "tel:101"),
        ("18000", "18000", "18000", "tel:18000"),
        ("18001 101", "18001101", "18001 101", "tel:18001101"),
        ("18001 0808 800 5000", "1800108088005000", "18001 0808 800 5000", "tel:1800108088005000"),
        ("116 123", "116123", "116 123", "tel:116123"),
        # The 116 helplines in service in the UK, as libphonenumber's short-number data knows them.
        ("116 000", "116000", "116 000", "tel:116000"),
        ("116111", "116111", "116 111", "tel:116111"),
        # Isle of Man and Jersey numbers are +44 numbers a UK caller dials as usual.
        ("07624 123456", "07624123456", "07624 123456", "tel:+447624123456"),
        ("01534 123456", "01534123456", "01534 123456", "tel:+441534123456"),
    ],
)
def test_accepted_numbers(entered, stored, shown, href):
    assert phone.normalise(entered) == stored
    assert phone.display(stored) == shown
    assert phone.tel_href(stored) == href


@pytest.mark.parametrize(
    "entered",
    ["", "   ", "12345", "0808", "99", "9999", "abc", "0808 800 500O", "+1 555 123 4567", "+33 1 23 45 67 89",
     "18001", "18001 12345", "0000 000 0000", "0808 800 5000 1234", "0645 123 4567", "tel:999", "999; DROP",
     # One digit short or too many, for its range (libphonenumber knows each range's length).
     "0800 555 11", "0808 800 500", "020 7946 000", "0161 496 000", "07400 12345", "0300 123 456",
     "18001 0800 555 11",
     # Ofcom's ranges kept for drama, never in service.
     "01632 960000", "07700 900123",
     # 116 numbers not in service in the UK (libphonenumber's short-number data), and the operator,
     # directory enquiries: UK short codes, but not ones the site sends a parent to.
     "116 006", "116 117", "100", "118 118", "123"],
)  # fmt: skip
def test_rejected_numbers(entered):
    with pytest.raises(ValidationError) as error:
        phone.normalise(entered)
    assert "Enter a UK phone number" in error.value.messages[0]


@pytest.mark.parametrize(
    ("entered", "why"),
    [
        ("0800 555 11", "This number is one digit short."),
        ("020 7946 000", "This number is one digit short."),
        ("18001 0800 555 11", "This number is one digit short."),
        ("0808 800 50000", "This number has one digit too many."),
        ("0808 800 5000 1234", "This number is too long."),
        ("+1 555 123 4567", "This is not a UK phone number."),
        ("+33 1 23 45 67 89", "This is not a UK phone number."),
        ("999; DROP", "This is not a UK phone number."),
        ("01632 960000", "This number is not in use in the UK."),
    ],
)
def test_a_refused_number_says_what_is_wrong_first(entered, why):
    """The editor reads the reason, then what to enter; the content checks take the reason alone."""
    with pytest.raises(ValidationError) as error:
        phone.normalise(entered)
    assert error.value.messages[0] == f"{why} {phone.INVALID_MESSAGE}"
    assert error.value.params["why"] == why


@pytest.mark.parametrize(
    ("entered", "why"),
    [
        ("0909 879 0000", "Numbers starting 09, 084 or 087 cost callers extra."),
        ("0871 123 4567", "Numbers starting 09, 084 or 087 cost callers extra."),
        ("0845 123 4567", "Numbers starting 09, 084 or 087 cost callers extra."),
        ("0700 123 4567", "070 numbers are personal numbers that can be forwarded anywhere."),
    ],
)
def test_numbers_that_cost_callers_extra_or_are_personal_are_refused(entered, why):
    """A worried parent must not pay a premium rate, nor call a personal number that could be forwarded anywhere."""
    with pytest.raises(ValidationError) as error:
        phone.normalise(entered)
    assert error.value.code == "costly_or_personal"
    assert error.value.messages[0] == (
        f"This number cannot be listed. {why} Enter the service's ordinary or free number."
    )


@pytest.mark.parametrize("code", sorted(phone.SHORT_CODES))
def test_each_short_code_the_site_links_is_one_libphonenumber_knows(code):
    """The site only chooses among the UK's short codes: a typo here would link a number that goes nowhere."""
    assert shortnumberinfo.is_valid_short_number_for_region(phonenumbers.parse(code, "GB"), "GB")
    assert phone.normalise(code) == code


def test_a_number_not_in_the_published_list_is_shown_in_libphonenumbers_national_format():
    for stored in ["02079460000", "01614960000", "08088005000", "03001234567", "07400123456"]:
        number = phonenumbers.parse(stored, "GB")
        assert phone.display(stored) == phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.NATIONAL)
        assert phone.tel_href(stored) == "tel:" + phonenumbers.format_number(
            number, phonenumbers.PhoneNumberFormat.E164
        )


@pytest.mark.parametrize(("stored", "shown"), list(phone.PUBLISHED_GROUPINGS.items()))
def test_a_published_grouping_is_the_same_number_with_spaces(stored, shown):
    """A typo in the list would show one number and dial another."""
    assert shown.replace(" ", "") == stored
    assert phone.normalise(shown) == stored
    assert "  " not in shown
    assert shown == shown.strip()
    # Only what libphonenumber does not already show this way (0808 800 5000 needs no entry).
    national = phonenumbers.format_number(phonenumbers.parse(stored, "GB"), phonenumbers.PhoneNumberFormat.NATIONAL)
    assert national != shown


def read_services_md():
    """Each service in the shared source table, with the phone numbers its Contact column gives, as written."""
    # /work/shared beside the main checkout, or beside the worktrees' folder (/work/wt/<name>).
    here = Path(__file__).resolve()
    candidates = [folder / "shared" / "directory" / "services.md" for folder in (here.parents[3], here.parents[4])]
    path = next((candidate for candidate in candidates if candidate.exists()), None)
    if path is None:
        pytest.skip(f"{candidates[0]} is not here")
    services = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        cells = [cell.strip() for cell in line.strip().strip("|").split("|")]
        if len(cells) != 5 or cells[0] in ("Service", "") or set(cells[0]) <= {"-"}:
            continue
        services[cells[0]] = re.findall(r"(?<![\w-])\d[\d ]*\d(?![\w-])", cells[2])
    return services


def test_every_number_in_the_source_table_is_shown_as_published():
    numbers = [number.strip() for found in read_services_md().values() for number in found]
    assert "0808 1000 900" in numbers
    assert "0808 800 5000" in numbers
    for number in numbers:
        assert phone.display(phone.normalise(number)) == number
