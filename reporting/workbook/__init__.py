"""The year-end Excel workbook the KKRs use to revise the agreement."""

from .writer import write_workbook

__all__ = ["write_workbook"]
