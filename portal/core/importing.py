"""Mapping columns to fields (the second step of every import), parameterized by the target fields.

Headers are compared in a normalized form (lowercase letters and digits only) against each
field's aliases: the headers of the Microsoft 365 admin center's user template and export, of
Outlook's contact export, and of the portal's own export. Each field is suggested once; the person
can change any mapping, ignore a column, or split a full-name column into first and last names.
"""
from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from difflib import SequenceMatcher
from typing import Any, Callable, NamedTuple

from portal.core.registry import register
from portal.core.spreadsheets import FORMULA_STARTS
from portal.core.text import fold

SPLIT_NAME = "split_name"  # a pseudo-field: a "Name" column split into first and last


@dataclass(frozen=True)
class TargetField:
    key: str
    label: str
    aliases: tuple[str, ...] = ()


def normalize(header: str) -> str:
    return re.sub(r"[^a-z0-9]", "", header.lower())


def suggest_mapping(headers: list[str], fields: list[TargetField]) -> dict[int, str | None]:
    """{column index: field key or None}: each field at most once, for the column that names it best
    (by its label, else by its earliest alias; the first such column). So Outlook's "Job Title" fills
    the job title and its courtesy "Title" column is left out, while a file with only "Title" (the
    Microsoft 365 export) fills the job title with it."""
    names: dict[str, tuple[str, int]] = {}
    for target in fields:
        for rank, alias in enumerate((target.label, *target.aliases)):
            names.setdefault(normalize(alias), (target.key, rank))
    best: dict[str, tuple[int, int]] = {}  # field key -> (rank of its name, column)
    for index, header in enumerate(headers):
        key, rank = names.get(normalize(header), (None, 0))
        if key is not None and (key not in best or rank < best[key][0]):
            best[key] = (rank, index)
    chosen = {index: key for key, (_, index) in best.items()}
    return {index: chosen.get(index) for index in range(len(headers))}


def split_name(full_name: str) -> tuple[str, str]:
    """"Lopez, Maria" -> ("Maria", "Lopez"); "Maria del Carmen Lopez" -> ("Maria del Carmen", "Lopez")."""
    value = " ".join(full_name.split())
    if "," in value:
        last, _, first = value.partition(",")
        return first.strip(), last.strip()
    first, _, last = value.rpartition(" ")
    return (first, last) if first else (value, "")


def restore(cell: str) -> str:
    """Undo the portal's own neutralization of formula-like cells ("'+1415..." -> "+1415...")."""
    return cell[1:] if len(cell) > 1 and cell[0] == "'" and cell[1] in FORMULA_STARTS else cell


def enum_cell(raw: str, enum, aliases: dict | None = None):
    """The member of a titled enum a cell names (its value, with spaces or not, or its title, in any
    letter case, or one of `aliases`), else None."""
    wanted = " ".join(raw.replace("_", " ").replace("-", " ").split()).casefold()
    for member in enum:
        if wanted in (member.value.replace("_", " "), member.title.casefold().replace("-", " ")):
            return member
    return (aliases or {}).get(wanted)


def apply_mapping(row: list[str], mapping: dict[int, str | None], keep_blanks: bool = False) -> dict[str, str]:
    """One row's values by field key (split names included). Unmapped cells are left out, and so are
    empty ones unless `keep_blanks` (the person chose that an empty cell clears the field)."""
    values: dict[str, str] = {}
    for index, key in mapping.items():
        cell = restore(row[index].strip()) if index < len(row) else ""
        if not key or not (cell or keep_blanks):
            continue
        if key == SPLIT_NAME:
            first, last = split_name(cell)
            values.setdefault("first_name", first)
            values.setdefault("last_name", last)
        else:
            values[key] = cell
    return values


class Change(NamedTuple):
    """A field an update changes, as the preview shows it: "Job title: Hygienist → Dentist"."""

    label: str
    old: str
    new: str


