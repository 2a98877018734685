"""Who runs this site, and how to reach them (issue 16, finding 5).

No page said who runs the site or how to reach them; the accessibility statement
lacked what the Public Sector Bodies Accessibility Regulations 2018 require; the
privacy notice named no controller. The organisation's details are settings
(pages/organisation.py), shown on a contact page linked from every footer, in the
statement and in the notice; `check --deploy` warns while they are the examples.
"""

import io

import pytest
from cms.models import PageContent
from django.core.checks import run_checks
from django.core.management import call_command
from django.test import override_settings

from content import corrections
from content.loader import Loader, read_pages
from safeguarding_site.pages import organisation
from tests.helpers import make_user, published_paths, signed_in_client, soup, text_of

REAL = {
    "ORGANISATION_NAME": "Northshire Safeguarding Children Partnership",
    "ORGANISATION_EMAIL": "website@northshire-scp.org.uk",
    "ORGANISATION_PHONE": "0113 496 0000",
    "ORGANISATION_ADDRESS": "County Hall, Market Street, Northtown, NT1 1AA",
}


def section(page, heading):
    """The text from an <h2> up to the next <h2>, with the links in it."""
    h2 = next((h for h in page.find_all("h2") if text_of(h) == heading), None)
    assert h2 is not None, f"no section “{heading}”: {[text_of(h) for h in page.find_all('h2')]}"
    parts, links = [], []
    for sibling in h2.find_next_siblings():
        if sibling.name == "h2":
            break
        parts.append(text_of(sibling))
        links += [a["href"] for a in sibling.find_all("a", href=True)]
    return " ".join(parts), links


# The contact page and the footer -----------------------------------------------


def test_the_contact_page_is_linked_from_the_footer_of_every_page(client, site_content):
    paths = published_paths(client)
    assert "/contact/" in paths
    for path in [*paths, "/no-such-page/", "/get-help/no-such-service/"]:
        footer = soup(client.get(path)).find("footer")
        links = {text_of(a): a["href"] for a in footer.find_all("a")}
        assert links.get("Contact us") == "/contact/", path


@override_settings(**REAL)
def test_the_contact_page_footer_and_statements_show_who_runs_the_site(client, site_content):
    contact = soup(client.get("/contact/"))
    assert text_of(contact.find("h1")) == "Contact us"
    details = contact.find("dl", class_="contact-details")
    text = text_of(details)
    assert REAL["ORGANISATION_NAME"] in text
    assert details.find("a", href="mailto:website@northshire-scp.org.uk")
    assert text_of(details.find("a", href="tel:+441134960000")) == "0113 496 0000"
    assert [line.strip() for line in details.find("dt", string="Post").find_next("dd").strings] == [
        "County Hall",
        "Market Street",
        "Northtown",
        "NT1 1AA",
    ]
    # A parent in danger is not left waiting for an email reply.
    assert "If a child is in danger now, call 999 . Do not wait for a reply" in text_of(contact.find("main"))
    assert contact.find("main").find("a", href="tel:999")
    for path in ["/", "/guide/", "/accessibility/", "/privacy/", "/no-such-page/"]:
        assert f"This website is run by {REAL['ORGANISATION_NAME']}." in text_of(soup(client.get(path)).find("footer"))
    for path in ["/accessibility/", "/privacy/"]:
        main = soup(client.get(path)).find("main")
        assert main.find("a", href="mailto:website@northshire-scp.org.uk"), path
        assert REAL["ORGANISATION_NAME"] in text_of(main), path


def test_until_set_the_pages_show_an_example_that_reaches_nobody(client, site_content):
    details = soup(client.get("/contact/")).find("dl", class_="contact-details")
    assert "Example Safeguarding Children Partnership" in text_of(details)
    assert details.find("a", href="mailto:contact@example.org")
    assert details.find("a", href="tel:+442079460000")  # Ofcom keeps 020 7946 0xxx for drama


@override_settings(**REAL, ORGANISATION_DPO_EMAIL="dpo@northshire.gov.uk")
def test_the_data_protection_officer_is_shown_when_set(client, site_content):
    notice = soup(client.get("/privacy/")).find("dl", class_="contact-details")
    assert notice.find("dt", string="Data protection officer")
    assert notice.find("a", href="mailto:dpo@northshire.gov.uk")


