"""Registries filled while an app is built: the same entry again is harmless, another under a taken name an error."""
from __future__ import annotations

from typing import TypeVar

Entry = TypeVar("Entry")


def register(registry: dict, name: str, entry: Entry, what: str) -> Entry:
    """Add `entry` under `name` once: registering it again (a second app in one process) changes
    nothing; registering something else under that name raises ValueError."""
    known = registry.setdefault(name, entry)
    if known != entry:
        raise ValueError(f"another {what} is registered already as {name!r}")
    return known
