"""UK telephone numbers: validate, store normalised, show in the usual grouping.

Stored form: the digits a caller in the UK dials, with no spaces ("08088005000",
"999", "18001101"). Shown form: Ofcom's usual grouping ("0808 800 5000",
"020 7946 0000", "18001 101"), or the grouping a service publishes its number in
when that differs (``PUBLISHED_GROUPINGS``). Link form: ``tel:+448088005000`` for full numbers
(so it also works from a phone registered abroad), ``tel:999`` for short codes.
"""

import re

import phonenumbers
from django.core.exceptions import ValidationError

# Short codes a service in the directory may use. 999 and 112 are emergency;
# 101 is the police non-emergency number, 111 the NHS; 18000 reaches the
# emergency services by textphone (Relay UK); 116 xxx are harmonised helplines.
SHORT_CODES = {"999", "112", "101", "105", "111", "119", "18000"}
HARMONISED = re.compile(r"^116\d{3}$")
RELAY_PREFIX = "18001"  # Relay UK: textphone prefix before an ordinary number
_SEPARATORS = re.compile(r"[\s\-().]")
# Full numbers are checked against libphonenumber's metadata for +44, which knows
# each range and its length (0800 555 11 is one digit short; 0800 1111 is right).
# Numbers that cost callers extra (09, and 084/087 service numbers, which it counts
# as premium rate) or are personal numbers (070, forwarded anywhere) are refused.
_REFUSED_TYPES = {phonenumbers.PhoneNumberType.PREMIUM_RATE, phonenumbers.PhoneNumberType.PERSONAL_NUMBER}

# Numbers whose owners publish them in a grouping other than the usual one. A parent
# checking a number against the organisation's own leaflet or website must see
# it written the same way. The grouping is not kept from what the editor typed:
# numbers are stored as digits only (one number, one stored form, whatever the
# spacing), and keeping the typed spacing would change what is stored.
# tests/unit/test_phone.py checks each is the same digits with only spaces added.
PUBLISHED_GROUPINGS = {
    "08081000900": "0808 1000 900",  # Stop It Now! helpline, as on stopitnow.org.uk/helpline
}

INVALID_MESSAGE = (
    "Enter a UK phone number, such as 0808 800 5000 or 020 7946 0000, or a short code such as 999, 101 or 18001 101."
)
COSTLY_MESSAGE = (
    "This number cannot be listed: numbers starting 09, 084 or 087 cost callers extra, and 070 numbers are"
    " personal numbers that can be forwarded anywhere. Enter the service's ordinary or free number."
)


def _is_full_number(digits):
    """Whether ``digits`` (starting with 0) is a number in service in the UK's numbering plan, for the directory."""
    try:
        number = phonenumbers.parse(digits, "GB")
    except phonenumbers.NumberParseException:
        return False
    if number.country_code != 44 or not phonenumbers.is_valid_number(number):
        return False
    if phonenumbers.number_type(number) in _REFUSED_TYPES:
        raise ValidationError(COSTLY_MESSAGE, code="costly_or_personal")
    return True


def normalise(value):
    """Return the stored form of a UK number or short code, or raise ValidationError."""
    raw = (value or "").strip()
    digits = _SEPARATORS.sub("", raw)
    if digits.startswith("+44"):
        digits = "0" + digits[3:].removeprefix("0")
    elif digits.startswith("0044"):
        digits = "0" + digits[4:].removeprefix("0")
    if not digits.isdigit():
        raise ValidationError(INVALID_MESSAGE, code="invalid_phone")
    if digits in SHORT_CODES or HARMONISED.match(digits):
        return digits
    if digits.startswith("0") and _is_full_number(digits):
        return digits
    if digits.startswith(RELAY_PREFIX) and len(digits) > len(RELAY_PREFIX):
        rest = digits[len(RELAY_PREFIX) :]
        if rest in SHORT_CODES or (rest.startswith("0") and _is_full_number(rest)):
            return digits
    raise ValidationError(INVALID_MESSAGE, code="invalid_phone")


def _group_national(digits):
    if digits.startswith("02"):  # 020 7946 0000
        return f"{digits[:3]} {digits[3:7]} {digits[7:]}"
    if re.match(r"^01\d1|^011", digits) and len(digits) == 11:  # 0161 496 0000, 0113 496 0000
        return f"{digits[:4]} {digits[4:7]} {digits[7:]}"
    if digits.startswith("01"):  # 01632 960000, 016977 2222 is rare: keep 5-rest
        return f"{digits[:5]} {digits[5:]}"
    if len(digits) == 11:  # 0808 800 5000, 0300 123 4567, 07700 900000 is mobile style
        if digits.startswith("07"):
            return f"{digits[:5]} {digits[5:]}"
        return f"{digits[:4]} {digits[4:7]} {digits[7:]}"
    if len(digits) == 10:  # 0800 555 111
        return f"{digits[:4]} {digits[4:7]} {digits[7:]}"
    return f"{digits[:4]} {digits[4:]}"  # 0800 1111


def display(stored):
    """The stored form as its owner publishes it, else in the UK's usual grouping."""
    if stored in PUBLISHED_GROUPINGS:
        return PUBLISHED_GROUPINGS[stored]
    if stored.startswith("0"):
        return _group_national(stored)
    if stored.startswith(RELAY_PREFIX) and len(stored) > len(RELAY_PREFIX):
        return f"{RELAY_PREFIX} {display(stored[len(RELAY_PREFIX) :])}"
    if HARMONISED.match(stored):
        return f"{stored[:3]} {stored[3:]}"
    return stored


def tel_href(stored):
    """A ``tel:`` link that dials the stored number from any phone."""
    if stored.startswith("0"):
        return "tel:+44" + stored[1:]
    return "tel:" + stored
