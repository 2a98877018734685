"""Who runs this site: the organisation's name and contact details, from settings.

They are the deployment's, like its domain: set once per site in the environment
(README, "Configuration"), read without a database query on every page, and
checked by `manage.py check --deploy` (checks.py). Until each is set, the pages
show an example that cannot reach anyone (an example.org address, an Ofcom
number kept for drama) and the check warns.
"""

from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import validate_email

from safeguarding_site.directory import phone

# setting -> (environment variable, what the pages show until it is set)
PLACEHOLDERS = {
    "ORGANISATION_NAME": ("DJANGO_ORGANISATION_NAME", "Example Safeguarding Children Partnership"),
    "ORGANISATION_EMAIL": ("DJANGO_ORGANISATION_EMAIL", "contact@example.org"),
    "ORGANISATION_PHONE": ("DJANGO_ORGANISATION_PHONE", "020 7946 0000"),
    "ORGANISATION_ADDRESS": ("DJANGO_ORGANISATION_ADDRESS", "Example House, 1 Example Street, Exampletown"),
}


@dataclass(frozen=True)
class Organisation:
    """What the contact page, the footer and the statements show."""

    name: str
    email: str
    phone: str  # as shown: "020 7946 0000"
    phone_href: str  # "tel:+442079460000", or "" if the setting is not a UK number
    address_lines: tuple
    dpo_email: str = ""


def value(setting):
    """The setting, or its placeholder while it is unset."""
    return getattr(settings, setting, "").strip() or PLACEHOLDERS[setting][1]


def current():
    number = value("ORGANISATION_PHONE")
    try:
        stored = phone.normalise(number)
    except ValidationError:
        shown, href = number, ""  # checks.py says what is wrong; the page still shows what was set
    else:
        shown, href = phone.display(stored), phone.tel_href(stored)
    return Organisation(
        name=value("ORGANISATION_NAME"),
        email=value("ORGANISATION_EMAIL"),
        phone=shown,
        phone_href=href,
        address_lines=tuple(line.strip() for line in value("ORGANISATION_ADDRESS").split(",") if line.strip()),
        dpo_email=getattr(settings, "ORGANISATION_DPO_EMAIL", "").strip(),
    )


def placeholders_in_use():
    """The environment variables still unset (or set to the example), in the order the README lists them."""
    return [variable for setting, (variable, example) in PLACEHOLDERS.items() if value(setting) == example]


def problems():
    """(environment variable, what is wrong) for each value that is set but unusable."""
    found = []
    for setting, variable in [("ORGANISATION_EMAIL", "DJANGO_ORGANISATION_EMAIL"),
                              ("ORGANISATION_DPO_EMAIL", "DJANGO_ORGANISATION_DPO_EMAIL")]:  # fmt: skip
        address = getattr(settings, setting, "").strip()
        if address:
            try:
                validate_email(address)
            except ValidationError:
                found.append((variable, f"{address!r} is not an email address."))
    number = getattr(settings, "ORGANISATION_PHONE", "").strip()
    if number:
        try:
            phone.normalise(number)
        except ValidationError as error:
            found.append(("DJANGO_ORGANISATION_PHONE", f"{number!r}: {' '.join(error.messages)}"))
    return found
