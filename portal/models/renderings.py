"""Documents rendered in the background (a worksheet of thousands of seats takes a minute): one row
per request, with its progress and, once ready, the stored PDF."""
from __future__ import annotations

from datetime import datetime
from typing import Optional

from sqlalchemy import ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal.core.enums import StatusEnum
from portal.extensions import db
from portal.models.files import StoredFile
from portal.models.projects import Project
from portal.models.types import UTCDateTime, enum_column, utcnow


class RenderStatus(StatusEnum):
    QUEUED = ("queued", "Waiting to start")
    RENDERING = ("rendering", "Being prepared")
    READY = ("ready", "Ready")
    FAILED = ("failed", "Failed")


RenderStatus.TRANSITIONS = {
    RenderStatus.QUEUED: frozenset({RenderStatus.RENDERING, RenderStatus.FAILED}),
    RenderStatus.RENDERING: frozenset({RenderStatus.READY, RenderStatus.FAILED}),
    RenderStatus.READY: frozenset(),
    RenderStatus.FAILED: frozenset(),
}


class Rendering(db.Model):
    __tablename__ = "renderings"

    id: Mapped[int] = mapped_column(primary_key=True)
    project_id: Mapped[int] = mapped_column(ForeignKey("projects.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(40))  # which document: "worksheet", ...
    # what the document is of, within its project: None for the project itself, else a row of its
    # kind (a signature for a signed LOA, a review round for its record)
    subject_id: Mapped[Optional[int]] = mapped_column(index=True)
    title: Mapped[str] = mapped_column(String(200))
    status: Mapped[RenderStatus] = mapped_column(enum_column(RenderStatus), default=RenderStatus.QUEUED)
    expected_seconds: Mapped[int] = mapped_column(default=0)  # an estimate, for the progress bar
    requested_by_id: Mapped[Optional[int]] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    requested_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    started_at: Mapped[Optional[datetime]] = mapped_column(UTCDateTime)
    finished_at: Mapped[Optional[datetime]] = mapped_column(UTCDateTime)
    stored_file_id: Mapped[Optional[int]] = mapped_column(ForeignKey("stored_files.id", ondelete="SET NULL"))
    error: Mapped[Optional[str]] = mapped_column(Text)
    # A worker's lease: set when it claims the row; a row still unfinished when the lease ran out is
    # queued again (its worker died), and `attempts` (also the claim's token) stops it after a few.
    claimed_at: Mapped[Optional[datetime]] = mapped_column(UTCDateTime)
    attempts: Mapped[int] = mapped_column(default=0, server_default="0")
    project: Mapped[Project] = relationship()
    stored_file: Mapped[Optional[StoredFile]] = relationship()

    @property
    def organization_id(self) -> int:
        return self.project.organization_id
