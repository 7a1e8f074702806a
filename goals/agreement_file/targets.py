"""Check an agreement file's targets: kind, threshold, activity types, scope, and what they
say of each other. DocumentChecker checks the rest of the document with these."""

from decimal import Decimal

from goals import thresholds
from goals.agreement_file.values import CODE, MISSING, ValueChecker, finite_decimal, quoted
from goals.models import Target
from goals.thresholds import Problem

TARGET_KINDS = set(Target.Kind.values)
FIRM_KINDS = {str(kind) for kind in Target.FIRM_KINDS}
COUNTING_KINDS = {str(kind) for kind in Target.COUNTING_KINDS}
# Bounds that keep a value within what its database column holds.
MAX_WEIGHT = 1000
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


def kind_of(organisations, key):
    """Return the kind of the file's organisation `key`, or None where there is none."""
    if not isinstance(key, str):
        return None
    return organisations.get(key, {}).get("kind")


class TargetChecker(ValueChecker):
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
            if kind_of(content["organisations"], key) == "growth_house"
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
