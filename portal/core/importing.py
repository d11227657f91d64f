"""Mapping columns to fields (the second step of every import), parameterized by the target fields.

Headers are compared in a normalized form (lowercase letters and digits only) against each
field's aliases: the headers of the Microsoft 365 admin center's user template and export, of
Outlook's contact export, and of the portal's own export. Each field is suggested once; the person
can change any mapping, ignore a column, or split a full-name column into first and last names.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any, Callable, NamedTuple

from portal.core.registry import register

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
    return cell[1:] if len(cell) > 1 and cell[0] == "'" and cell[1] in "=+-@'" else cell


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
    are new numbers". It reaches the kind's preview as a keyword argument of that name, and the
    commit writes with the answer the person saw (it is part of the signed preview)."""

    key: str
    offer: str  # the button that says yes
    withdraw: str  # the button that takes it back
    summary: Callable[[Preview, bool], str]  # (the rows, the answer) -> what the preview says; "": not asked


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

    def chosen(self, asked) -> frozenset[str]:
        """The choices `asked` names (a query string's keys, or the keys the signed preview kept)."""
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
