"""What a search looks through: published pages, situations with their steps, and services.

Each worker keeps an index in memory: every document's words, stemmed with the
Snowball English stemmer (snowballstemmer), by field (title, summary and
headings, body). It is built from the database when the content version
(pages/cache.py) has changed since, so a publish, a directory change or a
new synonym is searched on the next request, and at most SEARCH_INDEX_MAX_AGE
seconds later for anything no signal announces. A search itself reads no table
and sends nothing to the database, so the words typed are never in a database
or its logs. docs/search.md explains the choices.
"""

import functools
import math
import time
import unicodedata
from collections import Counter, defaultdict
from dataclasses import dataclass
from html.parser import HTMLParser

import snowballstemmer
from cms.models import CMSPlugin, Page, PageContent, PagePermission
from cms.plugin_pool import plugin_pool
from cms.utils.conf import get_cms_setting
from cms.utils.page_permissions import user_can_view_page
from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.contrib.contenttypes.models import ContentType
from django.urls import NoReverseMatch, reverse
from django.utils.text import Truncator
from django.utils.translation import get_language

from safeguarding_site.directory.models import Service, Situation
from safeguarding_site.pages.cache import content_version
from safeguarding_site.pages.frame import site_tree

from .models import ONE_WORD, Synonym, split_words

TITLE, SUMMARY, BODY = range(3)
# A word in a title counts ten times one in the body; a heading or summary four times.
WEIGHTS = (10.0, 4.0, 1.0)
SYNONYM_WEIGHT = 0.5  # a synonym's match counts half the word's own
MAX_TERMS = 12  # words of a query searched for; the rest are ignored
MAX_RESULTS = 30
DESCRIPTION_WORDS = 30
# Words too common to say what a page is about; left out of a query unless it has nothing else.
STOP_WORDS = frozenset({
    "a", "about", "am", "an", "and", "are", "as", "at", "be", "but", "by", "can", "could", "do", "does",
    "for", "from", "get", "had", "has", "have", "he", "her", "him", "his", "how", "i", "if", "in", "into",
    "is", "it", "its", "me", "my", "of", "on", "or", "our", "she", "should", "so", "than", "that", "the",
    "their", "them", "then", "there", "they", "this", "to", "us", "was", "we", "what", "when", "where",
    "which", "who", "why", "will", "with", "would", "you", "your",
})  # fmt: skip

KINDS = {  # kind: (label shown with a result, order among equal scores)
    "situation": ("What should I do?", 0),
    "service": ("Who to contact", 1),
    "page": ("Page", 2),
}

STEMMER = snowballstemmer.stemmer("english")


def words(text):
    """The words of ``text``, lower case, without accents; curly apostrophes made straight."""
    text = unicodedata.normalize("NFKD", text.replace("\u00ad", "").replace("’", "'").replace("‘", "'"))
    text = "".join(char for char in text if not unicodedata.combining(char)).casefold()
    return ONE_WORD.findall(text.replace("-", " "))


@functools.lru_cache(maxsize=20000)
def stem(word):
    return STEMMER.stemWord(word)


def stems(text):
    return [stem(word) for word in words(text)]


class TextOfHTML(HTMLParser):
    """The text of an HTML fragment (a rich-text plugin, a step), its headings apart."""

    HEADINGS = {"h1", "h2", "h3", "h4", "h5", "h6"}
    # Tags that end a word: without a space, "<p>one</p><p>two</p>" would read as "onetwo".
    BREAKS = HEADINGS | {"p", "div", "br", "li", "ul", "ol", "dd", "dt", "td", "th", "tr", "blockquote", "section"}

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.in_heading = 0
        self.headings, self.body = [], []

    def handle_starttag(self, tag, attrs):
        self.in_heading += tag in self.HEADINGS
        if tag in self.BREAKS:
            self.body.append(" ")

    def handle_endtag(self, tag):
        if tag in self.HEADINGS and self.in_heading:
            self.in_heading -= 1
            self.headings.append(" ")
        if tag in self.BREAKS:
            self.body.append(" ")

    def handle_data(self, data):
        (self.headings if self.in_heading else self.body).append(data)

    @classmethod
    def read(cls, markup):
        """(headings, body) as plain text."""
        parser = cls()
        parser.feed(markup or "")
        parser.close()
        return " ".join("".join(parser.headings).split()), " ".join("".join(parser.body).split())


