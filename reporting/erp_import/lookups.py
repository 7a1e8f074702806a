"""What the rows of a file refer to, read in a few queries before any row is checked."""

from agreement.models import Municipality, Organisation
from core.spreadsheets import cell_text
from goals.models import ActivityType
from reporting.activities.forms import normalise_cvr
from reporting.erp_import.columns import Layout
from reporting.erp_import.reading import Table
from reporting.models import Activity, Firm

QUERY_CHUNK = 900  # under SQLite's limit of variables in one query


def chunks(items):
    """Yield the items in lists short enough for one query's IN (...)."""
    items = list(items)
    for start in range(0, len(items), QUERY_CHUNK):
        yield items[start : start + QUERY_CHUNK]


def _keyed(objects, *attributes):
    """Return the objects by each of their attributes' text, case-insensitive."""
    found = {}
    for obj in objects:
        for attribute in attributes:
            key = str(getattr(obj, attribute) or "").strip().casefold()
            if key:
                found.setdefault(key, obj)
    return found


class Lookups:
    """What the rows refer to, read once: types, houses, municipalities, firms, activities."""

    def __init__(self, *, table: Table, layout: Layout, house: Organisation, lock=False):
        self.activity_types = list(ActivityType.objects.all())
        self.types_by_name = _keyed(self.activity_types, "name_da", "name_en", "code")
        # The valid values an error names, in the user's language.
        self.type_choices = ", ".join(sorted(str(t.name) for t in self.activity_types))
        self.houses = list(Organisation.objects.growth_houses())
        self.houses_by_name = _keyed(self.houses, "name", "short_name", "key")
        self.house_choices = ", ".join(house.label for house in self.houses)
        self.municipalities = {m.code: m for m in Municipality.objects.all()}
        self.municipalities_by_id = {m.pk: m for m in self.municipalities.values()}
        cvrs, erp_ids = set(), set()
        for _number, row in table.rows:
            cvrs.add(normalise_cvr(cell_text(cell(row, layout, "cvr"))))
            erp_ids.add(cell_text(cell(row, layout, "erp_id")))
        cvrs.discard("")
        erp_ids.discard("")
        self.firms = {}
        for chunk in chunks(cvrs):
            self.firms.update((firm.cvr, firm) for firm in Firm.objects.filter(cvr__in=chunk))
        # The condition of the unique index on (house, erp_id), so that PostgreSQL uses it.
        existing = (
            Activity.objects.filter(house=house)
            .exclude(erp_id="")
            .order_by()
            .select_related("agreement", "activity_type", "delivered_in", "firm", "municipality")
        )
        if lock:
            # Held until the import commits, so that no edit in between is overwritten.
            existing = existing.select_for_update(of=("self",))
        self.activities = {}
        for chunk in chunks(erp_ids):
            self.activities.update((a.erp_id, a) for a in existing.filter(erp_id__in=chunk))


def cell(row, layout, key):
    """Return the row's value in the column, or None where the file has none."""
    position = layout.positions.get(key)
    if position is None or position >= len(row):
        return None
    return row[position]
