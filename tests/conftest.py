import os

import pytest
from django.conf import settings
from django.core.management import call_command
from django.utils import translation

from agreement.models import Agreement
from config.celery import app as celery_app
from core import tasks as core_tasks
from tests import worker
from tests.base import AGREEMENT_2018, PEOPLE, make_person
from tests.mailbox import smtp_server  # noqa: F401  (a fixture: a real SMTP server)

# The live server runs in a thread beside Playwright's event loop.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(items):
    """Run the tests that empty the database (transactional ones, the browser's) last.

    Every other test rolls back on top of the 2018 agreement loaded once; after an
    emptying test, each would load it again. pytest-django puts them last, but the
    grouping of parametrized fixtures that runs after it can move them forward.

    Under pytest-xdist (`make test`) every worker collects the same order, and `--dist
    load` hands each worker its tests in that order: each worker too runs its share of
    the emptying tests last, after all of its other tests.
    """

    def empties_database(item):
        marker = item.get_closest_marker("django_db")
        transactional = marker is not None and marker.kwargs.get("transaction", False)
        return bool(transactional) or "live_server" in getattr(item, "fixturenames", ())

    items.sort(key=empties_database)


@pytest.hookimpl(optionalhook=True)
def pytest_xdist_setupnodes(config, specs):
    """Give each pytest-xdist worker its own Redis database for Celery (tests/worker.py)."""
    for index, spec in enumerate(specs):
        spec.env.update(worker.broker_env(index))


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """Load the 2018 agreement once into the test database; each test rolls back on top of it."""
    with django_db_blocker.unblock():
        if not Agreement.objects.filter(year=2018).exists():
            call_command("load_agreement", str(AGREEMENT_2018), stdout=open(os.devnull, "w"))


@pytest.fixture
def agreement_2018(db):
    """The 2018 agreement; loaded again where a transactional test emptied the database."""
    if not Agreement.objects.filter(year=2018).exists():
        call_command("load_agreement", str(AGREEMENT_2018), stdout=open(os.devnull, "w"))
    return Agreement.objects.get(year=2018)


def _person_fixture(name):
    @pytest.fixture(name=name)
    def person(agreement_2018):
        return make_person(name)

    return person


for _name in PEOPLE:
    globals()[_name] = _person_fixture(_name)


@pytest.fixture
def person(request):
    """Return the named person (their fixture), or None for an anonymous visitor."""

    def named(name):
        return request.getfixturevalue(name) if name else None

    return named


@pytest.fixture
def client_as(client_for, person):
    """Return a test client signed in as the named person (None: anonymous)."""

    def sign_in(name):
        return client_for(person(name))

    return sign_in


@pytest.fixture
def english():
    """Speak English, so that the services' messages read as in the source."""
    with translation.override("en"):
        yield


@pytest.fixture
def client_for(client):
    """Return a test client signed in as the given person (None: anonymous)."""

    def sign_in(user):
        if user is not None:
            client.force_login(user)
        return client

    return sign_in


@pytest.fixture(scope="session")
def celery_worker(django_db_setup, django_db_blocker):
    """A real worker process when a broker is configured; None when tasks run in-process."""
    if not settings.CELERY_BROKER_URL:
        yield None
        return
    with django_db_blocker.unblock():
        process = worker.start_worker()
    yield process
    worker.stop_worker(process)


@pytest.fixture
def tasks_in_process():
    """Run queued Celery tasks in this process, also where a broker is configured (CI).

    A test that rolls back never commits what a real worker would need to read.
    """
    conf = celery_app.conf
    saved = conf.task_always_eager, conf.task_eager_propagates
    conf.task_always_eager = conf.task_eager_propagates = True
    try:
        yield
    finally:
        conf.task_always_eager, conf.task_eager_propagates = saved


@pytest.fixture
def tasks_at_commit_run_at_once(monkeypatch, tasks_in_process):
    """Run the tasks queued for the commit (core.tasks.delay_on_commit) at once, in this
    process: a test rolls back and never commits, so they would never run."""
    monkeypatch.setattr(core_tasks, "delay_on_commit", core_tasks.delay)


@pytest.fixture(autouse=True)
def default_language():
    """Start every test in the portal's language: a test that chose English leaves it active
    in its thread, and the next test's services would write English."""
    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.activate(settings.LANGUAGE_CODE)
