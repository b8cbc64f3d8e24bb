"""The invitation template as Excel will show it: text identifier columns, drop-downs, example row, notes."""

from __future__ import annotations

from pathlib import Path

import openpyxl

from countyadmin.domain.invitation_batch import COLUMNS, EXAMPLE_ROW, profession_choice
from countyadmin.domain.professions import PROFESSIONS
from countyadmin.spreadsheets.invitation_template import (
    TEMPLATE_ROWS,
    TEMPLATE_SHEET,
    write_invitation_template,
)
from countyadmin.spreadsheets.reader import read_table


def test_template_layout(tmp_path: Path) -> None:
    path = tmp_path / "template.xlsx"

    write_invitation_template(path)

    workbook = openpyxl.load_workbook(path)
    sheet = workbook[TEMPLATE_SHEET]
    assert workbook.sheetnames[0] == TEMPLATE_SHEET and "Notes" in workbook.sheetnames
    assert [cell.value for cell in sheet[1]] == [column.header for column in COLUMNS]
    assert tuple(cell.value or "" for cell in sheet[2]) == EXAMPLE_ROW
    assert sheet.freeze_panes == "A2"
    # Identifier columns are text: what the clerk types later keeps its leading zeros.
    for index, column in enumerate(COLUMNS, start=1):
        letter = openpyxl.utils.get_column_letter(index)
        assert (sheet.column_dimensions[letter].number_format == "@") is column.identifier, column.header
    lists = {str(rule.sqref): rule.formula1 for rule in sheet.data_validations.dataValidation}
    yes_no = next(formula for ref, formula in lists.items() if ref.startswith("F2:"))
    assert yes_no == '"Yes,No"'
    assert f"F2:F{TEMPLATE_ROWS + 1}" in lists
    profession_ref = next(formula for ref, formula in lists.items() if ref.startswith("H2:"))
    hidden = workbook[profession_ref.split("!")[0].strip("'")]
    assert hidden.sheet_state == "hidden"
    assert [row[0] for row in hidden.iter_rows(values_only=True)] == [
        profession_choice(c) for c in PROFESSIONS
    ]
    notes = [row[0] for row in workbook["Notes"].iter_rows(min_row=2, values_only=True)]
    assert notes[: len(COLUMNS)] == [column.header for column in COLUMNS]


def test_template_reads_back_with_its_leading_zeros(tmp_path: Path) -> None:
    path = tmp_path / "template.xlsx"
    write_invitation_template(path)

    table = read_table(path)

    assert table.sheet_name == TEMPLATE_SHEET
    assert table.rows[0].values[0] == "000000000000" and table.rows[0].values[-1] == "012345"
