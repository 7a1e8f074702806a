"""Write a roll-up table's rows as a difference: insert the new, update the changed, delete
the gone, and leave the rest alone. A run that finds nothing changed writes nothing.
"""

from decimal import ROUND_HALF_EVEN, ROUND_HALF_UP, Decimal

from django.db import connection, models


def sync(stored, rows, *, key, fields) -> int:
    """Make the stored rows (a queryset) those given; return the number of rows written.

    key(row) names a row (its target, house, month ...); fields are the values compared,
    as the database keeps them (decimals rounded to their places).
    """
    model = stored.model
    compared = [model._meta.get_field(name) for name in fields]
    kept = {key(row): row for row in stored}
    created, changed = [], []
    for row in rows:
        old = kept.pop(key(row), None)
        if old is None:
            created.append(row)
            continue
        new_values = [_as_stored(field, getattr(row, field.attname)) for field in compared]
        if new_values != [_as_stored(field, getattr(old, field.attname)) for field in compared]:
            for field, value in zip(compared, new_values, strict=True):
                setattr(old, field.attname, value)
            changed.append(old)
    model.objects.bulk_create(created, batch_size=1000)
    model.objects.bulk_update(changed, fields, batch_size=1000)
    if kept:
        model.objects.filter(pk__in=[row.pk for row in kept.values()]).delete()
    return len(created) + len(changed) + len(kept)


def _as_stored(field, value):
    """Return the value as the database gives it back: a decimal rounded to its places.

    PostgreSQL's numeric rounds half away from zero; on SQLite Django rounds half to even
    when it reads the value back.
    """
    if value is None or not isinstance(field, models.DecimalField):
        return value
    rounding = ROUND_HALF_UP if connection.vendor == "postgresql" else ROUND_HALF_EVEN
    return Decimal(value).quantize(Decimal(1).scaleb(-field.decimal_places), rounding=rounding)
