"""The read-only API under /api/v1/: the same figures as the pages, for the readers' own tools.

Every endpoint reads through the selectors and access helpers the pages use, so the two
cannot disagree; every list is JSON or `;`-separated CSV (csv.py), carries an ETag and
Last-Modified from the roll-up time (conditional.py), and is throttled per token.
"""
