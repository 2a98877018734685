"""A Publisher unlocks a draft: its holder's email names the site, not "Django CMS" (issue 15, finding 11)."""

from cms.models import PageContent
from django.conf import settings
from django.core import mail
from django.urls import reverse
from djangocms_versioning.models import Version

from safeguarding_site.editors.roles import EDITOR, PUBLISHER
from tests.helpers import make_user, signed_in_client


def test_the_unlock_email_is_titled_with_the_sites_name_and_the_pages_title(site_content):
    content = PageContent.admin_manager.get(page__reverse_id="guide-who-are-offenders", language="en")
    holder = make_user(EDITOR, "editor-a@example.org")
    draft = Version.objects.get_for_content(content).copy(holder)
    publisher = signed_in_client(make_user(PUBLISHER))
    unlocked = publisher.post(reverse("admin:djangocms_versioning_pagecontentversion_unlock", args=[draft.pk]))
    assert unlocked.status_code == 302
    assert Version.objects.get(pk=draft.pk).locked_by is None

    [email] = mail.outbox
    assert email.to == [holder.email]
    assert email.subject == f"Unlocked: your draft of “{content.title}” on {settings.SITE_NAME}"
    assert "Django" not in email.subject
    assert "(en)" not in email.subject
    assert "publisher@example.org has unlocked your draft" in email.body
    assert f"/preview/{draft.content.pk}/" in email.body


def test_no_email_when_nothing_was_unlocked(site_content):
    """An Editor's refused unlock, and a Publisher unlocking their own draft, send nothing."""
    content = PageContent.admin_manager.get(page__reverse_id="guide-who-are-offenders", language="en")
    publisher = make_user(PUBLISHER)
    draft = Version.objects.get_for_content(content).copy(publisher)
    url = reverse("admin:djangocms_versioning_pagecontentversion_unlock", args=[draft.pk])
    assert signed_in_client(make_user(EDITOR)).post(url).status_code == 403
    assert Version.objects.get(pk=draft.pk).locked_by == publisher
    assert signed_in_client(publisher).post(url).status_code == 302
    assert mail.outbox == []
