"""Drafts of directory entries: an Editor's save waits for a Publisher.

A directory entry is a service (with its contact methods) or a situation (with
its services and "What should I do?" steps), edited on one admin screen. When
an Editor saves that screen, the admin saves it as usual inside a transaction,
reads back the entry as saved, rolls the transaction back and keeps what it
read as a DirectoryDraft: visitors see no change. A Publisher compares the
draft with what visitors see now (``differences``), then publishes it
(``publish``: one transaction, one django-reversion version, so it can be
reverted like any change) or discards it. Publishers' own saves are live at
once, as before.

The draft holds the entry's fields and, for each inline on its screen, the
objects in it; an object that did not exist before the Editor's save has no
primary key (so publishing creates it), and an object left out is deleted when
the draft is published.
"""

import json

import reversion
from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.core import serializers
from django.core.exceptions import ObjectDoesNotExist, ValidationError
from django.db import transaction
from django.utils.formats import date_format

from .models import DirectoryDraft

PUBLISH_PERMISSION = "directory.publish_directorydraft"


class DraftError(Exception):
    """A draft that cannot be published as it stands (the entry was deleted, or it now clashes)."""


def can_publish(user):
    return user.has_perm(PUBLISH_PERMISSION)


def inline_relations(model_admin, request):
    """[(model, name of its foreign key to the entry)] for each inline on the entry's screen."""
    relations = []
    for inline in model_admin.get_inline_instances(request):
        fk = next(
            field
            for field in inline.model._meta.get_fields()
            if field.many_to_one and field.related_model is model_admin.model
        )
        relations.append((inline.model, fk.name))
    return relations


def serialized(obj, without=()):
    """One object as Django's JSON serializer writes it, leaving out the fields in ``without``."""
    item = json.loads(serializers.serialize("json", [obj]))[0]
    for name in without:
        item["fields"].pop(name, None)
    return item


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

    def save(self, user):
        return DirectoryDraft.objects.create(
            content_type=ContentType.objects.get_for_model(self.model),
            object_id=self.object_id,
            title=self.title[:300],
            data=self.data,
            created_by=user,
        )


def build(item):
    """An unsaved model instance from a serialized item, with its primary key as stored (None for a new one)."""
    obj = next(serializers.deserialize("json", json.dumps([item]), ignorenonexistent=True)).object
    obj.pk = item["pk"]
    obj._state.adding = item["pk"] is None
    return obj


def entry_model(draft):
    return draft.content_type.model_class()


def live_entry(draft):
    if draft.object_id is None:
        return None
    return entry_model(draft).objects.filter(pk=draft.object_id).first()


def describe(field, obj):
    """A field's value as an editor reads it: choices by label, yes/no, related objects by name."""
    if field.choices:
        return dict(field.flatchoices).get(getattr(obj, field.attname), getattr(obj, field.attname))
    if field.many_to_one:
        try:
            related = getattr(obj, field.name, None)
        except ObjectDoesNotExist:  # deleted since the draft was made
            return "(deleted)"
        return str(related) if related is not None else ""
    value = getattr(obj, field.attname)
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if hasattr(value, "isoformat") and not hasattr(value, "hour"):
        return date_format(value, "j F Y")
    return "" if value is None else str(value)


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


def differences(draft, live):
    """What publishing the draft would change, against ``live``: the entry as visitors see it now (None if gone).

    {"fields": [(label, now, in draft)], "related": [(title, [(change, now, in draft, details)])]}
    with change "added", "removed" or "changed", and for a change, the details
    that differ as (label, now, in draft).
    """
    model = entry_model(draft)
    proposed = build(draft.data["object"])
    fields = []
    for field in compared_fields(model):
        now = describe(field, live) if live is not None else ""
        new = describe(field, proposed)
        if live is None or now != new:
            fields.append((str(field.verbose_name).capitalize(), now, new))
    related = []
    for relation in draft.data["related"]:
        rel_model = apps.get_model(relation["model"])
        fk = relation["fk"]
        live_rows = {row.pk: row for row in rel_model.objects.filter(**{fk: live})} if live is not None else {}
        changes = []
        kept = set()
        for item in relation["objects"]:
            row = build(item)
            setattr(row, fk, live if live is not None else proposed)  # for its name (a new entry is unsaved)
            if item["pk"] in live_rows:
                kept.add(item["pk"])
                before = live_rows[item["pk"]]
                details = [
                    (str(field.verbose_name).capitalize(), now, new)
                    for field in compared_fields(rel_model, exclude=(fk,))
                    for now, new in [(describe(field, before), describe(field, row))]
                    if now != new
                ]
                if details:
                    changes.append(("changed", name_of(before), name_of(row), details))
            else:
                changes.append(("added", "", name_of(row), []))
        for pk, row in live_rows.items():
            if pk not in kept:
                changes.append(("removed", name_of(row), "", []))
        related.append((str(rel_model._meta.verbose_name_plural).capitalize(), changes))
    return {"fields": fields, "related": related}


def publish(draft, user):
    """Make the draft what visitors see, in one transaction and one version; the draft is then deleted.

    Raises DraftError (and changes nothing) when the entry has been deleted since
    the draft was made, or the draft now clashes with another entry.
    """
    model = entry_model(draft)
    author = draft.created_by.get_username() if draft.created_by else "an editor"
    with transaction.atomic(), reversion.create_revision():
        reversion.set_user(user)
        reversion.set_comment(f"Published the draft by {author} of {date_format(draft.created_at, 'j F Y, H:i')}")
        entry = build(draft.data["object"])
        if draft.object_id is not None:
            if not model.objects.filter(pk=draft.object_id).exists():
                raise DraftError("This entry has been deleted since the draft was made.")
            entry.pk = draft.object_id
            entry._state.adding = False
        _check(entry)
        entry.save()
        for relation in draft.data["related"]:
            rel_model = apps.get_model(relation["model"])
            fk_attname = rel_model._meta.get_field(relation["fk"]).attname
            rows = [build(item) for item in relation["objects"]]
            kept = {row.pk for row in rows if row.pk is not None}
            # Removed ones first: a row removed and added again must not clash with itself.
            rel_model.objects.filter(**{fk_attname: entry.pk}).exclude(pk__in=kept).delete()
            live = set(rel_model.objects.filter(**{fk_attname: entry.pk}).values_list("pk", flat=True))
            for row in rows:
                setattr(row, fk_attname, entry.pk)
                if row.pk is not None and row.pk not in live:  # deleted meanwhile: add it again
                    row.pk = None
                    row._state.adding = True
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
