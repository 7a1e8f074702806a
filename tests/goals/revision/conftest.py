import pytest

from core import tasks


@pytest.fixture(autouse=True)
def revision_read_at_once(monkeypatch, tasks_in_process, settings, tmp_path):
    """Read an uploaded revision as soon as it is kept, with its file in the test's folder.

    A test rolls back and never commits, so a task queued for the commit would never run.
    """
    settings.MEDIA_ROOT = tmp_path
    monkeypatch.setattr(tasks, "delay_on_commit", tasks.delay)
