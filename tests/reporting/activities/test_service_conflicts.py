"""Two people saving the same activity or firm: a save on top of a version one has not
seen is refused, and the other's change stays."""

import pytest

from core.versioning import CONFLICT
from reporting.activities import services
from reporting.models import Activity, Firm
from tests.factories import make_activity, make_firm
from tests.reporting.activities.lookups import goal
from tests.reporting.activities.service_helpers import act, goal_codes, log, refusal_of, reloaded

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("media_in_tmp", "english")]


def test_hannes_save_on_top_of_mads_change_is_refused_and_his_change_stays(hanne, mads):
    activity = make_activity(author=hanne, activity_type="growth_course", description="Udkast")
    hannes_copy = reloaded(activity)
    mads_copy = reloaded(activity)
    act("update", mads_copy, mads, description="Mads' rettelse")

    refusal = refusal_of(
        act, "update", hannes_copy, hanne, description="Hannes rettelse", goals=[goal("a.4b")]
    )

    assert refusal.messages == [str(CONFLICT)]
    activity = reloaded(activity)
    assert activity.description == "Mads' rettelse"
    assert goal_codes(activity) == {"a.4a"}
    assert activity.history.count() == 2


def test_a_save_based_on_an_old_version_number_is_refused(hanne, mads):
    activity = log(hanne, description="Udkast")
    version_hanne_saw = activity.version
    act("update", reloaded(activity), mads, description="Mads' rettelse")

    refusal = refusal_of(
        services.activity_update,
        activity=reloaded(activity),
        user=hanne,
        version=version_hanne_saw,
        description="Hannes rettelse",
    )

    assert refusal.messages == [str(CONFLICT)]
    assert reloaded(activity).description == "Mads' rettelse"


def test_hanne_cannot_delete_an_activity_mads_approved_since_she_opened_it(hanne, mads):
    activity = log(hanne, submit=True)
    hannes_copy = reloaded(activity)
    act("approve", reloaded(activity), mads)

    refusal = refusal_of(act, "delete", hannes_copy, hanne)

    assert refusal.messages == [str(CONFLICT)]
    activity = reloaded(activity)
    assert activity.status == Activity.Status.APPROVED
    assert not activity.is_deleted


def test_hannes_firm_change_on_top_of_mads_change_is_refused_and_his_change_stays(hanne, mads):
    firm = make_firm(user=hanne, name="Bageriet Brød ApS")
    hannes_copy = Firm.objects.get(pk=firm.pk)
    mads_copy = Firm.objects.get(pk=firm.pk)
    services.firm_update(firm=mads_copy, version=mads_copy.version, user=mads, sector="Fødevarer")

    refusal = refusal_of(
        services.firm_update,
        firm=hannes_copy,
        version=hannes_copy.version,
        user=hanne,
        name="Brødbageriet ApS",
    )

    assert refusal.messages == [str(CONFLICT)]
    firm = Firm.objects.get(pk=firm.pk)
    assert (firm.name, firm.sector) == ("Bageriet Brød ApS", "Fødevarer")
    assert firm.history.count() == 2


def test_a_firm_change_based_on_an_old_version_number_is_refused(hanne, mads):
    firm = make_firm(user=hanne, name="Bageriet Brød ApS")
    version_hanne_saw = firm.version
    services.firm_update(firm=firm, version=firm.version, user=mads, sector="Fødevarer")

    refusal = refusal_of(
        services.firm_update,
        firm=Firm.objects.get(pk=firm.pk),
        version=version_hanne_saw,
        user=hanne,
        name="Brødbageriet ApS",
    )

    assert refusal.messages == [str(CONFLICT)]
    assert Firm.objects.get(pk=firm.pk).name == "Bageriet Brød ApS"
