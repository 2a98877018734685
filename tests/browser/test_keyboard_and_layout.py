"""Keyboard access, reflow at 320 CSS pixels and the site without JavaScript."""

import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeoutError

# What a visitor's browser gets does not depend on the database behind the site:
# checked once, in the SQLite pass (the PostgreSQL pass, make test-postgres, leaves it out).
pytestmark = pytest.mark.same_on_every_database

ACTIVE_ELEMENT = "() => { const e = document.activeElement; return e ? e.outerHTML.slice(0, 200) : null; }"

# Elements that stick out past the right edge of the viewport (for the failure message).
OVERFLOWING = """() => {
  const width = window.innerWidth;
  return Array.from(document.querySelectorAll('body *'))
    .filter((e) => e.getBoundingClientRect().right > width + 0.5)
    .slice(0, 5)
    .map((e) => {
      const r = e.getBoundingClientRect();
      const id = e.id ? '#' + e.id : '';
      const names = typeof e.className === 'string' ? e.className.trim().split(/\\s+/) : [];
      const cls = names.filter(Boolean).map((n) => '.' + n).join('');
      return `${e.tagName.toLowerCase()}${id}${cls} (right edge ${Math.round(r.right)}px)`;
    });
}"""


def _assert_one_visible_h1(page, path):
    h1 = page.locator("main h1")
    assert h1.count() == 1, f"{path}: {h1.count()} h1 elements in main"
    assert h1.is_visible(), f"{path}: the h1 is not visible"
    text = h1.inner_text().strip()
    assert text, f"{path}: the h1 is empty"
    return text


@pytest.mark.parametrize("which", ["home page", "guide part"])
def test_skip_link_is_first_tab_stop_and_moves_focus_to_main(live_site, page, which):
    if which == "home page":
        path = "/"
    else:
        assert live_site.guide_part_paths, f"no guide part in /sitemap.xml: {live_site.page_paths}"
        path = live_site.guide_part_paths[0]
    live_site.open(page, path)

    page.keyboard.press("Tab")
    focused = page.evaluate(
        """() => {
          const e = document.activeElement;
          const r = e.getBoundingClientRect();
          return {
            isSkipLink: e.matches('a.skip-link'),
            href: e.getAttribute('href'),
            html: e.outerHTML.slice(0, 200),
            box: {left: r.left, top: r.top, right: r.right, bottom: r.bottom, width: r.width, height: r.height},
            viewport: {width: window.innerWidth, height: window.innerHeight},
          };
        }"""
    )
    assert focused["isSkipLink"], f"{path}: the first Tab stop is {focused['html']!r}, not the skip link"
    assert focused["href"] == "#main-content", f"{path}: skip link points to {focused['href']!r}"

    box, viewport = focused["box"], focused["viewport"]
    inside = (
        box["width"] > 0
        and box["height"] > 0
        and box["left"] >= 0
        and box["top"] >= 0
        and box["right"] <= viewport["width"]
        and box["bottom"] <= viewport["height"]
    )
    assert inside, f"{path}: the focused skip link is not (wholly) inside the {viewport} viewport: {box}"

    page.keyboard.press("Enter")
    try:
        page.wait_for_function("() => document.activeElement && document.activeElement.id === 'main-content'")
    except PlaywrightTimeoutError:
        pytest.fail(f"{path}: after Enter on the skip link, focus is on {page.evaluate(ACTIVE_ELEMENT)!r}")
    assert page.evaluate("() => document.activeElement.tagName") == "MAIN"


def test_no_horizontal_scrolling_at_320_css_pixels(live_site, browser):
    context = browser.new_context(viewport={"width": 320, "height": 640})
    try:
        page = context.new_page()
        problems = []
        for path in live_site.paths:
            live_site.open(page, path)
            sizes = page.evaluate(
                "() => ({scrollWidth: document.documentElement.scrollWidth, innerWidth: window.innerWidth})"
            )
            assert sizes["innerWidth"] == 320, f"{path}: viewport is {sizes['innerWidth']} px wide"
            if sizes["scrollWidth"] > sizes["innerWidth"]:
                culprits = ", ".join(page.evaluate(OVERFLOWING)) or "unknown elements"
                problems.append(
                    f"{path}: scrollWidth {sizes['scrollWidth']} > innerWidth {sizes['innerWidth']}; "
                    f"too wide: {culprits}"
                )
        assert not problems, "pages scroll sideways at 320 px:\n" + "\n".join(problems)
    finally:
        context.close()


