"""Where the external links are: published pages' plugins, situations' steps, services' web addresses."""

from collections import defaultdict
from html.parser import HTMLParser
from urllib.parse import urlsplit

from cms.models import CMSPlugin, Page, PageContent, PageUrl
from cms.plugin_pool import plugin_pool
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.urls import reverse

from safeguarding_site.directory.models import (
    ContactMethod,
    Service,
    ServiceCardPluginModel,
    SituationServicesPluginModel,
)
from safeguarding_site.guidance.models import GuideStep

from .checker import WEB_SCHEMES

MAX_LINKS = 5000  # a bound on one run; the starting content has about 40


class LinksOfHTML(HTMLParser):
    """The addresses of an HTML fragment's links (``<a href>``), as written."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.hrefs = []

    def handle_starttag(self, tag, attrs):
        if tag == "a":
            href = dict(attrs).get("href")
            if href:
                self.hrefs.append(href.strip())

    @classmethod
    def read(cls, markup):
        parser = cls()
        parser.feed(markup or "")
        parser.close()
        return parser.hrefs


def is_external(url):
    """Only web addresses on other sites are checked: not tel:, mailto:, sms:, nor the site's own paths."""
    parts = urlsplit(url)
    return parts.scheme.lower() in WEB_SCHEMES and bool(parts.hostname)


class Uses:
    """{url: [where it is used]}; each use is {kind, title, url}, once."""

    def __init__(self):
        self.by_url = defaultdict(list)

    def add(self, href, kind, title, where):
        if not is_external(href):
            return
        use = {"kind": kind, "title": title, "url": where}
        if use not in self.by_url[href]:
            self.by_url[href].append(use)

    def add_html(self, markup, kind, title, where):
        for href in LinksOfHTML.read(markup):
            self.add(href, kind, title, where)

    def add_service(self, service, kind=None, title=None, where=None):
        """A service's web addresses, used by the service itself, or (with ``kind``...) by a page showing it."""
        kind = kind or "Service"
        title = title or service.name
        where = where or reverse("admin:directory_service_change", args=[service.pk])
        self.add(service.source_url, kind, title, where)
        for method in service.contact_methods.all():
            if method.kind in ContactMethod.LINK_KINDS:
                self.add(method.value, kind, title, where)


def link_fields(model):
    """(name, holds one address) for each field of a plugin model that can hold a link: HTML text or an address."""
    return [
        (field.name, isinstance(field, models.URLField))
        for field in model._meta.get_fields()
        if isinstance(field, models.TextField | models.URLField)
    ]


def published_contents(pages=None):
    contents = PageContent.objects.filter(language=settings.LANGUAGE_CODE, page__site_id=settings.SITE_ID)
    if pages is not None:
        contents = contents.filter(page__in=pages)
    return contents.select_related("page")


def add_pages(uses, pages=None):
    """The links in published page versions' plugins, and the web addresses of the services they show."""
    contents = {content.pk: content for content in published_contents(pages)}
    rows = CMSPlugin.objects.filter(
        placeholder__content_type=ContentType.objects.get_for_model(PageContent),
        placeholder__object_id__in=list(contents),
        language=settings.LANGUAGE_CODE,
    ).values_list("pk", "plugin_type", "placeholder__object_id")
    by_type = defaultdict(dict)
    for pk, plugin_type, content_pk in rows:
        by_type[plugin_type][pk] = contents[content_pk]
    for plugin_type, placed in by_type.items():
        try:
            model = plugin_pool.get_plugin(plugin_type).model
        except KeyError:  # a plugin type no longer installed
            continue
        for plugin in model.objects.filter(pk__in=list(placed)):
            content = placed[plugin.pk]
            page = ("Page", content.title, content.page.get_absolute_url(settings.LANGUAGE_CODE))
            if isinstance(plugin, ServiceCardPluginModel):
                uses.add_service(plugin.service, *page)
            elif isinstance(plugin, SituationServicesPluginModel):
                for service in plugin.situation.services.prefetch_related("contact_methods"):
                    uses.add_service(service, *page)
            for field, one_address in link_fields(model):
                value = getattr(plugin, field) or ""
                if one_address:
                    uses.add(value.strip(), *page)
                else:
                    uses.add_html(value, *page)


def add_steps(uses):
    for step in GuideStep.objects.select_related("situation"):
        where = reverse("admin:directory_situation_change", args=[step.situation_id])
        uses.add_html(step.body, "What should I do?", step.situation.title, where)


def add_services(uses):
    for service in Service.objects.prefetch_related("contact_methods"):
        uses.add_service(service)


def all_links():
    """{url: uses} for everything visitors can see."""
    uses = Uses()
    add_pages(uses)
    add_steps(uses)
    add_services(uses)
    return dict(uses.by_url)


def page_links(page):
    """{url: uses} for one page: its plugins, and the steps or services its application shows."""
    uses = Uses()
    add_pages(uses, [page])
    if page.application_urls == "WhatShouldIDoApphook":
        add_steps(uses)
    elif page.application_urls == "DirectoryApphook":
        add_services(uses)
    return dict(uses.by_url)


def find_page(identifier):
    """The page with this reverse_id (its id in the advanced settings) or web address path, or None."""
    identifier = (identifier or "").strip()
    pages = Page.objects.filter(site_id=settings.SITE_ID)
    page = pages.filter(reverse_id=identifier).first()
    if page is None:
        path = urlsplit(identifier).path.strip("/")
        url = PageUrl.objects.filter(page__site_id=settings.SITE_ID, path=path, language=settings.LANGUAGE_CODE)
        page = pages.filter(pk__in=url.values("page_id")).first()
    return page


def published_pages():
    """(page, title) of every published page, in the page tree's order."""
    return [(content.page, content.title) for content in published_contents().order_by("page__path")]
