import pytest

from core import tasks


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    """Keep the uploaded exports a test makes in its own folder."""
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture(autouse=True)
def import_steps_at_once(monkeypatch, tasks_in_process):
    """Run the import's Celery steps (reading, confirming) as soon as they are queued.

    A test rolls back and never commits, so a task queued for the commit would never run.
    """
    monkeypatch.setattr(tasks, "delay_on_commit", tasks.delay)
