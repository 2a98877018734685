from django.core.management.base import BaseCommand, CommandError

from safeguarding_site.links import checker, collect
from safeguarding_site.links.records import check_and_record, unchecked


def positive(value):
    number = float(value)
    if number <= 0:
        raise ValueError(value)
    return number


class Command(BaseCommand):
    help = (
        "Check every external link in published content (pages, steps, services' web addresses) and record the "
        "results for the editors' dashboard. Exits with status 1 when any link is broken. Run it nightly."
    )

    def add_arguments(self, parser):
        parser.add_argument("--page", help="Check only this page: its id (reverse_id) or its web address, e.g. /help/.")
        parser.add_argument(
            "--timeout",
            type=positive,
            default=checker.DEFAULT_TIMEOUT,
            help=f"Seconds to wait for each answer (default {checker.DEFAULT_TIMEOUT:g}).",
        )
        parser.add_argument(
            "--workers",
            type=int,
            choices=range(1, 33),
            metavar="1-32",
            default=checker.DEFAULT_WORKERS,
            help=f"Requests at once, in all (default {checker.DEFAULT_WORKERS}; never more than "
            f"{checker.PER_HOST} to one site).",
        )
        parser.add_argument(
            "--max-seconds",
            type=positive,
            default=1800,
            help="Stop starting new checks after this many seconds (default 1800).",
        )

    def handle(self, *args, **options):
        if options["page"] is not None:
            page = collect.find_page(options["page"])
            if page is None:
                raise CommandError(f"No page has the id or web address “{options['page']}”.")
            links = collect.page_links(page)
        else:
            links = collect.all_links()
        if len(links) > collect.MAX_LINKS:
            self.stderr.write(f"{len(links)} links: checking the first {collect.MAX_LINKS} only.")
            links = dict(list(links.items())[: collect.MAX_LINKS])
        run = checker.Checker(
            timeout=options["timeout"], workers=options["workers"], max_seconds=options["max_seconds"]
        )
        rows = check_and_record(links, run, forget_others=options["page"] is None)
        self.write_table(rows)
        left = unchecked(links, rows)
        for url in left:
            self.stderr.write(f"Not checked (out of time): {url}")
        broken = sum(1 for link, _uses in rows if link.result == link.BROKEN)
        self.stdout.write(f"{len(rows)} link(s) checked: {broken} broken.")
        if broken:
            raise CommandError(f"{broken} broken link(s).", returncode=1)

    def write_table(self, rows):
        table = [("Link", "Result", "Used on")]
        for link, uses in rows:
            table.append((link.url, link.in_words, "; ".join(f"{use['kind']}: {use['title']}" for use in uses)))
        width = [max(len(row[column]) for row in table) for column in range(2)]
        for url, result, used_on in table:
            self.stdout.write(f"{url.ljust(width[0])}  {result.ljust(width[1])}  {used_on}")
