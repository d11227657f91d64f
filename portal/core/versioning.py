"""Optimistic locking per row (DESIGN.md section 8): nothing is overwritten silently.

Every editable model mixes in `Versioned`. Every writer goes through `update_versioned` (one row)
or `bulk_update_versioned` (paste, import, bulk edit), which write only where the version is the one
the person saw and report a conflict per row otherwise.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Iterable, NamedTuple

from sqlalchemy import bindparam, select, text, update
from sqlalchemy.orm import Mapped, mapped_column

from portal.extensions import db

CHUNK = 500


class Versioned:
    """A `version` column that starts at 1 and grows by one with every change a person saves.

    Bookkeeping the portal does itself (a last-login time, a session counter) leaves it alone, so
    it never makes a person's edit look stale.
    """

    version: Mapped[int] = mapped_column(default=1, server_default=text("1"))


@dataclass(frozen=True)
class FieldConflict:
    name: str
    mine: Any
    theirs: Any


@dataclass
class Conflict:
    """A write refused because the row changed since the person saw it."""

    record: Any
    seen_version: int
    current_version: int | None
    fields: list[FieldConflict] = field(default_factory=list)

    @property
    def deleted(self) -> bool:
        return self.current_version is None


def differences(record, changes: dict) -> list[FieldConflict]:
    return [FieldConflict(name, value, getattr(record, name)) for name, value in changes.items()
            if getattr(record, name) != value]


def update_versioned(record, seen_version: int | None, changes: dict) -> Conflict | None:
    """Apply `changes` to `record` if it is still at `seen_version`; otherwise return the conflict.

    The row is read again and locked until the commit (PostgreSQL: FOR UPDATE; SQLite has a single
    writer), so a save made by someone else a moment ago is seen and cannot slip in before ours.
    """
    model = type(record)
    current = db.session.scalar(select(model.version).where(model.id == record.id).with_for_update())
    if current is None:
        return Conflict(record, seen_version, None)
    if current != seen_version:
        db.session.refresh(record)
        return Conflict(record, seen_version, current, differences(record, changes))
    for name, value in changes.items():
        setattr(record, name, value)
    record.version = seen_version + 1
    db.session.flush()
    return None


class RowChange(NamedTuple):
    """One row of a bulk write: its id, the version the person saw, the new values, and optionally
    what the person saw in the columns it changes (`as_text` of each): a row someone else changed
    meanwhile only in other columns is then still written, at its new version."""

    id: int
    seen_version: int
    changes: dict
    base: dict | None = None


def as_text(value) -> str:
    """A column's value as a page carries it: no value empty, yes/no as 1/0, a choice by its value."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "1" if value else "0"
    return str(getattr(value, "value", value))


@dataclass
class BulkResult:
    updated: list[int] = field(default_factory=list)
    conflicts: list[Conflict] = field(default_factory=list)


def _lock_versions(model, ids: list[int]) -> dict[int, int]:
    """The rows' current versions, locked until the commit (PostgreSQL: FOR UPDATE; SQLite has a
    single writer), so nobody can change them between this check and the write."""
    found: dict[int, int] = {}
    for start in range(0, len(ids), CHUNK):
        query = select(model.id, model.version).where(model.id.in_(ids[start:start + CHUNK])).with_for_update()
        found.update((row_id, version) for row_id, version in db.session.execute(query))
    return found


def bulk_update_versioned(model, rows: Iterable[RowChange]) -> BulkResult:
    """Write many rows at once, each only where its version is the one the person saw.

    The common case costs one conditional UPDATE per set of columns: when every row matched, all
    were fresh. Only when some did not is the write undone and done again row-checked, so that
    each conflict can be named.
    """
    rows = sorted(rows, key=lambda row: row.id)  # one lock order for every writer: no deadlocks
    if len({row.id for row in rows}) != len(rows):
        raise ValueError("a bulk write names the same row twice")
    if _write_all_if_fresh(model, rows):
        db.session.expire_all()
        return BulkResult(updated=[row.id for row in rows])
    return _write_checked(model, rows)


class _SomeRowsStale(Exception):
    """Raised inside the savepoint to undo a partial bulk write."""


def _write_all_if_fresh(model, rows: list[RowChange]) -> bool:
    if not db.engine.dialect.supports_sane_multi_rowcount:
        return False
    try:
        with db.session.begin_nested():
            written = sum(_execute_group(model, columns, group)
                          for columns, group in _grouped_by_columns(rows).items())
            if written != len(rows):
                raise _SomeRowsStale
    except _SomeRowsStale:
        return False
    return True


def _write_checked(model, rows: list[RowChange]) -> BulkResult:
    current = _lock_versions(model, [row.id for row in rows])
    result = BulkResult()
    rebased = _rebased(model, [row for row in rows if current.get(row.id) not in (None, row.seen_version)], current)
    fresh = []
    for row in rows:
        if current.get(row.id) == row.seen_version:
            fresh.append(row)
        elif row.id in rebased:
            fresh.append(rebased[row.id])
        else:
            result.conflicts.append(Conflict(row, row.seen_version, current.get(row.id)))
    for columns, group in _grouped_by_columns(fresh).items():
        _execute_group(model, columns, group)
    result.updated = [row.id for row in fresh]
    db.session.expire_all()  # the ORM's copies of these rows are stale now
    return result


def _rebased(model, stale: list[RowChange], current: dict[int, int]) -> dict[int, RowChange]:
    """Stale rows whose changed columns still hold what the person saw, at their current version."""
    with_base = [row for row in stale if row.base]
    if not with_base:
        return {}
    columns = sorted({name for row in with_base for name in row.base})
    found = {values.id: values for values in db.session.execute(
        select(model.id, *(getattr(model, name) for name in columns)).where(
            model.id.in_([row.id for row in with_base])))}
    untouched = {row.id for row in with_base if row.id in found and all(
        as_text(getattr(found[row.id], name)) == seen for name, seen in row.base.items())}
    return {row.id: row._replace(seen_version=current[row.id]) for row in with_base if row.id in untouched}


def _grouped_by_columns(rows: list[RowChange]) -> dict[tuple, list[RowChange]]:
    groups: dict[tuple, list[RowChange]] = {}
    for row in rows:
        groups.setdefault(tuple(sorted(row.changes)), []).append(row)
    return groups


def _execute_group(model, columns: tuple, rows: list[RowChange]) -> int:
    """One conditional UPDATE for rows changing the same columns; returns how many rows matched."""
    table = model.__table__
    statement = (update(table)
                 .where(table.c.id == bindparam("row_id"), table.c.version == bindparam("seen_version"))
                 .values(version=table.c.version + 1, **{name: bindparam(f"new_{name}") for name in columns}))
    keys = [(f"new_{name}", name) for name in columns]
    parameters = [{"row_id": row.id, "seen_version": row.seen_version, **{key: row.changes[name] for key, name in keys}}
                  for row in rows]
    return db.session.execute(statement, parameters).rowcount
