"""Bulk import of activities from the shared ERP system's spreadsheet export.

The format is in FORMAT.md beside this file; `services` holds the writes.
"""
