import pytest


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    """Keep the uploaded exports a test makes in its own folder."""
    settings.MEDIA_ROOT = tmp_path
