"""The link checker (manage.py check_links), against HTTP(S) servers on 127.0.0.1 only: never the internet."""

import contextlib
import re
import shutil
import socket
import ssl
import subprocess
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from cms.api import add_plugin, create_page
from cms.models import Page, PageContent
from cms.toolbar.utils import get_object_preview_url
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse
from djangocms_text.models import Text
from djangocms_versioning.models import Version

from safeguarding_site.directory.models import ContactMethod, Service
from safeguarding_site.editors.roles import EDITOR, PUBLISHER
from safeguarding_site.guidance.models import GuideStep
from safeguarding_site.links import collect
from safeguarding_site.links.checker import Checker, error_in_words
from safeguarding_site.links.models import CheckedLink
from safeguarding_site.pages.models import UpdateNote
from tests.helpers import make_user, signed_in_client, soup, text_of


class Handler(BaseHTTPRequestHandler):
    """Answers by path; the server it belongs to counts requests at once and keeps what it was sent."""

    protocol_version = "HTTP/1.1"

    def log_message(self, *args):
        pass

    def answer(self, status, location=None, cookie=None):
        # No longer "at once" before the client can see the answer: counted after it,
        # a loaded machine could let the client's next request in first.
        self.done()
        self.send_response(status)
        if location:
            self.send_header("Location", location)
        if cookie:
            self.send_header("Set-Cookie", cookie)
        self.send_header("Content-Length", "2")
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(b"hi")

    def done(self):
        if self.counted:
            self.counted = False
            with self.server.lock:
                self.server.active -= 1
                self.server.shared["active"] -= 1

    def route(self):
        server = self.server
        self.counted = True
        with server.lock:
            server.seen.append((self.command, self.path, dict(self.headers)))
            server.active += 1
            server.peak = max(server.peak, server.active)
            server.shared["active"] += 1
            server.shared["peak"] = max(server.shared["peak"], server.shared["active"])
        try:
            path = self.path
            if path.startswith("/slow"):
                time.sleep(0.3)
            if "missing" in path:
                return self.answer(404)
            if "gone" in path:
                return self.answer(410)
            if path == "/chain-1":
                return self.answer(301, "/chain-2")
            if path == "/chain-2":
                return self.answer(301, f"http://127.0.0.1:{server.server_port}/ok")
            if path == "/moved-for-now":
                return self.answer(302, "/ok")
            if path == "/loop-a":
                return self.answer(302, "/loop-b")
            if path == "/loop-b":
                return self.answer(302, "/loop-a")
            if path == "/to-mail":
                return self.answer(302, "mailto:someone@example.org")
            if path == "/hang":
                time.sleep(2)
                return self.answer(200)
            if path == "/no-head" and self.command == "HEAD":
                return self.answer(405)
            if path == "/sets-cookie":
                return self.answer(302, "/wants-no-cookie", cookie="tracker=1; Path=/")
            if path == "/wants-no-cookie":
                return self.answer(400 if self.headers.get("Cookie") else 200)
            return self.answer(200)
        finally:
            self.done()

    do_GET = route
    do_HEAD = route


@contextlib.contextmanager
def local_server(shared=None, tls=None):
    """A threaded HTTP server on 127.0.0.1 (HTTPS with ``tls``, an ssl.SSLContext); yields its base address."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    server.lock = threading.Lock()
    server.seen, server.active, server.peak = [], 0, 0
    server.shared = shared if shared is not None else {"active": 0, "peak": 0}
    if tls is not None:
        server.socket = tls.wrap_socket(server.socket, server_side=True)
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    try:
        server.base = f"{'https' if tls else 'http'}://127.0.0.1:{server.server_port}"
        yield server
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture(autouse=True)
def no_proxy(monkeypatch):
    """The checker honours the environment's proxy settings: here every request must stay on this machine."""
    for name in ("http_proxy", "https_proxy", "all_proxy", "HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY"):
        monkeypatch.delenv(name, raising=False)


@pytest.fixture
def site():
    with local_server() as server:
        yield server


