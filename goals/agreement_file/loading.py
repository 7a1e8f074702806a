"""Bring the database in line with a checked agreement file (read by goals.agreement_file).

Every row is written only where it differs, so loading the same content twice changes
nothing, history included. What the file no longer has (goals, targets, focus areas,
reference figures of the agreement) is removed; organisations, municipalities and activity
types are shared by every year and only added or updated. A goal or target that people
logged something against is removed only when the caller allows the loss.
"""

import itertools
from collections import defaultdict
from dataclasses import dataclass

from django.db import transaction
from django.db.models import Count

from agreement.models import Agreement, FocusArea, Municipality, Organisation, ReferenceFigure
from goals.agreement_file import AgreementFileError
from goals.models import ActivityType, Goal, Target


class LoggedDataWouldBeLost(AgreementFileError):
    """The file drops goals or targets that activities, status texts, effect measurements or
    milestone completions point to; each problem names one of them."""


@dataclass(frozen=True)
class LoadedAgreement:
    agreement: Agreement
    focus_areas: int
    goals: int
    targets: int
    growth_houses: int
    kkrs: int
    municipalities: int

    def summary(self):
        return (
            f"Loaded {self.agreement.title}: {self.focus_areas} focus areas, {self.goals} goals, "
            f"{self.targets} targets, {self.growth_houses} growth houses, {self.kkrs} KKRs, "
            f"{self.municipalities} municipalities"
        )


@transaction.atomic
def agreement_load(*, content, source="", allow_data_loss=False) -> LoadedAgreement:
    """Bring the database in line with a checked agreement file's content.

    Refuse, before writing anything, to remove a goal or target that people logged something
    against, unless `allow_data_loss`.
    """
    if not allow_data_loss and (lost := logged_data_lost(content)):
        raise LoggedDataWouldBeLost(lost)
    # The history keeps at most 100 characters of a change's reason; a long path is cut.
    reason = f"load_agreement {source}".strip()[:100]
    organisations = _load_parties(content, reason=reason)
    activity_types = {
        code: _upsert(
            ActivityType.objects,
            {"code": code},
            {key: spec[key] for key in ("name_da", "name_en", "counts_firms")},
            reason=reason,
        )
        for code, spec in content["activity_types"].items()
    }
    agreement = _load_agreement(content["agreement"], organisations, reason=reason)
    _load_reference_figures(agreement, content["reference_figures"], reason=reason)
    focus_area_codes, goal_specs = _load_focus_areas(
        agreement, content["focus_areas"], reason=reason
    )
    targets = _load_targets(
        agreement,
        [(None, content["targets"]), *goal_specs],
        organisations=organisations,
        activity_types=activity_types,
        reason=reason,
    )

    # What the file no longer has goes, of-which targets before the targets they refer to.
    stale_targets = agreement.targets.exclude(code__in=targets)
    stale_targets.filter(kind=Target.Kind.SUBSET).delete()
    stale_targets.delete()
    Goal.objects.filter(focus_area__agreement=agreement).exclude(
        pk__in=[goal.pk for goal, _specs in goal_specs]
    ).delete()
    agreement.focus_areas.exclude(code__in=focus_area_codes).delete()

    parties = agreement.parties.all()
    return LoadedAgreement(
        agreement=agreement,
        focus_areas=len(focus_area_codes),
        goals=len(goal_specs),
        targets=len(targets),
        growth_houses=sum(party.kind == Organisation.Kind.GROWTH_HOUSE for party in parties),
        kkrs=sum(party.kind == Organisation.Kind.KKR for party in parties),
        municipalities=len(content["municipalities"]),
    )


def logged_data_lost(content) -> list[str]:
    """Return, as `key: problem`, each goal and target that loading `content` would remove
    although something people logged points to it."""
    agreement = Agreement.objects.filter(year=content["agreement"]["year"]).first()
    if agreement is None:
        return []
    kept = _Kept.of(content)
    removed_goals = (
        Goal.objects.filter(focus_area__agreement=agreement)
        .exclude(code__in=kept.goals)
        .select_related("focus_area", "parent")
        .order_by("position")
    )
    removed_targets = (
        agreement.targets.exclude(code__in=kept.targets)
        .select_related("goal__focus_area", "goal__parent")
        .order_by("goal__position", "position")
    )
    lost = []
    for model, removed, parts in (
        (Goal, removed_goals, kept.goal_parts),
        (Target, removed_targets, kept.target_parts),
    ):
        logged = _logged_against(model, removed)
        for item in removed:
            if logged[item.pk]:
                lost.append(
                    f"{_removed_part(parts(item))}: removing it would remove "
                    f"{item._meta.verbose_name} {item.code}, {_which_point_to(logged[item.pk])}"
                )
    return lost


