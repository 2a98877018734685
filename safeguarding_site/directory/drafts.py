"""Drafts of directory entries: an Editor's save waits for a Publisher, and nobody's work is lost.

A directory entry is a service (with its contact methods) or a situation (with
its services and "What should I do?" steps), edited on one admin screen. When
an Editor saves that screen, the admin saves it as usual inside a transaction,
reads back the entry as saved, rolls the transaction back and keeps what it
read as the entry's DirectoryDraft: visitors see no change. A Publisher
compares the draft with what visitors see now (``compare``), then publishes it
(``publish``: one transaction, one django-reversion version, so it can be
reverted like any change) or discards it. Publishers' own saves are live at
once, as before.

An entry has one open draft at most. Every Editor who opens the entry gets the
draft's values in the form (``open_in_database`` writes them over the entry in
a transaction that is rolled back once the form is shown or saved), and saving
updates that draft. Each draft keeps ``base``: the entry as visitors saw it
when the draft began or was last brought up to date (a ``snapshot``, in the
same shape as the draft; a snapshot rather than only a django-reversion version
because it can be compared with what visitors see whatever made the change).
When visitors see something else, the draft is out of date: it is not
published, and reopening it applies the draft's own changes to what visitors
see now (``rebased``), after which it starts from there.

A new entry has no id: its draft is reopened on the add page with
``?draft=<id>`` (``new_entry_draft``), the draft's values as the form's starting ones.

``EntryState`` is what a form was opened on (what visitors see and the open
draft, as a short token in the form): a save made after either changed is
refused, naming who changed it and when, with everything typed kept.

The draft holds the entry's fields and, for each inline on its screen, the
objects in it; an object that did not exist before the Editor's save has no
primary key (so publishing creates it), and an object left out is deleted when
the draft is published.
"""

import hashlib
import html
import json
import re
from functools import cached_property

import reversion
from django.apps import apps
from django.contrib.admin.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.core import serializers
from django.core.exceptions import ObjectDoesNotExist, ValidationError
from django.core.serializers.json import DjangoJSONEncoder
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import strip_tags
from djangocms_text.fields import HTMLField
from reversion.models import Version

from .models import DirectoryDraft

PUBLISH_PERMISSION = "directory.publish_directorydraft"


class DraftError(Exception):
    """A draft that cannot be published as it stands (the entry was deleted, it now clashes, or it is out of date)."""


class LostRace(Exception):
    """Another save reached the entry's draft first."""


def can_publish(user):
    return user.has_perm(PUBLISH_PERMISSION)


def inline_relations(model_admin, request):
    """[(model, name of its foreign key to the entry)] for each inline on the entry's screen."""
    return [
        (inline.model, foreign_key_to(inline.model, model_admin.model))
        for inline in model_admin.get_inline_instances(request)
    ]


def foreign_key_to(model, entry_model):
    """The name of ``model``'s foreign key to the entry it belongs to."""
    return next(
        field.name for field in model._meta.get_fields() if field.many_to_one and field.related_model is entry_model
    )


def relations_of(data):
    return [(apps.get_model(relation["model"]), relation["fk"]) for relation in data["related"]]


def serialized(obj, without=()):
    """One object as Django's JSON serializer writes it, leaving out the fields in ``without``."""
    item = json.loads(serializers.serialize("json", [obj]))[0]
    for name in without:
        item["fields"].pop(name, None)
    return item


def snapshot(model, object_id, relations):
    """The entry as it stands in the database, in a draft's shape (rows by primary key); None if it is gone."""
    entry = model.objects.filter(pk=object_id).first()
    if entry is None:
        return None
    return {
        "object": serialized(entry),
        "related": [
            {
                "model": rel_model._meta.label_lower,
                "fk": fk,
                "objects": [
                    serialized(row, without=(fk,)) for row in rel_model.objects.filter(**{fk: entry}).order_by("pk")
                ],
            }
            for rel_model, fk in relations
        ],
    }


def digest(value):
    return hashlib.sha256(json.dumps(value, sort_keys=True, cls=DjangoJSONEncoder).encode()).hexdigest()[:24]


def draft_digest(draft):
    return digest([draft.pk, draft.data, draft.base]) if draft is not None else "none"


def open_draft(model, object_id):
    """The entry's open draft, or None."""
    if object_id is None:
        return None
    return (
        DirectoryDraft.objects.select_related("created_by", "updated_by")
        .filter(content_type=ContentType.objects.get_for_model(model), object_id=object_id)
        .first()
    )