def check(urls, **options):
    return Checker(**{"timeout": 2, **options}).check_all(urls)


def test_a_working_page_is_ok(site):
    result = check([f"{site.base}/ok"])[f"{site.base}/ok"]
    assert (result.result, result.status_code, result.problem) == ("ok", 200, "")
    assert result.in_words == "Works"
    assert [method for method, _path, _headers in site.seen] == ["HEAD"]  # HEAD is enough


def test_a_chain_of_permanent_redirects_reports_where_it_ends_as_advice(site):
    result = check([f"{site.base}/chain-1"])[f"{site.base}/chain-1"]
    assert result.result == "redirected"
    assert result.final_url == f"{site.base}/ok"
    assert result.moved_for_good
    assert result.in_words == f"Works, but goes to {site.base}/ok. It has moved for good: use the new address."


def test_a_temporary_redirect_is_not_called_a_move(site):
    result = check([f"{site.base}/moved-for-now"])[f"{site.base}/moved-for-now"]
    assert (result.result, result.final_url, result.moved_for_good) == ("redirected", f"{site.base}/ok", False)


def test_a_redirect_loop_is_broken(site):
    result = check([f"{site.base}/loop-a"])[f"{site.base}/loop-a"]
    assert result.broken
    assert result.problem == "it sends visitors round in a loop"
    assert len(site.seen) == 2


def test_too_many_redirects_are_broken_and_bounded(site):
    with local_server() as far:
        # Each hop a new address: /chain-1 -> /chain-2 -> /ok is two hops, over a limit of one.
        result = check([f"{far.base}/chain-1"], max_redirects=1)[f"{far.base}/chain-1"]
        assert result.problem == "it sends visitors on more than 1 times"
        assert len(far.seen) == 2


def test_a_redirect_to_another_scheme_is_not_followed(site):
    result = check([f"{site.base}/to-mail"])[f"{site.base}/to-mail"]
    assert result.broken
    assert result.problem == "it sends visitors to a non-web address"


@pytest.mark.parametrize(
    ("path", "status", "words"),
    [("/missing", 404, "the page was not found (HTTP 404)"), ("/gone", 410, "the page has been taken down (HTTP 410)")],
)
def test_not_found_and_gone_are_broken_without_a_second_request(site, path, status, words):
    result = check([site.base + path])[site.base + path]
    assert (result.result, result.status_code, result.problem) == ("broken", status, words)
    assert result.in_words == f"Broken: {words}"
    assert [method for method, _path, _headers in site.seen] == ["HEAD"]


def test_a_server_that_does_not_answer_in_time(site):
    result = check([f"{site.base}/hang"], timeout=0.5)[f"{site.base}/hang"]
    assert result.broken
    assert result.problem == "did not answer within 0.5 seconds"


def test_a_server_refusing_head_is_asked_with_get(site):
    result = check([f"{site.base}/no-head"])[f"{site.base}/no-head"]
    assert result.result == "ok"
    assert [method for method, _path, _headers in site.seen] == ["HEAD", "GET"]


def test_a_plain_http_server_at_an_https_address_is_a_tls_error(site):
    url = site.base.replace("http://", "https://") + "/ok"
    result = check([url])[url]
    assert result.broken
    assert result.problem == "it could not make a secure (https) connection"


@pytest.mark.skipif(shutil.which("openssl") is None, reason="needs openssl to make a throwaway certificate")
def test_a_self_signed_certificate_is_not_valid(tmp_path):
    key, cert = tmp_path / "key.pem", tmp_path / "cert.pem"
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj", "/CN=127.0.0.1",
         "-keyout", str(key), "-out", str(cert)],
        check=True,
        capture_output=True,
        timeout=60,
    )  # fmt: skip
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(cert, key)
    with local_server(tls=context) as secure:
        url = f"{secure.base}/ok"
        result = check([url])[url]
    assert result.broken
    assert result.problem == "its security certificate is not valid"


def test_a_closed_port_is_refused():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    url = f"http://127.0.0.1:{port}/"
    assert check([url])[url].problem == "the site refused to connect"


