"""Check an agreement file's document: its parts, and what they say of each other."""

from decimal import Decimal

from agreement.models import Agreement, Municipality, Organisation
from goals import thresholds
from goals.agreement_file.values import (
    CODE,
    MISSING,
    SLUG,
    UNSTORABLE,
    ValueChecker,
    finite_decimal,
    quoted,
)
from goals.models import Target
from goals.thresholds import Problem

TARGET_KINDS = set(Target.Kind.values)
FIRM_KINDS = {str(kind) for kind in Target.FIRM_KINDS}
COUNTING_KINDS = {str(kind) for kind in Target.COUNTING_KINDS}
# Bounds that keep a value within what its database column holds.
MAX_WEIGHT = 1000
YEARS = {"minimum": 2000, "maximum": 2100}
THRESHOLD_PROBLEMS = {
    Problem.NOT_A_COUNT: (
        f"must be a whole number from {thresholds.MIN_COUNT} to {thresholds.MAX_COUNT}"
    ),
    Problem.NOT_A_PERCENTAGE: (
        f"must be a number from {thresholds.MIN_PERCENTAGE} to {thresholds.MAX_PERCENTAGE}, "
        "with at most two decimals"
    ),
    Problem.NO_THRESHOLD: "a {kind} target has no threshold",
}


def _kind_of(organisations, key):
    """Return the kind of the file's organisation `key`, or None where there is none."""
    if not isinstance(key, str):
        return None
    return organisations.get(key, {}).get("kind")