def test_a_running_site_gets_the_contact_page_and_keeps_its_statements(empty_database):
    specs = read_pages()
    Loader().run(specs=[spec for spec in specs if spec.key != "contact"])
    statement = PageContent.objects.get(page__reverse_id="accessibility-statement")
    out = io.StringIO()
    call_command("load_content", stdout=out)
    assert "created page 'contact'" in out.getvalue()
    assert "skipped page 'accessibility-statement'" in out.getvalue()
    assert PageContent.objects.get(page__reverse_id="accessibility-statement").pk == statement.pk


# The statements ------------------------------------------------------------------


def test_the_accessibility_statement_has_every_section_the_regulations_ask_for(client, site_content):
    page = soup(client.get("/accessibility/"))
    compliance, _ = section(page, "Compliance status")
    assert "Web Content Accessibility Guidelines (WCAG) 2.2, at level AA" in compliance
    assert "cannot yet say that it fully meets the standard" in compliance
    not_accessible, _ = section(page, "Content that is not accessible")
    assert "another way" in not_accessible  # the alternative
    report, links = section(page, "Reporting a problem with this website")
    assert "/contact/" in links
    enforcement, links = section(page, "Enforcement procedure")
    assert "Equality and Human Rights Commission (EHRC)" in enforcement
    assert "https://www.equalityadvisoryservice.com/" in links
    assert "Equality Commission for Northern Ireland (ECNI)" in enforcement
    assert "https://www.legislation.gov.uk/uksi/2018/952/part/5" in links
    tested, _ = section(page, "How we tested this website")
    assert "axe-core" in tested
    assert "WCAG 2.0, 2.1 and 2.2" in tested
    written, _ = section(page, "When we wrote this statement")
    assert "30 November 2026" in written
    assert "Page last reviewed" in written
    assert "Page last reviewed:" in text_of(page.find("footer"))  # the date it points to is there


def test_the_privacy_notice_names_the_controller_and_peoples_rights(client, site_content):
    page = soup(client.get("/privacy/"))
    assert "Page last reviewed: 30 November 2026" in text_of(page.find("footer"))  # written and checked then
    who, _ = section(page, "Who we are")
    assert "data controller" in who
    assert "Example Safeguarding Children Partnership" in who  # the settings' name, in the notice itself
    assert "contact@example.org" in who
    for heading in ["Why we use this information", "Who gets this information", "How long we keep it"]:
        assert section(page, heading)[0], heading
    basis, _ = section(page, "Our lawful basis")
    assert "public task" in basis
    rights, _ = section(page, "Your rights")
    for right in ["ask for a copy", "correct", "delete", "limit how we use it", "object"]:
        assert right in rights, right
    complain, links = section(page, "How to complain")
    assert "Information Commissioner’s Office (ICO)" in complain
    assert "tel:+443031231113" in links
    assert "https://ico.org.uk/make-a-complaint/data-protection-complaints" in links
    # Consistent with what the site records: nothing that identifies a visitor.
    visitors, _ = section(page, "If you visit this website")
    assert "does not record your IP address" in visitors
    assert "We do not put cookies on your device" in visitors


# Running sites: statements loaded before this are reported ------------------------

OLD_STATEMENT = (
    "<p>We want as many people as possible to be able to use this website.</p>"
    "<h2>How we test this website</h2><p>Automated tests open every page. If you find a problem, please tell "
    "the safeguarding partnership that runs this website.</p>"
)
OLD_NOTICE = "<p>This website is built so that visiting it leaves as little trace as possible.</p>"


def as_loaded_before(key, html):
    """The published page as a site loaded before the correction has it: one text, no contact details."""
    content = PageContent.objects.get(page__reverse_id=key)
    placeholder = content.get_placeholders().get(slot="content")
    plugins = list(placeholder.get_plugins())
    text = next(plugin.get_bound_plugin() for plugin in plugins if plugin.plugin_type == "TextPlugin")
    text.body = html
    text.save()
    for plugin in plugins:
        if plugin.pk != text.pk:
            plugin.delete()