def new_entry_draft(model, draft_id):
    """The draft of a new ``model`` entry (one with no entry yet) with this id, or None."""
    if draft_id is None:
        return None
    return (
        DirectoryDraft.objects.select_related("created_by", "updated_by")
        .filter(pk=draft_id, content_type=ContentType.objects.get_for_model(model), object_id__isnull=True)
        .first()
    )


def new_entry_drafts(model):
    """Drafts of new ``model`` entries, oldest first: they are in no list of entries until published."""
    return DirectoryDraft.objects.select_related("created_by", "updated_by").filter(
        content_type=ContentType.objects.get_for_model(model), object_id__isnull=True
    )


def latest_version(model, object_id):
    """The entry's newest django-reversion version (who last changed what visitors see, and when), or None."""
    if object_id is None:
        return None
    return Version.objects.get_for_object_reference(model, object_id).select_related("revision__user").first()


def who(user, nobody="an editor who no longer has an account"):
    return user.get_username() if user is not None else nobody


def when(moment):
    return date_format(timezone.localtime(moment), "j F Y, H:i")


class Capture:
    """Reads an entry around an Editor's save: what existed before, then what the save made."""

    def __init__(self, model_admin, request, object_id):
        self.model = model_admin.model
        self.relations = inline_relations(model_admin, request)
        self.object_id = int(object_id) if object_id is not None else None
        self.existing = {}
        for model, fk in self.relations:
            rows = model.objects.filter(**{fk: self.object_id}) if self.object_id is not None else model.objects.none()
            self.existing[model] = set(rows.values_list("pk", flat=True))
        self.data = None
        self.title = ""

    def read(self, obj):
        """Called once the admin has saved ``obj`` and its inlines (in the transaction about to be undone)."""
        item = serialized(obj)
        if self.object_id is None:
            item["pk"] = None
        related = []
        for model, fk in self.relations:
            objects = []
            for row in model.objects.filter(**{fk: obj}):
                row_item = serialized(row, without=(fk,))
                if row_item["pk"] not in self.existing[model]:
                    row_item["pk"] = None  # new: published as a new object
                objects.append(row_item)
            related.append({"model": model._meta.label_lower, "fk": fk, "objects": objects})
        self.data = {"object": item, "related": related}
        self.title = str(obj)


class EntryState:
    """What an entry's form is opened on: what visitors see of it and its open draft.

    ``token`` goes into the form; a save whose token is no longer the current
    one lost a race, and ``changed_since`` says who changed what, and when.
    Read lazily, so that a Publisher's save reads it inside the admin's own
    transaction; an Editor's is read before the draft is written over the entry.
    """

    def __init__(self, model, object_id, relations, watch_draft=True, new_draft_id=None):
        self.model = model
        self.object_id = int(object_id) if object_id is not None else None
        self.relations = relations
        self.watch_draft = watch_draft  # a Publisher's live save overwrites no draft: only what visitors see counts
        self.new_draft_id = new_draft_id  # a new entry's draft, reopened (a new entry has no id to find it by)

    @cached_property
    def live(self):
        return snapshot(self.model, self.object_id, self.relations) if self.object_id is not None else None

    @cached_property
    def draft(self):
        if self.object_id is None:
            return new_entry_draft(self.model, self.new_draft_id)
        return open_draft(self.model, self.object_id)

    def read(self):
        """Read both now (they are kept): what the form is opened on."""
        return self.live, self.draft

    @property
    def token(self):
        return f"{digest(self.live)}.{draft_digest(self.draft) if self.watch_draft else '-'}"

    def changed_since(self, seen):
        """None if ``seen`` is the current token, else who changed what since (plain words)."""
        if not seen or seen == self.token:
            return None
        seen_live, _, seen_draft = seen.partition(".")
        kind = self.model._meta.verbose_name
        changes = []
        if seen_live != digest(self.live):
            version = latest_version(self.model, self.object_id)
            if self.live is None:
                changes.append(f"this {kind} was deleted")
            elif version is not None:
                comment = version.revision.get_comment().strip().rstrip(".")
                changes.append(
                    f"{who(version.revision.user, 'someone')} changed what visitors see of this {kind}"
                    f" ({when(version.revision.date_created)}{': ' + comment if comment else ''})"
                )
            else:
                changes.append(f"what visitors see of this {kind} changed")
        if self.watch_draft and seen_draft != draft_digest(self.draft):
            if self.draft is not None:
                changes.append(
                    f"{who(self.draft.updated_by)} saved the draft of this {kind} ({when(self.draft.updated_at)})"
                )
            else:
                changes.append(f"the draft of this {kind} was {self.how_the_draft_ended()}")
        return " and ".join(changes) or f"this {kind} changed"

    def how_the_draft_ended(self):
        if self.object_id is None:
            return "published or discarded"
        logged = (
            LogEntry.objects.filter(
                content_type=ContentType.objects.get_for_model(self.model), object_id=str(self.object_id)
            )
            .select_related("user")
            .order_by("-action_time", "-pk")
            .first()
        )
        if logged is not None and logged.change_message.startswith(("Published a draft", "Discarded a draft")):
            verb = "published" if logged.change_message.startswith("Published") else "discarded"
            return f"{verb} by {who(logged.user)} ({when(logged.action_time)})"
        return "published or discarded"


