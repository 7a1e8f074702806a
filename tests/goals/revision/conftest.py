import pytest
from django.utils import translation


@pytest.fixture
def english():
    """Speak English, so that the services' messages read as in the source."""
    with translation.override("en"):
        yield