def test_statements_loaded_before_are_reported_for_a_publisher_to_correct(site_content):
    assert corrections.pages_missing_parts() == []  # the starting text has every part
    as_loaded_before("accessibility-statement", OLD_STATEMENT)
    as_loaded_before("privacy-notice", OLD_NOTICE)
    out = io.StringIO()
    call_command("load_content", stdout=out)
    output = out.getvalue()
    assert "“Accessibility statement”, its text: add what the law asks for and it lacks: whether" in output
    assert "the enforcement procedure in Northern Ireland" in output
    assert "how the website was tested" not in output  # it had that
    assert "“Privacy notice”, its text" in output
    assert "the lawful basis" in output
    page = soup(signed_in_client(make_user("Editor")).get("/admin/dashboard/"))
    items = [item.get_text() for item in page.find("div", class_="dashboard-corrections").find_all("li")]
    assert any(item.startswith("Accessibility statement, its text: add what the law") for item in items), items
    links = {a["href"] for a in page.find("div", class_="dashboard-corrections").find_all("a")}
    assert {"/accessibility/", "/privacy/"} <= links
    # A Publisher puts the parts back (here: the starting text): the report goes.
    as_loaded_before("accessibility-statement", "<p>Compliance status. Content that is not accessible.</p>")
    reports = {report.entry: report.advice for report in corrections.pages_missing_parts()}
    assert "Accessibility statement" in reports
    assert "compliance status" not in reports["Accessibility statement"]


# The deployment check ----------------------------------------------------------------


def organisation_warnings():
    # Only this check's tag: the URL checks would load django CMS's URLs, which read the database.
    messages = run_checks(include_deployment_checks=True, tags=["organisation"])
    return [message for message in messages if message.id.startswith("pages.W")]


@override_settings(DEBUG=False)
def test_check_deploy_warns_while_the_details_are_the_examples():
    warnings = organisation_warnings()
    assert [warning.id for warning in warnings] == ["pages.W001"]
    for variable in organisation.placeholders_in_use():
        assert variable in warnings[0].hint
    assert "DJANGO_ORGANISATION_NAME" in warnings[0].hint


@override_settings(DEBUG=False, **{**REAL, "ORGANISATION_PHONE": ""})
def test_check_deploy_names_each_detail_still_unset():
    warnings = organisation_warnings()
    assert [warning.id for warning in warnings] == ["pages.W001"]
    assert "DJANGO_ORGANISATION_PHONE" in warnings[0].hint
    assert "DJANGO_ORGANISATION_NAME" not in warnings[0].hint


@override_settings(DEBUG=False, **REAL)
def test_check_deploy_is_quiet_with_real_details():
    assert organisation_warnings() == []


@override_settings(DEBUG=False, **{**REAL, "ORGANISATION_EMAIL": "contact@example.org"})
def test_the_example_itself_counts_as_unset():
    assert "DJANGO_ORGANISATION_EMAIL" in organisation_warnings()[0].hint


@override_settings(DEBUG=True)
def test_a_developers_machine_may_keep_the_examples():
    assert organisation_warnings() == []


@pytest.mark.parametrize(
    ("setting", "value", "variable"),
    [
        ("ORGANISATION_PHONE", "0113 496 000", "DJANGO_ORGANISATION_PHONE"),  # a digit short
        ("ORGANISATION_PHONE", "0906 123 4567", "DJANGO_ORGANISATION_PHONE"),  # costs callers extra
        ("ORGANISATION_EMAIL", "website at northshire", "DJANGO_ORGANISATION_EMAIL"),
        ("ORGANISATION_DPO_EMAIL", "dpo@", "DJANGO_ORGANISATION_DPO_EMAIL"),
    ],
)
def test_check_deploy_says_which_detail_cannot_be_used(setting, value, variable):
    with override_settings(DEBUG=False, **{**REAL, setting: value}):
        warnings = organisation_warnings()
    assert [warning.id for warning in warnings] == ["pages.W002"]
    assert warnings[0].msg.startswith(f"{variable}: ")


@override_settings(**{**REAL, "ORGANISATION_PHONE": "0113 496 000"})
def test_a_number_that_is_not_a_uk_number_is_shown_without_a_call_link():
    details = organisation.current()
    assert (details.phone, details.phone_href) == ("0113 496 000", "")
