"""A target for one growth house is counted and scored for that house only (2019 test file)."""

from decimal import Decimal

import pytest

from reporting.models import TargetProgress
from reporting.rollups import services as rollups
from reporting.rollups.selectors import agreement_progress
from tests.reporting.house_targets import (
    PERIOD_END,
    achieve_all_of_sjaelland,
    digital_checks,
    load_2019,
    target,
)
from tests.reporting.rollups.tables import tables

pytestmark = pytest.mark.django_db

HOVEDSTADEN, SJAELLAND = "vaeksthus-hovedstaden", "vaeksthus-sjaelland"


@pytest.fixture
def agreement_2019(agreement_2018):
    return load_2019()


def progress_of(code):
    """Return the target's progress rows by house key ("all" for all houses)."""
    rows = TargetProgress.objects.filter(target=target(code)).select_related("house")
    return {row.house.key if row.house else "all": row for row in rows}


def scores(agreement):
    progress = agreement_progress(agreement)
    return {
        "all": progress.score,
        **{house.key: score for house, score in progress.house_scores},
    }


def test_a_target_for_one_house_has_progress_for_that_house_and_all_houses_only(
    agreement_2019, hanne, sofie
):
    digital_checks(hanne, 3)
    digital_checks(sofie, 2)

    rollups.rollup_full(agreement_2019, today=PERIOD_END)

    hovedstaden_only = progress_of("a.1b.digital-checks")
    assert set(hovedstaden_only) == {HOVEDSTADEN, "all"}
    assert hovedstaden_only[HOVEDSTADEN].value == hovedstaden_only["all"].value == 3
    sjaelland_only = progress_of("vsj.digital-checks")
    assert set(sjaelland_only) == {SJAELLAND, "all"}
    assert sjaelland_only[SJAELLAND].value == sjaelland_only["all"].value == 2


def test_a_target_of_the_whole_agreement_keeps_a_row_for_each_house(agreement_2019):
    rollups.rollup_full(agreement_2019, today=PERIOD_END)

    assert set(progress_of("a.1a.events")) == {HOVEDSTADEN, SJAELLAND, "all"}


def test_each_house_shares_its_100_points_over_its_own_five_targets(agreement_2019):
    rollups.rollup_full(agreement_2019, today=PERIOD_END)

    for house in (HOVEDSTADEN, SJAELLAND):
        maxima = {
            row.target.code: row.max_points
            for row in TargetProgress.objects.filter(
                target__agreement=agreement_2019, house__key=house, max_points__gt=0
            ).select_related("target")
        }
        assert len(maxima) == 5
        assert set(maxima.values()) == {Decimal("20.00")}
        assert scores(agreement_2019)[house][1] == 100


def test_the_agreement_shares_its_100_points_over_all_six_scored_targets(agreement_2019):
    rollups.rollup_full(agreement_2019, today=PERIOD_END)

    maxima = [
        row.max_points
        for row in TargetProgress.objects.filter(
            target__agreement=agreement_2019, house=None, max_points__gt=0
        )
    ]
    assert len(maxima) == 6
    assert sum(maxima) == 100
    assert set(maxima) <= {Decimal("16.66"), Decimal("16.67")}


def test_sjaelland_reaches_100_points_when_all_its_targets_are_achieved(
    agreement_2019, sofie, morten
):
    achieve_all_of_sjaelland(sofie, morten)

    rollups.rollup_full(agreement_2019, today=PERIOD_END)

    by_house = scores(agreement_2019)
    assert by_house[SJAELLAND] == (Decimal("100.00"), Decimal("100.00"))
    assert by_house[HOVEDSTADEN] == (Decimal("0.00"), Decimal("100.00"))
    # All houses together miss only Hovedstaden's 200 digital checks.
    missed = progress_of("a.1b.digital-checks")["all"].max_points
    assert by_house["all"] == (100 - missed, Decimal("100.00"))


def test_an_update_after_a_check_gives_the_tables_of_a_full_recompute(agreement_2019, hanne, sofie):
    digital_checks(hanne, 2)
    rollups.rollup_full(agreement_2019, today=PERIOD_END)

    (check,) = digital_checks(sofie, 1)
    (other,) = digital_checks(hanne, 1)
    keys = [rollups.activity_key(check), rollups.activity_key(other)]
    rollups.rollup_update(agreement_2019, keys, today=PERIOD_END)
    updated = tables(agreement_2019)
    rollups.rollup_full(agreement_2019, today=PERIOD_END)

    assert updated == tables(agreement_2019)
    assert progress_of("a.1b.digital-checks")[HOVEDSTADEN].value == 3
    assert progress_of("vsj.digital-checks")[SJAELLAND].value == 1
