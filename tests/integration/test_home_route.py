"""The home page is the route: "What should I do?" and the situations first, and only one page by that name."""

import re

from safeguarding_site.directory.models import Situation
from tests.helpers import soup, text_of

WHAT_SHOULD_I_DO = re.compile(r"what should i do\?", re.IGNORECASE)


def test_home_lists_every_situation_before_the_introduction(client, site_content):
    main = soup(client.get("/")).find("main")
    block = main.find("nav", class_="situations")
    assert block is not None, "the home page has no situations block"
    heading = block.find("h2")
    assert text_of(heading) == "What should I do?"
    assert block["aria-labelledby"] == heading["id"]
    links = block.find_all("a")
    assert [(a["href"], text_of(a)) for a in links] == [
        (f"/what-should-i-do/{situation.slug}/", situation.title) for situation in Situation.objects.all()
    ]
    assert links[0]["href"] == "/what-should-i-do/child-in-danger-now/"
    assert "situation-choice--emergency" in links[0].parent["class"]
    # Straight after the title, and the introduction after it.
    assert main.find(["h1", "h2", "p", "ul", "div", "nav"]) == main.h1
    assert main.h1.find_next_sibling() == block
    lead = main.find(class_="lead")
    assert lead.find_previous("nav", class_="situations") == block


def test_the_home_pages_situation_links_lead_to_their_pages(client, site_content):
    block = soup(client.get("/")).find("nav", class_="situations")
    for link in block.find_all("a"):
        page = soup(client.get(link["href"]))
        assert text_of(page.h1) == text_of(link), link["href"]


def test_an_editors_new_situation_is_on_the_home_page(client, site_content):
    Situation.objects.create(title="Something new", slug="something-new", position=99)
    block = soup(client.get("/")).find("nav", class_="situations")
    assert block.find("a", href="/what-should-i-do/something-new/", string="Something new")


def test_only_one_page_answers_to_what_should_i_do_in_navigation(client, site_content):
    # Guide part 3 keeps the leaflet's question as its title, on its own page;
    # wherever a link leads to it, it goes by its menu title.
    part_3 = "/guide/if-you-are-worried-about-someone/"
    assert WHAT_SHOULD_I_DO.search(text_of(soup(client.get(part_3)).h1))
    for path in ["/", "/guide/what-information-can-i-get/", part_3, "/what-should-i-do/"]:
        page = soup(client.get(path))
        for nav in page.find_all("nav"):
            if "guide-contents" in nav.get("class", []):
                continue  # the guide's own table of contents: the leaflet's section titles
            for link in nav.find_all("a"):
                if WHAT_SHOULD_I_DO.search(text_of(link)):
                    assert link["href"] == "/what-should-i-do/", f"{path}: {text_of(link)!r} leads to {link['href']}"
    routes = soup(client.get("/")).find("nav", class_="routes")
    assert text_of(routes.find("a", href=part_3)) == "If you are worried about someone"
    following = soup(client.get("/guide/what-information-can-i-get/")).find("a", rel="next")
    assert following["href"] == part_3
    assert text_of(following) == "Next part If you are worried about someone"
