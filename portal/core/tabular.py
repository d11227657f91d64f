"""Reading spreadsheets people already have (the first step of every import).

CSV or TXT in UTF-8 (with or without BOM), UTF-16 (Excel's "Unicode text") or Windows-1252;
comma, semicolon, tab or pipe delimited; XLSX through openpyxl; or rows pasted from a spreadsheet.
The header row is found even when title rows come first. Anything else gets a plain message.
"""
from __future__ import annotations

import csv
import io
import itertools
import re
import statistics
from dataclasses import dataclass, field
from datetime import date, datetime

import filetype

MAX_COLUMNS = 100
MAX_CELL = 10_000
CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\x85\u2028\u2029]")
MAX_ROWS = 20_000
DELIMITERS = (",", ";", "\t", "|")
HEADER_SEARCH_ROWS = 10


class UnreadableFile(ValueError):
    """The file cannot be read as a table; the message says why, for the person."""


@dataclass
class Table:
    """A read table: its headers, its rows (strings, padded to the headers' width) and how it was read."""

    headers: list[str]
    rows: list[list[str]] = field(default_factory=list)
    header_line: int = 1  # 1-based line (or sheet row) of the headers
    encoding: str | None = None
    delimiter: str | None = None
    lines: list[int] | None = None  # each data row's own line, when blank lines or line breaks in cells shift them

    def line_of(self, index: int) -> int:
        """The file's own line number of data row `index` (0-based), for messages at their row."""
        return self.lines[index] if self.lines else self.header_line + 1 + index


def read_table(data: bytes) -> Table:
    """Read an uploaded file: XLSX by its content, else text in whatever encoding it uses."""
    if not data.strip():
        raise UnreadableFile("The file is empty.")
    if data.startswith(b"PK\x03\x04"):
        return _read_xlsx(data)
    kind = filetype.guess(data)
    if kind is not None:
        raise UnreadableFile(f"This is not a spreadsheet or a text file: it is a {kind.extension.upper()} file "
                             f"({kind.mime}). Save the spreadsheet as CSV, TXT or XLSX.")
    text, encoding = decode_text(data)
    return parse_text(text, encoding)


def read_pasted(text: str) -> Table:
    """Rows pasted from a spreadsheet (tab-separated, as spreadsheets copy them)."""
    if not text.strip():
        raise UnreadableFile("Nothing was pasted.")
    return parse_text(text, None)


def decode_text(data: bytes) -> tuple[str, str]:
    if data.startswith(b"\xef\xbb\xbf"):
        return data.decode("utf-8-sig"), "UTF-8 with BOM"
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return _strict(data, "utf-16"), "UTF-16"
    odd_bytes = data[1:400:2]
    if len(odd_bytes) > 10 and odd_bytes.count(0) > 0.6 * len(odd_bytes):  # UTF-16 without its BOM
        text = _strict(data, "utf-16-le")
        if not _looks_binary(text):
            return text, "UTF-16"
    if b"\x00" in data[:4096]:
        raise UnreadableFile("This is not a spreadsheet or a text file: it looks like a picture or a program.")
    try:
        return data.decode("utf-8"), "UTF-8"
    except UnicodeDecodeError:
        text = data.decode("cp1252", errors="replace")
    if _looks_binary(text):
        raise UnreadableFile("This is not a spreadsheet or a text file: its content is not text.")
    return text, "Windows-1252"


def _strict(data: bytes, encoding: str) -> str:
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as error:
        raise UnreadableFile("The file says it is UTF-16 text but is not readable as such.") from error


def _looks_binary(text: str) -> bool:
    sample = text[:4096]
    odd = sum(1 for char in sample if char == "\ufffd" or (ord(char) < 32 and char not in "\r\n\t"))
    return odd > max(3, len(sample) // 50)


def parse_text(text: str, encoding: str | None) -> Table:
    delimiter = _delimiter(text.splitlines())
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)  # cells may hold line breaks
    rows, lines, last = [], [], 0
    try:
        for row in reader:
            rows.append(row)
            lines.append(last + 1)  # the line the row starts on (a cell may span several)
            last = reader.line_num
    except csv.Error as error:
        raise UnreadableFile(f"Line {last + 1} cannot be read as a row of a table: a cell is too long or "
                             "broken (is this really a spreadsheet?).") from error
    return _table(rows, encoding=encoding, delimiter=delimiter, lines=lines)


