"""Spreadsheets the portal writes: neutralized against formula injection, read back exactly."""
import io

import openpyxl

from portal.core.importing import apply_mapping, restore, suggest_mapping
from portal.core.spreadsheets import neutralize, to_csv, to_xlsx
from portal.core.tabular import read_table
from portal.worksheet.fields import SEAT_IMPORT_FIELDS


def test_formula_like_cells_are_neutralized_and_restored():
    for value in ("=HYPERLINK(\"http://x\")", "+14155550134", "-2", "@SUM(A1)"):
        assert neutralize(value) == "'" + value and restore(neutralize(value)) == value
    assert neutralize("Maria") == "Maria" and restore("'quoted on purpose") == "'quoted on purpose"
    assert restore(neutralize("'=odd")) == "'=odd"


def test_csv_export_reads_back_as_the_same_values():
    headers = ["Seat id", "First name", "Last name", "E-mail", "Direct number", "Notes"]
    row = [7, "José", "Núñez", "jose@example.com", "+14155550134", "=cmd|' /C calc'!A0"]
    table = read_table(to_csv(headers, [row]))
    values = apply_mapping(table.rows[0], suggest_mapping(table.headers, SEAT_IMPORT_FIELDS))
    assert values == {"seat_id": "7", "first_name": "José", "last_name": "Núñez", "email": "jose@example.com",
                      "direct_number": "+14155550134", "notes": "=cmd|' /C calc'!A0"}


def test_xlsx_export_keeps_formulas_as_text():
    data = to_xlsx([("Seats", ["Notes"], [["=1+1"]]), ("How to fill it in", ["Column"], [["Notes"]])])
    workbook = openpyxl.load_workbook(io.BytesIO(data))
    assert workbook.sheetnames == ["Seats", "How to fill it in"]
    assert workbook["Seats"]["A2"].value == "'=1+1" and workbook["Seats"]["A2"].data_type == "s"
    assert read_table(data).rows == [["'=1+1"]]