@dataclass
class PreviewRow:
    """One row of an import after validation and matching: what will happen to it, and why."""

    line: int
    values: dict
    errors: list[str]
    warnings: list[str]
    action: str = "add"  # add, update, skip
    target: Any = None  # the existing record the row matches (with its id and version), or None
    reason: str = ""
    changes: list[Change] = field(default_factory=list)  # an update's fields, old and new

    @property
    def blocked(self) -> bool:
        return bool(self.errors)

    @property
    def match_id(self) -> int | None:
        return self.target.id if self.target is not None else None


@dataclass
class Preview:
    rows: list[PreviewRow]

    def count(self, action: str) -> int:
        return sum(1 for row in self.rows if not row.blocked and row.action == action)

    @property
    def blocked(self) -> int:
        return sum(1 for row in self.rows if row.blocked)


def mark_duplicates(rows: list[PreviewRow], keys: tuple[str, ...], labels: dict[str, str]) -> None:
    """A value that must be unique (e-mail, extension, number) seen on an earlier row of the same file
    blocks the later row, naming the line of the first."""
    seen: dict[tuple[str, str], int] = {}
    for row in rows:
        for key in keys:
            value = row.values.get(key)
            if not value:
                continue
            marker = (key, str(value).casefold())
            if marker in seen:
                row.errors.append(f"The same {labels.get(key, key)} as line {seen[marker]}: {value}.")
            else:
                seen[marker] = row.line


@dataclass(frozen=True)
class ImportChoice:
    """A yes-or-no question the preview asks about the whole file (one click each way), such as "these
    are new numbers". The answer is kept on the Import (`choices`), so a reload or a later visit shows
    it; it reaches the kind's preview as a keyword argument of that name, and the commit writes with
    the answer the person saw (it is part of the signed preview)."""

    key: str
    offer: str  # the button that says yes
    withdraw: str  # the button that takes it back
    summary: Callable[[Preview, bool], str]  # (the rows, the answer) -> what the preview says; "": not asked


NEW = "new"  # a value matched to a record the person creates from the columns page
SMALL_WORDS = frozenset({"the", "of", "and", "a", "at"})
TYPO = 0.8  # how alike two longer words must be to be taken as one misspelt ("centre", "center")


def value_key(raw: str) -> str:
    """How a cell names a record, compared: in any letter case, spaces collapsed."""
    return " ".join(raw.split()).casefold()


@dataclass(frozen=True)
class Named:
    """A record a cell may name (a site, a user type): its id, its name, and the keys naming it exactly."""

    id: int
    name: str
    keys: tuple[str, ...]


def _words(text: str) -> set[str]:
    return set(re.findall(r"[a-z0-9]+", fold(text))) - SMALL_WORDS


def _alike(one: str, other: str) -> bool:
    return one == other or (min(len(one), len(other)) >= 5 and not (one + other).isdigit()
                            and SequenceMatcher(None, one, other).ratio() >= TYPO)


def likeness(value: str, name: str) -> float:
    """How surely `value` means `name`, 0 to 1: 0 unless every word of the shorter of the two (folded,
    small words left out) is a word of the other, as "Chicago Distribution Center" holds every word of
    "Distribution center" (0.67); "Chicago office" and "Head office" share a word but not all (0)."""
    words, named = _words(value), _words(name)
    shorter, longer = sorted((words, named), key=len)
    if not shorter or not all(any(_alike(word, other) for other in longer) for word in shorter):
        return 0.0
    return len(shorter) / len(longer)


def suggest_record(value: str, records: list[Named]) -> int | None:
    """The record a value most likely means, or None when none is alike or two are equally alike."""
    scored = sorted(((likeness(value, record.name), record.id) for record in records), reverse=True)
    if not scored or scored[0][0] == 0 or (len(scored) > 1 and scored[1][0] == scored[0][0]):
        return None
    return scored[0][1]


@dataclass(frozen=True)
class NewRecord:
    """How the columns page creates a record a value names that does not exist yet (a new site)."""

    option: str  # the choice in the list: "A new site"
    form: Callable[..., Any]  # makes its create form (with a one-time token), given the form's options
    prefill: Callable[[Any, str], dict]  # (the Import, the value's key) -> the form's first values, from the rows
    create: Callable[[Any, dict], Any]  # (the project, the form's values) -> the record made (flushed)
    allowed: Callable[[Any, Any], bool]  # (a user, the project) -> whether they may create one
    who: Callable[[Any], str]  # (the project) -> who may, said to someone who may not


