"""The mirror: every public page as files, rebuilt on each publish, served without Django or its database."""

import gzip
import io
import json
import os
import subprocess
import sys
import threading
from pathlib import Path

import brotli
import pytest
from cms.models import Page, PageContent
from django.conf import settings
from django.core.cache import cache
from django.core.management import CommandError, call_command
from django.db import transaction
from django.test import Client, override_settings
from djangocms_versioning.constants import PUBLISHED
from djangocms_versioning.models import Version

from safeguarding_site.mirror import hooks
from safeguarding_site.mirror.build import NOT_FOUND_PATH, RENDERING, MirrorBuildError, Renderer, build, mirror_storage
from safeguarding_site.mirror.serve import MirrorApplication
from safeguarding_site.pages.models import EmergencyLine
from tests.helpers import (
    make_user,
    mirror_storages,
    publish_anyway,
    published_paths,
    signed_in,
    urls_as_the_content_makes_them,
)

HOST = settings.MIRROR_HOST
GUIDE_PART = "/guide/who-are-child-sex-offenders/"
OLD, NEW = "huge role to play", "vital role to play"
# Set by Django's response for the visitor, compared with the mirror's; the mirror adds ETag and
# computes Content-Length per coding, and every page it keeps says it varies on Accept-Encoding.
RECOMPUTED = {"content-length", "etag", "vary"}


def current_folder(root):
    return (root / "current").resolve()


def manifest(root):
    return json.loads((current_folder(root) / "headers.json").read_bytes())


def visitor():
    return Client(HTTP_HOST=HOST)


def comparable(headers):
    return {name.lower(): value for name, value in headers if name.lower() not in RECOMPUTED}


def environ(path="/", method="GET", **headers):
    return {
        "REQUEST_METHOD": method,
        "PATH_INFO": path,
        "QUERY_STRING": "",
        "SCRIPT_NAME": "",
        "SERVER_NAME": "127.0.0.1",
        "SERVER_PORT": "80",
        "SERVER_PROTOCOL": "HTTP/1.1",
        "HTTP_HOST": HOST,
        "wsgi.url_scheme": "http",
        "wsgi.input": None,
        **headers,
    }


class DjangoStandIn:
    """The application behind the mirror's layer: records what reached it."""

    def __init__(self):
        self.paths = []

    def __call__(environ_self, environ, start_response):  # noqa: N805 - reads better as a WSGI app
        environ_self.paths.append(environ["PATH_INFO"])
        start_response("200 OK", [("Content-Type", "text/plain"), ("X-From", "django")])
        return [b"from django"]


def call(application, env):
    answer = {}

    def start_response(status, headers):
        answer["status"], answer["headers"] = status, dict(headers)

    answer["body"] = b"".join(application(env, start_response))
    return answer


@pytest.fixture(scope="module")
def shared_build(tmp_path_factory, django_db_setup, django_db_blocker):
    """One build of the starting content for the tests here that only read it (a build renders every page: 1-2 s)."""
    root = tmp_path_factory.mktemp("mirror")
    # In a transaction rolled back, as a test's: rendering may add rows (django CMS makes a
    # template's missing placeholders), and they must neither stay nor start a build of their
    # own on commit (a build within this one would wait for its lock for ever).
    with django_db_blocker.unblock(), override_settings(STORAGES=mirror_storages(root)), transaction.atomic():
        if not Page.objects.exists():  # as site_content: a transactional test flushed the database
            call_command("load_content", stdout=io.StringIO())
        urls_as_the_content_makes_them()  # as site_content
        cache.clear()
        report = build()
        cache.clear()
        transaction.set_rollback(True)
    return root, report


@pytest.fixture
def built(shared_build, settings, site_content):
    """The shared build, as the mirror's storage for this test: read it, never change it."""
    root, report = shared_build
    settings.STORAGES = mirror_storages(root)
    return root, report


