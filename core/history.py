"""The history of a changed object as the pages show it (templates/includes/history.html),
built from django-simple-history's records: who changed what, when, from what to what."""

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date as Date
from datetime import datetime

from django.db import models
from django.utils.text import Truncator
from django.utils.translation import gettext as _

HISTORY_TEXT_WORDS = 30


@dataclass
class HistoryEntry:
    when: datetime
    who: str
    what: str
    changes: list[tuple[str, str, str]] = field(default_factory=list)
    detail: str = ""


def _who(record):
    user = record.history_user
    if user is None:
        return ""
    return user.get_full_name() or user.get_username()


def display_value(record, model_field):
    """Return a field's value of a history record as the history shows it."""
    value = getattr(record, model_field.attname)
    if value in (None, ""):
        return "–"
    if model_field.is_relation:
        return str(getattr(record, model_field.name))
    if model_field.choices:
        return str(dict(model_field.flatchoices).get(value, value))
    if isinstance(value, datetime):
        return "✓"  # a moment set, such as a deletion: the entry itself says when
    if isinstance(value, Date):
        return f"{value:%d.%m.%Y}"
    if isinstance(model_field, models.TextField):
        return Truncator(value).words(HISTORY_TEXT_WORDS)
    return str(value)


def history_entries(
    records: Iterable,
    *,
    labels: dict[str, str] | None = None,
    reasons: dict[str, str] | None = None,
    describe: Callable[[object], str] | None = None,
    more_changes: Callable[[object, object], list] | None = None,
) -> list[HistoryEntry]:
    """Return one entry per django-simple-history record, newest first.

    Each change is shown against the previous record of the same object; `labels`
    names the record types ("+", "~", "-"), `reasons` the change reasons that name a
    record better (e.g. "approved"), and `describe` gives a record's detail line.
    Many-to-many fields are left to `more_changes(record, previous)`, which returns
    more (field, old, new) rows. Give the records with their users and related rows
    selected, to keep the queries few.
    """
    names = {"+": _("Created"), "~": _("Changed"), "-": _("Removed"), **(labels or {})}
    previous_of = {}
    entries = []
    for record in sorted(records, key=lambda record: (record.history_date, record.history_id)):
        previous = previous_of.get(record.id)
        changes = []
        if previous is not None and record.history_type == "~":
            model = record.instance_type
            many_to_many = [field.name for field in model._meta.many_to_many]
            changes = [
                (
                    str(model._meta.get_field(change.field).verbose_name),
                    display_value(previous, model._meta.get_field(change.field)),
                    display_value(record, model._meta.get_field(change.field)),
                )
                for change in record.diff_against(previous, excluded_fields=many_to_many).changes
            ]
            if more_changes:
                changes += more_changes(record, previous)
        what = (reasons or {}).get(record.history_change_reason) or names[record.history_type]
        entries.append(
            HistoryEntry(
                when=record.history_date,
                who=_who(record),
                what=str(what),
                changes=changes,
                detail=describe(record) if describe else "",
            )
        )
        previous_of[record.id] = record
    return entries[::-1]