@dataclass(frozen=True)
class ValueField:
    """A column whose cells name records (a site, a user type): each distinct value that names none
    exactly is matched by the person on the columns page to one of them, the likeliest chosen for
    them, or to a new one where `new` says how to create it."""

    key: str  # the field
    noun: str  # "site", "user type"
    records: Callable[[Any], list[Named]]  # (the project) -> what its values may name, in the order offered
    new: NewRecord | None = None


@dataclass(frozen=True)
class ValueQuestion:
    """One distinct value of such a column that names no record exactly: what the person matches."""

    field: ValueField
    key: str  # value_key of the cell
    shown: str  # as the file first spells it
    rows: int  # how many rows carry it
    suggested: int | None  # the id of the likeliest record
    records: list[Named]  # what it may be matched to


def distinct_values(rows: list[list[str]], columns: list[int]) -> dict[str, tuple[str, int]]:
    """{value key: (its first spelling, how many rows carry it)} of the cells of `columns`, in file order."""
    cells = [restore(row[index].strip()) for row in rows for index in columns if index < len(row)]
    counts = Counter(value_key(cell) for cell in cells if cell)
    first: dict[str, str] = {}
    for cell in cells:
        first.setdefault(value_key(cell), cell)
    return {key: (first[key], count) for key, count in counts.items()}


def value_questions(value_field: ValueField, rows: list[list[str]], mapping: dict[int, str | None],
                    records: list[Named]) -> list[ValueQuestion]:
    """The values of the column mapped to `value_field` that name none of `records` exactly."""
    known = {key for record in records for key in record.keys}
    columns = [index for index, key in mapping.items() if key == value_field.key]
    return [ValueQuestion(value_field, key, shown, count, suggest_record(shown, records), records)
            for key, (shown, count) in distinct_values(rows, columns).items() if key not in known]


@dataclass(frozen=True)
class ImportKind:
    """One kind of import (seats, phone numbers), registered by the feature that owns it: the
    pipeline (reading, mapping, preview, exactly-once commit, skipped rows) is the same for all."""

    key: str  # stored on each Import
    noun: str  # what its rows are, plural: "seats", "phone numbers"
    one: str  # and one of them: "seat", "number"
    fields: list[TargetField]
    preview: Callable[..., Preview]  # (the Import, each choice's answer by its key) -> every row checked
    write: Callable[[Any, list[PreviewRow], list[tuple[PreviewRow, int]]], list[str | None]]
    # (project, rows to add, rows to update with the version seen) -> each row's refusal or None,
    # the additions' first, in the caller's transaction
    changed: Callable[[Any], None]  # after a commit: the features that follow the data
    home: Callable[[Any], tuple[str, str]]  # (project) -> (address, "the worksheet") to go back to
    lead: str  # what the start page says the import is for
    blanks_help: str  # what ticking "Empty cells clear the field" does here
    describe: Callable[[PreviewRow], str]  # what the preview names each row by
    template_url: Callable[[Any], str] | None = None  # a blank template to fill, if any
    choices: tuple[ImportChoice, ...] = ()
    values: tuple[ValueField, ...] = ()  # columns whose values the person matches to records

    def chosen(self, asked) -> frozenset[str]:
        """The choices `asked` names (the keys an Import keeps, or the keys the signed preview kept)."""
        return frozenset(choice.key for choice in self.choices if choice.key in asked)

    def check(self, started, chosen: frozenset[str] = frozenset()) -> Preview:
        """Every row of `started` checked and matched, with the person's answers to the choices."""
        return self.preview(started, **{choice.key: choice.key in chosen for choice in self.choices})


KINDS: dict[str, ImportKind] = {}


def register_import_kind(kind: ImportKind) -> ImportKind:
    return register(KINDS, kind.key, kind, "import kind")


def import_kind(key: str) -> ImportKind:
    """The registered kind (KeyError for an unknown key: the caller answers 404)."""
    return KINDS[key]
