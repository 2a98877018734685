"""The signposting directory: models, validation, pages, plugins, admin, loader."""

import datetime
import io
import json

import pytest
from cms.api import add_plugin, create_page
from cms.models import PageContent
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.test import Client
from django.utils import timezone
from djangocms_versioning.models import Version

from safeguarding_site.directory.listing import situations_with_services
from safeguarding_site.directory.models import ContactMethod, Service, Situation, SituationService
from tests.helpers import soup, text_of


def make_service(**fields):
    defaults = {
        "name": "Test Helpline",
        "slug": "test-helpline",
        "who_for": "People testing.",
        "source_name": "example.org.uk",
        "source_url": "https://example.org.uk/",
        "last_checked": timezone.localdate(),
    }
    return Service(**{**defaults, **fields})


# Validation --------------------------------------------------------------


@pytest.mark.parametrize(
    ("kind", "value", "stored"),
    [
        ("phone", "0808 800 5000", "08088005000"),
        ("textphone", "18001 101", "18001101"),
        ("sms", "999", "999"),
        ("email", "Help@NSPCC.org.uk", "help@nspcc.org.uk"),
        ("web_form", "https://www.nspcc.org.uk/report", "https://www.nspcc.org.uk/report"),
        ("website", "https://www.childline.org.uk", "https://www.childline.org.uk"),
        ("in_person", "At a police station", "At a police station"),
    ],
)
def test_good_contact_values_are_stored_normalised(kind, value, stored):
    assert ContactMethod.clean_value(kind, value) == stored


@pytest.mark.parametrize(
    ("kind", "value", "message"),
    [
        ("phone", "12345", "Enter a UK phone number"),
        ("phone", "+1 202 555 0100", "Enter a UK phone number"),
        ("email", "not-an-email", "Enter an email address"),
        ("website", "http://www.example.org.uk", "starts with https://"),
        ("web_form", "javascript:alert(1)", "starts with https://"),
        ("website", "www.example.org.uk", "starts with https://"),
        ("in_person", "  ", "Say where to go"),
    ],
)
def test_bad_contact_values_are_refused_with_a_clear_message(kind, value, message):
    with pytest.raises(ValidationError) as error:
        ContactMethod.clean_value(kind, value)
    assert message in error.value.messages[0]


def test_service_source_must_be_https_and_slugs_unique(db):
    with pytest.raises(ValidationError) as error:
        make_service(source_url="http://example.org.uk/").full_clean()
    assert "source_url" in error.value.message_dict
    make_service().save()
    with pytest.raises(ValidationError) as error:
        make_service(name="Another").full_clean()
    assert "slug" in error.value.message_dict


# Pages -------------------------------------------------------------------


def test_directory_lists_every_situation_with_the_emergency_one_first(client, site_content):
    response = client.get("/get-help/")
    assert response.status_code == 200
    page = soup(response)
    assert len(page.find_all("h1")) == 1
    headings = [text_of(section.h2) for section in page.find_all("section", class_="situation")]
    assert headings[0] == "A child is in immediate danger"
    assert len(headings) == Situation.objects.count() >= 7
    first_card = page.find("section", class_="situation").find("article")
    assert first_card.find("a", href="tel:999")


def orm_order(situation):
    """A situation's service ids as the ORM reads them: emergency services first, then the editors' order."""
    links = SituationService.objects.filter(situation=situation).select_related("service")
    return [link.service_id for link in sorted(links, key=lambda link: (not link.service.is_emergency, link.position))]


def test_the_directory_shows_every_situation_services_and_numbers_as_the_orm_reads_them(
    site_content, django_assert_num_queries
):
    # Add what the starting content lacks: a situation with no services, ties in
    # position, and a service listed under two situations with a new contact method.
    Situation.objects.create(title="A new situation", slug="a-new-situation", position=0)
    shared = Service.objects.get(slug="nspcc-helpline")
    ContactMethod.objects.create(service=shared, kind="email", value="help@nspcc.org.uk", position=0)
    ContactMethod.objects.filter(service__slug="stop-it-now").delete()  # a service with no numbers
    with django_assert_num_queries(2):  # situations; their links with services and contact methods
        listed = situations_with_services()
    assert [situation.pk for situation in listed] == list(Situation.objects.values_list("pk", flat=True))
    for situation in listed:
        one = Situation.objects.get(pk=situation.pk).ordered_services  # the one-situation query
        assert [service.pk for service in situation.ordered_services] == orm_order(situation) == [s.pk for s in one]
        for service in [*situation.ordered_services, *one]:
            assert [m.pk for m in service.contact_list] == [m.pk for m in service.contact_methods.all()], service
            assert [m.value for m in service.contact_list] == [m.value for m in service.contact_methods.all()]
    assert next(s for s in listed if s.slug == "a-new-situation").ordered_services == []
    assert sum(shared.pk in [service.pk for service in s.ordered_services] for s in listed) >= 2
    numberless = [service for s in listed for service in s.ordered_services if service.slug == "stop-it-now"]
    assert numberless
    assert all(service.contact_list == [] for service in numberless)


