"""From the rows of a file to a plan: what will be created, updated, left as is, and why not.

Everything the rows refer to is read first in a few queries; then each row is
checked by the model's own rules (`clean_fields()` without the foreign keys, and
`clean()`), with no query per row.
"""

from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.utils.formats import date_format, number_format
from django.utils.translation import gettext as _

from agreement.models import Agreement, Organisation, User
from agreement.selectors import agreement_holding, entries_refusal
from core.spreadsheets import cell_text
from goals.numbering import goal_label
from reporting.activities.forms import normalise_cvr
from reporting.erp_import import values
from reporting.erp_import.columns import COLUMN_OF_FIELD, COLUMNS_BY_KEY, Column, Layout
from reporting.erp_import.lookups import Lookups, cell
from reporting.erp_import.reading import Table
from reporting.models import Activity, Firm, ImportBatch, validate_cvr
from reporting.rollups import services as rollups

# The fields a row's own values go into, checked by the model's field rules. The foreign
# keys are found by look-ups instead (the model would check each with a query), and the
# rest the import sets itself.
FIELDS_FROM_FILE = ("date", "quantity", "description", "erp_id")
NOT_FROM_FILE = [f.name for f in Activity._meta.concrete_fields if f.name not in FIELDS_FROM_FILE]
# What a row of the file says about its activity; the rest is the portal's own.
COMPARED_FIELDS = (
    "agreement",
    "activity_type",
    "date",
    "delivered_in",
    "firm",
    "municipality",
    "quantity",
    "description",
)


@dataclass
class RowError:
    row: int
    column: Column | None
    message: str

    def __str__(self):
        if self.column is None:
            return _("Row %(row)s: %(message)s") % {"row": self.row, "message": self.message}
        return _("Row %(row)s, %(column)s: %(message)s") % {
            "row": self.row,
            "column": self.column.header,
            "message": self.message,
        }


@dataclass
class PlannedRow:
    row: int
    activity: Activity
    new_firm: Firm | None = None
    changes: list[tuple[str, str, str]] = field(default_factory=list)
    changed_fields: list[str] = field(default_factory=list)
    # An updated activity's agreement and roll-up key before the change.
    before: tuple[int, dict] | None = None
    # The goals the row's goal column chose ([] where the type counts for several goals and
    # the row names none); None: the type's goal, as the activity form links it.
    goal_ids: list[int] | None = None
    # Where no goal is chosen among several, the goals the type counts for.
    goal_choices: list[str] = field(default_factory=list)


@dataclass
class Plan:
    created: list[PlannedRow] = field(default_factory=list)
    updated: list[PlannedRow] = field(default_factory=list)
    unchanged: list[PlannedRow] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)
    new_firms: list[Firm] = field(default_factory=list)
    # Rows of the other growth house (a shared export): skipped, not errors.
    other_house_rows: list[int] = field(default_factory=list)

    @property
    def needs_goal(self) -> list[PlannedRow]:
        """Return the rows whose type counts for several goals and that name none."""
        return [planned for planned in self.created + self.updated if planned.goal_choices]

    @property
    def years(self) -> list[tuple[Agreement, int]]:
        """Return the years the valid rows count in, each with its number of rows."""
        rows = Counter(
            planned.activity.agreement for planned in self.created + self.updated + self.unchanged
        )
        return sorted(rows.items(), key=lambda item: item[0].period_start)

    @property
    def error_rows(self) -> int:
        return len({error.row for error in self.errors})


def build_plan(
    *,
    table: Table,
    layout: Layout,
    agreements: list[Agreement],
    house: Organisation,
    user: User,
    batch: ImportBatch | None = None,
    lock=False,
    progress=None,
) -> Plan:
    """Check every row and return what importing the file would do; progress(done, total),
    if given, hears how many rows are checked.

    A row counts in the first of the agreements (those taking entries) whose period
    holds its date.
    """
    lookups = Lookups(table=table, layout=layout, house=house, lock=lock)
    checker = _RowChecker(lookups, agreements=agreements, house=house, user=user, batch=batch)
    counted = Counter(cell_text(cell(row, layout, "erp_id")) for _number, row in table.rows)
    rows_of_id = {}
    for number, row in table.rows:
        erp_id = cell_text(cell(row, layout, "erp_id"))
        if counted[erp_id] > 1:
            rows_of_id.setdefault(erp_id, []).append(number)
    plan = Plan()
    total = len(table.rows)
    for done, (number, row) in enumerate(table.rows, start=1):
        cells = {key: cell(row, layout, key) for key in layout.positions}
        checker.check(plan, number, cells, rows_of_id)
        if progress is not None:
            progress(done, total)
    plan.new_firms = list(checker.new_firms.values())
    return plan