def _delimiter(lines: list[str]) -> str:
    """The delimiter that splits the most sample lines into the same, largest number of cells."""
    sample = [line for line in lines[:50] if line.strip()]
    best, best_score = ",", -1
    for candidate in DELIMITERS:
        counts = [_cells(line, candidate) for line in sample]
        common = statistics.mode(counts) if counts else 1
        score = (common if common > 1 else 0) * sum(1 for count in counts if count == common)
        if score > best_score:
            best, best_score = candidate, score
    return best


def _cells(line: str, delimiter: str) -> int:
    try:
        return len(next(csv.reader([line], delimiter=delimiter)))
    except csv.Error:
        return 1


def _read_xlsx(data: bytes) -> Table:
    import openpyxl  # only imports of spreadsheets pay for it
    try:
        workbook = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as error:  # openpyxl raises many kinds of errors for a damaged file
        raise UnreadableFile("This file is not a readable XLSX workbook.") from error
    try:
        sheet = next((ws for ws in workbook.worksheets if ws.sheet_state == "visible"), workbook.worksheets[0])
        if (sheet.max_column or 0) > MAX_COLUMNS:
            raise UnreadableFile(f"The sheet has {sheet.max_column} columns; at most {MAX_COLUMNS} can be read. "
                                 "Remove the columns you do not need and try again.")
        rows = [[_cell(value) for value in row] for row in itertools.islice(
            sheet.iter_rows(values_only=True, max_col=MAX_COLUMNS), MAX_ROWS + 20)]
    finally:
        workbook.close()
    return _table(rows, encoding=None, delimiter=None)


def _cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))  # 2125550134.0 is a phone number, not a float
    if isinstance(value, (datetime, date)):
        return value.isoformat()
    return str(value)


def _table(rows: list[list[str]], encoding: str | None, delimiter: str | None,
           lines: list[int] | None = None) -> Table:
    rows = [_trim([_clean(cell) for cell in row]) for row in rows]
    widest = max((len(row) for row in rows), default=0)
    if widest > MAX_COLUMNS:
        raise UnreadableFile(f"The file has {widest} columns; at most {MAX_COLUMNS} can be read. "
                             "Remove the columns you do not need and try again.")
    header_index = _header_index(rows)
    if header_index is None:
        raise UnreadableFile("No header row was found: the first rows should name the columns, "
                             "like “First name” and “E-mail”.")
    headers = rows[header_index]
    lines = lines or list(range(1, len(rows) + 1))
    kept = [(row + [""] * (len(headers) - len(row)), line)
            for row, line in zip(rows[header_index + 1:], lines[header_index + 1:], strict=True) if any(row)]
    if len(kept) > MAX_ROWS:
        raise UnreadableFile(f"The file has {len(kept)} rows; at most {MAX_ROWS} can be imported at once.")
    return Table(headers, [row for row, _ in kept], header_line=lines[header_index], encoding=encoding,
                 delimiter=delimiter, lines=[line for _, line in kept])


def _trim(row: list[str]) -> list[str]:
    """Without its empty cells at the end (spreadsheets pad rows to the sheet's width)."""
    while row and not row[-1]:
        row.pop()
    return row


def _clean(cell: str) -> str:
    """Trim a cell, keep its line breaks as \n, and drop other control characters."""
    text = cell.replace("\r\n", "\n").replace("\r", "\n")
    if len(text) > MAX_CELL:
        raise UnreadableFile(f"A cell holds {len(text):,} characters; at most {MAX_CELL:,} are read. "
                             "Is this really a spreadsheet of users?")
    return CONTROL.sub("", text).strip()


def _header_index(rows: list[list[str]]) -> int | None:
    """The first of the top rows that names (with text, not numbers or e-mails) at least two columns,
    or the only one, and most of the columns the rows use: title rows above it are skipped."""
    filled = [row for row in rows if any(row)]
    typical = statistics.median(sum(1 for cell in row if cell) for row in filled) if filled else 0
    for index, row in enumerate(rows[:HEADER_SEARCH_ROWS]):
        names = [cell for cell in row if cell and not _is_value(cell)]
        if len(names) >= min(2, typical) and len(names) >= 0.6 * typical and names:
            return index
    return None


def _is_value(cell: str) -> bool:
    compact = cell.replace(" ", "").replace("-", "").replace("+", "").replace("(", "").replace(")", "")
    return compact.isdigit() or "@" in cell