@dataclass(frozen=True)
class _Kept:
    """The codes the file has: what the agreement has beyond them, loading removes."""

    focus_areas: set[str]
    goals: set[str]
    targets: set[str]

    @classmethod
    def of(cls, content):
        goals = [
            goal
            for focus_area in content["focus_areas"]
            for top in focus_area["goals"]
            for goal in [top, *top["goals"]]
        ]
        return cls(
            focus_areas={focus_area["code"] for focus_area in content["focus_areas"]},
            goals={goal["code"] for goal in goals},
            targets={target["code"] for owner in [content, *goals] for target in owner["targets"]},
        )

    def goal_parts(self, goal):
        """Return the parts of the file that hold `goal`, outermost first, each as its key
        (as the database has it) and whether the file removes it."""
        path = f"focus_areas[{goal.focus_area.code}]"
        parts = [(path, goal.focus_area.code not in self.focus_areas)]
        for each in filter(None, [goal.parent, goal]):
            path += f".goals[{each.code}]"
            parts.append((path, each.code not in self.goals))
        return parts

    def target_parts(self, target):
        if target.goal is None:
            return [(f"targets[{target.code}]", True)]
        parts = self.goal_parts(target.goal)
        return [*parts, (f"{parts[-1][0]}.targets[{target.code}]", True)]


def _removed_part(parts):
    """Name the outermost part whose removal takes the item (the last part) along."""
    name = None
    for path, removed in reversed(parts):
        if not removed:
            break
        name = path
    return name


def _logged_against(model, objects):
    """Count, for each of `objects` (goals or targets), what people logged that points to it,
    by kind: the rows with an author (activities, status texts, effect measurements,
    milestone completions). They are found by the model's reverse relations, as the
    activity log lives above goals."""
    logged = defaultdict(list)
    for relation in model._meta.related_objects:
        pointing, name = relation.related_model, relation.field.name
        if not any(field.name == "author" for field in pointing._meta.fields):
            continue
        counts = (
            pointing._default_manager.filter(**{f"{name}__in": objects})
            .order_by()
            .values_list(name)
            .annotate(Count("pk"))
        )
        for pk, count in counts:
            logged[pk].append((count, pointing))
    return logged


def _which_point_to(logged):
    """Say `which 12 activities, 3 status texts point to`."""
    kinds = ", ".join(
        f"{count} {model._meta.verbose_name if count == 1 else model._meta.verbose_name_plural}"
        for count, model in logged
    )
    return f"which {kinds} {'points' if logged[0][0] == 1 and len(logged) == 1 else 'point'} to"


def _upsert(queryset, lookup, values, *, reason, m2m=None):
    """Create or update one row, saving only what differs, so a repeated load writes nothing."""
    instance = queryset.filter(**lookup).first()
    if instance is None:
        instance = queryset.model(**lookup, **values)
        changed = True
    else:
        changed = any(getattr(instance, field) != value for field, value in values.items())
        for field, value in values.items():
            setattr(instance, field, value)
    if changed:
        instance.full_clean()
        instance._change_reason = reason
        instance.save()
    for field, related in (m2m or {}).items():
        manager = getattr(instance, field)
        if {obj.pk for obj in manager.all()} != {obj.pk for obj in related}:
            manager.set(related)
    return instance


def _load_parties(content, *, reason) -> dict[str, Organisation]:
    """Load the organisations (regions first, which the others belong to) and municipalities."""
    organisations = {}
    for spec in sorted(
        content["organisations"].values(), key=lambda spec: spec["kind"] != "region"
    ):
        organisations[spec["key"]] = _upsert(
            Organisation.objects,
            {"key": spec["key"]},
            {
                "kind": spec["kind"],
                "name": spec["name"],
                "short_name": spec["short_name"],
                "region": organisations.get(spec["region"]),
            },
            reason=reason,
        )
    for spec in content["municipalities"]:
        _upsert(
            Municipality.objects,
            {"code": spec["code"]},
            {"name": spec["name"], "kkr": organisations[spec["kkr"]]},
            reason=reason,
        )
    return organisations