def test_every_sitemap_page_is_written_with_the_bytes_status_and_headers_django_sends(built):
    mirror_root, report = built
    client = visitor()
    paths = published_paths(client)
    assert "/guide/" in paths
    assert GUIDE_PART in paths
    assert "/get-help/" in paths
    assert any(path.startswith("/get-help/") and path != "/get-help/" for path in paths)
    assert any(path.startswith("/what-should-i-do/") and path != "/what-should-i-do/" for path in paths)
    pages = manifest(mirror_root)["pages"]
    assert {path for path, _status, _size in report.pages} >= {*paths, "/robots.txt", "/sitemap.xml"}
    for path in [*paths, "/robots.txt", "/sitemap.xml"]:
        response = client.get(path)
        entry = pages[path]
        # Where nginx's `try_files $uri $uri/index.html` will find it.
        name = path.lstrip("/") + ("index.html" if path.endswith("/") else "")
        on_disk = current_folder(mirror_root) / "site" / name
        assert entry["files"]["identity"] == str(on_disk.relative_to(current_folder(mirror_root)))
        assert on_disk.read_bytes() == response.content, path
        assert entry["status"] == response.status_code == 200
        assert comparable(entry["headers"]) == comparable(response.items()), path
        assert "Accept-Encoding" in dict(entry["headers"])["Vary"]


def test_the_404_page_is_written_for_nginx(built):
    mirror_root, _ = built
    # As Django renders it (a visitor's 404 would be the copy itself: see below).
    response = Client(HTTP_HOST=HOST, **{RENDERING: "1"}).get("/no-such-page-anywhere/")
    assert "404.html" in [template.name for template in response.templates]
    entry = manifest(mirror_root)["errors"]["404"]
    assert entry["status"] == response.status_code == 404
    assert (current_folder(mirror_root) / "errors" / "404.html").read_bytes() == response.content
    assert comparable(entry["headers"]) == comparable(response.items())


NOT_FOUND = ["/no-such-page-anywhere/", "/what-should-i-do/no-such-step/", "/get-help/no-such-service/", "/guide/a/b/"]


def test_a_visitors_404_is_the_mirrors_copy_not_a_render(built):
    mirror_root, _ = built
    saved = (current_folder(mirror_root) / "errors" / "404.html").read_bytes()
    for path in NOT_FOUND:
        response = visitor().get(path)
        assert response.status_code == 404, path
        assert response.templates == [], f"{path}: rendered, not read from the mirror"
        assert response.content == saved, path
        assert response["Content-Security-Policy"], path  # the site's headers, as for any answer


def test_the_404_page_marks_no_part_of_the_site_whatever_its_address(site_content):
    # Rendered (no mirror): the same page for any address, so the mirror's copy is right for every one.
    bodies = {path: visitor().get(path).content for path in NOT_FOUND}
    assert len(set(bodies.values())) == 1, [path for path, body in bodies.items() if body != bodies[NOT_FOUND[0]]]
    assert b"aria-current" not in bodies[NOT_FOUND[0]]


def test_an_editors_404_is_rendered(built):
    response = signed_in("Editor").get("/no-such-page-anywhere/", HTTP_HOST=HOST)
    assert response.status_code == 404
    assert "404.html" in [template.name for template in response.templates]


def test_each_build_renders_its_own_404_page(mirror_root, site_content):
    build()
    written = current_folder(mirror_root) / "errors" / "404.html"
    written.write_bytes(b"<!doctype html><title>Page not found</title><p>Left by the build before.")
    assert b"Left by the build before" in visitor().get("/no-such-page-anywhere/").content
    # What the next build gets for its 404 page: a render, not the copy above.
    rendered = Renderer().get(NOT_FOUND_PATH)
    assert rendered.status_code == 404
    assert b"Left by the build before" not in rendered.content
    assert b"If you typed the web address, check it is correct." in rendered.content


def test_compressed_copies_hold_the_same_bytes(built):
    mirror_root, _ = built
    folder = current_folder(mirror_root)
    for entry in [*manifest(mirror_root)["pages"].values(), manifest(mirror_root)["errors"]["404"]]:
        files = entry["files"]
        original = (folder / files["identity"]).read_bytes()
        assert files["gzip"] == files["identity"] + ".gz"
        assert files["br"] == files["identity"] + ".br"
        assert gzip.decompress((folder / files["gzip"]).read_bytes()) == original
        assert brotli.decompress((folder / files["br"]).read_bytes()) == original


