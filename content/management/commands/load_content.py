from django.core.management.base import BaseCommand, CommandError

from content import corrections
from content.loader import ContentError, Loader


class Command(BaseCommand):
    help = (
        "Load the site's starting content from content/ into the CMS. Safe to run "
        "again: it creates only what was never loaded and never changes an editor's work. "
        "Then it corrects mistakes in starting content loaded before (content/corrections.py), "
        "only where nobody has changed it, and lists those to correct by hand."
    )

    def handle(self, *args, **options):
        loader = Loader(stdout=self.stdout)
        try:
            created, skipped = loader.run()
        except ContentError as error:
            raise CommandError(f"Nothing was loaded: {error}") from error
        self.stdout.write(self.style.SUCCESS(f"Created {len(created)}, skipped {len(skipped)}."))
        outcome = corrections.apply(stdout=self.stdout)
        if outcome.to_do:
            self.stdout.write(
                self.style.WARNING(
                    f"{len(outcome.to_do)} correction(s) to make by hand, listed above "
                    "(also on the editors' dashboard)."
                )
            )
