"""Two app instances sharing one database and one cache: a publish through one is what the other serves next.

A second gunicorn (its own workers) runs beside the
live site against the same database and shared cache, as two app servers
behind a load balancer would. A change is published from a third process;
both instances must serve it on their very next request, with no waiting.
"""

import subprocess
import sys
import urllib.request

import pytest

from tests.browser.conftest import BIN, ROOT, _stop, start_gunicorn

PATH = "/privacy/"
OLD = "We do not ask who you are"
NEW = "We never ask who you are"

PUBLISH = """
from cms.models import Page, PageContent
from django.contrib.auth import get_user_model
from djangocms_versioning.models import Version

from content.loader import LOADER_USERNAME

user = get_user_model().objects.get(username=LOADER_USERNAME)
page = Page.objects.get(reverse_id="privacy-notice")
version = Version.objects.get_for_content(PageContent.objects.get(page=page, language="en")).copy(user)
for plugin in version.content.get_placeholders().get(slot="content").get_plugins():
    bound = plugin.get_bound_plugin()
    if {old!r} in getattr(bound, "body", ""):
        bound.body = bound.body.replace({old!r}, {new!r})
        bound.save()
version.publish(user)
"""


def publish_change(env, old, new):
    python = BIN / "python" if (BIN / "python").exists() else sys.executable
    subprocess.run(
        [str(python), "manage.py", "shell", "-c", PUBLISH.format(old=old, new=new)],
        cwd=ROOT,
        env=env,
        check=True,
        capture_output=True,
        timeout=60,
    )


def body(base_url):
    with urllib.request.urlopen(base_url + PATH, timeout=10) as response:
        return response.read().decode()


@pytest.fixture
def second_instance(live_site, tmp_path):
    proc, base_url = start_gunicorn(live_site.env, tmp_path / "second.log")
    yield base_url
    _stop(proc)


def test_a_publish_through_one_instance_is_served_by_the_other_on_the_next_request(live_site, second_instance):
    first = live_site.base_url
    for _ in range(6):  # warm every worker of both instances (their memories and the shared cache)
        assert OLD in body(first)
        assert OLD in body(second_instance)
    publish_change(live_site.env, OLD, NEW)
    try:
        for _ in range(6):  # each request may land on any worker of either instance
            for instance in (first, second_instance):
                text = body(instance)
                assert NEW in text
                assert OLD not in text
    finally:
        publish_change(live_site.env, NEW, OLD)
    for instance in (first, second_instance):
        assert OLD in body(instance)
