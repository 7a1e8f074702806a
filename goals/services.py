"""Writes of the progress inputs: status texts, effect measurements, milestones.

A change is based on the version the user saw; when someone else saved in between, the
service refuses with CONFLICT and the other change stays. Each write records, in its own
transaction, that the agreement's progress rows must be recomputed (core.rollup_queue).
"""

from datetime import date as Date

from django.core.exceptions import ValidationError
from django.db import transaction

from agreement.models import Organisation, User
from core import rollup_queue
from core.versioning import CONFLICT, save_version
from goals.models import EffectMeasurement, Goal, MilestoneCompletion, StatusText, Target


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
    goal.focus_area.agreement.check_takes_entries()
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
    rollup_queue.queue_progress(goal.focus_area.agreement_id)
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
    target.agreement.check_takes_entries()
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
    rollup_queue.queue_progress(target.agreement_id)
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
    measurement.target.agreement.check_takes_entries()
    measurement.numerator, measurement.denominator = numerator, denominator
    measurement.source, measurement.note = source.strip(), note.strip()
    measurement.measured_on = measured_on
    measurement.full_clean()
    save_version(measurement, version=version, user=user)
    rollup_queue.queue_progress(measurement.target.agreement_id)
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
    target.agreement.check_takes_entries()
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
    rollup_queue.queue_progress(target.agreement_id)
    return completion


@transaction.atomic
def milestone_reopen(*, completion: MilestoneCompletion, user: User, version: int) -> None:
    """Undo a completion: the milestone is no longer done. Its history keeps who did it and when."""
    completion.target.agreement.check_takes_entries()
    current = MilestoneCompletion.objects.select_for_update().filter(pk=completion.pk).first()
    if current is None or current.version != version:
        raise ValidationError(CONFLICT, code="conflict")
    current._history_user = user
    current.delete()
    rollup_queue.queue_progress(completion.target.agreement_id)