def test_guide_can_be_read_without_javascript(live_site, browser):
    context = browser.new_context(java_script_enabled=False)
    context.set_default_timeout(10_000)
    try:
        page = context.new_page()
        live_site.open(page, "/")
        _assert_one_visible_h1(page, "/")

        parts = set(live_site.guide_part_paths)
        hrefs = page.locator("main a[href]").evaluate_all("(links) => links.map((a) => a.getAttribute('href'))")
        to_parts = [href for href in hrefs if href in parts]
        assert to_parts, f"the home page's main content links to no guide part ({sorted(parts)}); links: {hrefs}"
        first_part = to_parts[0]

        with page.expect_navigation() as navigation:
            page.locator(f'main a[href="{first_part}"]').first.click()
        assert navigation.value.status == 200, f"{first_part}: HTTP {navigation.value.status}"
        assert page.url == live_site.url(first_part)
        first_title = _assert_one_visible_h1(page, first_part)

        next_link = page.locator("a[rel=next]")
        assert next_link.count() == 1, f"{first_part}: expected one a[rel=next], found {next_link.count()}"
        assert next_link.is_visible(), f"{first_part}: the Next link is not visible"
        assert "Next" in next_link.inner_text()
        next_path = next_link.get_attribute("href")
        assert next_path in parts, f"{first_part}: Next goes to {next_path!r}, not a guide part"
        assert next_path != first_part, f"{first_part}: Next goes to the same page"

        with page.expect_navigation() as navigation:
            next_link.click()
        assert navigation.value.status == 200, f"{next_path}: HTTP {navigation.value.status}"
        assert page.url == live_site.url(next_path)
        next_title = _assert_one_visible_h1(page, next_path)
        assert next_title != first_title, f"{next_path}: same h1 as the part before it"
        # ... and the way back is there too.
        assert page.locator("a[rel=prev]").get_attribute("href") == first_part
    finally:
        context.close()


# What a printed page shows after each link (print.css adds the address after web links).
PRINTED_AFTER_LINKS = """() => Array.from(document.querySelectorAll('main a[href]')).map((a) => ({
  href: a.getAttribute('href'),
  after: getComputedStyle(a, '::after').content,
  shown: getComputedStyle(a).display !== 'none' && !a.closest('[hidden]') &&
         Array.from(function* () { for (let e = a; e; e = e.parentElement) yield e; }())
           .every((e) => getComputedStyle(e).display !== 'none'),
}))"""


def test_printed_pages_keep_numbers_plain_and_drop_links_with_no_address(live_site, page):
    # A printed guide or directory is read on paper: "999", not "999 (tel:999)";
    # web addresses written out; links within the site that lead nowhere on paper left off.
    for path in ["/guide/", "/get-help/"]:
        live_site.open(page, path)
        page.emulate_media(media="print")
        links = page.evaluate(PRINTED_AFTER_LINKS)
        page.emulate_media(media="screen")
        numbers = [link for link in links if link["href"].startswith(("tel:", "sms:")) and link["shown"]]
        assert numbers, f"{path}: no phone number printed"
        assert all(link["after"] in ("none", "normal") for link in numbers), f"{path}: {numbers[:3]}"
        web = [link for link in links if link["href"].startswith("https://") and link["shown"]]
        assert all(link["href"] in link["after"] for link in web), f"{path}: a web address is not printed"
        more = page.locator("main .service-card__more")
        if path == "/get-help/":
            assert more.count() > 0
            page.emulate_media(media="print")
            assert not any(more.nth(i).is_visible() for i in range(more.count())), f"{path}: 'More about' printed"
            page.emulate_media(media="screen")
