import pytest


@pytest.fixture
def media_in_tmp(settings, tmp_path):
    """Keep the evidence a test uploads in its own folder."""
    settings.MEDIA_ROOT = tmp_path
