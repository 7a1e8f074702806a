"""Forms posted at the same moment, for real: two requests in two threads on PostgreSQL,
each in its own transaction (SQLite takes one writer at a time, so there is no race)."""

import datetime
import threading
import uuid

import pytest
from django.db import connection

from agreement.models import Agreement
from reporting.activities import selectors, services
from reporting.models import Activity, Firm
from tests.factories import new_cvr
from tests.reporting.activities.lookups import activity_type, municipality

pytestmark = [
    pytest.mark.django_db(transaction=True),
    # The roll-ups the saves set off run here, done before the test empties the database (a
    # real worker still draining then would deadlock with the flush).
    pytest.mark.usefixtures("tasks_in_process"),
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="a race needs two writers at once"
    ),
]


def at_once(monkeypatch, *calls):
    """Run the calls in threads that pass the services' first look-up together."""
    barrier = threading.Barrier(len(calls), timeout=10)
    first_look = threading.local()
    real = selectors.activity_made_by_form

    def together(author, form_key):
        if not getattr(first_look, "done", False):
            first_look.done = True
            found = real(author, form_key)
            barrier.wait()
            return found
        return real(author, form_key)

    monkeypatch.setattr(services, "activity_made_by_form", together)
    errors = []

    def run(call):
        try:
            call()
        except Exception as error:  # noqa: BLE001  (reported below)
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(call,)) for call in calls]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert errors == []


def logging(person, *, cvr, form_key=None, name="Bageriet ApS"):
    def log():
        services.activity_create(
            agreement=Agreement.objects.get(year=2018),
            house=person.organisation,
            author=person,
            activity_type=activity_type("growth_mapping"),
            date=datetime.date(2018, 3, 15),
            firm=Firm(cvr=cvr, name=name, municipality=municipality(101)),
            form_key=form_key,
        )

    return log


def test_one_form_posted_twice_at_once_makes_one_activity_and_one_firm(
    monkeypatch, agreement_2018, hanne
):
    cvr, key = new_cvr(), uuid.uuid4()

    at_once(
        monkeypatch, logging(hanne, cvr=cvr, form_key=key), logging(hanne, cvr=cvr, form_key=key)
    )

    assert Activity.objects.filter(form_key=key).count() == 1
    assert Firm.objects.filter(cvr=cvr).count() == 1


def test_two_people_creating_the_same_firm_at_once_both_save(
    monkeypatch, agreement_2018, hanne, mads
):
    cvr = new_cvr()

    at_once(
        monkeypatch,
        logging(hanne, cvr=cvr, form_key=uuid.uuid4()),
        logging(mads, cvr=cvr, form_key=uuid.uuid4(), name="Bageriet Brød ApS"),
    )

    firm = Firm.objects.get(cvr=cvr)
    assert list(Activity.objects.filter(firm__cvr=cvr).values_list("firm", flat=True)) == [
        firm.pk,
        firm.pk,
    ]