# The rebuild runs after the commit, so this test commits. serialized_rollback, as the
# backup tests (which run before it on PostgreSQL) have: a test after one of theirs starts
# from an emptied database, and theirs puts back the rows migrations made, ids included.
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_publish_is_in_the_mirror_before_the_publishers_request_returns(mirror_root, site_content, monkeypatch):
    build()
    builds = []
    monkeypatch.setattr(hooks, "build", lambda: builds.append(1) or build())
    page_file = current_folder(mirror_root) / "site" / GUIDE_PART.strip("/") / "index.html"
    assert OLD in page_file.read_text()
    publisher = make_user("Publisher")
    published = PageContent.objects.get(page=Page.objects.get(reverse_id="guide-who-are-offenders"), language="en")
    draft = Version.objects.get_for_content(published).copy(publisher)
    for plugin in draft.content.get_placeholders().get(slot="content").get_plugins():
        bound = plugin.get_bound_plugin()
        if OLD in getattr(bound, "body", ""):
            bound.body = bound.body.replace(OLD, NEW)
            bound.save()
    before = current_folder(mirror_root)
    assert OLD in page_file.read_text()  # a draft changes nothing visitors see
    assert builds == []  # so saving one builds nothing
    client = Client()
    client.force_login(publisher)
    response = client.post(f"/admin/djangocms_versioning/pagecontentversion/{draft.pk}/publish/")
    assert builds == []  # asking to confirm the content checks' findings, if any, builds nothing
    response = publish_anyway(client, response)
    assert response.status_code == 302  # the Publisher's own request went on after the build
    assert Version.objects.get(pk=draft.pk).state == PUBLISHED
    assert current_folder(mirror_root) != before
    assert len(builds) == 1  # one build for the whole publish, however many rows it saved
    text = (current_folder(mirror_root) / "site" / GUIDE_PART.strip("/") / "index.html").read_text()
    assert NEW in text
    assert OLD not in text
    assert (current_folder(mirror_root) / "site" / "guide" / "index.html").read_text().count(NEW) >= 1


def test_the_999_line_and_an_unpublished_page_reach_the_mirror_on_commit(
    mirror_root, site_content, django_capture_on_commit_callbacks
):
    build()
    line = EmergencyLine.objects.get()
    line.danger_text = "Child in danger now? Call"
    with django_capture_on_commit_callbacks(execute=True):
        line.save()
    for path in ["/", GUIDE_PART, "/get-help/childline/"]:
        name = path.lstrip("/") + "index.html"
        assert "Child in danger now? Call" in (current_folder(mirror_root) / "site" / name).read_text(), path
    publisher = make_user("Publisher")
    page = Page.objects.get(reverse_id="guide-who-are-offenders")
    with django_capture_on_commit_callbacks(execute=True):
        Version.objects.get_for_content(PageContent.objects.get(page=page, language="en")).unpublish(publisher)
    assert GUIDE_PART not in manifest(mirror_root)["pages"]
    assert not (current_folder(mirror_root) / "site" / GUIDE_PART.strip("/")).exists()


