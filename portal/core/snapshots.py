"""Frozen snapshots of a project's intake (issue 20): what a review round reads, never live data.

Each feature registers its part of the snapshot (as sections register today): a function of the
project returning plain JSON values. `take` gathers the parts into canonical JSON bytes (sorted keys,
fixed separators, UTF-8) with the schema version, and their SHA-256. The bytes are stored as they are
and never re-serialized from a JSON column; `read` parses them, and upgraders bring an older schema's
round to the current one when a later schema changes.

`row` turns a model row into plain values the same way on SQLite and PostgreSQL (enums by value,
dates and times in ISO form, date-times in UTC); an encrypted column (a PIN) is never copied: the
snapshot says only whether it is set.
"""
from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import date, datetime, time, timezone
from decimal import Decimal
from enum import Enum
from typing import Any, Callable

from sqlalchemy import inspect

from portal.core.crypto import EncryptedString
from portal.core.registry import register

SCHEMA_VERSION = 1
PARTS: dict[str, Callable] = {}  # the part's key -> part(project) -> plain JSON values
UPGRADERS: dict[int, Callable[[dict], dict]] = {}  # schema N -> its data as schema N + 1
SKIPPED = frozenset({"version"})  # bookkeeping, not what the customer answered


@dataclass(frozen=True)
class Snapshot:
    raw: bytes  # canonical JSON, stored as is
    sha256: str
    schema_version: int


def register_part(key: str, part: Callable) -> None:
    register(PARTS, key, part, "snapshot part")


def take(project) -> Snapshot:
    """Every registered part of the project now, as canonical bytes and their hash."""
    raw = canonical({"schema": SCHEMA_VERSION, "parts": {key: PARTS[key](project) for key in sorted(PARTS)}})
    return Snapshot(raw, hashlib.sha256(raw).hexdigest(), SCHEMA_VERSION)


def canonical(data: Any) -> bytes:
    return json.dumps(data, sort_keys=True, separators=(",", ":"), ensure_ascii=False, allow_nan=False).encode()


def read(raw: bytes) -> dict:
    """The parts of a stored snapshot, upgraded to the current schema."""
    data = json.loads(raw)
    while data["schema"] < SCHEMA_VERSION:
        data = {**UPGRADERS[data["schema"]](data), "schema": data["schema"] + 1}
    return data["parts"]


def row(obj, exclude: tuple[str, ...] = ()) -> dict:
    """A model row's columns as plain values; an encrypted column becomes `<name>_set` (True/False)."""
    values = {}
    for column in inspect(type(obj)).columns:
        name = column.key
        if name in SKIPPED or name in exclude:
            continue
        value = getattr(obj, name)
        if isinstance(column.type, EncryptedString):
            values[f"{name}_set"] = value is not None
        else:
            values[name] = plain(value)
    return values


def rows(objects, exclude: tuple[str, ...] = ()) -> list[dict]:
    """`row` of each, in id order (the same order on every database)."""
    return [row(obj, exclude) for obj in sorted(objects, key=lambda obj: obj.id)]


def plain(value: Any) -> Any:
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, datetime):
        aware = value if value.tzinfo else value.replace(tzinfo=timezone.utc)
        return aware.astimezone(timezone.utc).isoformat()
    if isinstance(value, (date, time)):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, bytes):
        return hashlib.sha256(value).hexdigest()  # a file's or an image's bytes: their hash
    if isinstance(value, (list, tuple)):
        return [plain(item) for item in value]
    if isinstance(value, dict):
        return {str(key): plain(item) for key, item in value.items()}
    return value
