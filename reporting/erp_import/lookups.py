"""What the rows of a file refer to, read in a few queries before any row is checked."""

from agreement.models import Municipality, Organisation
from core.spreadsheets import cell_text
from goals.models import ActivityType, Goal
from goals.numbering import goal_label
from reporting.activities.forms import normalise_cvr
from reporting.activities.selectors import goals_by_activity_type
from reporting.erp_import.columns import Layout
from reporting.erp_import.reading import Table
from reporting.models import Activity, Firm

QUERY_CHUNK = 900  # under SQLite's limit of variables in one query


def chunks(items):
    """Yield the items in lists short enough for one query's IN (...)."""
    items = list(items)
    for start in range(0, len(items), QUERY_CHUNK):
        yield items[start : start + QUERY_CHUNK]


def goal_key(written) -> str:
    """Return a goal's number as compared: "a) 4c", "a)4c", "A.4C" and "a.4c" are one."""
    return "".join(ch for ch in str(written or "").casefold() if ch.isalnum())


class GoalsOfYear:
    """Each year's goals by their numbering, and the goals each activity type counts for
    (for the house), read once per year."""

    def __init__(self, house):
        self.house = house
        self.years = {}

    def _year(self, agreement):
        if agreement.pk not in self.years:
            goals = Goal.objects.filter(focus_area__agreement=agreement).select_related(
                "focus_area"
            )
            by_key = {}
            for goal in goals:
                by_key.setdefault(goal_key(goal_label(goal.focus_area.code, goal.number)), goal)
                by_key.setdefault(goal_key(goal.code), goal)
            self.years[agreement.pk] = (
                by_key,
                {goal.pk: goal for goal in goals},
                goals_by_activity_type(agreement, house=self.house),
            )
        return self.years[agreement.pk]

    def named(self, agreement, written) -> Goal | None:
        return self._year(agreement)[0].get(goal_key(written))

    def of_type(self, agreement, activity_type) -> list[Goal]:
        """Return the goals the type counts for in the year, for the house."""
        _by_key, by_id, of_type = self._year(agreement)
        return [by_id[goal_id] for goal_id in of_type.get(activity_type.pk, ())]


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
        self.goals = GoalsOfYear(house)
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
