from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from content.loader import DIRECTORY_FILE, GUIDANCE_FILE, PAGES_DIR, ContentError


class Command(BaseCommand):
    help = (
        "How easy the site's own words in content/ are to read: the Flesch-Kincaid grade of each page, "
        "situation's steps and service (at most 5), and any sentence over 25 words. The leaflet's own "
        "paragraphs are left out. Needs textstat (requirements-dev.txt)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--content",
            type=Path,
            help="A folder laid out like content/ (pages/, directory.toml, guidance.toml), e.g. an older copy.",
        )

    def handle(self, *args, content=None, **options):
        try:
            from content import readability
        except ImportError as error:
            raise CommandError(f"{error.name} is not installed: pip install -r requirements-dev.txt") from error
        paths = (PAGES_DIR, DIRECTORY_FILE, GUIDANCE_FILE)
        if content is not None:
            paths = (content / "pages", content / "directory.toml", content / "guidance.toml")
            missing = [str(path) for path in paths if not path.exists()]
            if missing:
                raise CommandError(f"Not found: {', '.join(missing)}")
        try:
            results = [readability.measure(text) for text in readability.content_texts(*paths)]
        except ContentError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(readability.table(results))
        failures = [line for result in results for line in readability.describe_failure(result)]
        if failures:
            self.stdout.write("")
            for line in failures:
                self.stdout.write(line)
            raise CommandError(f"{sum(not result.passes for result in results)} text(s) to make easier to read.")
        self.stdout.write(self.style.SUCCESS("Every text reads at grade 5 or below, no sentence over 25 words."))