def build(item):
    """An unsaved model instance from a serialized item (its primary key as stored: None for a new one)."""
    obj = next(serializers.deserialize("json", json.dumps([item]), ignorenonexistent=True)).object
    obj.pk = item["pk"]
    return obj


def stored_with(model, item):
    """The stored object ``item`` describes, with the item's values; a new object if it has none or is gone."""
    built = build(item)
    stored = model.objects.filter(pk=item["pk"]).first() if item["pk"] is not None else None
    if stored is None:
        built.pk = None
        return built
    for field in model._meta.concrete_fields:
        if not field.primary_key:
            setattr(stored, field.attname, getattr(built, field.attname))
    return stored


def entry_model(draft):
    return draft.content_type.model_class()


def live_entry(draft):
    if draft.object_id is None:
        return None
    return entry_model(draft).objects.filter(pk=draft.object_id).first()


def live_snapshot(draft):
    if draft.object_id is None:
        return None
    return snapshot(entry_model(draft), draft.object_id, relations_of(draft.data))


def is_out_of_date(draft, live):
    """Whether visitors see something else than when the draft began (``live``: live_snapshot(draft))."""
    if draft.object_id is None or live is None:
        return False
    return draft.base is None or draft.base != live


def rows_by_pk(data, label):
    """{primary key: item} for the rows of one kind (a model's label) in a draft or snapshot."""
    found = next((relation for relation in data["related"] if relation["model"] == label), {"objects": []})
    return {item["pk"]: item for item in found["objects"]}


def rebased(draft, live):
    """The draft's own changes (from its base) applied to ``live``: what an editor reopening it starts from.

    A detail the draft changed keeps the draft's value; any other detail, and
    rows added for visitors since, are as visitors see them now. A row removed
    for visitors since comes back (as new) only if the draft changed it.
    """
    base = draft.base
    if base is None or live is None or base == live:
        return draft.data

    def merged(ours, theirs, start):
        return {
            name: value if start is None or value != start.get(name) else theirs.get(name, value)
            for name, value in ours.items()
        }

    data = {
        "object": {**draft.data["object"], "fields": merged(
            draft.data["object"]["fields"], live["object"]["fields"], base["object"]["fields"]
        )},
        "related": [],
    }  # fmt: skip
    for relation in draft.data["related"]:
        base_rows, live_rows = rows_by_pk(base, relation["model"]), rows_by_pk(live, relation["model"])
        objects = []
        for item in relation["objects"]:
            pk, start = item["pk"], base_rows.get(item["pk"], {}).get("fields")
            if pk is None:
                objects.append(item)
            elif pk in live_rows:
                objects.append({**item, "fields": merged(item["fields"], live_rows[pk]["fields"], start)})
            elif start is None or item["fields"] != start:
                objects.append({**item, "pk": None})  # removed for visitors, but changed in the draft
        objects += [item for pk, item in live_rows.items() if pk not in base_rows]  # added for visitors since
        data["related"].append({**relation, "objects": objects})
    return data


def open_in_database(draft, live):
    """Write the draft (rebased on ``live``) over its entry, in a transaction the caller rolls back.

    Then the admin's form shows the draft. Rows the draft adds have no row in
    the database yet: returned as {model: [field values]}, for the form's new rows.
    """
    data = rebased(draft, live)
    model = entry_model(draft)
    entry = stored_with(model, {**data["object"], "pk": draft.object_id})
    entry.save()
    new_rows = {}
    for relation in data["related"]:
        rel_model = apps.get_model(relation["model"])
        fk_attname = rel_model._meta.get_field(relation["fk"]).attname
        kept = {item["pk"] for item in relation["objects"] if item["pk"] is not None}
        rel_model.objects.filter(**{fk_attname: entry.pk}).exclude(pk__in=kept).delete()
        stored = set(rel_model.objects.filter(**{fk_attname: entry.pk}).values_list("pk", flat=True))
        new_rows[rel_model] = []
        for item in relation["objects"]:
            if item["pk"] in stored:
                row = stored_with(rel_model, item)
                setattr(row, fk_attname, entry.pk)
                row.save()
            else:
                new_rows[rel_model].append(item["fields"])
    return new_rows


