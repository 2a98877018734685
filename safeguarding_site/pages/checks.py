"""System checks for a site going live (registered in apps.py, run by `check --deploy`)."""

from django.conf import settings
from django.core.checks import Warning

from . import organisation


def organisation_details(app_configs, **kwargs):
    """Warn while the contact page, footer and statements would show an example organisation.

    With DEBUG off only: a developer's machine may keep the examples.
    """
    if settings.DEBUG:
        return []
    warnings = []
    unset = organisation.placeholders_in_use()
    if unset:
        warnings.append(
            Warning(
                "Who runs this site is still the example: the contact page, the footer, the accessibility "
                "statement and the privacy notice show made-up contact details.",
                hint=f"Set {', '.join(unset)} (README, “Configuration”).",
                id="pages.W001",
            )
        )
    for variable, problem in organisation.problems():
        warnings.append(Warning(f"{variable}: {problem}", hint=f"Correct {variable}.", id="pages.W002"))
    return warnings
