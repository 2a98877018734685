"""The Nu Html Checker (vnu.jar, the W3C's validator, run offline) finds no error or warning on any page.

Every page in the sitemap, the 404 page and the 500 page, as the site serves them.
`make vnu` installs the checker (the vnu-jar npm package) and Debian's Java.
"""

import json
import shutil
import subprocess
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
from django.conf import settings
from django.test import RequestFactory

from safeguarding_site.pages.views import server_error
from tests.helpers import published_paths

VNU_JAR = settings.BASE_DIR / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
NOT_FOUND_PATH = "/no-such-page/"
VNU_TIMEOUT = 300  # seconds, for every page at once

# A page with the fault vnu found on /get-help/: the checker must find it.
KNOWN_BAD = b'<!DOCTYPE html><html lang="en"><title>x</title><form action=""></form></html>'


@pytest.fixture
def vnu():
    """The command that runs the checker, or a skip that says what is missing and how to install it."""
    java = shutil.which("java")
    if java is None:
        pytest.skip("the HTML validity test needs Java: `make vnu` installs Debian's default-jre-headless")
    if not VNU_JAR.is_file():
        pytest.skip(f"the HTML validity test needs {VNU_JAR.relative_to(settings.BASE_DIR)}: run `make vnu`")
    return [java, "-jar", str(VNU_JAR)]


def check(vnu, files):
    """vnu's messages for ``files``, as {file: [message]}; every file gets an entry."""
    result = subprocess.run(
        [*vnu, "--format", "json", "--stdout", "--exit-zero-always", *map(str, files)],
        capture_output=True,
        text=True,
        timeout=VNU_TIMEOUT,
        check=False,
    )
    assert result.returncode == 0, f"vnu failed ({result.returncode}):\n{result.stderr}"
    by_file = {file: [] for file in files}
    for message in json.loads(result.stdout)["messages"]:
        # vnu names a file "file:/tmp/…"; a message about no file at all has no url.
        file = Path(unquote(urlsplit(message.get("url", "")).path))
        by_file.setdefault(file, []).append(message)
    return by_file


def is_problem(message):
    # "info" messages are hints; an info with subType "warning" is a warning.
    return message["type"] != "info" or message.get("subType") == "warning"


def describe(path, message):
    where = f"line {message['lastLine']}" if "lastLine" in message else "document"
    return f"{path} ({where}): {message['type']}: {message['message']}\n    {message.get('extract', '').strip()}"


def test_every_page_is_valid_html(client, site_content, tmp_path, vnu):
    pages = {}
    for path in [*published_paths(client), NOT_FOUND_PATH]:
        response = client.get(path)
        assert response.status_code == (404 if path == NOT_FOUND_PATH else 200), path
        pages[path] = response.content
    pages["500 page"] = server_error(RequestFactory().get("/")).content
    assert len(pages) > 10, f"too few pages to check: {list(pages)}"

    files = {}
    for number, (path, html) in enumerate(pages.items()):
        file = tmp_path / f"page-{number}.html"
        file.write_bytes(html)
        files[file] = path
    known_bad = tmp_path / "known-bad.html"
    known_bad.write_bytes(KNOWN_BAD)

    results = check(vnu, [*files, known_bad])

    # The checker really ran: it finds the fault it should in the known-bad page.
    found = [message["message"] for message in results.pop(known_bad) if message["type"] == "error"]
    assert any("action" in message for message in found), f"vnu missed the known-bad page's empty action: {found}"
    problems = [
        describe(files.get(file, file), message)
        for file, messages in results.items()
        for message in messages
        if is_problem(message)
    ]
    assert not problems, f"{len(problems)} vnu problem(s):\n" + "\n".join(problems)
