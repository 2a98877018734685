from django.core.management.base import BaseCommand, CommandError

from content.loader import ContentError, Loader


class Command(BaseCommand):
    help = (
        "Load the site's starting content from content/ into the CMS. Safe to run "
        "again: it creates only what was never loaded and never changes an editor's work."
    )

    def handle(self, *args, **options):
        loader = Loader(stdout=self.stdout)
        try:
            created, skipped = loader.run()
        except ContentError as error:
            raise CommandError(f"Nothing was loaded: {error}") from error
        self.stdout.write(self.style.SUCCESS(f"Created {len(created)}, skipped {len(skipped)}."))