class _RowChecker:
    def __init__(self, lookups, *, agreements, house, user, batch):
        self.lookups = lookups
        self.agreements, self.house, self.user, self.batch = agreements, house, user, batch
        self.new_firms = {}

    def check(self, plan, number, cells, rows_of_id):
        if self._of_the_other_house(cells):
            plan.other_house_rows.append(number)
            return
        errors = {}  # column key (None: the row) → messages
        found = {}  # the activity's field → value
        self._erp_id(cells, found, errors, rows_of_id)
        self._parse(cells, "date", values.parse_date, found, errors)
        self._parse(cells, "quantity", values.parse_decimal, found, errors, default=Decimal(1))
        found["description"] = cell_text(cells.get("description"))
        self._activity_type(cells, found, errors)
        self._houses(cells, found, errors)
        new_firm = self._firm(cells, found, errors)
        self._municipality(cells, found, errors)
        agreement = self._agreement(found, errors)
        goal_ids, goal_choices = self._goals(cells, agreement, found.get("activity_type"), errors)
        activity = Activity(
            agreement=agreement,
            author=self.user,
            status=Activity.Status.APPROVED,
            import_batch=self.batch,
            **{name: value for name, value in found.items() if value is not None},
        )
        self._validate(activity, found, errors)
        if errors:
            plan.errors.extend(
                RowError(number, COLUMNS_BY_KEY.get(key), message)
                for key, messages in errors.items()
                for message in messages
            )
            return
        if new_firm is not None:
            self.new_firms.setdefault(new_firm.cvr, new_firm)
        existing = self.lookups.activities.get(activity.erp_id)
        if existing is not None and not existing.agreement.takes_entries():
            plan.errors.append(RowError(number, None, existing.agreement.refusal()))
            return
        chosen = {"goal_ids": goal_ids, "goal_choices": goal_choices}
        if existing is None:
            plan.created.append(PlannedRow(number, activity, new_firm=new_firm, **chosen))
            return
        changed = [name for name in COMPARED_FIELDS if _differs(existing, activity, name)]
        planned = PlannedRow(number, existing, new_firm=new_firm, changed_fields=changed, **chosen)
        if not changed:
            plan.unchanged.append(planned)
            return
        planned.changes = [
            (
                str(Activity._meta.get_field(name).verbose_name),
                _shown(getattr(existing, name)),
                _shown(getattr(activity, name)),
            )
            for name in changed
        ]
        planned.before = (existing.agreement_id, rollups.activity_key(existing))
        # The activity keeps the import that created it; its history tells who changed it.
        for name in changed:
            setattr(existing, name, getattr(activity, name))
        plan.updated.append(planned)

    def _agreement(self, found, errors):
        """Return the year the row's date puts it in; a date of no open year is an error."""
        day = found.get("date")
        if day is None:
            return None
        agreement = agreement_holding(day, self.agreements)
        if agreement is None:
            errors.setdefault("date", []).append(entries_refusal(day, self.agreements))
        return agreement

    def _erp_id(self, cells, found, errors, rows_of_id):
        erp_id = cell_text(cells.get("erp_id"))
        found["erp_id"] = erp_id
        if not erp_id:
            errors.setdefault("erp_id", []).append(_empty())
        elif erp_id in rows_of_id:
            errors.setdefault("erp_id", []).append(
                _("%(id)s is in rows %(rows)s; each record may be in the file once.")
                % {"id": erp_id, "rows": ", ".join(map(str, rows_of_id[erp_id]))}
            )
        elif (existing := self.lookups.activities.get(erp_id)) and existing.is_deleted:
            errors.setdefault("erp_id", []).append(
                _(
                    "The activity imported with this id is deleted in the portal. Undo the "
                    "deletion to import it again."
                )
            )

    def _parse(self, cells, key, parse, found, errors, default=None):
        written = cells.get(key)
        if cell_text(written) == "":
            found[key] = default
            if COLUMNS_BY_KEY[key].required:
                errors.setdefault(key, []).append(_empty())
            return
        try:
            found[key] = parse(written)
        except ValueError as error:
            errors.setdefault(key, []).append(str(error))

    def _lookup(self, cells, key, known, choices, errors):
        written = cell_text(cells.get(key))
        if not written:
            if COLUMNS_BY_KEY[key].required:
                errors.setdefault(key, []).append(_empty())
            return None
        match = known.get(written.casefold())
        if match is None:
            errors.setdefault(key, []).append(
                _("%(value)s is not known. Write one of: %(choices)s.")
                % {"value": written, "choices": choices}
            )
        return match

    def _activity_type(self, cells, found, errors):
        found["activity_type"] = self._lookup(
            cells,
            "activity_type",
            self.lookups.types_by_name,
            self.lookups.type_choices,
            errors,
        )

    def _goals(self, cells, agreement, activity_type, errors):
        """Return the goals the row's goal column chooses (None: the type's goal) and, where
        the type counts for several goals and the row names none, their numbers."""
        if agreement is None or activity_type is None:
            return None, []
        goals = self.lookups.goals
        of_type = goals.of_type(agreement, activity_type)
        numbers = ", ".join(goal_label(goal.focus_area.code, goal.number) for goal in of_type)
        written = cell_text(cells.get("goal"))
        if not written:
            return ([], numbers.split(", ")) if len(of_type) > 1 else (None, [])
        goal = goals.named(agreement, written)
        if goal is None:
            errors.setdefault("goal", []).append(
                _("%(goal)s is not a goal of %(title)s.") % {"goal": written, "title": agreement}
            )
        elif goal not in of_type:
            errors.setdefault("goal", []).append(
                _("%(type)s does not count for %(goal)s. Write one of: %(goals)s.")
                % {"type": activity_type.name, "goal": written, "goals": numbers or "–"}
            )
        else:
            return [goal.pk], []
        return None, []

    def _of_the_other_house(self, cells) -> bool:
        house = self.lookups.houses_by_name.get(cell_text(cells.get("house")).casefold())
        return house is not None and house != self.house

    def _houses(self, cells, found, errors):
        choices = self.lookups.house_choices
        self._lookup(cells, "house", self.lookups.houses_by_name, choices, errors)
        found["house"] = self.house
        delivered_in = self._lookup(
            cells, "delivered_in", self.lookups.houses_by_name, choices, errors
        )
        # The ERP may name the house itself for work in its own region: that is no delivery
        # in the other house.
        found["delivered_in"] = None if delivered_in == self.house else delivered_in

    def _firm(self, cells, found, errors):
        """Find the row's firm by CVR number; return a new firm for the import to create."""
        written = cell_text(cells.get("cvr"))
        found["firm"] = None
        if not written:
            return None
        cvr = normalise_cvr(written)
        try:
            validate_cvr(cvr)
        except ValidationError as error:
            errors.setdefault("cvr", []).extend(error.messages)
            return None
        firm = self.lookups.firms.get(cvr) or self.new_firms.get(cvr)
        if firm is not None:
            found["firm"] = firm
            return firm if firm.pk < 0 else None
        name = cell_text(cells.get("firm_name"))
        code = cell_text(cells.get("municipality_code"))
        municipality = self._municipality_of(code) if code else None
        if not (name and municipality):
            missing = _("%(cvr)s is a new firm: give its name and municipality.") % {"cvr": cvr}
            for key, given in (("firm_name", name), ("municipality_code", municipality)):
                if not given:
                    errors.setdefault(key, []).append(missing)
            return None
        # A stand-in id until the import writes the firm, so that the activity's rules see
        # a firm; the writing gives it its real id.
        firm = Firm(pk=-(len(self.new_firms) + 1), cvr=cvr, name=name, municipality=municipality)
        try:
            firm.clean_fields(exclude=["id", "municipality", "cvr"])
        except ValidationError as error:
            errors.setdefault("firm_name", []).extend(error.messages)
            return None
        found["firm"] = firm
        return firm

    def _municipality_of(self, code):
        try:
            return self.lookups.municipalities.get(values.parse_code(code))
        except ValueError:
            return None

    def _municipality(self, cells, found, errors):
        code = cell_text(cells.get("municipality_code"))
        firm = found.get("firm")
        found["municipality"] = (
            self.lookups.municipalities_by_id.get(firm.municipality_id) if firm else None
        )
        if not code:
            return
        try:
            municipality = self.lookups.municipalities.get(values.parse_code(code))
        except ValueError as error:
            errors.setdefault("municipality_code", []).append(str(error))
            return
        if municipality is None:
            errors.setdefault("municipality_code", []).append(
                _("%(code)s is not the code of a municipality of the agreement.") % {"code": code}
            )
            return
        found["municipality"] = municipality

    def _validate(self, activity, found, errors):
        """Apply the model's rules; what failed to parse is not checked again."""
        failed = set(errors)
        if failed & {"firm_name", "municipality_code"}:
            failed.add("cvr")  # a new firm that could not be made is no missing CVR number
        exclude = NOT_FROM_FILE + [
            name for name in FIELDS_FROM_FILE if COLUMN_OF_FIELD[name] in failed
        ]
        problems = {}
        try:
            activity.clean_fields(exclude=exclude)
        except ValidationError as error:
            problems.update(error.error_dict)
        try:
            activity.clean()
        except ValidationError as error:
            for name, messages in error.error_dict.items():
                if COLUMN_OF_FIELD.get(name) not in failed:
                    problems.setdefault(name, []).extend(messages)
        for name, messages in problems.items():
            key = None if name == NON_FIELD_ERRORS else COLUMN_OF_FIELD.get(name)
            for message in ValidationError(messages).messages:
                errors.setdefault(key, []).append(message)


def _empty():
    return _("The cell is empty; every row needs it.")


def _differs(existing, activity, name):
    model_field = Activity._meta.get_field(name)
    old, new = getattr(existing, model_field.attname), getattr(activity, model_field.attname)
    if model_field.is_relation and new is not None and new < 0:
        return True  # a new firm
    return old != new


def _shown(value):
    if value in (None, ""):
        return "–"
    if isinstance(value, Decimal):
        return number_format(value.normalize())
    if hasattr(value, "strftime"):
        return date_format(value, "d.m.Y")
    return str(value)