@dataclass
class Document:
    """One thing a search can find, with its words counted per field."""

    kind: str
    title: str
    url: str
    description: str
    counts: tuple  # (title, summary, body): Counter of stems each

    @classmethod
    def make(cls, kind, title, url, description, title_text, summary_text, body_text):
        counts = (Counter(stems(title_text)), Counter(stems(summary_text)), Counter(stems(body_text)))
        description = description or Truncator(body_text).words(DESCRIPTION_WORDS)
        return cls(kind, title, url, description, counts)

    @property
    def label(self):
        return KINDS[self.kind][0]


# Plugins' text fields: djangocms-text declares ``search_fields`` on its model; for ours, here.
PLUGIN_TEXT_FIELDS = {"pages.updatenote": ("heading", "body")}


def plugin_text_fields(plugin_type):
    try:
        model = plugin_pool.get_plugin(plugin_type).model
    except KeyError:  # a plugin type no longer installed
        return None, ()
    return model, tuple(getattr(model, "search_fields", ()) or PLUGIN_TEXT_FIELDS.get(model._meta.label_lower, ()))


def plugin_texts(content_pks, language):
    """{page content pk: [(headings, body), ...]}: the text of each published page's plugins, in page order."""
    rows = list(
        CMSPlugin.objects.filter(
            placeholder__content_type=ContentType.objects.get_for_model(PageContent),
            placeholder__object_id__in=content_pks,
            language=language,
        )
        .order_by("placeholder__object_id", "placeholder_id", "position", "pk")
        .values_list("pk", "plugin_type", "placeholder__object_id")
    )
    by_type = defaultdict(list)
    for pk, plugin_type, _content_pk in rows:
        by_type[plugin_type].append(pk)
    values = {}
    for plugin_type, pks in by_type.items():  # one query per plugin type with text (two today)
        model, fields = plugin_text_fields(plugin_type)
        if fields:
            for pk, *texts in model.objects.filter(pk__in=pks).values_list("pk", *fields):
                values[pk] = " ".join(text or "" for text in texts)
    texts = defaultdict(list)
    for pk, _plugin_type, content_pk in rows:
        if pk in values:
            texts[content_pk].append(TextOfHTML.read(values[pk]))
    return texts


def hidden_from_visitors(page_pks):
    """Pages an anonymous visitor may not see (django CMS's view restrictions), of ``page_pks``."""
    if get_cms_setting("PUBLIC_FOR") == "all" and not PagePermission.objects.filter(can_view=True).exists():
        return set()
    visitor = AnonymousUser()
    return {page.pk for page in Page.objects.filter(pk__in=page_pks) if not user_can_view_page(visitor, page)}


def page_documents(request, language):
    # The published tree the page frame reads anyway (frame.py): published contents only.
    tree = site_tree(request, language)
    nodes = {node.content_pk: node for node in tree.pages.values() if node.url is not None}
    if not nodes:
        return []
    details = {
        pk: rest
        for pk, *rest in PageContent.objects.filter(pk__in=list(nodes)).values_list(
            "pk", "page_title", "meta_description", "page__login_required"
        )
    }
    hidden = hidden_from_visitors([node.pk for node in nodes.values()])
    texts = plugin_texts(list(nodes), language)
    documents = []
    for content_pk, node in nodes.items():
        if content_pk not in details:  # unpublished since the tree was read
            continue
        page_title, meta_description, login_required = details[content_pk]
        if login_required or node.pk in hidden:
            continue
        headings = " ".join(heading for heading, _body in texts[content_pk])
        body = " ".join(body for _heading, body in texts[content_pk])
        documents.append(
            Document.make(
                "page",
                node.title,
                node.url,
                meta_description,
                f"{node.title} {node.content.menu_title or ''}",
                f"{page_title or ''} {meta_description or ''} {headings}",
                body,
            )
        )
    return documents


