"""Exactly-once actions: the one-time tokens already used, and where their first outcome is shown."""
from __future__ import annotations

from datetime import datetime
from typing import Optional

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from portal.extensions import db
from portal.models.types import UTCDateTime, utcnow


class UsedActionToken(db.Model):
    """A submit, sign or import token that was used; a second use shows `outcome_url` instead."""

    __tablename__ = "used_action_tokens"

    id: Mapped[int] = mapped_column(primary_key=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    purpose: Mapped[str] = mapped_column(String(80))
    user_id: Mapped[Optional[int]] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    outcome_url: Mapped[Optional[str]] = mapped_column(String(500))
    used_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
