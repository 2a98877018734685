"""axe-core (WCAG 2.0, 2.1 and 2.2, levels A and AA) finds nothing on any page, the 404 page included."""

from axe_playwright_python.sync_playwright import Axe

WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22a", "wcag22aa"]
AXE_OPTIONS = {
    "runOnly": {"type": "tag", "values": WCAG_TAGS},
    # Only violations come back in full (passes etc. keep one node each): smaller, faster.
    "resultTypes": ["violations"],
}


def _describe(path, violation):
    lines = [f"{path}: {violation['id']} ({violation.get('impact')}) {violation.get('help', '')}"]
    for node in violation["nodes"]:
        target = " ".join(str(part) for part in node["target"])
        summary = (node.get("failureSummary") or "").replace("\n", " ")
        lines.append(f"    target {target}: {summary}")
    return "\n".join(lines)


def test_no_wcag_violations_on_any_page(live_site, page):
    axe = Axe()
    problems = []
    checked = []
    for path in live_site.paths:
        live_site.open(page, path)
        results = axe.run(page, options=AXE_OPTIONS)
        response = results.response
        # axe really ran the WCAG rules against this page (not an empty or broken run).
        assert response.get("testEngine", {}).get("name") == "axe-core", f"{path}: axe did not run"
        assert response["passes"], f"{path}: axe reported no passing rules at all"
        problems.extend(_describe(path, violation) for violation in response["violations"])
        checked.append(path)

    assert checked == live_site.paths
    assert not problems, f"{len(problems)} axe violation(s):\n" + "\n".join(problems)