def _load_agreement(spec, organisations, *, reason) -> Agreement:
    continues = spec["continues"] and Agreement.objects.get(year=spec["continues"])
    fields = {
        "title": spec["title"],
        "period_start": spec["period_start"],
        "period_end": spec["period_end"],
        "agreed_on": spec["agreed_on"],
        "continues": continues or None,
        "description": spec["description"],
    }
    # The file's status is the new agreement's; after that the portal runs the year's life
    # (activate, close, reopen), and loading the file again leaves it as it is.
    if not Agreement.objects.filter(year=spec["year"]).exists():
        fields["status"] = spec["status"]
    return _upsert(
        Agreement.objects,
        {"year": spec["year"]},
        fields,
        reason=reason,
        m2m={"parties": [organisations[key] for key in spec["parties"]]},
    )


def _load_reference_figures(agreement, specs, *, reason):
    for position, spec in enumerate(specs):
        _upsert(
            ReferenceFigure.objects,
            {"agreement": agreement, "key": spec["key"]},
            {
                "text": spec["text"],
                "value": spec["value"],
                "unit": spec["unit"],
                "position": position,
            },
            reason=reason,
        )
    agreement.reference_figures.exclude(key__in=[spec["key"] for spec in specs]).delete()


def _load_focus_areas(agreement, specs, *, reason):
    """Load the focus areas and their goals; return the areas' codes and, for every goal
    (sub-goals included), the goal with its target specs."""
    goal_specs = []
    goal_positions = itertools.count()  # the goals' order in the whole agreement
    for position, spec in enumerate(specs):
        focus_area = _upsert(
            FocusArea.objects,
            {"agreement": agreement, "code": spec["code"]},
            {"title": spec["title"], "description": spec["description"], "position": position},
            reason=reason,
        )
        goal_specs += _load_goals(
            focus_area, spec["goals"], agreement, positions=goal_positions, reason=reason
        )
    return [spec["code"] for spec in specs], goal_specs


def _load_goals(focus_area, specs, agreement, *, positions, reason, parent=None):
    loaded = []
    agreement_goals = Goal.objects.filter(focus_area__agreement=agreement)
    for spec in specs:
        goal = _upsert(
            agreement_goals,
            {"code": spec["code"]},
            {
                "focus_area": focus_area,
                "parent": parent,
                "number": spec["number"],
                "title": spec["title"],
                "text": spec["text"],
                "effect": spec["effect"],
                "position": next(positions),
            },
            reason=reason,
        )
        loaded.append((goal, spec["targets"]))
        loaded += _load_goals(
            focus_area, spec["goals"], agreement, positions=positions, reason=reason, parent=goal
        )
    return loaded


def _load_targets(agreement, goal_specs, *, organisations, activity_types, reason):
    """Load every target (the agreement's own with goal None); return them by code."""
    target_specs = [
        (goal, position, spec) for goal, specs in goal_specs for position, spec in enumerate(specs)
    ]
    by_code = {spec["code"]: spec for _goal, _position, spec in target_specs}
    targets = {}
    # Parents first, so that each of-which target finds the target it is a subset of.
    for goal, position, spec in sorted(
        target_specs, key=lambda triple: _subset_depth(triple[2], by_code)
    ):
        targets[spec["code"]] = _upsert(
            Target.objects,
            {"agreement": agreement, "code": spec["code"]},
            {
                "goal": goal,
                "kind": spec["kind"],
                "text": spec["text"],
                "threshold": spec["threshold"],
                "unit": spec["unit"],
                "goal_activities_only": spec["goal_activities_only"],
                "sum_quantity": spec["sum_quantity"],
                "parent": targets.get(spec["parent"]),
                "condition": spec["condition"],
                "house": organisations.get(spec["house"]),
                "weight": spec["weight"],
                "scored": spec["scored"],
                "position": position,
            },
            reason=reason,
            m2m={"activity_types": [activity_types[code] for code in spec["activity_types"]]},
        )
    return targets


def _subset_depth(spec, by_code):
    depth = 0
    while spec["kind"] == Target.Kind.SUBSET and spec["parent"] in by_code:
        depth += 1
        spec = by_code[spec["parent"]]
    return depth
