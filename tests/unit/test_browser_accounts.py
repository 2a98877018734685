"""The browser tests' editor accounts are always accepted: no chance in whether a journey can start."""

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.password_validation import validate_password

from tests.browser.test_editor_journey import ACCOUNT_PASSWORD, account_email

# No database or cache of the run's own: checked once, in the SQLite pass
# (the PostgreSQL pass, make test-postgres, leaves it out).
pytestmark = pytest.mark.same_on_every_database


@pytest.mark.parametrize("role", ["editor", "publisher"])
@pytest.mark.parametrize("number", [0, 7, 10**9, 10**19 - 1])
def test_the_journeys_password_passes_djangos_validators_for_every_account(role, number):
    email = account_email(role, number)
    user = get_user_model()(username=email, email=email)
    validate_password(ACCOUNT_PASSWORD, user)  # raises ValidationError if refused
