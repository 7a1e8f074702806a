"""Read and check an agreement file (format: agreement/data/FORMAT.md).

`read_agreement_file()` returns the file's content, checked whole and
normalised to plain Python values, or raises AgreementFileError listing every
problem as `key: problem`. It writes nothing; goals.services loads the result.
"""

import datetime
import re
from decimal import Decimal
from pathlib import Path

import yaml

from agreement.models import Agreement, Organisation

from .models import Target

SLUG = re.compile(r"^[-a-z0-9_]+$")
CODE = re.compile(r"^[-a-z0-9_.]+$")
TARGET_KINDS = set(Target.Kind.values)
FIRM_KINDS = {str(kind) for kind in Target.FIRM_KINDS}
COUNTING_KINDS = {str(kind) for kind in Target.COUNTING_KINDS}


class AgreementFileError(Exception):
    def __init__(self, errors):
        super().__init__("\n".join(errors))
        self.errors = errors


class Missing:
    """Marks a key that is absent, as opposed to one given as null."""


MISSING = Missing()


def read_agreement_file(path):
    """Return the checked content of the agreement file at `path`."""
    path = Path(path)
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except OSError as error:
        raise AgreementFileError([f"{path}: cannot be read ({error.strerror})"]) from error
    except UnicodeDecodeError as error:
        raise AgreementFileError([f"{path}: is not UTF-8 text"]) from error
    except yaml.YAMLError as error:
        where = getattr(error, "problem_mark", None)
        line = f" at line {where.line + 1}" if where else ""
        problem = getattr(error, "problem", None) or "cannot be parsed"
        raise AgreementFileError([f"{path}: is not valid YAML{line}: {problem}"]) from error
    return check_agreement_data(data)


def check_agreement_data(data):
    """Return `data` checked and normalised, or raise AgreementFileError."""
    checker = _Checker()
    content = checker.document(data)
    if checker.errors:
        raise AgreementFileError(checker.errors)
    return content


def _item_path(path, name, index, item):
    """Name a list item by its code or key where it has one, else by its position."""
    label = item.get("code", item.get("key")) if isinstance(item, dict) else None
    if isinstance(label, (str, int)) and not isinstance(label, bool):
        return f"{path}{name}[{label}]"
    return f"{path}{name}[{index}]"


