"""UK telephone numbers: validate, store normalised, show as published, dial from any phone.

Whether a number is in service, its type and its usual grouping come from ``phonenumbers``
(Google's libphonenumber data for +44, kept current by its maintainers). Kept here is only
what that data does not know: which short codes the site links, Relay UK's 18001 prefix, and
the groupings organisations publish their numbers in.

Stored form: the digits a caller in the UK dials ("08088005000", "999", "18001101").
Shown form: ``PUBLISHED_GROUPINGS``, else libphonenumber's national format ("020 7946 0000").
Link form: ``tel:+448088005000`` (E.164, so it works from a phone registered abroad), ``tel:999``.
"""

import re

import phonenumbers
from django.core.exceptions import ValidationError
from phonenumbers import PhoneNumberFormat, PhoneNumberType, ValidationResult, shortnumberinfo

REGION = "GB"
# The short codes the directory lists and the steps link: 999 and 112 emergency, 101 police
# non-emergency, 105 power cut, 111 NHS, 119 NHS vaccinations, 18000 emergency by text relay.
# libphonenumber knows far more UK short codes (118 directory enquiries cost a lot, 100 is the
# operator) and a count such as "100 people" in a step must not become a link: so the site
# chooses, and tests/unit/test_phone.py checks each is a valid UK short code in the library.
SHORT_CODES = frozenset({"999", "112", "101", "105", "111", "119", "18000"})
# 116 xxx: harmonised European helplines (116 123 Samaritans); the library knows which are in
# service in the UK.
HARMONISED_PREFIX = "116"
RELAY_PREFIX = "18001"  # Relay UK: typed before an ordinary number or short code to call it by text relay
# Digits and what people write between them; no letters, which the library would read as
# digits ("0800 FLOWERS").
_WRITTEN = re.compile(r"\+?[\d\s().\-]+")
_SEPARATORS = re.compile(r"[\s().\-]")

# Numbers whose owners publish them in a grouping other than libphonenumber's national format.
# A parent checking a number against the organisation's own leaflet or website must see it
# written the same way. tests/unit/test_phone.py checks each is the same digits with spaces,
# and that the library's own format differs (else the entry is not needed).
PUBLISHED_GROUPINGS = {
    "08081000900": "0808 1000 900",  # Stop It Now! helpline, as on stopitnow.org.uk/helpline
    "0800555111": "0800 555 111",  # Crimestoppers, as on crimestoppers-uk.org
}

INVALID_MESSAGE = (
    "Enter a UK phone number, such as 0808 800 5000 or 020 7946 0000, or a short code such as 999, 101 or 18001 101."
)
COSTS_EXTRA = "Numbers starting 09, 084 or 087 cost callers extra."
PERSONAL = "070 numbers are personal numbers that can be forwarded anywhere."
REFUSED_MESSAGE = "This number cannot be listed. %(why)s Enter the service's ordinary or free number."
# libphonenumber counts 084 and 087 service numbers as premium rate too.
_REFUSED = {PhoneNumberType.PREMIUM_RATE: COSTS_EXTRA, PhoneNumberType.PERSONAL_NUMBER: PERSONAL}

ONE_SHORT = "This number is one digit short."
ONE_TOO_MANY = "This number has one digit too many."
TOO_SHORT = "This number is too short."
TOO_LONG = "This number is too long."
NOT_UK = "This is not a UK phone number."
NOT_IN_USE = "This number is not in use in the UK."
WRONG_LENGTH = "This number has the wrong number of digits."


def normalise(value):
    """Return the stored form of a UK number or short code, or raise ValidationError saying what is wrong."""
    raw = (value or "").strip()
    if not _WRITTEN.fullmatch(raw):
        raise _invalid(NOT_UK)
    compact = _SEPARATORS.sub("", raw)
    if is_short_code(compact):
        return compact
    if raw.startswith(RELAY_PREFIX) and len(compact) > len(RELAY_PREFIX):
        rest = compact[len(RELAY_PREFIX) :]
        if is_short_code(rest):
            return compact
        if rest.startswith("0"):
            return RELAY_PREFIX + _full_number(raw[len(RELAY_PREFIX) :])
    if compact.startswith(("0", "+")):
        return _full_number(raw)
    raise _invalid(NOT_UK)


def is_short_code(digits):
    """Whether ``digits`` is a short code the site links: one of ``SHORT_CODES``, or a 116 helpline in service."""
    if digits in SHORT_CODES:
        return True
    if not (digits.startswith(HARMONISED_PREFIX) and len(digits) == 6 and digits.isdigit()):
        return False
    return shortnumberinfo.is_valid_short_number_for_region(phonenumbers.parse(digits, REGION), REGION)


def _invalid(why):
    # ``params["why"]``: the reason alone, for the content checks (phone_links.numbers_in_text).
    return ValidationError(f"%(why)s {INVALID_MESSAGE}", code="invalid_phone", params={"why": why})


def _parse(text):
    try:
        return phonenumbers.parse(text, REGION)
    except phonenumbers.NumberParseException:
        return None


def _is_uk_number(text):
    number = _parse(text)
    return number is not None and number.country_code == 44 and phonenumbers.is_valid_number(number)


def _full_number(text):
    """The stored form of a number written in full ("0808 800 5000", "+44 808 800 5000"), or ValidationError."""
    number = _parse(text)
    if number is None or number.country_code != 44:
        raise _invalid(NOT_UK)
    if not phonenumbers.is_valid_number(number):
        raise _invalid(_why_not_valid(text, number))
    kind = phonenumbers.number_type(number)
    if kind in _REFUSED:
        raise ValidationError(REFUSED_MESSAGE, code="costly_or_personal", params={"why": _REFUSED[kind]})
    return "0" + phonenumbers.national_significant_number(number)


def _why_not_valid(text, number):
    """A plain reason a +44 number is not one in service: a digit missing or extra is the usual slip."""
    digits = _SEPARATORS.sub("", text)
    if any(_is_uk_number(digits + digit) for digit in "0123456789"):
        return ONE_SHORT
    if _is_uk_number(digits[:-1]):
        return ONE_TOO_MANY
    return {
        ValidationResult.TOO_SHORT: TOO_SHORT,
        ValidationResult.TOO_LONG: TOO_LONG,
        ValidationResult.INVALID_LENGTH: WRONG_LENGTH,
    }.get(phonenumbers.is_possible_number_with_reason(number), NOT_IN_USE)


def display(stored):
    """The stored form as its owner publishes it, else in libphonenumber's national format."""
    if stored in PUBLISHED_GROUPINGS:
        return PUBLISHED_GROUPINGS[stored]
    if stored.startswith("0"):
        return phonenumbers.format_number(phonenumbers.parse(stored, REGION), PhoneNumberFormat.NATIONAL)
    if stored.startswith(RELAY_PREFIX) and len(stored) > len(RELAY_PREFIX):
        return f"{RELAY_PREFIX} {display(stored[len(RELAY_PREFIX) :])}"
    if stored.startswith(HARMONISED_PREFIX) and len(stored) == 6:
        return f"{stored[:3]} {stored[3:]}"  # 116 123, as the helplines write it
    return stored


def tel_href(stored):
    """A ``tel:`` link that dials the stored number from any phone: E.164 for full numbers."""
    if stored.startswith("0"):
        return "tel:" + phonenumbers.format_number(phonenumbers.parse(stored, REGION), PhoneNumberFormat.E164)
    return "tel:" + stored
