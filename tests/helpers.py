"""Small helpers for reading pages in tests."""

import html
import re
from urllib.parse import urlsplit

from bs4 import BeautifulSoup
from cms.utils import apphook_reload
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.test import Client
from django.urls import get_resolver


def soup(response):
    return BeautifulSoup(response.content, "lxml")


def text_of(node):
    """Visible text with whitespace collapsed, for comparing prose."""
    return normalise(node.get_text(" "))


def normalise(text):
    return re.sub(r"\s+", " ", text).strip()


def published_paths(client):
    """Every page the sitemap lists, as paths on this site."""
    response = client.get("/sitemap.xml")
    assert response.status_code == 200
    locations = re.findall(r"<loc>([^<]+)</loc>", response.content.decode())
    return [urlsplit(location).path for location in locations]


def form_values(form):
    """What a browser would submit for ``form`` (a BeautifulSoup tag) as it stands: {name: value or [values]}."""
    data = {}

    def add(name, value):
        if name in data:
            data[name] = [*(data[name] if isinstance(data[name], list) else [data[name]]), value]
        else:
            data[name] = value

    for field in form.find_all(["input", "select", "textarea"]):
        name = field.get("name")
        if not name or field.has_attr("disabled"):
            continue
        if field.name == "textarea":
            # A browser reads a textarea's content as text (tags and all: the rich-text
            # widget writes its HTML there unescaped) and drops one newline after the tag.
            add(name, html.unescape(field.decode_contents()).removeprefix("\n"))
        elif field.name == "select":
            for option in field.find_all("option", selected=True):
                add(name, option.get("value", option.text))
        elif field.get("type") in ("checkbox", "radio"):
            if field.has_attr("checked"):
                add(name, field.get("value", "on"))
        elif field.get("type") not in ("submit", "button", "image", "file", "reset"):
            add(name, field.get("value", ""))
    return data


def admin_form(client, url):
    """What a browser would submit from the admin's add or change form at ``url``, as it stands."""
    response = client.get(url)
    assert response.status_code == 200, url
    return form_values(soup(response).find("form", id=lambda value: value and value.endswith("_form")))


def make_user(role, email=None):
    """A staff account in the Editor or Publisher group (roles.py), as createeditor makes."""
    email = email or f"{role.lower()}@example.org"
    user = get_user_model().objects.create_user(email, email, "a-long-test-password-123", is_staff=True)
    user.groups.add(Group.objects.get(name=role))
    return get_user_model().objects.get(pk=user.pk)  # fresh permission cache


def signed_in_client(user):
    client = Client()
    client.force_login(user)
    return client


def signed_in(role, email=None):
    """A client signed in as a new Editor or Publisher."""
    return signed_in_client(make_user(role, email))


def with_new_contact_method(data, label, value, kind="phone"):
    """A service's admin form data (form_values) with one more contact method filled in."""
    total = int(data["contact_methods-TOTAL_FORMS"])
    return data | {
        "contact_methods-TOTAL_FORMS": str(total + 1),
        f"contact_methods-{total}-kind": kind,
        f"contact_methods-{total}-label": label,
        f"contact_methods-{total}-value": value,
        f"contact_methods-{total}-position": "9",
    }


def publish_anyway(client, response):
    """Press "Publish anyway" when publishing asked because the content checks found something (editors/checks.py)."""
    form = soup(response).select_one("form.checks-confirm") if response.status_code == 200 else None
    return response if form is None else client.post(form["action"], form_values(form))


def mirror_storages(root):
    """settings.STORAGES with the mirror's storage in the folder ``root`` (in tests it is off unless asked for)."""
    return {
        **settings.STORAGES,
        "mirror": {"BACKEND": "django.core.files.storage.FileSystemStorage", "OPTIONS": {"location": str(root)}},
    }


URLS_CHECKED = {}


def urls_as_the_content_makes_them():
    """django CMS's URLs as the database's apphooks make them (the directory's), reloaded only when they may differ.

    A running site picks them up through django CMS's ApphookReloadMiddleware, which
    reloads when the database's URL revision is not the process's. In tests that is
    not enough: this process resolved URLs before the apphooks existed (the middleware
    then only takes the revision), and a test before this one may have reloaded them
    itself or changed them and rolled back. Reloading before every test cost ~20 s of
    each test run (the URL resolver rebuilt each time, the admin's patterns included).
    """
    revision = apphook_reload.get_global_revision()
    if URLS_CHECKED.get("resolver") is not get_resolver() or apphook_reload.get_local_revision() != revision:
        apphook_reload.reload_urlconf(new_revision=revision)
        URLS_CHECKED["resolver"] = get_resolver()
