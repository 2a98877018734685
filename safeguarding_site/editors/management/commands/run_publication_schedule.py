from django.core.management.base import BaseCommand

from safeguarding_site.editors.schedule import run_due


class Command(BaseCommand):
    help = (
        "Publish drafts and withdraw pages whose scheduled time has come. Run it every few minutes "
        "(cron or a systemd timer); running it twice, or late, is safe."
    )

    def handle(self, *args, **options):
        report = run_due()
        for line in report:
            self.stdout.write(line)
        self.stdout.write(f"{len(report)} scheduled action(s) carried out.")
