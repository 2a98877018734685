"""Phone numbers in editors' text become tap-to-call links; nothing else in the text changes."""

import pytest
from bs4 import BeautifulSoup

from safeguarding_site.directory.phone_links import FoundNumber, link_phone_numbers, numbers_in_text

# No database or cache of the run's own: checked once, in the SQLite pass
# (the PostgreSQL pass, make test-postgres, leaves it out).
pytestmark = pytest.mark.same_on_every_database


def links(markup):
    """(href, text) of every link in the linked markup."""
    return [(a["href"], a.get_text()) for a in BeautifulSoup(link_phone_numbers(markup), "html.parser").find_all("a")]


@pytest.mark.parametrize(
    ("markup", "expected"),
    [
        ("<p>Call <strong>999</strong> now and ask for the police.</p>", [("tel:999", "999")]),
        ("<p>Contact the police on <strong>101</strong>.</p>", [("tel:101", "101")]),
        ("<p>Use textphone <strong>18000</strong>.</p>", [("tel:18000", "18000")]),
        ("<p>Textphone 18001 101.</p>", [("tel:18001101", "18001 101")]),
        ("<p>The NSPCC Helpline on <strong>0808 800 5000</strong>.</p>", [("tel:+448088005000", "0808 800 5000")]),
        # The link text is the number as written, whatever grouping the editor used.
        ("<p>Stop It Now! on <strong>0808 1000 900</strong>.</p>", [("tel:+448081000900", "0808 1000 900")]),
        ("<p>Crimestoppers on 0800 555 111 or online.</p>", [("tel:+44800555111", "0800 555 111")]),
        ("<p>Childline free on <b>0800 1111</b>.</p>", [("tel:+448001111", "0800 1111")]),
        ("<p>(0808 800 5000)</p>", [("tel:+448088005000", "0808 800 5000")]),
        ("<p>From abroad: +44 808 800 5000.</p>", [("tel:+448088005000", "+44 808 800 5000")]),
        ("<p>0808&nbsp;800&nbsp;5000</p>", [("tel:+448088005000", "0808\u00a0800\u00a05000")]),
        ("<p>Call 999, then 101.</p>", [("tel:999", "999"), ("tel:101", "101")]),
        # Only the number: "0800 1111 24 hours" is not the valid 0800 111124.
        ("<p>Call 0800 1111 24 hours a day.</p>", [("tel:+448001111", "0800 1111")]),
        # libphonenumber reads hyphens as separators: this is the NSPCC's number, so it is linked.
        ("<p>0808-800-5000</p>", [("tel:+448088005000", "0808-800-5000")]),
        (
            "<p>Call 0800 1111 0808 800 5000</p>",
            [("tel:+448001111", "0800 1111"), ("tel:+448088005000", "0808 800 5000")],
        ),
        ("<p>Textphone 18001 0808 800 5000.</p>", [("tel:1800108088005000", "18001 0808 800 5000")]),
        # A number to text is an sms: link, as the directory's "Emergency SMS" is.
        (
            "<p>You can text <strong>999</strong>. (To register, text “register” to 999.)</p>",
            [("sms:999", "999"), ("sms:999", "999")],
        ),
        ("<p>Text or call 999.</p>", [("tel:999", "999")]),
        ("<p>Call 999.</p><p>Text the word “help”. Call 101.</p>", [("tel:999", "999"), ("tel:101", "101")]),
    ],
)
def test_numbers_in_text_become_links(markup, expected):
    assert links(markup) == expected


@pytest.mark.parametrize(
    "text",
    [
        "in force across England and Wales since 2011",
        "piloted from September 2008 in four police force areas",
        "since 14 March 2016",
        "on 12/03/2024 or 12.03.2024 or 2024-03-12",
        "under section 101 of the Act, s. 999, § 111, page 112, paragraph 105, PO Box 999",
        "costs £999 or 999p or 101%",
        "101.5, 1,999, 999,000, 10:30, 101-105, 101–105",
        "1-2-1 chat",
        "a record of 12345 or 0121 234",
        "room101 or abc999 or 999th",
        "over 100 people, 118 118 or 123",  # UK short codes, but not ones the site links
        "0800 555 11, 0909 879 0000, 0700 123 4567, +1 555 123 4567",  # wrong, costly, personal, not UK
        "01.02.2024 or 0800.1111",
    ],
)
def test_numbers_that_are_not_phone_numbers_stay_text(text):
    markup = f"<p>{text}</p>"
    assert link_phone_numbers(markup) == markup


def test_numbers_in_links_attributes_and_code_are_left_alone():
    markup = (
        '<p><a href="https://example.org/999">Call 999 here</a> <img alt="Call 101" src="/101.png">'
        '<span title="0808 800 5000" data-n="999">x</span> <code>999</code> <!-- 999 --></p>'
        "<script>var n = '999 <b>';</script><style>p::after { content: '999'; }</style>"
    )
    assert link_phone_numbers(markup) == markup