class _Checker:
    def __init__(self):
        self.errors = []

    def error(self, path, problem):
        self.errors.append(f"{path}: {problem}")

    # Plain values --------------------------------------------------------

    def mapping(self, value, path, allowed):
        if not isinstance(value, dict):
            self.error(path, "must be a mapping of keys to values")
            return None
        for key in value:
            if key not in allowed:
                self.error(f"{path}.{key}", f"unknown key (expected one of: {', '.join(allowed)})")
        return value

    def items(self, parent, key, path, *, required=True):
        """Return the list under `key` as (path, item) pairs of mappings."""
        value = parent.get(key, MISSING)
        if value is MISSING or value is None:
            if required:
                self.error(f"{path}{key}", "is required")
            return []
        if not isinstance(value, list):
            self.error(f"{path}{key}", "must be a list")
            return []
        if required and not value:
            self.error(f"{path}{key}", "must not be empty")
        pairs = []
        for index, item in enumerate(value):
            item_path = _item_path(path, key, index, item)
            if not isinstance(item, dict):
                self.error(item_path, "must be a mapping of keys to values")
                continue
            pairs.append((item_path, item))
        return pairs

    def text(self, parent, key, path, *, required=True, max_length=None, pattern=None):
        value = parent.get(key, MISSING)
        where = f"{path}.{key}"
        if value is MISSING or value is None or value == "":
            if required:
                self.error(where, "is required")
            return ""
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            value = str(value)
        if not isinstance(value, str):
            self.error(where, "must be text")
            return ""
        value = value.strip()
        if max_length and len(value) > max_length:
            self.error(where, f"must be at most {max_length} characters")
        if pattern and not pattern.match(value):
            self.error(where, "may contain only lower-case letters, digits, '-', '_' and '.'")
        return value

    def whole_number(self, parent, key, path, *, required=True, minimum=None, maximum=None):
        value = parent.get(key, MISSING)
        where = f"{path}.{key}"
        if value is MISSING or value is None:
            if required:
                self.error(where, "is required")
            return None
        if isinstance(value, bool) or not isinstance(value, int):
            self.error(where, "must be a whole number")
            return None
        if (minimum is not None and value < minimum) or (maximum is not None and value > maximum):
            bounds = f"from {minimum} to {maximum}" if maximum is not None else f"of at least {minimum}"
            self.error(where, f"must be a whole number {bounds}")
            return None
        return value

    def number(self, parent, key, path, *, minimum, maximum=None, above_minimum=False):
        value = parent.get(key, MISSING)
        where = f"{path}.{key}"
        if value is MISSING or value is None:
            return None
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            self.error(where, "must be a number")
            return None
        too_low = value <= minimum if above_minimum else value < minimum
        if too_low or (maximum is not None and value > maximum):
            low = f"above {minimum}" if above_minimum else f"at least {minimum}"
            high = f" and at most {maximum}" if maximum is not None else ""
            self.error(where, f"must be a number {low}{high}")
            return None
        return Decimal(str(value))

    def flag(self, parent, key, path):
        value = parent.get(key, False)
        if not isinstance(value, bool):
            self.error(f"{path}.{key}", "must be true or false")
            return False
        return value

    def date(self, parent, key, path, *, required=True):
        value = parent.get(key, MISSING)
        where = f"{path}.{key}"
        if value is MISSING or value is None:
            if required:
                self.error(where, "is required")
            return None
        if isinstance(value, datetime.datetime):
            value = value.date()
        if isinstance(value, str):
            try:
                value = datetime.date.fromisoformat(value)
            except ValueError:
                pass
        if not isinstance(value, datetime.date):
            self.error(where, "must be a date written YYYY-MM-DD")
            return None
        return value

    def choice(self, parent, key, path, choices, *, required=True, default=""):
        value = parent.get(key, MISSING)
        where = f"{path}.{key}"
        if value is MISSING or value is None:
            if required:
                self.error(where, "is required")
            return default
        if value not in choices:
            self.error(where, f"must be one of: {', '.join(sorted(choices))}")
            return default
        return value

    def unique(self, seen, value, path, what):
        if value and value in seen:
            self.error(path, f"{what} '{value}' is used more than once")
        seen.add(value)

    # The document --------------------------------------------------------

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
        self.target_references(content)
        return content

    def organisations(self, data):
        organisations, keys = {}, set()
        allowed = ["key", "kind", "name", "short_name", "region"]
        for path, item in self.items(data, "organisations", ""):
            self.mapping(item, path, allowed)
            key = self.text(item, "key", path, max_length=60, pattern=SLUG)
            self.unique(keys, key, f"{path}.key", "key")
            organisations[key] = {
                "key": key,
                "kind": self.choice(item, "kind", path, Organisation.Kind.values),
                "name": self.text(item, "name", path, max_length=200),
                "short_name": self.text(item, "short_name", path, required=False, max_length=30),
                "region": item.get("region"),
                "path": path,
            }
        for organisation in organisations.values():
            path, region = organisation["path"], organisation["region"]
            needs_region = organisation["kind"] in ("growth_house", "kkr")
            if region is None:
                if needs_region:
                    self.error(f"{path}.region", "is required for a growth house or KKR")
            elif organisations.get(region, {}).get("kind") != "region":
                self.error(f"{path}.region", f"'{region}' is not an organisation of kind region")
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
            "year": self.whole_number(item, "year", path, minimum=2000, maximum=2100),
            "title": self.text(item, "title", path, max_length=200),
            "period_start": self.date(item, "period_start", path),
            "period_end": self.date(item, "period_end", path),
            "agreed_on": self.date(item, "agreed_on", path, required=False),
            "status": self.choice(item, "status", path, Agreement.Status.values),
            "description": self.text(item, "description", path, required=False),
            "continues": self.whole_number(item, "continues", path, required=False),
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
        kinds = set()
        for index, key in enumerate(parties):
            kind = organisations.get(key, {}).get("kind") if isinstance(key, str) else None
            if kind not in ("growth_house", "kkr"):
                self.error(f"{where}[{index}]", f"'{key}' is not a growth house or KKR of the file")
            kinds.add(kind)
        if len(set(parties)) != len(parties):
            self.error(where, "lists an organisation more than once")
        for kind, name in (("growth_house", "growth house"), ("kkr", "KKR")):
            if kind not in kinds:
                self.error(where, f"must name at least one {name}")
        return parties

    def municipalities(self, data, organisations):
        municipalities, codes, names = [], set(), set()
        for path, item in self.items(data, "municipalities", ""):
            self.mapping(item, path, ["code", "name", "kkr"])
            code = self.whole_number(item, "code", path, minimum=101, maximum=999)
            name = self.text(item, "name", path, max_length=100)
            kkr = item.get("kkr")
            self.unique(codes, code, f"{path}.code", "code")
            self.unique(names, name, f"{path}.name", "name")
            if organisations.get(kkr, {}).get("kind") != "kkr":
                self.error(f"{path}.kkr", f"'{kkr}' is not an organisation of kind kkr")
            municipalities.append({"code": code, "name": name, "kkr": kkr})
        return municipalities

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
        if depth > 0 and "goals" in item:
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
            "parent": item.get("of"),
            "condition": self.choice(
                item, "condition", path, Target.Condition.values, required=False
            ),
            "house": self.scope(item, path, content),
            "weight": self.number(item, "weight", path, minimum=0, above_minimum=True)
            or Decimal(1),
            "path": path,
        }
        if target["goal_activities_only"] and goal_code is None:
            self.error(f"{path}.goal_activities_only", "a target without a goal has no goal's activities")
        if target["goal_activities_only"] and kind not in COUNTING_KINDS:
            self.error(f"{path}.goal_activities_only", "only a counting target counts activities")
        if target["sum_quantity"] and kind != "count":
            self.error(f"{path}.sum_quantity", "only a count can sum the quantity")
        if target["condition"] and kind not in COUNTING_KINDS:
            self.error(f"{path}.condition", "only a counting target can have a condition")
        if kind == "subset" and target["parent"] is None:
            self.error(f"{path}.of", "is required for an of-which target")
        if kind != "subset" and "of" in item:
            self.error(f"{path}.of", "only an of-which target (kind subset) names another target")
        if code:
            self.targets[code] = target
        return target

    def threshold(self, item, path, kind):
        if kind in COUNTING_KINDS:
            return self.whole_number(item, "at_least", path, required=False, minimum=1)
        if kind == "effect":
            return self.number(item, "at_least", path, minimum=0, maximum=100)
        if kind and "at_least" in item:
            self.error(f"{path}.at_least", f"a {kind} target has no threshold")
        return None

    def target_activity_types(self, item, path, kind, content):
        codes = item.get("activity_types", MISSING)
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
                self.error(f"{where}[{index}]", f"'{code}' is not an activity type of the file")
            elif kind in FIRM_KINDS and not known[code]["counts_firms"]:
                self.error(f"{where}[{index}]", f"'{code}' is not with one firm (counts_firms)")
        return codes

    def scope(self, item, path, content):
        scope = item.get("scope", "agreement")
        if scope == "agreement":
            return None
        houses = [
            key
            for key in content["agreement"].get("parties", [])
            if content["organisations"].get(key, {}).get("kind") == "growth_house"
        ]
        if scope not in houses:
            self.error(f"{path}.scope", "must be 'agreement' or the key of a growth house that signed")
            return None
        return scope

    def target_references(self, content):
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
            if (
                target["threshold"] is not None
                and parent["threshold"] is not None
                and target["threshold"] > parent["threshold"]
            ):
                self.error(
                    f"{target['path']}.at_least",
                    f"an of-which target cannot exceed its parent's {parent['threshold']}",
                )
