"""Writing spreadsheets people open in Excel: CSV (UTF-8 with BOM, so Excel reads accents) and XLSX.

Cells that begin with =, +, - or @ are neutralized against formula injection with a leading
apostrophe; `portal.core.importing` removes exactly that apostrophe again, so export -> import is
an exact round trip, phone numbers in E.164 included.
"""
from __future__ import annotations

import csv
import io

FORMULA_STARTS = ("=", "+", "-", "@", "'", "\t", "\r")  # an apostrophe too, so the importer's undo is exact


def neutralize(value) -> str:
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def to_csv(headers: list[str], rows: list[list]) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow([neutralize(header) for header in headers])
    writer.writerows([neutralize(cell) for cell in row] for row in rows)
    return buffer.getvalue().encode("utf-8-sig")


def to_xlsx(sheets: list[tuple[str, list[str], list[list]]]) -> bytes:
    """[(sheet title, headers, rows)] as one workbook; every cell is text, neutralized."""
    import openpyxl
    from openpyxl.styles import Font
    workbook = openpyxl.Workbook()
    workbook.remove(workbook.active)
    for title, headers, rows in sheets:
        sheet = workbook.create_sheet(title[:31])
        sheet.append([_xlsx_text(header) for header in headers])
        for cell in sheet[1]:
            cell.font = Font(bold=True)
        for row in rows:
            sheet.append([_xlsx_text(cell) for cell in row])
        for column, header in zip(sheet.columns, headers, strict=False):
            sheet.column_dimensions[column[0].column_letter].width = max(12, min(40, len(header) + 4))
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _xlsx_text(value) -> str:
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
    return ILLEGAL_CHARACTERS_RE.sub("", neutralize(value))
