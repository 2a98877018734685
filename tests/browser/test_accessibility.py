"""axe-core finds nothing on any page, the 404 page included, on a desktop screen and a phone.

Its WCAG 2.0, 2.1 and 2.2 rules (levels A and AA) and its best practices (such as
"region": all content inside landmarks), plus landmark-complementary-is-top-level,
which axe has deprecated and switched off by default but which still describes a
page screen-reader users navigate by landmarks.
"""

import pytest
from axe_playwright_python.sync_playwright import Axe

# What a visitor's browser gets does not depend on the database behind the site:
# checked once, in the SQLite pass (the PostgreSQL pass, make test-postgres, leaves it out).
pytestmark = pytest.mark.same_on_every_database

WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22a", "wcag22aa"]
AXE_OPTIONS = {
    "runOnly": {"type": "tag", "values": [*WCAG_TAGS, "best-practice"]},
    "rules": {"landmark-complementary-is-top-level": {"enabled": True}},
    # Only violations come back in full (passes etc. keep one node each): smaller, faster.
    "resultTypes": ["violations"],
}
SCREENS = {
    "desktop": {"viewport": {"width": 1280, "height": 720}},
    "phone": {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True},
}


def _describe(path, violation):
    lines = [f"{path}: {violation['id']} ({violation.get('impact')}) {violation.get('help', '')}"]
    for node in violation["nodes"]:
        target = " ".join(str(part) for part in node["target"])
        summary = (node.get("failureSummary") or "").replace("\n", " ")
        lines.append(f"    target {target}: {summary}")
    return "\n".join(lines)


@pytest.mark.parametrize("screen", list(SCREENS))
def test_no_axe_violations_on_any_page(live_site, browser, screen):
    context = browser.new_context(**SCREENS[screen])
    context.set_default_timeout(10_000)
    try:
        page = context.new_page()
        axe = Axe()
        problems = []
        checked = []
        for path in live_site.paths:
            live_site.open(page, path)
            results = axe.run(page, options=AXE_OPTIONS)
            response = results.response
            # axe really ran the rules against this page (not an empty or broken run).
            assert response.get("testEngine", {}).get("name") == "axe-core", f"{path}: axe did not run"
            assert response["passes"], f"{path}: axe reported no passing rules at all"
            kinds = ("passes", "violations", "incomplete", "inapplicable")
            ran = {rule["id"] for kind in kinds for rule in response[kind]}
            assert {"region", "landmark-complementary-is-top-level", "color-contrast"} <= ran, f"{path}: {sorted(ran)}"
            problems.extend(_describe(path, violation) for violation in response["violations"])
            checked.append(path)
    finally:
        context.close()

    assert checked == live_site.paths
    assert not problems, f"{len(problems)} axe violation(s) on a {screen} screen:\n" + "\n".join(problems)
