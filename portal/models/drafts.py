"""Drafts: what a person typed into a form but has not saved, kept server-side per user and form."""
from __future__ import annotations

from datetime import datetime
from typing import Optional

from sqlalchemy import JSON, ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from portal.extensions import db
from portal.models.types import UTCDateTime, utcnow


class Draft(db.Model):
    """One form's unsaved values. Secrets are never stored here."""

    __tablename__ = "drafts"
    __table_args__ = (UniqueConstraint("user_id", "form_key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    form_key: Mapped[str] = mapped_column(String(300))
    data: Mapped[dict] = mapped_column(JSON)
    base_version: Mapped[Optional[int]]
    saved_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime, index=True)