class FailOnePage:
    """Middleware for the test below: the guide part's render raises, as a bug in a page would."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path == GUIDE_PART:
            raise RuntimeError("a page that cannot be rendered")
        return self.get_response(request)


def test_a_page_that_fails_to_render_leaves_the_mirror_as_it_was(mirror_root, site_content, settings):
    build()
    before = current_folder(mirror_root)
    contents = {path: path.read_bytes() for path in before.rglob("*") if path.is_file()}
    settings.MIDDLEWARE = ["tests.integration.test_mirror.FailOnePage", *settings.MIDDLEWARE]
    with pytest.raises(MirrorBuildError, match=GUIDE_PART):
        build()
    with pytest.raises(CommandError, match="not changed"):
        call_command("build_mirror", str(mirror_root))
    assert current_folder(mirror_root) == before
    assert {path: path.read_bytes() for path in before.rglob("*") if path.is_file()} == contents
    assert os.listdir(mirror_root / "builds") == [before.name]  # the failed builds left nothing behind


def test_readers_only_ever_see_a_complete_build_and_two_are_kept(mirror_root, site_content):
    build()
    seen, problems, stop = set(), [], threading.Event()

    def reader():
        while not stop.is_set():
            folder = current_folder(mirror_root)  # as nginx resolves root on each request
            seen.add(folder.name)
            try:
                listed = json.loads((folder / "headers.json").read_bytes())
                for entry in listed["pages"].values():
                    for name in entry["files"].values():
                        if not (folder / name).is_file():
                            problems.append(f"{folder.name}: {name} missing")
            except OSError as error:
                problems.append(f"{folder.name}: {error}")

    thread = threading.Thread(target=reader)
    thread.start()
    try:
        builds = [build().build_id for _ in range(2)]
    finally:
        stop.set()
        thread.join()
    assert not problems
    assert len(seen) >= 2  # the reader saw switches happen
    assert current_folder(mirror_root).name == builds[-1]
    assert sorted(os.listdir(mirror_root / "builds")) == sorted(builds[-2:])  # this one and the one before


def test_build_mirror_writes_to_the_folder_given_and_says_what_it_did(tmp_path, site_content, capsys):
    call_command("build_mirror", str(tmp_path / "elsewhere"))
    output = capsys.readouterr().out
    assert "pages" in output
    assert "bytes" in output
    assert " s." in output
    assert (tmp_path / "elsewhere" / "current" / "site" / "guide" / "index.html").is_file()


def test_without_a_mirror_nothing_is_built(site_content, tmp_path):
    with pytest.raises(CommandError, match="DJANGO_MIRROR_ROOT"):
        call_command("build_mirror")


@pytest.fixture
def served(built):
    django = DjangoStandIn()
    return MirrorApplication(django), django


def test_the_layer_answers_in_br_then_gzip_then_as_it_is(served, built):
    mirror_root, _ = built
    application, django = served
    original = (current_folder(mirror_root) / "site" / "guide" / "index.html").read_bytes()
    cases = {
        "gzip, deflate, br": "br",
        "br;q=0, gzip": "gzip",
        "gzip": "gzip",
        "identity": None,
        "": None,
    }
    for accept, coding in cases.items():
        answer = call(application, environ("/guide/", HTTP_ACCEPT_ENCODING=accept))
        assert answer["status"] == "200 OK"
        assert answer["headers"].get("Content-Encoding") == coding, accept
        decoded = {"br": brotli.decompress, "gzip": gzip.decompress, None: bytes}[coding](answer["body"])
        assert decoded == original
        assert answer["headers"]["Content-Length"] == str(len(answer["body"]))
        assert "Accept-Encoding" in answer["headers"]["Vary"]
    assert django.paths == []


def test_the_layer_sends_the_sites_headers_and_head_without_a_body(served):
    application, django = served
    page = visitor().get("/get-help/")
    answer = call(application, environ("/get-help/"))
    for header in [
        "Content-Security-Policy",
        "Permissions-Policy",
        "Referrer-Policy",
        "Cache-Control",
        "CDN-Cache-Control",
        "X-Content-Type-Options",
        "Cross-Origin-Opener-Policy",
        "Content-Type",
    ]:
        assert answer["headers"][header] == page[header], header
    assert answer["headers"]["Cache-Control"] == "private, no-store"
    assert "'unsafe-inline'" not in answer["headers"]["Content-Security-Policy"]
    assert answer["body"] == page.content
    head = call(application, environ("/get-help/", method="HEAD"))
    assert head["body"] == b""
    assert head["headers"]["Content-Length"] == str(len(page.content))
    not_modified = call(application, environ("/get-help/", HTTP_IF_NONE_MATCH=answer["headers"]["ETag"]))
    assert not_modified["status"] == "304 Not Modified"
    assert not_modified["body"] == b""
    assert django.paths == []


def test_cookies_queries_other_methods_and_unknown_paths_go_to_django(served):
    application, django = served
    tracked = call(application, environ("/guide/", QUERY_STRING="utm_source=newsletter&fbclid=abc"))
    assert tracked["headers"].get("X-From") is None  # tracking parameters only: the page itself
    for env in [
        environ("/guide/", HTTP_COOKIE="sessionid=abc"),
        environ("/guide/", QUERY_STRING="situation=childline"),
        environ("/guide/", QUERY_STRING="utm_source=x&q=abuse"),
        environ("/guide/", method="POST"),
        environ("/guide/", HTTP_AUTHORIZATION="Basic eDp5"),
        environ("/guide/", SCRIPT_NAME="/evil"),
        environ("/guide"),
        environ("/search/"),
        environ(f"/{settings.ADMIN_URL}"),
        environ("/guide/", HTTP_HOST="evil.example"),
        environ("/guide/", HTTP_HOST="localhost"),  # allowed, but the pages were written for another host
        environ("/guide/", **{"wsgi.url_scheme": "https"}),
    ]:
        assert call(application, env)["headers"].get("X-From") == "django", env
    assert len(django.paths) == 12


def test_the_layer_never_serves_a_file_outside_the_mirror(mirror_root, site_content, tmp_path):
    build()  # its own: this test changes a file of it
    django = DjangoStandIn()
    application = MirrorApplication(django)
    secret = tmp_path / "secret.txt"
    secret.write_text("not for visitors")
    for path in [
        "/guide/../privacy/",
        "/../../../../etc/passwd",
        "/guide/..%2f..%2fheaders.json",
        "/headers.json",
        "/site/index.html",
        "/current/headers.json",
        "/builds/",
        "/index.html",
        "//etc/passwd",
        str(secret),
    ]:
        answer = call(application, environ(path))
        assert answer["headers"].get("X-From") == "django", path
    # A file of the build replaced by a link to one outside it is not followed.
    contact = current_folder(mirror_root) / "site" / "contact" / "index.html"
    contact.unlink()
    contact.symlink_to(secret)
    answer = call(application, environ("/contact/"))
    assert b"not for visitors" not in answer["body"]
    assert answer["headers"].get("X-From") == "django"


def test_the_mirror_is_served_with_the_database_unreachable(mirror_root, site_content):
    build()
    script = (
        "import json, sys\n"
        "from safeguarding_site.wsgi import application\n"
        "out = {}\n"
        "def answer(path, query=''):\n"
        "    got = {}\n"
        "    env = {'REQUEST_METHOD': 'GET', 'PATH_INFO': path, 'QUERY_STRING': query, 'SCRIPT_NAME': '',\n"
        "           'SERVER_NAME': '127.0.0.1', 'SERVER_PORT': '80', 'SERVER_PROTOCOL': 'HTTP/1.1',\n"
        f"           'HTTP_HOST': {HOST!r}, 'wsgi.url_scheme': 'http', 'wsgi.input': sys.stdin.buffer,\n"
        "           'wsgi.errors': sys.stderr, 'wsgi.multithread': False, 'wsgi.multiprocess': True,\n"
        "           'wsgi.run_once': False, 'wsgi.version': (1, 0)}\n"
        "    body = b''.join(application(env, lambda status, headers: got.update(status=status)))\n"
        "    return got['status'], body.decode()\n"
        "out['guide'] = answer('/guide/')\n"
        "out['search'] = answer('/search/', 'q=police')\n"
        "print(json.dumps(out))\n"
    )
    environment = {
        **os.environ,
        "DATABASE_URL": "postgresql://nobody@127.0.0.1:9/nowhere",  # a closed port
        "DJANGO_CONN_MAX_AGE": "0",
        "DJANGO_MIRROR_ROOT": str(mirror_root),
        "DJANGO_CACHE": "locmem",
    }
    result = subprocess.run(
        [sys.executable, "-c", script],
        cwd=Path(settings.BASE_DIR),
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    out = json.loads(result.stdout.strip().splitlines()[-1])
    assert out["search"][0].startswith("503")  # Django itself cannot reach the database
    assert out["guide"][0] == "200 OK"
    assert out["guide"][1] == (current_folder(mirror_root) / "site" / "guide" / "index.html").read_text()


def test_storage_given_on_the_command_line_is_the_file_system(tmp_path):
    storage = mirror_storage(tmp_path / "given")
    assert Path(storage.location) == tmp_path / "given"
