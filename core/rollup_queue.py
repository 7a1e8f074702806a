"""The roll-up queue: which agreements' progress to recount once the current transaction commits.

Every write that changes what progress is counted from (an activity, a status text, an
effect measurement, a milestone) says so here, and the roll-up tasks are set off by name
once per transaction, whatever the number of writes in it.
"""

import weakref

from django.db import transaction

from core import tasks

ROLLUP_FULL = "reporting.rollup_full"
ROLLUP_UPDATE = "reporting.rollup_update"

# Beyond this many changed cells in one transaction (an import, the demo year), one full
# recompute is cheaper than recounting them one by one.
FULL_AFTER_KEYS = 500


def queue_update(agreement_id: int, keys: list[dict]) -> None:
    """Recount the cells that the keys name once the current transaction commits."""
    with _pending() as pending:
        pending.update.setdefault(agreement_id, []).extend(keys)


def queue_full(agreement_id: int) -> None:
    """Recompute the agreement's progress in full once the current transaction commits."""
    with _pending() as pending:
        pending.full.add(agreement_id)


class _Pending:
    """The roll-ups that one transaction asks for; calling it sends them."""

    def __init__(self):
        self.update, self.full, self.sent = {}, set(), False

    def __enter__(self):
        return self

    def __exit__(self, *exc_info):
        if not transaction.get_connection().in_atomic_block:
            self()

    def __call__(self):
        self.sent = True
        for agreement_id in self.full:
            tasks.delay(ROLLUP_FULL, agreement_id)
        for agreement_id, keys in self.update.items():
            if agreement_id in self.full:
                continue
            unique = [dict(key) for key in {tuple(sorted(key.items())) for key in keys}]
            if len(unique) > FULL_AFTER_KEYS:
                tasks.delay(ROLLUP_FULL, agreement_id)
            else:
                tasks.delay(ROLLUP_UPDATE, agreement_id, unique)


def _pending() -> _Pending:
    """Return this transaction's pending roll-ups, registered once to be sent on commit.

    Only Django's list of on-commit callbacks holds them; the connection keeps a weak
    reference. A rolled-back transaction drops its callbacks, so the reference dies with
    them and the next transaction starts afresh. Outside a transaction they are sent at once.
    """
    connection = transaction.get_connection()
    if not connection.in_atomic_block:
        return _Pending()
    reference = getattr(connection, "rollups_pending", None)
    pending = reference() if reference is not None else None
    if pending is None or pending.sent:
        pending = _Pending()
        connection.rollups_pending = weakref.ref(pending)
        # Robust: the writes are committed by then; a roll-up that cannot be queued is
        # logged, not turned into an error page, and the nightly run catches up.
        transaction.on_commit(pending, robust=True)
    return pending
