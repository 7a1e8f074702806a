import pytest


@pytest.fixture(autouse=True)
def revision_read_at_once(tasks_at_commit_run_at_once, settings, tmp_path):
    """Read an uploaded revision as soon as it is kept, with its file in the test's folder."""
    settings.MEDIA_ROOT = tmp_path
