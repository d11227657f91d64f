"""Reading the spreadsheets people already have: encodings, delimiters, header rows, XLSX, junk."""
import io
import random

import openpyxl
import pytest

from portal.core.tabular import MAX_COLUMNS, UnreadableFile, read_pasted, read_table

ROWS = [["First Name", "Last Name", "E-mail Address", "Business Phone"],
        ["José", "Núñez", "jose@example.com", "(415) 555-0134"],
        ["Zoë", "Ångström", "zoe@example.com", "+1 415 555 0178"]]


def _text(delimiter=","):
    return "\r\n".join(delimiter.join(row) for row in ROWS) + "\r\n"


@pytest.mark.parametrize("encoding,label", [("utf-8", "UTF-8"), ("utf-8-sig", "UTF-8 with BOM"),
                                            ("utf-16", "UTF-16"), ("utf-16-le", "UTF-16"),
                                            ("cp1252", "Windows-1252")])
def test_every_encoding_reads_the_accents(encoding, label):
    table = read_table(_text("\t" if "16" in encoding else ",").encode(encoding))
    assert table.encoding == label
    assert table.headers == ROWS[0] and table.rows == ROWS[1:]


@pytest.mark.parametrize("delimiter", [",", ";", "\t", "|"])
def test_every_delimiter(delimiter):
    table = read_table(_text(delimiter).encode())
    assert table.delimiter == delimiter and table.rows[1][1] == "Ångström"


def test_quoted_cells_with_the_delimiter_inside():
    table = read_table(b'Name,Title\n"Lopez, Maria","Manager, front desk"\n')
    assert table.rows == [["Lopez, Maria", "Manager, front desk"]]


def test_title_rows_above_the_header_are_skipped_and_lines_are_counted():
    data = ("Northwind users export\nGenerated 2026-11-20\n\n" + _text()).encode()
    table = read_table(data)
    assert table.headers == ROWS[0] and table.header_line == 4 and table.line_of(1) == 6


def test_short_rows_are_padded_and_empty_rows_dropped():
    table = read_table(b"First Name,Last Name,Department\nAna,Silva\n,,\nBen,Ode,Sales\n")
    assert table.rows == [["Ana", "Silva", ""], ["Ben", "Ode", "Sales"]]


def test_an_xlsx_workbook_reads_numbers_as_people_wrote_them():
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(["Users of Northwind"])
    for row in ROWS:
        sheet.append(row)
    sheet.append(["Ext only", "", "x@example.com", 4155550199])
    buffer = io.BytesIO()
    workbook.save(buffer)
    table = read_table(buffer.getvalue())
    assert table.headers == ROWS[0] and table.header_line == 2
    assert table.rows[-1][-1] == "4155550199"


def test_pasted_rows_are_tab_separated():
    table = read_pasted("First Name\tLast Name\nAna\tSilva\n")
    assert table.rows == [["Ana", "Silva"]]


@pytest.mark.parametrize("data,message", [
    (b"", "empty"),
    (b"   \r\n", "empty"),
    (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(200), "not a spreadsheet"),
    (bytes(range(256)) * 40, "not a spreadsheet"),
    (b"PK\x03\x04 broken zip", "not a readable XLSX"),
    (b"1,2,3\n4,5,6\n", "No header row"),
])
def test_files_that_are_not_tables_get_a_plain_message(data, message):
    with pytest.raises(UnreadableFile, match=message):
        read_table(data)


def test_too_many_columns_are_refused_with_the_count():
    header = ",".join(f"Column {n}" for n in range(200))
    with pytest.raises(UnreadableFile, match=f"200 columns; at most {MAX_COLUMNS}"):
        read_table(f"{header}\n".encode())


def test_ten_megabytes_of_junk_are_refused_quickly():
    junk = random.Random(7).randbytes(10_000_000)
    with pytest.raises(UnreadableFile, match="not a spreadsheet"):
        read_table(junk)


def test_cells_keep_their_line_breaks_and_rows_their_own_line_numbers():
    table = read_table(b'Name,Notes\r\n\r\nAna,"first line\r\nsecond line"\r\nBen,"x\x07y"\r\n')
    assert table.rows == [["Ana", "first line\nsecond line"], ["Ben", "xy"]]
    assert [table.line_of(index) for index in range(2)] == [3, 5]


def test_an_enormous_cell_is_refused_plainly():
    with pytest.raises(UnreadableFile, match="a cell is too long"):
        read_table(b"Name,Notes\nAna," + b"x" * 200_000 + b"\n")
    with pytest.raises(UnreadableFile, match="A cell holds 20,000 characters"):
        read_table(b"Name,Notes\nAna," + b"x" * 20_000 + b"\n")
