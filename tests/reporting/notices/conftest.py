import pytest


@pytest.fixture(autouse=True)
def run_tasks_in_process(tasks_in_process):
    """The notices' tasks read what the test wrote, which a worker process could not."""


@pytest.fixture
def with_email(hanne, mads, sofie, morten, rikke, rasmus):
    """Give the named people their e-mail addresses."""
    for person in (hanne, mads, sofie, morten, rikke, rasmus):
        person.email = f"{person.username}@example.dk"
        person.save(update_fields=["email"])
