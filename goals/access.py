"""Who may see and write a growth house's progress inputs (status texts, effect
measurements, milestones), and who revises the agreement. Every page of them asks here.

- A growth house's manager writes the house's inputs; its staff read them.
- Reviewers and administrators read both houses'.
- A milestone reached jointly belongs to both houses: both read it, and either
  house's manager changes it.
- Nobody else sees a house's inputs.
- Only an administrator revises the agreement into next year's.

A page answers 404 for a house the user may not see and 403 for a write the user
may see but not make.
"""

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _

from agreement.access import house_of, is_administrator, is_manager_of, reads_all_houses
from agreement.models import Agreement, Organisation
from goals.models import (
    AgreementRevision,
    EffectMeasurement,
    MilestoneCompletion,
    RevisionUpload,
    Target,
)


def visible_houses(user, agreement: Agreement) -> list[Organisation]:
    """Return the agreement's growth houses whose inputs the user may read."""
    return visible_among(user, agreement.growth_houses())


def visible_among(user, houses: list[Organisation]) -> list[Organisation]:
    """Return those of the growth houses whose inputs the user may read."""
    own = house_of(user)
    if own is not None:
        return [house for house in houses if house.pk == own.pk]
    if reads_all_houses(user):
        return houses
    return []


def chosen_houses(user, agreement: Agreement, key: str | None) -> list[Organisation]:
    """Return the houses a page shows: the one chosen by its key, else every visible one.

    A house the user may not see answers 404, even when it exists.
    """
    houses = visible_houses(user, agreement)
    if not key:
        return houses
    chosen = [house for house in houses if house.key == key]
    if not chosen:
        raise Http404
    return chosen


def can_see_house(user, agreement: Agreement, house: Organisation | None) -> bool:
    """Return whether the user reads the house's inputs (None: joint ones)."""
    houses = visible_houses(user, agreement)
    if house is None:
        return bool(houses)
    return any(visible.pk == house.pk for visible in houses)


def can_write(user, house: Organisation) -> bool:
    """Return whether the user writes the house's inputs: the house's manager."""
    return is_manager_of(user, house.pk)


def house_to_write(user, houses: list[Organisation]) -> Organisation | None:
    """Return the one house among those shown that the user writes for, or None."""
    return next((house for house in houses if can_write(user, house)), None)


def can_write_milestone(user, agreement: Agreement, house: Organisation | None) -> bool:
    """Return whether the user changes a milestone completion of the house (None: joint)."""
    if house is None:
        return house_to_write(user, agreement.growth_houses()) is not None
    return can_write(user, house)


def refuse_write():
    raise PermissionDenied(_("Only the growth house's manager can change this."))


def get_target(agreement: Agreement, code: str, kind: str) -> Target:
    """Return the agreement's target of the kind by its code, or answer 404."""
    return get_object_or_404(
        Target.objects.select_related("goal", "house", "agreement"),
        agreement=agreement,
        code=code,
        kind=kind,
    )


def get_measurement_for_user(user, agreement: Agreement, pk) -> EffectMeasurement:
    """Return the effect measurement, or answer 404 where the user may not read its house's."""
    measurement = get_object_or_404(
        EffectMeasurement.objects.select_related("target__goal", "target__agreement", "house"),
        pk=pk,
        target__agreement=agreement,
    )
    if not can_see_house(user, agreement, measurement.house):
        raise Http404
    return measurement


def get_rw_measurement_for_user(user, agreement: Agreement, pk) -> EffectMeasurement:
    """Return the effect measurement the user corrects, or answer 404 or 403."""
    measurement = get_measurement_for_user(user, agreement, pk)
    if not can_write(user, measurement.house):
        refuse_write()
    return measurement


def get_rw_completion_for_user(user, target: Target, pk) -> MilestoneCompletion | None:
    """Return the milestone completion the user changes, None when it is gone (reopened by
    someone else since the page was shown), or answer 404 or 403."""
    completion = (
        MilestoneCompletion.objects.select_related("house", "target")
        .filter(target=target, pk=pk)
        .first()
    )
    if completion is None:
        return None
    if not can_see_house(user, target.agreement, completion.house):
        raise Http404
    if not can_write_milestone(user, target.agreement, completion.house):
        refuse_write()
    return completion


def can_revise(user) -> bool:
    return is_administrator(user)


def require_revise(user):
    if not can_revise(user):
        raise PermissionDenied(_("Only an administrator revises the agreement."))


def get_revision_for_user(user, year, pk) -> AgreementRevision:
    """Return the revision of the year's agreement, or answer 403 (not an administrator) or 404."""
    require_revise(user)
    return get_object_or_404(
        AgreementRevision.objects.select_related(
            "agreement", "uploaded_by", "applied_by", "created_agreement"
        ),
        pk=pk,
        agreement__year=year,
    )


def get_revision_upload_for_user(user, year, pk) -> RevisionUpload:
    """Return the upload of a revision of the year's agreement, or answer 403 (not an
    administrator) or 404."""
    require_revise(user)
    return get_object_or_404(
        RevisionUpload.objects.select_related("agreement", "revision__agreement"),
        pk=pk,
        agreement__year=year,
    )