def test_a_name_that_does_not_exist_is_said_plainly():
    # A lookup failure as the resolver reports it (no lookup is made here).
    assert error_in_words(socket.gaierror(-2, "Name or service not known"), 10) == "the address does not exist"


def test_at_most_two_requests_at_once_to_one_host_and_more_across_hosts():
    shared = {"active": 0, "peak": 0}
    with local_server(shared) as one, local_server(shared) as two:
        urls = [f"{server.base}/slow-{n}" for server in (one, two) for n in range(6)]
        results = check(urls, workers=8)
        assert len(results) == 12
        assert all(result.result == "ok" for result in results.values())
        assert one.peak == 2
        assert two.peak == 2
        assert shared["peak"] > 2  # the two hosts are checked at the same time


def test_no_more_requests_at_once_than_workers():
    shared = {"active": 0, "peak": 0}
    with local_server(shared) as one, local_server(shared) as two:
        check([f"{server.base}/slow-{n}" for server in (one, two) for n in range(3)], workers=1)
        assert shared["peak"] == 1


def test_the_checker_names_the_site_and_keeps_no_cookie(site):
    result = check([f"{site.base}/sets-cookie"])[f"{site.base}/sets-cookie"]
    assert result.result == "redirected"  # /wants-no-cookie answers 400 to a request with a cookie
    assert all(settings.SITE_NAME in headers["User-Agent"] for _method, _path, headers in site.seen)
    assert not any("Cookie" in headers for _method, _path, headers in site.seen)


def test_links_that_are_not_web_addresses_are_skipped():
    uses = collect.Uses()
    uses.add_html(
        '<a href="tel:999">999</a> <a href="mailto:a@example.org">email</a> <a href="/help/">help</a>'
        ' <a href="javascript:void(0)">x</a> <a href="https://www.nspcc.org.uk/">NSPCC</a>',
        "Page",
        "A page",
        "/a-page/",
    )
    assert list(uses.by_url) == ["https://www.nspcc.org.uk/"]


def test_the_time_limit_leaves_the_rest_unchecked(site):
    urls = [f"{site.base}/ok", f"{site.base}/hang", f"{site.base}/ok-too"]
    # /ok has 1.5 s (a busy machine can be slow); /hang answers after 2 s, so it is cut short.
    results = Checker(timeout=5, workers=1, max_seconds=1.5).check_all(urls)
    assert list(results) == [f"{site.base}/ok"]  # /hang was cut short, so it is not called broken
    assert [path for _method, path, _headers in site.seen] == ["/ok", "/hang"]


# The whole command, on the starting content with every link pointed at a local server.

EXTERNAL = re.compile(r"https?://(?!127\.0\.0\.1)([^/\"'\s<>]+)")


def localise(text, base):
    return EXTERNAL.sub(lambda match: f"{base}/{match.group(1)}", text)


def point_links_at(base):
    """Every external address in the content now goes to ``base``, keeping the rest of it in the path."""
    for model, fields in [(Text, ["body"]), (UpdateNote, ["body"]), (GuideStep, ["body"]), (Service, ["source_url"])]:
        for row in model.objects.all():
            for field in fields:
                setattr(row, field, localise(getattr(row, field), base))
            row.save(update_fields=fields)
    for method in ContactMethod.objects.filter(kind__in=ContactMethod.LINK_KINDS):
        method.value = localise(method.value, base)
        method.save(update_fields=["value"])


def publish_page_with_links(user, html, slug="links-test"):
    page = create_page("Links test", "pages/content.html", "en", slug=slug, created_by=user, reverse_id=slug)
    content = PageContent.admin_manager.get(page=page, language="en")
    add_plugin(content.get_placeholders().get(slot="content"), "TextPlugin", "en", body=html)
    Version.objects.get_for_content(content).publish(user)
    return page


@pytest.fixture
def publisher(site_content):
    return make_user(PUBLISHER)


