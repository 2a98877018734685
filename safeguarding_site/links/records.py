"""Checking a set of links and keeping what was found (CheckedLink)."""

from django.db import transaction
from django.utils import timezone

from .checker import Checker
from .models import CheckedLink


def check_and_record(links, checker=None, forget_others=False):
    """Check ``links`` ({url: uses}) and record each result; returns [(CheckedLink, uses)], broken first.

    ``forget_others``: after a check of everything, links no longer used anywhere are forgotten.
    """
    checker = checker or Checker()
    results = checker.check_all(links)
    now = timezone.now()
    rows = []
    with transaction.atomic():
        previous = {link.url: link for link in CheckedLink.objects.filter(url__in=list(results))}
        for url, result in results.items():
            link = previous.get(url) or CheckedLink(url=url)
            link.checked_at = now
            link.result = result.result
            link.status_code = result.status_code
            link.final_url = result.final_url
            link.moved_for_good = result.moved_for_good
            link.problem = result.problem
            link.consecutive_failures = link.consecutive_failures + 1 if result.broken else 0
            link.used_on = links[url]
            link.save()
            rows.append((link, links[url]))
        if forget_others:
            CheckedLink.objects.exclude(url__in=list(links)).delete()
    order = [CheckedLink.BROKEN, CheckedLink.REDIRECTED, CheckedLink.OK]
    rows.sort(key=lambda row: (order.index(row[0].result), row[0].url))
    return rows


def unchecked(links, rows):
    """The links the check ran out of time for."""
    done = {link.url for link, _uses in rows}
    return [url for url in links if url not in done]
