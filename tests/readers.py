"""The real readers of the portal's documents: LibreOffice (soffice) and poppler
(pdftotext, pdfinfo), as Debian packages them (libreoffice-calc-nogui, poppler-utils).

Without them the tests that need them are skipped on a developer's machine and fail
in CI (CI=true), where a missing reader must not pass unnoticed.
"""

import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

# soffice starts a profile of its own on first use: slow on a busy machine.
CONVERT_SECONDS = 180


def require(tool: str) -> str:
    """Return the tool's path, or skip (fail in CI) when it is not installed."""
    path = shutil.which(tool)
    if path is None:
        message = f"{tool} is not installed (Debian: libreoffice-calc-nogui, poppler-utils)"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    return path


def to_pdf(document: Path, out_dir: Path) -> Path:
    """Convert the document (an .xlsx) to PDF with LibreOffice, as a reader prints it."""
    soffice = require("soffice")
    profile = out_dir / "libreoffice-profile"
    subprocess.run(
        [
            soffice,
            f"-env:UserInstallation=file://{profile}",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(out_dir),
            str(document),
        ],
        check=True,
        capture_output=True,
        timeout=CONVERT_SECONDS,
    )
    return out_dir / f"{document.stem}.pdf"


def pdf_pages(pdf: Path) -> list[str]:
    """Return the text of each page of the PDF, laid out as printed (pdftotext -layout)."""
    pdftotext = require("pdftotext")
    result = subprocess.run(
        [pdftotext, "-layout", str(pdf), "-"], check=True, capture_output=True, timeout=60
    )
    pages = result.stdout.decode("utf-8").split("\f")
    return pages[:-1] if pages and not pages[-1].strip() else pages


def page_sizes(pdf: Path) -> list[tuple[float, float]]:
    """Return each page's width and height in points (pdfinfo)."""
    pdfinfo = require("pdfinfo")
    result = subprocess.run(
        [pdfinfo, "-f", "1", "-l", "9999", str(pdf)], check=True, capture_output=True, timeout=60
    )
    sizes = re.findall(r"Page\s+\d+ size:\s+([\d.]+) x ([\d.]+)", result.stdout.decode())
    return [(float(width), float(height)) for width, height in sizes]