def test_every_phone_number_on_the_directory_is_a_working_tel_link(client, site_content):
    page = soup(client.get("/get-help/"))
    numbers = page.find_all("a", class_="contact-method__number")
    assert numbers
    for link in numbers:
        href = link["href"]
        assert href.startswith(("tel:", "sms:")), href
        digits = "".join(ch for ch in text_of(link) if ch.isdigit())
        dialled = href.split(":", 1)[1].replace("+44", "0")
        assert dialled == digits, (href, text_of(link))
    for method in ContactMethod.objects.filter(kind__in=["phone", "textphone"]):
        assert page.find("a", href=method.href), method


def test_the_filter_narrows_the_list_without_javascript(client, site_content):
    page = soup(client.get("/get-help/"))
    form = page.find("form", class_="filter")
    assert form["method"] == "get"
    assert form.find("button", type="submit")
    select = form.find("select", attrs={"name": "situation"})
    assert page.find("label", attrs={"for": select["id"]})
    response = client.get("/get-help/", {"situation": "worried-about-own-thoughts"}, follow=True)
    assert response.redirect_chain == [("/get-help/for/worried-about-own-thoughts/", 301)]
    assert response.status_code == 200
    narrowed = soup(response)
    sections = narrowed.find_all("section", class_="situation")
    # The emergency comes first whatever is chosen (test_get_help_layout.py), then the chosen one.
    assert [text_of(s.h2) for s in sections] == [
        "A child is in immediate danger",
        "I am worried about my own or a relative’s sexual thoughts about children",
    ]
    assert [text_of(card.h3) for card in sections[1].find_all("article")] == ["Stop It Now! helpline"]
    chosen = narrowed.find("select").find("option", selected=True)
    assert chosen["value"] == "worried-about-own-thoughts"


def test_an_unknown_situation_in_the_filter_is_a_clear_400(client, site_content):
    response = client.get("/get-help/", {"situation": "no-such-thing"})
    assert response.status_code == 400
    page = soup(response)
    assert "We do not have that situation" in text_of(page.find(class_="error-summary"))
    assert len(page.find_all("h1")) == 1


def test_each_service_page_has_its_details_structured_data_and_check_date(client, site_content):
    for service in Service.objects.all():
        response = client.get(f"/get-help/{service.slug}/")
        assert response.status_code == 200, service.slug
        page = soup(response)
        assert len(page.find_all("h1")) == 1
        assert text_of(page.h1) == service.name
        checked = page.find(class_="service-checked")
        assert text_of(checked).startswith(f"Details last checked: {service.last_checked:%-d %B %Y}")
        data = json.loads(page.find("script", type="application/ld+json").string)
        assert data["@type"] == "Organization"
        assert data["name"] == service.name
        telephones = {point.get("telephone") for point in data.get("contactPoint", [])} - {None}
        expected = {
            method.href.removeprefix("tel:")
            for method in service.contact_methods.all()
            if method.kind != "sms" and method.is_phone
        }
        assert expected <= telephones, service.slug
        for method in service.contact_methods.filter(kind__in=["phone", "textphone"]):
            assert page.find("a", href=method.href)


def test_json_ld_names_the_right_numbers(client, site_content):
    data = json.loads(soup(client.get("/get-help/nspcc-helpline/")).find("script", type="application/ld+json").string)
    assert data["contactPoint"][0] == {"@type": "ContactPoint", "telephone": "+448088005000", "contactType": "Helpline"}
    police = json.loads(
        soup(client.get("/get-help/police-emergency/")).find("script", type="application/ld+json").string
    )
    assert police["contactPoint"][0]["telephone"] == "999"
    assert police["contactPoint"][0]["areaServed"] == ["GB-ENG", "GB-WLS", "GB-SCT", "GB-NIR"]


def test_json_ld_cannot_break_out_of_its_script_element(client, site_content):
    service = Service.objects.get(slug="crimestoppers")
    service.who_for = "</script><script>alert(1)</script>"
    service.save()
    body = client.get("/get-help/crimestoppers/").content.decode()
    assert "</script><script>alert(1)" not in body


def test_unknown_service_is_the_site_404(client, site_content):
    response = client.get("/get-help/no-such-service/")
    assert response.status_code == 404
    assert text_of(soup(response).h1) == "Page not found"


def test_service_page_breadcrumb_leads_back_to_the_directory(client, site_content):
    crumbs = soup(client.get("/get-help/childline/")).find("nav", attrs={"aria-label": "Breadcrumb"})
    assert [text_of(li) for li in crumbs.find_all("li")] == ["Home", "Get help", "Childline"]
    assert crumbs.find("a", href="/get-help/")


# Plugins -----------------------------------------------------------------


