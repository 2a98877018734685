from django.core.management.base import BaseCommand, CommandError

from safeguarding_site.mirror.build import MirrorBuildError, build, enabled, mirror_storage


class Command(BaseCommand):
    help = (
        "Write every public page to the mirror (files with .gz and .br copies) and switch to it. "
        "DIR overrides DJANGO_MIRROR_ROOT. A page that fails to render leaves the mirror as it was."
    )

    def add_arguments(self, parser):
        parser.add_argument("directory", nargs="?", metavar="DIR", help="the mirror's folder")

    def handle(self, *args, directory=None, **options):
        if directory is None and not enabled():
            raise CommandError("No mirror is set up: set DJANGO_MIRROR_ROOT, or give a folder (build_mirror DIR).")
        try:
            report = build(mirror_storage(directory))
        except MirrorBuildError as error:
            raise CommandError(f"The mirror was not changed: {error}") from error
        if options["verbosity"] > 1:
            for path, status, size in report.pages:
                self.stdout.write(f"  {status} {path} ({size:,} bytes)")
        self.stdout.write(
            f"Mirror {report.build_id}: {len(report.pages)} pages, {report.files} files, "
            f"{report.bytes_written:,} bytes, built in {report.seconds:.2f} s."
        )