class DocumentChecker(ValueChecker):
    """Check a whole agreement document, and return it normalised for goals.services."""

    def document(self, data):
        data = self.mapping(
            data,
            "(file)",
            [
                "agreement",
                "organisations",
                "municipalities",
                "activity_types",
                "reference_figures",
                "targets",
                "focus_areas",
            ],
        )
        if data is None:
            return None
        organisations = self.organisations(data)
        content = {
            "organisations": organisations,
            "agreement": self.agreement(data.get("agreement", MISSING), organisations),
            "municipalities": self.municipalities(data, organisations),
            "activity_types": self.activity_types(data),
            "reference_figures": self.reference_figures(data),
        }
        self.goal_codes = set()
        self.targets = {}
        content["targets"] = [
            self.target(path, item, goal_code=None, content=content)
            for path, item in self.items(data, "targets", "", required=False)
        ]
        content["focus_areas"] = self.focus_areas(data, content)
        self.target_references()
        return content

    def organisations(self, data):
        organisations, keys = {}, set()
        allowed = ["key", "kind", "name", "short_name", "region"]
        for path, item in self.items(data, "organisations", ""):
            self.mapping(item, path, allowed)
            key = self.text(item, "key", path, max_length=60, pattern=SLUG)
            self.unique(keys, key, f"{path}.key", "key")
            region = self.given(item, "region", path, required=False)
            organisations[key] = {
                "key": key,
                "kind": self.choice(item, "kind", path, Organisation.Kind.values),
                "name": self.text(item, "name", path, max_length=200),
                "short_name": self.text(item, "short_name", path, required=False, max_length=30),
                "region": None if region is MISSING else region,
                "path": path,
            }
        for organisation in organisations.values():
            path, region, kind = organisation["path"], organisation["region"], organisation["kind"]
            if region is None:
                if kind in ("growth_house", "kkr"):
                    self.error(f"{path}.region", "is required for a growth house or KKR")
            elif kind == "region":
                self.error(f"{path}.region", "a region belongs to no region")
            elif _kind_of(organisations, region) != "region":
                self.error(
                    f"{path}.region", f"{quoted(region)} is not an organisation of kind region"
                )
        return organisations

    def agreement(self, item, organisations):
        path = "agreement"
        if item is MISSING:
            self.error(path, "is required")
            return {}
        allowed = [
            "year",
            "title",
            "period_start",
            "period_end",
            "agreed_on",
            "status",
            "continues",
            "description",
            "parties",
        ]
        if self.mapping(item, path, allowed) is None:
            return {}
        agreement = {
            "year": self.whole_number(item, "year", path, **YEARS),
            "title": self.text(item, "title", path, max_length=200),
            "period_start": self.date(item, "period_start", path),
            "period_end": self.date(item, "period_end", path),
            "agreed_on": self.date(item, "agreed_on", path, required=False),
            "status": self.choice(item, "status", path, Agreement.Status.values),
            "description": self.text(item, "description", path, required=False),
            "continues": self.whole_number(item, "continues", path, required=False, **YEARS),
            "parties": self.parties(item, path, organisations),
        }
        start, end = agreement["period_start"], agreement["period_end"]
        if start and end and start >= end:
            self.error(f"{path}.period_end", "must be after period_start")
        year, continues = agreement["year"], agreement["continues"]
        if year is not None:
            existing = Agreement.objects.filter(year=year).first()
            if existing is not None and existing.status == Agreement.Status.CLOSED:
                self.error(f"{path}.year", f"the {year} agreement is closed and cannot be changed")
        if continues is not None:
            if year is not None and continues >= year:
                self.error(f"{path}.continues", "must be an earlier year than the agreement's")
            elif not Agreement.objects.filter(year=continues).exists():
                self.error(f"{path}.continues", f"no agreement for {continues} is loaded")
        return agreement

    def parties(self, item, path, organisations):
        parties = item.get("parties", MISSING)
        where = f"{path}.parties"
        if not isinstance(parties, list) or not parties:
            self.error(where, "must list the keys of the growth houses and KKRs that signed")
            return []
        signed, kinds = [], set()
        for index, key in enumerate(parties):
            kind = _kind_of(organisations, key)
            if kind not in ("growth_house", "kkr"):
                self.error(
                    f"{where}[{index}]", f"{quoted(key)} is not a growth house or KKR of the file"
                )
            elif key in signed:
                self.error(f"{where}[{index}]", f"'{key}' is listed more than once")
            else:
                signed.append(key)
            kinds.add(kind)
        for kind, name in (("growth_house", "growth house"), ("kkr", "KKR")):
            if kind not in kinds:
                self.error(where, f"must name at least one {name}")
        return signed

    def municipalities(self, data, organisations):
        municipalities, codes, names = [], set(), set()
        for path, item in self.items(data, "municipalities", ""):
            self.mapping(item, path, ["code", "name", "kkr"])
            code = self.whole_number(item, "code", path, minimum=101, maximum=999)
            name = self.text(item, "name", path, max_length=100)
            kkr = self.given(item, "kkr", path, required=True)
            self.unique(codes, code, f"{path}.code", "code")
            self.unique(names, name, f"{path}.name", "name")
            if kkr is not MISSING and _kind_of(organisations, kkr) != "kkr":
                self.error(f"{path}.kkr", f"{quoted(kkr)} is not an organisation of kind kkr")
            municipalities.append({"code": code, "name": name, "kkr": kkr, "path": path})
        self.municipality_names(municipalities)
        return municipalities

    def municipality_names(self, municipalities):
        """Check that no name belongs to another municipality in the database: names are unique."""
        names = [each["name"] for each in municipalities if not UNSTORABLE.search(each["name"])]
        by_name = dict(Municipality.objects.filter(name__in=names).values_list("name", "code"))
        for municipality in municipalities:
            code = by_name.get(municipality["name"], municipality["code"])
            if code != municipality["code"]:
                self.error(
                    f"{municipality['path']}.name",
                    f"'{municipality['name']}' is the name of municipality {code} in the database",
                )

    def activity_types(self, data):
        activity_types, codes = {}, set()
        for path, item in self.items(data, "activity_types", ""):
            self.mapping(item, path, ["code", "name", "name_en", "counts_firms"])
            code = self.text(item, "code", path, max_length=40, pattern=SLUG)
            self.unique(codes, code, f"{path}.code", "code")
            activity_types[code] = {
                "code": code,
                "name_da": self.text(item, "name", path, max_length=100),
                "name_en": self.text(item, "name_en", path, max_length=100),
                "counts_firms": self.flag(item, "counts_firms", path),
            }
        return activity_types

    def reference_figures(self, data):
        figures, keys = [], set()
        for path, item in self.items(data, "reference_figures", "", required=False):
            self.mapping(item, path, ["key", "text", "value", "unit"])
            key = self.text(item, "key", path, max_length=60, pattern=SLUG)
            self.unique(keys, key, f"{path}.key", "key")
            figures.append(
                {
                    "key": key,
                    "text": self.text(item, "text", path),
                    "value": self.text(item, "value", path, max_length=50),
                    "unit": self.text(item, "unit", path, required=False, max_length=50),
                }
            )
        return figures

    def focus_areas(self, data, content):
        focus_areas, codes = [], set()
        for path, item in self.items(data, "focus_areas", ""):
            self.mapping(item, path, ["code", "title", "description", "goals"])
            code = self.text(item, "code", path, max_length=10, pattern=SLUG)
            self.unique(codes, code, f"{path}.code", "code")
            focus_areas.append(
                {
                    "code": code,
                    "title": self.text(item, "title", path, max_length=300),
                    "description": self.text(item, "description", path, required=False),
                    "goals": [
                        self.goal(goal_path, goal, content, depth=0)
                        for goal_path, goal in self.items(item, "goals", f"{path}.")
                    ],
                }
            )
        return focus_areas

    def goal(self, path, item, content, *, depth):
        allowed = ["code", "number", "title", "text", "effect", "targets", "goals"]
        self.mapping(item, path, allowed)
        code = self.text(item, "code", path, max_length=20, pattern=CODE)
        self.unique(self.goal_codes, code, f"{path}.code", "goal code")
        if depth > 0 and self.given(item, "goals", path, required=False) is not MISSING:
            self.error(f"{path}.goals", "sub-goals go one level deep")
        return {
            "code": code,
            "number": self.text(item, "number", path, required=False, max_length=10),
            "title": self.text(item, "title", path, max_length=300),
            "text": self.text(item, "text", path, required=False),
            "effect": self.text(item, "effect", path, required=False),
            "targets": [
                self.target(target_path, target, goal_code=code, content=content)
                for target_path, target in self.items(item, "targets", f"{path}.", required=False)
            ],
            "goals": [
                self.goal(sub_path, sub, content, depth=depth + 1)
                for sub_path, sub in self.items(item, "goals", f"{path}.", required=False)
            ]
            if depth == 0
            else [],
        }

    def target(self, path, item, *, goal_code, content):
        allowed = [
            "code",
            "kind",
            "text",
            "at_least",
            "unit",
            "activity_types",
            "goal_activities_only",
            "sum_quantity",
            "of",
            "condition",
            "scope",
            "weight",
            "scored",
        ]
        self.mapping(item, path, allowed)
        code = self.text(item, "code", path, max_length=60, pattern=CODE)
        if code in self.targets:
            self.error(f"{path}.code", f"target code '{code}' is used more than once")
        kind = self.choice(item, "kind", path, TARGET_KINDS)
        target = {
            "code": code,
            "kind": kind,
            "text": self.text(item, "text", path),
            "unit": self.text(item, "unit", path, required=False, max_length=50),
            "threshold": self.threshold(item, path, kind),
            "activity_types": self.target_activity_types(item, path, kind, content),
            "goal_activities_only": self.flag(item, "goal_activities_only", path),
            "sum_quantity": self.flag(item, "sum_quantity", path),
            "parent": self.text(item, "of", path, required=False, max_length=60, pattern=CODE)
            or None,
            "condition": self.choice(
                item, "condition", path, Target.Condition.values, required=False
            ),
            "house": self.scope(item, path, content),
            "weight": self.number(
                item, "weight", path, minimum=0, maximum=MAX_WEIGHT, above_minimum=True
            )
            or Decimal(1),
            "scored": self.flag(item, "scored", path, default=True),
            "path": path,
        }
        if target["goal_activities_only"] and goal_code is None:
            self.error(
                f"{path}.goal_activities_only", "a target without a goal has no goal's activities"
            )
        if target["goal_activities_only"] and kind not in COUNTING_KINDS:
            self.error(f"{path}.goal_activities_only", "only a counting target counts activities")
        if target["sum_quantity"] and kind != "count":
            self.error(f"{path}.sum_quantity", "only a count can sum the quantity")
        if target["condition"] and kind not in COUNTING_KINDS:
            self.error(f"{path}.condition", "only a counting target can have a condition")
        names_parent = self.given(item, "of", path, required=False) is not MISSING
        if kind == "subset" and not names_parent:
            self.error(f"{path}.of", "is required for an of-which target")
        if kind and kind != "subset" and names_parent:
            self.error(f"{path}.of", "only an of-which target (kind subset) names another target")
        if code:
            self.targets[code] = target
        return target

    def threshold(self, item, path, kind):
        """Return the target's threshold, checked by the rules of goals.thresholds."""
        value = self.given(item, "at_least", path, required=False)
        if value is MISSING or not kind:
            return None
        number = finite_decimal(value)
        problem = thresholds.threshold_problem(kind, number)
        if problem is not None:
            self.error(f"{path}.at_least", THRESHOLD_PROBLEMS[problem].format(kind=kind))
            return None
        return int(number) if kind in COUNTING_KINDS else number

    def target_activity_types(self, item, path, kind, content):
        codes = self.given(item, "activity_types", path, required=False)
        where = f"{path}.activity_types"
        if kind not in COUNTING_KINDS:
            if kind and codes is not MISSING:
                self.error(where, f"a {kind} target counts no activities")
            return []
        if not isinstance(codes, list) or not codes:
            self.error(where, "must list the activity types the target counts")
            return []
        known = content["activity_types"]
        for index, code in enumerate(codes):
            if not isinstance(code, str) or code not in known:
                self.error(
                    f"{where}[{index}]", f"{quoted(code)} is not an activity type of the file"
                )
            elif kind in FIRM_KINDS and not known[code]["counts_firms"]:
                self.error(f"{where}[{index}]", f"'{code}' is not with one firm (counts_firms)")
        return codes

    def scope(self, item, path, content):
        scope = item.get("scope")
        if scope in (None, "agreement"):
            return None
        houses = [
            key
            for key in content["agreement"].get("parties", [])
            if _kind_of(content["organisations"], key) == "growth_house"
        ]
        if scope not in houses:
            self.error(
                f"{path}.scope", "must be 'agreement' or the key of a growth house that signed"
            )
            return None
        return scope

    def target_references(self):
        """Check what targets say of each other: subsets name a firm target and stay below it."""
        for code, target in self.targets.items():
            parent_code = target["parent"]
            if target["kind"] != "subset" or parent_code is None:
                continue
            where = f"{target['path']}.of"
            parent = self.targets.get(parent_code)
            if parent is None or parent_code == code:
                self.error(where, f"'{parent_code}' is not another target of the file")
                continue
            if parent["kind"] not in FIRM_KINDS:
                self.error(where, f"'{parent_code}' does not count firms")
                continue
            seen = {code}
            ancestor = parent
            while ancestor is not None and ancestor["kind"] == "subset":
                if ancestor["code"] in seen:
                    self.error(where, "the of-which targets form a circle")
                    break
                seen.add(ancestor["code"])
                ancestor = self.targets.get(ancestor["parent"])
            if thresholds.exceeds_parent(target["threshold"], parent["threshold"]):
                self.error(
                    f"{target['path']}.at_least",
                    f"an of-which target cannot exceed its parent's {parent['threshold']}",
                )
