"""The Programming Data Questionnaire's own answers (seed 002). Most of what it asks lives on the
shared telephony rows of DESIGN.md section 12 (sites, seats, numbers); what belongs to no such row,
the project's dial plan, lives here."""
from __future__ import annotations

from datetime import datetime
from typing import Optional

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal.core.versioning import Versioned
from portal.extensions import db
from portal.models.types import UTCDateTime, utcnow


class DialPlan(Versioned, db.Model):
    """How numbers are dialled in the project: the length of every extension, the digit that reaches
    an outside line (if any) and the operator's extension."""

    __tablename__ = "dial_plans"

    id: Mapped[int] = mapped_column(primary_key=True)
    project_id: Mapped[int] = mapped_column(ForeignKey("projects.id", ondelete="CASCADE"), unique=True)
    extension_length: Mapped[Optional[int]] = mapped_column()  # 3 to 6; empty until answered
    outbound_access_code: Mapped[Optional[str]] = mapped_column(String(4))
    operator_extension: Mapped[Optional[str]] = mapped_column(String(10))
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)
    project = relationship("Project", back_populates="dial_plan")

    @property
    def organization_id(self) -> int:
        return self.project.organization_id
