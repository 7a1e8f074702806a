"""Activities and firms for tests, made through the same services the pages use."""

import datetime
import itertools

from agreement.models import Agreement, Municipality, Organisation
from goals.models import ActivityType
from reporting.activities import services
from reporting.models import Activity, Firm, complete_cvr

_prefixes = itertools.count(2000000)


def new_cvr():
    """Return a valid CVR number that no other test firm has."""
    while True:
        cvr = complete_cvr(str(next(_prefixes)))
        if cvr and not Firm.objects.filter(cvr=cvr).exists():
            return cvr


def house(key):
    return Organisation.objects.get(key=key)


HOVEDSTADEN = "vaeksthus-hovedstaden"
SJAELLAND = "vaeksthus-sjaelland"


def make_firm(*, user, name="Testfirma ApS", municipality_code=101, cvr=None, sector=""):
    return services.firm_create(
        cvr=cvr or new_cvr(),
        name=name,
        municipality=Municipality.objects.get(code=municipality_code),
        sector=sector,
        user=user,
    )


def make_activity(
    *,
    author,
    activity_type="guidance",
    date=datetime.date(2018, 3, 15),
    firm=None,
    status=Activity.Status.DRAFT,
    agreement=None,
    **fields,
):
    """Log an activity as the author, for the author's house, in 2018 unless an agreement is
    given; a firm is made where needed."""
    activity_type = ActivityType.objects.get(code=activity_type)
    if firm is None and activity_type.counts_firms:
        firm = make_firm(user=author)
    return services.activity_create(
        agreement=agreement or Agreement.objects.get(year=2018),
        house=fields.pop("house", author.organisation),
        author=author,
        activity_type=activity_type,
        date=date,
        firm=firm,
        status=status,
        **fields,
    )