def situation_documents():
    """Each situation's page: its title, summary and steps, when "What should I do?" is published."""
    try:
        reverse("guidance:question")
    except NoReverseMatch:
        return []
    documents = []
    for situation in Situation.objects.prefetch_related("steps"):
        steps = [TextOfHTML.read(step.body) for step in situation.steps.all()]
        documents.append(
            Document.make(
                "situation",
                situation.title,
                reverse("guidance:situation", kwargs={"slug": situation.slug}),
                situation.summary,
                situation.title,
                situation.summary + " " + " ".join(heading for heading, _body in steps),
                " ".join(body for _heading, body in steps),
            )
        )
    return documents


def service_documents():
    """Each service's page in the directory, when the directory is published."""
    documents = []
    for service in Service.objects.all():
        url = service.get_absolute_url()
        if not url:
            continue
        documents.append(
            Document.make(
                "service",
                service.name,
                url,
                service.who_for,
                service.name,
                service.who_for,
                " ".join([service.what_happens, service.opening_hours, service.cost_notes, service.anonymity_notes]),
            )
        )
    return documents


def synonym_groups():
    """{stem: the stems of every word listed with it}, from the editors' synonyms."""
    alternatives = defaultdict(set)
    for listed in Synonym.objects.values_list("words", flat=True):
        group = {word_stem for word in split_words(listed) for word_stem in stems(word)}
        for word_stem in group:
            alternatives[word_stem] |= group - {word_stem}
    return dict(alternatives)


def query_terms(query):
    """The stems searched for: each word once, common words left out unless there is nothing else."""
    typed = words(query)
    kept = [word for word in typed if word not in STOP_WORDS] or typed
    return list(dict.fromkeys(stem(word) for word in kept))[:MAX_TERMS]


class SearchIndex:
    """Documents and, for each stem, the documents it is in with its count per field."""

    def __init__(self, documents, synonyms):
        self.documents = documents
        self.synonyms = synonyms
        self.postings = defaultdict(dict)  # stem -> {document number: (title, summary, body) counts}
        for number, document in enumerate(documents):
            for field, counts in enumerate(document.counts):
                for word_stem, count in counts.items():
                    found = self.postings[word_stem].setdefault(number, [0, 0, 0])
                    found[field] += count

    def search(self, query):
        """The documents matching ``query``, best first: those matching more of its words, then by score.

        A word's score in a document grows with its count in each field, less
        with each further one, weighted by field (WEIGHTS) and by how rare the
        word is across the documents (its inverse document frequency).
        """
        scores, matched = defaultdict(float), defaultdict(int)
        for term in query_terms(query):
            counts = defaultdict(lambda: [0.0, 0.0, 0.0])
            for alternative in {term, *self.synonyms.get(term, ())}:
                weight = 1.0 if alternative == term else SYNONYM_WEIGHT
                for number, found in self.postings.get(alternative, {}).items():
                    total = counts[number]
                    for field in (TITLE, SUMMARY, BODY):
                        total[field] += found[field] * weight
            if not counts:
                continue
            rarity = math.log(1 + len(self.documents) / len(counts))
            for number, total in counts.items():
                scores[number] += rarity * sum(
                    WEIGHTS[field] * total[field] / (total[field] + 1) for field in (TITLE, SUMMARY, BODY)
                )
                matched[number] += 1
        ranked = sorted(
            scores,
            key=lambda number: (
                -matched[number],
                -scores[number],
                KINDS[self.documents[number].kind][1],
                self.documents[number].title,
            ),
        )
        return [self.documents[number] for number in ranked[:MAX_RESULTS]], len(ranked)


def build_index(request, language):
    documents = [*situation_documents(), *service_documents(), *page_documents(request, language)]
    return SearchIndex(documents, synonym_groups())


class IndexCache:
    """This worker's index, rebuilt when the content version moves (or after SEARCH_INDEX_MAX_AGE seconds)."""

    def __init__(self):
        self.key = None
        self.index = None
        self.built_at = 0.0

    def index_for(self, request):
        language = get_language() or settings.LANGUAGE_CODE
        version = content_version()
        key = (version, language, settings.SITE_ID)
        if version is not None and key == self.key and time.monotonic() - self.built_at < settings.SEARCH_INDEX_MAX_AGE:
            return self.index
        index = build_index(request, language)
        if version is not None:  # with the shared cache down, no version says when it is stale: not kept
            self.key, self.index, self.built_at = key, index, time.monotonic()
        return index

    def clear(self):
        self.key = self.index = None


INDEX = IndexCache()
