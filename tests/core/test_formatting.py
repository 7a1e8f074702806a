"""File sizes as a Danish reader writes them, and as an English one does."""

import pytest
from django.template import Context, Template
from django.utils import translation

from core.formatting import file_size

NO_BREAK = "\N{NO-BREAK SPACE}"


@pytest.mark.parametrize(
    ("size", "danish", "english"),
    [
        (1, "1 byte", "1 byte"),
        (612, "612 byte", "612 bytes"),
        (1023, "1023 byte", "1023 bytes"),
        (1024, "1 KB", "1 KB"),
        (1_258_291, "1,2 MB", "1.2 MB"),
        (10 * 1024 * 1024, "10 MB", "10 MB"),
        (3 * 1024**3, "3 GB", "3 GB"),
    ],
)
def test_a_size_is_written_the_danish_way_in_danish_and_the_english_way_in_english(
    size, danish, english
):
    with translation.override("da"):
        assert file_size(size) == danish.replace(" ", NO_BREAK)
    with translation.override("en"):
        assert file_size(size) == english.replace(" ", NO_BREAK)


def test_a_size_just_under_a_megabyte_is_written_in_megabytes_not_as_1024_kb():
    with translation.override("da"):
        assert file_size(1024 * 1024 - 1) == f"1{NO_BREAK}MB"


def test_the_template_filter_writes_the_same_as_the_helper():
    template = Template("{% load portal %}{{ size|file_size }}")

    with translation.override("da"):
        assert template.render(Context({"size": 1_258_291})) == file_size(1_258_291)