@pytest.fixture
def editor(db):
    return get_user_model().objects.create_superuser("editor", "editor@example.org", "a-long-test-password")


def publish_page_with(editor, plugin_type, **data):
    page = create_page("Plugin test", "pages/content.html", "en", slug="plugin-test", parent=None, created_by=editor)
    content = PageContent.admin_manager.get(page=page, language="en")
    add_plugin(content.get_placeholders().get(slot="content"), plugin_type, "en", **data)
    Version.objects.get_for_content(content).publish(editor)
    return page


def test_service_card_plugin_renders_in_a_cms_page(client, site_content, editor):
    service = Service.objects.get(slug="childline")
    publish_page_with(editor, "ServiceCardPluginPublisher", service=service, heading_level=2)
    page = soup(client.get("/plugin-test/"))
    card = page.find("main").find("article", class_="service-card")
    assert text_of(card.h2) == "Childline"
    assert card.find("a", href="tel:+448001111")
    assert card.find("a", href="/get-help/childline/")


def test_services_for_a_situation_plugin_renders_the_cards_in_order(client, site_content, editor):
    situation = Situation.objects.get(slug="found-images-online")
    publish_page_with(editor, "SituationServicesPluginPublisher", situation=situation, heading_level=4)
    cards = soup(client.get("/plugin-test/")).find("main").find_all("article", class_="service-card")
    assert [text_of(card.h4) for card in cards] == ["Internet Watch Foundation", "CEOP Safety Centre"]


# Editors -----------------------------------------------------------------


def test_admin_lists_entries_due_a_check_first_and_marks_them(site_content, editor):
    stale = Service.objects.get(slug="crimestoppers")
    stale.last_checked = timezone.localdate() - datetime.timedelta(days=200)
    stale.save()
    admin = Client()
    admin.force_login(editor)
    page = soup(admin.get("/admin/directory/service/"))
    rows = page.find("table", id="result_list").find("tbody").find_all("tr")
    assert "Crimestoppers" in text_of(rows[0])
    assert "Check due" in text_of(rows[0])
    assert "Checked recently" in text_of(rows[1])
    due = soup(admin.get("/admin/directory/service/?check=due")).find("table", id="result_list")
    assert len(due.find("tbody").find_all("tr")) == 1


def test_bad_admin_input_is_refused_and_changes_nothing(site_content, editor):
    admin = Client()
    admin.force_login(editor)
    service = Service.objects.get(slug="childline")
    method = service.contact_methods.get(kind="phone")
    form = {
        "name": service.name,
        "slug": service.slug,
        "who_for": service.who_for,
        "what_happens": "",
        "opening_hours": "",
        "cost_notes": "Changed",
        "anonymity_notes": "",
        "source_name": service.source_name,
        "source_url": service.source_url,
        "last_checked": "2026-11-24",
        "contact_methods-TOTAL_FORMS": "2",
        "contact_methods-INITIAL_FORMS": "2",
        "contact_methods-MIN_NUM_FORMS": "0",
        "contact_methods-MAX_NUM_FORMS": "1000",
    }
    for index, each in enumerate(service.contact_methods.all()):
        form |= {
            f"contact_methods-{index}-id": str(each.pk),
            f"contact_methods-{index}-service": str(service.pk),
            f"contact_methods-{index}-kind": each.kind,
            f"contact_methods-{index}-label": each.label,
            f"contact_methods-{index}-value": "0800 11" if each.pk == method.pk else each.value,
            f"contact_methods-{index}-position": str(each.position),
        }
    response = admin.post(f"/admin/directory/service/{service.pk}/change/", form)
    assert response.status_code == 200
    assert "Enter a UK phone number" in response.content.decode()
    service.refresh_from_db()
    method.refresh_from_db()
    assert service.cost_notes != "Changed"
    assert method.value == "08001111"


def test_directory_menu_in_the_cms_toolbar_for_editors(site_content, editor):
    admin = Client()
    admin.force_login(editor)
    body = admin.get("/guide/?toolbar_on").content.decode()
    assert "Directory" in body
    assert "/admin/directory/service/?check=due" in body


# Loader ------------------------------------------------------------------


def test_directory_loader_is_idempotent_and_keeps_editors_changes(site_content):
    nspcc = Service.objects.get(slug="nspcc-helpline")
    nspcc.opening_hours = "Edited by an editor"
    nspcc.save()
    Service.objects.get(slug="crimestoppers").delete()
    services, methods, situations = Service.objects.count(), ContactMethod.objects.count(), Situation.objects.count()
    out = io.StringIO()
    call_command("load_content", stdout=out)
    assert "created service" not in out.getvalue()
    assert "skipped service 'crimestoppers': loaded before, since deleted by an editor" in out.getvalue()
    assert (Service.objects.count(), ContactMethod.objects.count(), Situation.objects.count()) == (
        services,
        methods,
        situations,
    )
    assert Service.objects.get(slug="nspcc-helpline").opening_hours == "Edited by an editor"
