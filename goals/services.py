import itertools
from dataclasses import dataclass
from datetime import date as Date

from django.core.exceptions import ValidationError
from django.db import transaction

from agreement.models import (
    Agreement,
    FocusArea,
    Municipality,
    Organisation,
    ReferenceFigure,
    User,
)
from core import rollup_queue
from core.versioning import CONFLICT, save_version
from goals.models import (
    ActivityType,
    EffectMeasurement,
    Goal,
    MilestoneCompletion,
    StatusText,
    Target,
)


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


@transaction.atomic
def agreement_load(*, content, source="") -> LoadedAgreement:
    """Bring the database in line with a checked agreement file (goals.agreement_file).

    Loading the same content twice changes nothing. Goals, targets, focus areas
    and reference figures of the agreement that the content no longer has are
    removed.
    """
    reason = f"load_agreement {source}".strip()

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

    activity_types = {
        code: _upsert(
            ActivityType.objects,
            {"code": code},
            {key: spec[key] for key in ("name_da", "name_en", "counts_firms")},
            reason=reason,
        )
        for code, spec in content["activity_types"].items()
    }

    spec = content["agreement"]
    continues = spec["continues"] and Agreement.objects.get(year=spec["continues"])
    agreement = _upsert(
        Agreement.objects,
        {"year": spec["year"]},
        {
            "title": spec["title"],
            "period_start": spec["period_start"],
            "period_end": spec["period_end"],
            "agreed_on": spec["agreed_on"],
            "status": spec["status"],
            "continues": continues or None,
            "description": spec["description"],
        },
        reason=reason,
        m2m={"parties": [organisations[key] for key in spec["parties"]]},
    )

    figure_keys = []
    for position, spec in enumerate(content["reference_figures"]):
        figure_keys.append(spec["key"])
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
    agreement.reference_figures.exclude(key__in=figure_keys).delete()

    goal_specs = []  # (goal, target specs) for every goal, sub-goals included
    goal_positions = itertools.count()  # the goals' order in the whole agreement
    focus_area_codes = []
    for position, spec in enumerate(content["focus_areas"]):
        focus_area_codes.append(spec["code"])
        focus_area = _upsert(
            FocusArea.objects,
            {"agreement": agreement, "code": spec["code"]},
            {"title": spec["title"], "description": spec["description"], "position": position},
            reason=reason,
        )
        goal_specs += _load_goals(
            focus_area, spec["goals"], agreement, positions=goal_positions, reason=reason
        )

    target_specs = [
        (goal, position, spec)
        for goal, specs in [(None, content["targets"]), *goal_specs]
        for position, spec in enumerate(specs)
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


def _subset_depth(spec, by_code):
    depth = 0
    while spec["kind"] == Target.Kind.SUBSET and spec["parent"] in by_code:
        depth += 1
        spec = by_code[spec["parent"]]
    return depth


# Progress inputs: status texts, effect measurements, milestones. A change is based
# on the version the user saw; when someone else saved in between, the service
# refuses with CONFLICT and the other change stays. Each write asks the roll-ups
# to recompute the agreement's progress once it is committed.


@transaction.atomic
def status_text_save(
    *,
    goal: Goal,
    house: Organisation,
    quarter: int,
    status: str,
    text: str,
    author: User,
    version: int | None = None,
) -> StatusText:
    """Write the house's status text on the goal for the quarter, or change the one there is.

    A change needs the version of the text the author saw; a text written by someone
    else since the author opened an empty form is a conflict too.
    """
    status_text = (
        StatusText.objects.select_for_update()
        .filter(goal=goal, house=house, quarter=quarter)
        .first()
    )
    if status_text is None:
        status_text = StatusText(goal=goal, house=house, quarter=quarter, author=author)
    elif version != status_text.version:
        raise ValidationError(CONFLICT, code="conflict")
    status_text.year = goal.focus_area.agreement.year
    status_text.status = status
    status_text.text = text.strip()
    status_text.full_clean()
    save_version(status_text, version=version, user=author)
    rollup_queue.queue_full(goal.focus_area.agreement_id)
    return status_text


@transaction.atomic
def effect_measurement_create(
    *,
    target: Target,
    house: Organisation,
    numerator: int,
    denominator: int,
    source: str,
    measured_on: Date,
    author: User,
    note: str = "",
) -> EffectMeasurement:
    """Record a measured share for the house; the latest by date counts."""
    measurement = EffectMeasurement(
        target=target,
        house=house,
        numerator=numerator,
        denominator=denominator,
        source=source.strip(),
        measured_on=measured_on,
        note=note.strip(),
        author=author,
    )
    measurement.full_clean()
    save_version(measurement, version=None, user=author)
    rollup_queue.queue_full(target.agreement_id)
    return measurement


@transaction.atomic
def effect_measurement_update(
    *,
    measurement: EffectMeasurement,
    user: User,
    version: int,
    numerator: int,
    denominator: int,
    source: str,
    measured_on: Date,
    note: str = "",
) -> EffectMeasurement:
    """Correct a measurement; its target and house stay."""
    measurement.numerator, measurement.denominator = numerator, denominator
    measurement.source, measurement.note = source.strip(), note.strip()
    measurement.measured_on = measured_on
    measurement.full_clean()
    save_version(measurement, version=version, user=user)
    rollup_queue.queue_full(measurement.target.agreement_id)
    return measurement


@transaction.atomic
def milestone_complete(
    *,
    target: Target,
    house: Organisation | None,
    done_on: Date,
    author: User,
    evidence_url: str = "",
    evidence_text: str = "",
    version: int | None = None,
) -> MilestoneCompletion:
    """Mark the milestone as done by the house (None: both houses jointly), or change the date
    and evidence of the completion there is."""
    completion = (
        MilestoneCompletion.objects.select_for_update().filter(target=target, house=house).first()
    )
    if completion is None:
        completion = MilestoneCompletion(target=target, house=house, author=author)
    elif version != completion.version:
        raise ValidationError(CONFLICT, code="conflict")
    completion.done_on = done_on
    completion.evidence_url = evidence_url.strip()
    completion.evidence_text = evidence_text.strip()
    completion.full_clean()
    save_version(completion, version=version, user=author)
    rollup_queue.queue_full(target.agreement_id)
    return completion


@transaction.atomic
def milestone_reopen(*, completion: MilestoneCompletion, user: User, version: int) -> None:
    """Undo a completion: the milestone is no longer done. Its history keeps who did it and when."""
    current = MilestoneCompletion.objects.select_for_update().filter(pk=completion.pk).first()
    if current is None or current.version != version:
        raise ValidationError(CONFLICT, code="conflict")
    current._history_user = user
    current.delete()
    rollup_queue.queue_full(completion.target.agreement_id)
