"""Batched writes of many new rows that other new rows point at (an import's destinations and seats).

SQLite cannot tell which generated id belongs to which row of a batched INSERT ... RETURNING, so
SQLAlchemy would fall back to one INSERT per row. Reserving the ids first lets the parents and the
children each go in as one batch, on both databases.
"""
from __future__ import annotations

from sqlalchemy import func, select, text

from portal.extensions import db


def reserve_ids(model, count: int) -> list[int]:
    """`count` unused primary keys of `model`'s table, for rows inserted in this transaction."""
    if count <= 0:
        return []
    table = model.__table__
    if db.session.get_bind().dialect.name == "postgresql":
        sequence = text("SELECT nextval(pg_get_serial_sequence(:table, 'id')) FROM generate_series(1, :count)")
        return list(db.session.scalars(sequence, {"table": table.name, "count": count}))
    # SQLite: a writing transaction holds the database's write lock (BEGIN IMMEDIATE), so nobody
    # else can insert between this read and our INSERT.
    highest = db.session.scalar(select(func.coalesce(func.max(table.c.id), 0)))
    return list(range(highest + 1, highest + count + 1))


def uniform_rows(table, rows: list[dict]) -> list[dict]:
    """The rows of a batched INSERT with the same keys (it takes its columns from the first row): a
    key that a row lacks gets its column's default."""
    keys = set().union(*rows) if rows else set()
    defaults = {key: _default(table.c[key]) for key in keys}
    return [{**defaults, **row} for row in rows]


def _default(column):
    default = column.default
    return default.arg if default is not None and default.is_scalar else None