def test_the_rest_of_the_markup_is_kept():
    markup = (
        '<p class="lead" data-x=\'a "b"\'>Tom &amp; Jerry’s <em>rules</em>: 1 &lt; 2, call '
        '<strong>999</strong>.<br/>Then <a href="/x">go</a>.</p>'
    )
    linked = link_phone_numbers(markup)
    assert linked == markup.replace(
        "<strong>999</strong>", '<strong><a href="tel:999" class="contact-method__number">999</a></strong>'
    )


def test_text_that_looks_like_markup_stays_escaped():
    assert link_phone_numbers("<p>&lt;script&gt;alert(1)&lt;/script&gt; 0800 1111</p>") == (
        "<p>&lt;script&gt;alert(1)&lt;/script&gt; "
        '<a href="tel:+448001111" class="contact-method__number">0800 1111</a></p>'
    )


def test_links_look_like_the_service_cards_numbers():
    link = BeautifulSoup(link_phone_numbers("<p>Call 999.</p>"), "html.parser").a
    assert link["class"] == ["contact-method__number"]  # as in includes/_contact_methods.html
    assert set(link.attrs) == {"href", "class"}  # no inline style or script (CSP)


def test_text_without_numbers_is_returned_as_it_came():
    for markup in ["", "<p>No numbers here.</p>", "<p>Only 12 or 2 digits</p>"]:
        assert link_phone_numbers(markup) is markup


# numbers_in_text: what the content checks report ------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Call 0800 555 11 now.", [FoundNumber("0800 555 11", False, "This number is one digit short.")]),
        ("Call 020 7946 000.", [FoundNumber("020 7946 000", False, "This number is one digit short.")]),
        ("Ring 0808 800 50000.", [FoundNumber("0808 800 50000", False, "This number has one digit too many.")]),
        ("Ring +1 555 123 4567.", [FoundNumber("+1 555 123 4567", False, "This is not a UK phone number.")]),
        ("Or +33 1 23 45 67 89", [FoundNumber("+33 1 23 45 67 89", False, "This is not a UK phone number.")]),
        ("Call 01632 960000.", [FoundNumber("01632 960000", False, "This number is not in use in the UK.")]),
        (
            "Call 0909 879 0000.",
            [FoundNumber("0909 879 0000", False, "Numbers starting 09, 084 or 087 cost callers extra.")],
        ),
        (
            "Call 0700 123 4567.",
            [FoundNumber("0700 123 4567", False, "070 numbers are personal numbers that can be forwarded anywhere.")],
        ),
        ("Textphone 18001 12345.", [FoundNumber("18001 12345", False, "This is not a UK phone number.")]),
        (
            "Textphone 18001 0800 555 11.",
            [FoundNumber("18001 0800 555 11", False, "This number is one digit short.")],
        ),
        # The wrong number as far as its last short group, not the hours after it.
        ("Call 0800 555 11 24 hours a day.", [FoundNumber("0800 555 11", False, "This number is one digit short.")]),
    ],
)
def test_wrong_numbers_are_found_with_a_reason(text, expected):
    assert numbers_in_text(text) == expected


def test_good_numbers_are_found_in_order_as_written():
    text = (
        "Call 999, then 101. NSPCC: 0808 800 5000 (or 0808\u00a0800\u00a05000, +44 808 800 5000, 0808-800-5000). "
        "Samaritans 116 123. Textphone 18000, 18001 101 or 18001 0808 1000 900. Childline 0800 1111 24 hours."
    )
    assert numbers_in_text(text) == [
        FoundNumber(written, True, "")
        for written in [
            "999", "101", "0808 800 5000", "0808\u00a0800\u00a05000", "+44 808 800 5000", "0808-800-5000",
            "116 123", "18000", "18001 101", "18001 0808 1000 900", "0800 1111",
        ]
    ]  # fmt: skip


@pytest.mark.parametrize(
    "text",
    [
        "Updated in 2024, since 2011, on 14 March 2016.",
        "On 12/03/2024, 12.03.2024, 01.02.2024 or 2024-03-12.",
        "Open 8am-10pm, Monday to Friday 9am to 5pm, or 10:30 to 18:00.",
        "It costs £9.99, £1,000 or £999, or 999p.",
        "Postcode SW1A 2AA or EC1A 1BB.",
        "Use version 2, version 2.3.1 or version 101.",
        "Over 100 people, 12345 reports, 1-2-1 chat, 101-105 and 1,999.",
        "Under section 101, page 999, PO Box 111.",
        "room101, abc999, 999th.",
        "116 006 and 118 118",  # a 116 number not in service, directory enquiries: not numbers the site uses
    ],
)
def test_what_is_not_a_phone_number_is_not_found(text):
    assert numbers_in_text(text) == []


def test_the_numbers_found_valid_are_the_numbers_linked():
    text = "Call 999 or 0808 800 5000, not 0800 555 11 or 0909 879 0000. Textphone 18001 101. Since 2011."
    found = numbers_in_text(text)
    assert [number.text for number in found if number.valid] == [text for _, text in links(f"<p>{text}</p>")]
    assert [number.text for number in found if not number.valid] == ["0800 555 11", "0909 879 0000"]
