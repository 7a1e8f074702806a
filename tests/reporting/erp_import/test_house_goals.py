"""An imported activity is linked to its type's goals that concern the importing house, as
one logged through the form (2019 test file: goal 1b is Væksthus Hovedstadsregionen's)."""

import pytest

from reporting.models import Activity
from tests.factories import new_cvr
from tests.reporting.erp_import.import_files import erp_row, xlsx_bytes
from tests.reporting.erp_import.test_services import imported
from tests.reporting.house_targets import load_2019

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def agreement_2019(agreement_2018):
    return load_2019()


def digital_check(house):
    return erp_row(
        f"ERP-{house}",
        date="02.09.2019",
        activity_type="Digitalt tjek",
        house=house,
        cvr=new_cvr(),
        firm_name="Tjekket ApS",
        municipality_code="259",
    )


def test_a_digital_check_sjaelland_imports_is_linked_to_no_goal_of_hovedstaden(morten):
    imported(morten, xlsx_bytes([digital_check("VSJ")]))

    activity = Activity.objects.get()
    assert activity.house == morten.organisation
    assert not activity.goals.exists()


def test_a_digital_check_hovedstaden_imports_is_linked_to_1b(mads):
    imported(mads, xlsx_bytes([digital_check("VHHR")]))

    activity = Activity.objects.get()
    assert set(activity.goals.values_list("code", flat=True)) == {"a.1b"}