def test_check_links_covers_pages_steps_and_services(site_content):
    links = collect.all_links()
    kinds = {use["kind"] for uses in links.values() for use in uses}
    assert kinds == {"Page", "What should I do?", "Service"}
    childline = Service.objects.get(slug="childline")
    assert any(use["title"] == childline.name for use in links[childline.source_url])
    assert not [url for url in links if not url.startswith(("http://", "https://"))]


def test_one_page_includes_what_its_application_shows(site_content):
    guidance_page = Page.objects.get(application_urls="WhatShouldIDoApphook")
    links = collect.all_links()
    step_links = {url for url, uses in links.items() if any(use["kind"] == "What should I do?" for use in uses)}
    assert step_links
    assert step_links <= set(collect.page_links(guidance_page))
    directory_page = Page.objects.get(application_urls="DirectoryApphook")
    service = Service.objects.get(slug="childline")
    assert service.source_url in collect.page_links(directory_page)


def test_check_links_records_every_link_and_fails_on_a_broken_one(site, publisher, capsys):
    point_links_at(site.base)
    publish_page_with_links(publisher, f'<p><a href="{site.base}/missing-page">Old</a> <a href="tel:999">999</a></p>')
    links = collect.all_links()
    assert links, "the starting content has external links"
    assert all(url.startswith(site.base) for url in links)  # nothing reaches the internet

    with pytest.raises(CommandError, match=r"^1 broken link\(s\)"):
        call_command("check_links", "--timeout", "2")

    output = capsys.readouterr().out
    assert f"{site.base}/missing-page" in output
    assert "Broken: the page was not found (HTTP 404)" in output
    assert "Page: Links test" in output
    assert CheckedLink.objects.count() == len(links)
    broken = CheckedLink.objects.get(result="broken")
    assert broken.url == f"{site.base}/missing-page"
    assert broken.consecutive_failures == 1
    assert broken.used_on == [{"kind": "Page", "title": "Links test", "url": "/links-test/"}]
    assert broken.checked_at is not None
    assert not CheckedLink.objects.filter(url__startswith="tel:").exists()

    # A second run counts the failures in a row; a link no longer used is forgotten.
    with pytest.raises(CommandError):
        call_command("check_links", "--timeout", "2")
    assert CheckedLink.objects.get(url=f"{site.base}/missing-page").consecutive_failures == 2
    Text.objects.filter(body__contains="/missing-page").update(body=f'<p><a href="{site.base}/ok">New</a></p>')
    childline = Service.objects.get(slug="childline")
    childline.source_url = f"{site.base}/missing-too"
    childline.save()
    with pytest.raises(CommandError, match=r"^1 broken link\(s\)"):
        call_command("check_links", "--timeout", "2")
    assert not CheckedLink.objects.filter(url=f"{site.base}/missing-page").exists()
    assert set(CheckedLink.objects.values_list("url", flat=True)) == set(collect.all_links())
    where = reverse("admin:directory_service_change", args=[childline.pk])
    used_on = CheckedLink.objects.get(url=f"{site.base}/missing-too").used_on
    assert used_on == [{"kind": "Service", "title": childline.name, "url": where}]


def test_check_links_for_one_page_passes_when_its_links_work(site, publisher, capsys):
    publish_page_with_links(publisher, f'<p><a href="{site.base}/chain-1">Help</a></p>')
    call_command("check_links", "--page", "links-test", "--timeout", "2")  # no CommandError: exit status 0
    output = capsys.readouterr().out
    assert f"Works, but goes to {site.base}/ok" in output
    assert "1 link(s) checked: 0 broken." in output
    assert [path for _method, path, _headers in site.seen] == ["/chain-1", "/chain-2", "/ok"]
    call_command("check_links", "--page", "/links-test/", "--timeout", "2")
    assert CheckedLink.objects.get().result == "redirected"


def test_check_links_says_when_there_is_no_such_page(site_content):
    with pytest.raises(CommandError, match="No page has the id or web address “nowhere”"):
        call_command("check_links", "--page", "nowhere")


