"""Batch files as a clerk makes them: the downloaded template with the example row replaced."""

from __future__ import annotations

from pathlib import Path

import openpyxl

from countyadmin.spreadsheets.invitation_template import TEMPLATE_SHEET, write_invitation_template


def fill_template(path: Path, rows: list[list[object]]) -> Path:
    """Download the template to ``path``, replace its example row by ``rows``, save it as Excel would."""
    write_invitation_template(path)
    workbook = openpyxl.load_workbook(path)
    sheet = workbook[TEMPLATE_SHEET]
    sheet.delete_rows(2)
    for row in rows:
        sheet.append(row)
    workbook.save(path)
    return path
