"""The roll-up tables read as plain rows, to compare an update's with a full recompute's."""

from collections import Counter

from goals.models import Target
from reporting.models import (
    MunicipalityActivity,
    TargetFirm,
    TargetMonth,
    TargetMunicipality,
    TargetProgress,
)
from reporting.rollups import services as rollups


def tables(the_agreement):
    """Return the roll-up tables as sorted rows, without ids (a full run re-creates them)."""

    def rows(queryset, *fields):
        return sorted(
            queryset.filter(target__agreement=the_agreement).values_list(*fields), key=repr
        )

    municipality_activities = MunicipalityActivity.objects.filter(agreement=the_agreement)

    return {
        "firms": rows(
            TargetFirm.objects,
            "target__code",
            "firm__cvr",
            "house__key",
            "municipality__code",
            "approved_on",
            "pending_on",
        ),
        "months": rows(
            TargetMonth.objects,
            "target__code",
            "house__key",
            "month",
            "value",
            "cumulative",
            "pending",
        ),
        "municipalities": rows(
            TargetMunicipality.objects,
            "target__code",
            "house__key",
            "municipality__code",
            "value",
            "pending",
        ),
        "progress": rows(
            TargetProgress.objects,
            "target__code",
            "house__key",
            "value",
            "pending",
            "percentage",
            "status",
            "points",
            "max_points",
            "done_on",
        ),
        "municipality activities": sorted(
            municipality_activities.values_list(
                "house__key", "municipality__code", "activities", "pending"
            ),
            key=repr,
        ),
    }


def recomputed(the_agreement):
    """Return the tables a full run computes from nothing: the agreement's roll-up rows are
    deleted first, so that no cell a full run would keep is taken on trust."""
    for model in (TargetFirm, TargetMonth, TargetMunicipality, TargetProgress):
        model.objects.filter(target__agreement=the_agreement).delete()
    MunicipalityActivity.objects.filter(agreement=the_agreement).delete()
    rollups.rollup_full(the_agreement)
    return tables(the_agreement)


def differences(actual, expected):
    """Return, per table, the rows there that should not be, and those missing; {} if none."""
    found = {}
    for name in expected:
        unexpected = Counter(actual[name]) - Counter(expected[name])
        missing = Counter(expected[name]) - Counter(actual[name])
        if unexpected or missing:
            found[name] = {
                "unexpected": sorted(unexpected, key=repr),
                "missing": sorted(missing, key=repr),
            }
    return found


def assert_subsets_within_parents(the_agreement):
    """Check that no of-which target counts more than its parent, in any row of any table."""
    for subset in Target.objects.filter(agreement=the_agreement, kind=Target.Kind.SUBSET):
        parent = subset.parent
        parent_firms = {
            (row.firm_id, row.house_id): row for row in TargetFirm.objects.filter(target=parent)
        }
        for row in TargetFirm.objects.filter(target=subset):
            counted = parent_firms.get((row.firm_id, row.house_id))
            assert counted is not None, (
                f"{subset.code} counts firm {row.firm_id} its parent does not"
            )
            if row.approved_on is not None:
                assert counted.approved_on is not None
                assert counted.approved_on <= row.approved_on
        parent_months = {
            (row.house_id, row.month): row.cumulative
            for row in TargetMonth.objects.filter(target=parent)
        }
        for row in TargetMonth.objects.filter(target=subset):
            assert row.cumulative <= parent_months[(row.house_id, row.month)], (subset.code, row)
        parent_places = {
            (row.house_id, row.municipality_id): row.value
            for row in TargetMunicipality.objects.filter(target=parent)
        }
        for row in TargetMunicipality.objects.filter(target=subset):
            assert row.value <= parent_places.get((row.house_id, row.municipality_id), 0)
        parent_progress = {
            row.house_id: row for row in TargetProgress.objects.filter(target=parent)
        }
        for row in TargetProgress.objects.filter(target=subset):
            counted = parent_progress[row.house_id]
            assert row.value <= counted.value, (subset.code, row.house_id)
            assert row.value + row.pending <= counted.value + counted.pending
