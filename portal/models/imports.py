"""Imports: each upload or paste is a row of its own (the table read, the mapping, the outcome), so
the person can leave and come back to it."""
from __future__ import annotations

from datetime import datetime
from typing import Optional

from sqlalchemy import JSON, ForeignKey, String, false
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal.core.enums import StatusEnum
from portal.core.versioning import Versioned
from portal.extensions import db
from portal.models.projects import Project
from portal.models.types import UTCDateTime, enum_column, utcnow


class ImportStatus(StatusEnum):
    READ = ("read", "Read, to map")
    MAPPED = ("mapped", "Mapped, to check")
    COMMITTED = ("committed", "Imported")


ImportStatus.TRANSITIONS = {
    ImportStatus.READ: frozenset({ImportStatus.MAPPED}),
    ImportStatus.MAPPED: frozenset({ImportStatus.MAPPED, ImportStatus.COMMITTED}),
    ImportStatus.COMMITTED: frozenset(),
}


class Import(Versioned, db.Model):
    __tablename__ = "imports"

    id: Mapped[int] = mapped_column(primary_key=True)
    project_id: Mapped[int] = mapped_column(ForeignKey("projects.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(40), default="worksheet")
    source_name: Mapped[str] = mapped_column(String(255))  # the file's name, or "pasted rows"
    stored_file_id: Mapped[Optional[int]] = mapped_column(ForeignKey("stored_files.id"))
    headers: Mapped[list] = mapped_column(JSON)
    rows: Mapped[list] = mapped_column(JSON)
    header_line: Mapped[int] = mapped_column(default=1)
    mapping: Mapped[Optional[dict]] = mapped_column(JSON)
    clear_blanks: Mapped[bool] = mapped_column(default=False, server_default=false())  # empty cells clear fields
    # what the person matched each value naming no record to: {field: {value key: record id, "new" or ""}}
    value_matches: Mapped[Optional[dict]] = mapped_column(JSON)
    choices: Mapped[Optional[list]] = mapped_column(JSON)  # the preview's questions answered yes (their keys)
    status: Mapped[ImportStatus] = mapped_column(enum_column(ImportStatus), default=ImportStatus.READ)
    outcome: Mapped[Optional[dict]] = mapped_column(JSON)
    created_by_id: Mapped[Optional[int]] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    project: Mapped[Project] = relationship()

    @property
    def organization_id(self) -> int:
        return self.project.organization_id

    def column_mapping(self) -> dict[int, str | None]:
        return {int(index): key for index, key in (self.mapping or {}).items()}

    def matches_of(self, field: str) -> dict[str, int | str]:
        """What each value of `field`'s column that names no record was matched to (see value_matches)."""
        return dict((self.value_matches or {}).get(field, {}))