def test_the_dashboard_lists_broken_links_with_where_they_are_used(site, publisher):
    page = publish_page_with_links(publisher, f'<p><a href="{site.base}/gone">Old leaflet</a></p>')
    signed_in_client(publisher).post(reverse("admin:links_check_page"), {"page": page.pk})

    editor = make_user(EDITOR)
    response = signed_in_client(editor).get(reverse("editors-dashboard"))
    assert response.status_code == 200
    table = soup(response).find("table", class_="dashboard-broken-links")
    row = text_of(table.find("tbody").find("tr"))
    assert f"{site.base}/gone" in row
    assert "The page has been taken down (HTTP 410)." in row
    assert "Page: Links test" in row
    assert table.find("a", string="Links test")["href"] == "/links-test/"
    # Only a Publisher is offered the check.
    assert not soup(response).find("a", href=reverse("admin:links_check_page"))
    response = signed_in_client(publisher).get(reverse("editors-dashboard"))
    assert soup(response).find("a", href=reverse("admin:links_check_page"))


def test_the_dashboard_says_when_no_link_is_broken(site_content):
    response = signed_in_client(make_user(PUBLISHER)).get(reverse("editors-dashboard"))
    assert "No broken links were found." in text_of(soup(response))


def test_an_editor_cannot_check_a_page(site, publisher):
    page = publish_page_with_links(publisher, f'<p><a href="{site.base}/ok">Help</a></p>')
    client = signed_in_client(make_user(EDITOR))
    assert client.get(reverse("admin:links_check_page")).status_code == 403
    assert client.post(reverse("admin:links_check_page"), {"page": page.pk}).status_code == 403
    assert site.seen == []
    assert not CheckedLink.objects.exists()


def test_a_publisher_checks_a_page_from_the_editor(site, publisher):
    page = publish_page_with_links(
        publisher, f'<p><a href="{site.base}/ok">Help</a> <a href="{site.base}/missing">Old</a></p>'
    )
    client = signed_in_client(publisher)
    form_page = soup(client.get(reverse("admin:links_check_page")))
    select = form_page.find("select", attrs={"name": "page"})
    options = {option.text: option["value"] for option in select.find_all("option")}
    assert options["Links test"] == str(page.pk)
    assert form_page.find("label", attrs={"for": "id_page"})

    response = client.post(reverse("admin:links_check_page"), {"page": page.pk})
    assert response.status_code == 200
    text = text_of(soup(response))
    assert "1 of 2 links is broken." in text
    assert "Broken: the page was not found (HTTP 404)" in text
    assert {link.url: link.result for link in CheckedLink.objects.all()} == {
        f"{site.base}/ok": "ok",
        f"{site.base}/missing": "broken",
    }


def test_a_publisher_gets_a_plain_message_for_a_page_not_in_the_list(publisher):
    response = signed_in_client(publisher).post(reverse("admin:links_check_page"), {"page": "999999"})
    assert response.status_code == 200
    assert "Choose a published page from the list." in text_of(soup(response))
    assert not CheckedLink.objects.exists()


def test_a_publisher_finds_the_check_in_the_page_menu_with_the_page_chosen(site, publisher):
    page = publish_page_with_links(publisher, f'<p><a href="{site.base}/ok">Help</a></p>')
    published = PageContent.objects.get(page=page, language="en")
    wanted = f"{reverse('admin:links_check_page')}?page={page.pk}"

    toolbar = soup(signed_in_client(publisher).get(get_object_preview_url(published)))
    [item] = [link for link in toolbar.select("#cms-top a") if text_of(link).startswith("Check this page’s links")]
    assert item["href"] == wanted
    form = soup(signed_in_client(publisher).get(wanted)).find("select", attrs={"name": "page"})
    assert form.find("option", selected=True)["value"] == str(page.pk)

    # An Editor is not offered it.
    toolbar = soup(signed_in_client(make_user(EDITOR)).get(get_object_preview_url(published)))
    assert not [link for link in toolbar.select("#cms-top a") if "links" in text_of(link)]
