"""Column helpers shared by the models: UTC timestamps and enum columns stored as their values."""
from __future__ import annotations

from datetime import datetime, timezone

from sqlalchemy import DateTime, Enum
from sqlalchemy.types import TypeDecorator


def utcnow() -> datetime:
    return datetime.now(timezone.utc)


class UTCDateTime(TypeDecorator):
    """A timezone-aware UTC timestamp on every database (SQLite drops the zone; this puts it back)."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value, dialect):
        if value is not None and value.tzinfo is None:
            raise ValueError("naive datetime given to a UTC column")
        return value.astimezone(timezone.utc) if value is not None else None

    def process_result_value(self, value, dialect):
        if value is not None and value.tzinfo is None:
            return value.replace(tzinfo=timezone.utc)
        return value


def enum_column(enum_cls) -> Enum:
    """Store an enum by its value in a VARCHAR with a CHECK-free type, so adding members needs no DDL."""
    return Enum(enum_cls, native_enum=False, create_constraint=False, length=32,
                values_callable=lambda cls: [member.value for member in cls])
