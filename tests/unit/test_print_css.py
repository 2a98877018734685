"""The print stylesheet: a printed page keeps what a parent can use on paper."""

import re

from django.conf import settings

PRINT_CSS = (settings.BASE_DIR / "static" / "css" / "print.css").read_text(encoding="utf-8")
CARD = (settings.BASE_DIR / "templates" / "includes" / "_service_card.html").read_text(encoding="utf-8")


def rules():
    """(selectors, declarations) of each rule, comments left out."""
    css = re.sub(r"/\*.*?\*/", "", PRINT_CSS, flags=re.S)
    return [(selectors.strip(), body) for selectors, body in re.findall(r"([^{}]+)\{([^{}]*)\}", css)]


def test_numbers_print_without_their_tel_address():
    """ "999", not "999 (tel:999)": the number is already what to dial."""
    after = [selectors for selectors, body in rules() if "::after" in selectors and "attr(href)" in body]
    assert after, "web addresses are still printed after their links"
    assert not [
        selectors for selectors in after if "tel:" in selectors or "sms:" in selectors or "a::after" in selectors
    ]


def test_more_about_links_are_left_off_paper():
    assert 'class="service-card__more"' in CARD
    assert any(
        ".service-card__more" in selectors.split(",") and re.search(r"display:\s*none", body)
        for selectors, body in rules()
        for selectors in [selectors.replace(" ", "")]
    )