def save_draft(capture, user, state):
    """Make the entry's draft from what the Editor saved, or update its open draft; raise LostRace if beaten to it.

    It starts from what visitors see now (``state.live``): the form was checked
    against it, and rebased on it when the draft was out of date.
    """
    version = latest_version(capture.model, capture.object_id)
    values = {
        "title": capture.title[:300],
        "data": capture.data,
        "base": state.live,
        "base_version": version,
        "updated_by": user,
        "updated_at": timezone.now(),
    }
    if state.draft is None:
        try:
            with transaction.atomic():
                return DirectoryDraft.objects.create(
                    content_type=ContentType.objects.get_for_model(capture.model),
                    object_id=capture.object_id,
                    created_by=user,
                    created_at=values["updated_at"],
                    **values,
                )
        except IntegrityError as error:  # one_open_draft_per_entry: another editor's save made it first
            raise LostRace from error
    updated = DirectoryDraft.objects.filter(pk=state.draft.pk, updated_at=state.draft.updated_at).update(**values)
    if not updated:
        raise LostRace
    return DirectoryDraft.objects.get(pk=state.draft.pk)


def readable(markup):
    """Rich text as the words a visitor reads, a line per paragraph or list item."""
    text = re.sub(r"(?i)<br\s*/?>|</(?:p|li|h[1-6]|div|blockquote|tr)>", "\n", str(markup))
    lines = (" ".join(line.split()) for line in html.unescape(strip_tags(text)).splitlines())
    return "\n".join(line for line in lines if line)


def describe(field, obj):
    """A field's value as an editor reads it: choices by label, yes/no, related objects by name, text for HTML."""
    if field.choices:
        return dict(field.flatchoices).get(getattr(obj, field.attname), getattr(obj, field.attname))
    if field.many_to_one:
        try:
            related = getattr(obj, field.name, None)
        except ObjectDoesNotExist:  # deleted since the draft was made
            return "(deleted)"
        return str(related) if related is not None else ""
    value = getattr(obj, field.attname)
    if isinstance(field, HTMLField):
        return readable(value or "")
    if hasattr(field, "in_words"):  # a structured value read as words: a contact method's opening hours
        return field.in_words(value)
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if hasattr(value, "isoformat") and not hasattr(value, "hour"):
        return date_format(value, "j F Y")
    return "" if value is None else str(value)


def compared(field, before, after):
    """(now, then) as an editor reads them, or None if a visitor would see no difference."""
    old, new = describe(field, before), describe(field, after)
    if old != new:
        return old, new
    if isinstance(field, HTMLField) and " ".join(str(getattr(before, field.attname) or "").split()) != " ".join(
        str(getattr(after, field.attname) or "").split()
    ):
        return old, f"{new}\n(the same words, formatted differently)"
    return None


def name_of(obj):
    """An object's name as the admin shows it, even when it points at something deleted since."""
    try:
        return str(obj)
    except ObjectDoesNotExist:
        return f"{obj._meta.verbose_name} naming something deleted since the draft was made"


def compared_fields(model, exclude=()):
    return [
        field
        for field in model._meta.concrete_fields
        if not field.primary_key and field.editable and field.name not in exclude
    ]


def described(fields, obj):
    """(label, words) for each of ``fields`` that ``obj`` gives a value."""
    return [(str(field.verbose_name).capitalize(), words) for field in fields if (words := describe(field, obj))]


