"""The starting content's review dates come from content/, not the day it was loaded (issue 16, finding 8).

A fresh install stamped every page "Page last reviewed: <today>", the 404 page
included: a review nobody did. Each page's date is now the day its facts were
last checked against their sources (its front matter's ``reviewed``, else
content/reviewed.toml's), and error pages carry none.
"""

import datetime
import io
from unittest import mock

import pytest
from bs4 import BeautifulSoup
from cms.models import Page
from cms.signals.apphook import DISPATCH_UID as CMS_RESTART
from cms.utils.apphook_reload import reload_urlconf
from django.core.management import call_command
from django.core.signals import request_finished
from django.template.loader import render_to_string
from django.test import RequestFactory

from content.loader import ContentError, PageSpec, parse_page, read_pages, read_reviewed
from safeguarding_site.editors.models import ReviewDates, add_months
from tests.helpers import published_paths, soup, text_of

LOAD_DAY = datetime.date(2031, 5, 5)  # "today" while loading: years after anyone checked the content


@pytest.fixture
def loaded_later(db):
    """The starting content loaded on LOAD_DAY, as a site installed then would get it."""
    with mock.patch("django.utils.timezone.localdate", return_value=LOAD_DAY):
        call_command("load_content", stdout=io.StringIO())
    request_finished.disconnect(dispatch_uid=CMS_RESTART)
    reload_urlconf()


def expected_dates():
    """reverse_id -> the date content/ gives it."""
    default = read_reviewed()
    return {spec.key: spec.reviewed or default for spec in read_pages()}


def test_each_page_shows_the_date_its_facts_were_checked_not_the_day_it_was_loaded(client, loaded_later):
    expected = expected_dates()
    assert read_reviewed() == datetime.date(2026, 11, 24)
    for key, reviewed in expected.items():
        review = ReviewDates.objects.get(extended_object__reverse_id=key)
        assert (review.last_reviewed, review.next_review_due) == (reviewed, add_months(reviewed, 12)), key
    for path in published_paths(client):
        footer = text_of(soup(client.get(path)).find("footer"))
        assert LOAD_DAY.strftime("%-d %B %Y") not in footer, path
        assert "Page last reviewed:" in footer, path
    for path, key in [("/", "home"), ("/privacy/", "privacy-notice")]:
        footer = text_of(soup(client.get(path)).find("footer"))
        assert f"Page last reviewed: {expected[key]:%-d %B %Y}" in footer, path
        assert f"Next review due: {add_months(expected[key], 12):%-d %B %Y}" in footer, path


@pytest.mark.parametrize("path", ["/no-such-page/", "/get-help/no-such-service/", "/what-should-i-do/no-such-thing/"])
def test_a_page_not_found_carries_no_review_dates(client, site_content, path):
    response = client.get(path)
    assert response.status_code == 404
    footer = text_of(soup(response).find("footer"))
    assert "reviewed" not in footer.lower()
    assert "review due" not in footer.lower()
    assert "Accessibility statement" in footer  # the rest of the footer is there


@pytest.mark.parametrize("template", ["403.html", "404.html"])
def test_error_pages_under_a_page_with_review_dates_show_none(site_content, template):
    """403 and 404 share error_base.html; rendered under a CMS page, the footer would show that page's dates."""
    request = RequestFactory().get("/get-help/anything/")
    request.current_page = Page.objects.get(reverse_id="get-help")
    request.user = mock.Mock(is_authenticated=False)
    page = soup_of(render_to_string(template, request=request))
    assert "reviewed" not in text_of(page.find("footer")).lower()
    request.is_error_page = False  # the same page rendered as a page does show them (the test can fail)
    assert "Page last reviewed" in text_of(soup_of(render_to_string("pages/content.html", request=request)))


def soup_of(html):
    return BeautifulSoup(html, "html.parser")


def test_a_review_date_must_be_a_date_and_not_one_still_to_come(tmp_path):
    page = tmp_path / "50-page.md"
    front = '+++\nkey = "p"\ntitle = "P"\ntemplate = "pages/content.html"\nreviewed = {}\n+++\n\nText.\n'
    for value, message in [
        ('"soon"', "'reviewed' must be a date such as 2026-11-30"),
        ("2026-11-30T10:00:00", "'reviewed' must be a date"),
        ("2999-01-01", "a day still to come"),
    ]:
        page.write_text(front.format(value))
        with pytest.raises(ContentError, match=message):
            parse_page(page)
    page.write_text(front.format("2026-01-02"))
    assert parse_page(page).reviewed == datetime.date(2026, 1, 2)
    assert PageSpec(key="q", title="Q", template="pages/content.html", source=page).reviewed is None
