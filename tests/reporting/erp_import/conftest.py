import pytest


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    """Keep the uploaded exports a test makes in its own folder."""
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture(autouse=True)
def import_steps_at_once(tasks_at_commit_run_at_once):
    """Run the import's Celery steps (reading, confirming) as soon as they are queued."""
