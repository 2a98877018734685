import time

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.test import Client

from safeguarding_site.editors import content_checks


def public_page_renderer():
    """render(url): the public page's HTML as an anonymous visitor gets it, or None if it does not open."""
    host = next((host.lstrip(".") for host in settings.ALLOWED_HOSTS if host.lstrip(".") and host != "*"), "localhost")
    client = Client(HTTP_HOST=host, raise_request_exception=False)

    def render(url):
        response = client.get(url, secure=settings.SECURE_SSL_REDIRECT, follow=True)
        render.failed[url] = response.status_code
        if response.status_code != 200:
            return None
        del render.failed[url]
        return response.content.decode()

    render.failed = {}  # url: status, for pages that did not open

    return render


class Command(BaseCommand):
    help = (
        "Checks every published page, situation and service as the editors' content checks do: reading level, "
        "headings, link text, images, tables and links to pages visitors cannot see. Prints a table per item "
        "with findings; exits with status 1 when any item has an error (advice alone does not fail)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--errors-only", action="store_true", help="List only the items with errors, and only their errors."
        )

    def handle(self, *args, errors_only=False, **options):
        started = time.monotonic()
        render = public_page_renderer()
        reports = []
        for content in content_checks.published_contents(render=render):
            report = content_checks.check(content)
            if content.public_url in render.failed:
                report.findings.append(not_opening(content.public_url, render.failed[content.public_url]))
            reports.append(report)
        seconds = time.monotonic() - started
        for report in reports:
            if report.errors or not errors_only:
                self.stdout.write(self.table(report, report.errors if errors_only else report.findings))
        errors = sum(len(report.errors) for report in reports)
        advice = sum(len(report.advice) for report in reports)
        failing = [report for report in reports if report.errors]
        summary = (
            f"{len(reports)} items checked in {seconds:.1f} s: {errors} error(s) in {len(failing)} item(s), "
            f"{advice} piece(s) of advice."
        )
        if failing:
            raise CommandError(summary)
        self.stdout.write(self.style.SUCCESS(summary))

    def table(self, report, findings):
        figures = f"{report.words} words, {report.reading_minutes} min"
        if report.reading_age is not None:
            figures += f", reading age {report.reading_age:g}"
        if report.longest_words:
            figures += f", longest words: {', '.join(report.longest_words)}"
        lines = [
            "",
            f"{report.kind.capitalize()}: {report.title} ({report.public_url or report.edit_url}; {figures})",
            f"  {'severity':<8}  {'finding':<36}  where",
        ]
        for finding in findings:
            lines.append(f"  {finding.severity:<8}  {finding.check:<36}  {shorten(finding.where)}")
        if not findings:
            lines[-1] = "  nothing to look at"
        return "\n".join(lines)


def not_opening(url, status):
    return content_checks.Finding(
        "Page does not open",
        content_checks.ERROR,
        url,
        f"Visitors following this address get an error page (status {status}).",
        "Ask your web team to look at it.",
    )


def shorten(text, length=100):
    return text if len(text) <= length else text[: length - 1] + "…"