def compare(model, before, after):
    """What changes from ``before`` to ``after`` (each a draft's data or a snapshot; ``before`` None: a new entry).

    {"fields": [(label, before, after)], "related": [(title, [(change, before, after, details)])],
    "any": whether anything differs}, with change "added", "removed" or
    "changed"; details are (label, before, after) for what differs, and for an
    added or removed row, its rich text and opening hours.
    """
    old_entry = build(before["object"]) if before is not None else None
    new_entry = build(after["object"])
    fields = []
    for field in compared_fields(model):
        if old_entry is None:
            fields.append((str(field.verbose_name).capitalize(), "", describe(field, new_entry)))
        elif (difference := compared(field, old_entry, new_entry)) is not None:
            fields.append((str(field.verbose_name).capitalize(), *difference))
    related = []
    for relation in after["related"]:
        rel_model = apps.get_model(relation["model"])
        fk = relation["fk"]
        old_rows = {}
        if before is not None:
            old_rows = {pk: build(item) for pk, item in rows_by_pk(before, relation["model"]).items()}
        for row in old_rows.values():
            setattr(row, fk, old_entry)  # for its name
        # Shown for a row added or removed, beyond its name: its rich text and its opening hours.
        rich = [
            field
            for field in compared_fields(rel_model, exclude=(fk,))
            if isinstance(field, HTMLField) or hasattr(field, "in_words")
        ]
        changes = []
        kept = set()
        for item in relation["objects"]:
            row = build(item)
            setattr(row, fk, new_entry)
            if item["pk"] is not None and item["pk"] in old_rows:
                kept.add(item["pk"])
                old = old_rows[item["pk"]]
                details = [
                    (str(field.verbose_name).capitalize(), *difference)
                    for field in compared_fields(rel_model, exclude=(fk,))
                    if (difference := compared(field, old, row)) is not None
                ]
                if details:
                    changes.append(("changed", name_of(old), name_of(row), details))
            else:
                details = [(label, "", words) for label, words in described(rich, row)]
                changes.append(("added", "", name_of(row), details))
        for pk, row in old_rows.items():
            if pk not in kept:
                details = [(label, words, "") for label, words in described(rich, row)]
                changes.append(("removed", name_of(row), "", details))
        related.append((str(rel_model._meta.verbose_name_plural).capitalize(), changes))
    return {"fields": fields, "related": related, "any": bool(fields) or any(changes for _, changes in related)}


def versions_since(draft):
    """The versions visitors have seen of the entry since the draft began, newest first."""
    if draft.object_id is None:
        return []
    versions = Version.objects.get_for_object_reference(entry_model(draft), draft.object_id).select_related(
        "revision__user"
    )
    if draft.base_version_id is not None:
        versions = versions.filter(pk__gt=draft.base_version_id)
    elif draft.base is None:
        versions = versions.filter(revision__date_created__gt=draft.created_at)
    return list(versions)


def publish(draft, user, seen=None):
    """Make the draft what visitors see, in one transaction and one version; the draft is then deleted.

    Raises DraftError (and changes nothing) when the entry has been deleted
    since the draft was made, has changed for visitors since the draft began,
    or the draft now clashes with another entry; LostRace when the draft is no
    longer the one seen (``seen``: its draft_digest when the publisher looked).
    """
    model = entry_model(draft)
    with transaction.atomic(), reversion.create_revision():
        draft = DirectoryDraft.objects.select_related("created_by").filter(pk=draft.pk).first()
        if draft is None or (seen is not None and draft_digest(draft) != seen):
            raise LostRace
        author = who(draft.created_by, "an editor")
        reversion.set_user(user)
        reversion.set_comment(f"Published the draft by {author} of {when(draft.created_at)}")
        if draft.object_id is not None:
            live = live_snapshot(draft)
            if live is None:
                raise DraftError("This entry has been deleted since the draft was made.")
            if is_out_of_date(draft, live):
                raise DraftError(
                    "What visitors see has changed since this draft began, and publishing it would undo that."
                    " An editor opens the draft to bring it up to date, or a publisher discards it."
                )
            entry = stored_with(model, {**draft.data["object"], "pk": draft.object_id})
        else:
            entry = build(draft.data["object"])
        _check(entry)
        entry.save()
        for relation in draft.data["related"]:
            rel_model = apps.get_model(relation["model"])
            fk_attname = rel_model._meta.get_field(relation["fk"]).attname
            kept = {item["pk"] for item in relation["objects"] if item["pk"] is not None}
            # Removed ones first: a row removed and added again must not clash with itself.
            rel_model.objects.filter(**{fk_attname: entry.pk}).exclude(pk__in=kept).delete()
            for item in relation["objects"]:
                row = stored_with(rel_model, item)  # new if it has no primary key, or was deleted meanwhile
                setattr(row, fk_attname, entry.pk)
                _check(row)
                row.save()
        draft.delete()
    return entry


def _check(obj):
    try:
        obj.full_clean()
    except ValidationError as error:
        messages = [message for messages in error.message_dict.values() for message in messages]
        raise DraftError(" ".join(messages)) from error
