"""The roll-up queue: what of an agreement's progress to recount, recorded with the change.

Every write that changes what progress is counted from (an activity, a status text, an
effect measurement, a milestone) says so here, inside its own transaction. What it says
is written to the database at once, in that transaction (by the recorder that reporting
registers when it starts, since core may not import it): it commits with the change or
not at all, and it stays until a drain has recounted it. Once the transaction commits,
the drain task is set off by name, once per agreement, whatever the number of writes.
The task is only a nudge: if it is lost (a worker killed, a broker restarted), the
records stay, and the next drain (the next write's, the worker's on start, beat's every
minute) takes them.
"""

import weakref
from collections.abc import Callable

from django.core.exceptions import ImproperlyConfigured
from django.db import transaction

from core import tasks

ROLLUP_DRAIN = "reporting.rollup_drain"

# What a record asks for: the cells that keys name, the progress rows (an input beside the
# log changed: a status text, an effect measurement, a milestone), or everything.
CELLS, PROGRESS, FULL = "cells", "progress", "full"

# Beyond this many changed cells, one full recompute is cheaper than recounting them one by
# one (an import, the demo year).
FULL_AFTER_KEYS = 500

Recorder = Callable[[int, str, list[dict]], None]
_recorder: Recorder | None = None


def record_with(recorder: Recorder) -> None:
    """Write records with the recorder: recorder(agreement_id, scope, keys), in the caller's
    transaction. Set once by the app that drains them (reporting) when it starts."""
    global _recorder
    _recorder = recorder


def queue_update(agreement_id: int, keys: list[dict]) -> None:
    """Record that the cells the keys name must be recounted; drain once the transaction commits."""
    keys = [key for key in keys if key]
    if keys:
        _record(agreement_id, CELLS, keys)


def queue_progress(agreement_id: int) -> None:
    """Record that the agreement's progress rows (value, status, points) must be recomputed."""
    _record(agreement_id, PROGRESS, [])


def queue_full(agreement_id: int) -> None:
    """Record that the agreement's progress must be recomputed in full."""
    _record(agreement_id, FULL, [])


def unique_keys(keys: list[dict]) -> list[dict]:
    """Return the keys without repeats, in a stable order."""
    return [dict(key) for key in sorted({tuple(sorted(key.items())) for key in keys}, key=repr)]


def _record(agreement_id, scope, keys):
    if _recorder is None:
        raise ImproperlyConfigured("No roll-up recorder is registered: is reporting installed?")
    if scope == CELLS:
        keys = unique_keys(keys)
        if len(keys) > FULL_AFTER_KEYS:
            scope, keys = FULL, []
    _recorder(agreement_id, scope, keys)
    _drain_on_commit(agreement_id)


class _Drains:
    """The agreements whose records one transaction added; calling it sets off their drains."""

    def __init__(self):
        self.agreements, self.sent = set(), False

    def __call__(self):
        self.sent = True
        for agreement_id in sorted(self.agreements):
            tasks.delay(ROLLUP_DRAIN, agreement_id)


def _drain_on_commit(agreement_id):
    """Set off the agreement's drain once the current transaction commits (at once outside one).

    Only Django's list of on-commit callbacks holds a transaction's _Drains; the connection
    keeps a weak reference. A rolled-back transaction drops its callbacks, so the reference
    dies with them and the next transaction starts afresh.
    """
    connection = transaction.get_connection()
    if not connection.in_atomic_block:
        tasks.delay(ROLLUP_DRAIN, agreement_id)
        return
    reference = getattr(connection, "rollup_drains", None)
    drains = reference() if reference is not None else None
    if drains is None or drains.sent:
        drains = _Drains()
        connection.rollup_drains = weakref.ref(drains)
        # Robust: the writes and their records are committed by then; a drain that cannot be
        # set off is logged, not turned into an error page, and a later drain takes them.
        transaction.on_commit(drains, robust=True)
    drains.agreements.add(agreement_id)
