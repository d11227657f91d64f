"""The append-only audit log: who did what to which object, when and from where."""
from __future__ import annotations

from datetime import datetime
from typing import Optional

from sqlalchemy import ForeignKey, String, Text, event
from sqlalchemy.orm import Mapped, Session, mapped_column, relationship

from portal.extensions import db
from portal.models.types import UTCDateTime, utcnow
from portal.models.users import Organization, User


class AuditEvent(db.Model):
    """One event; rows are inserted by services and never updated or deleted by the application."""

    __tablename__ = "audit_events"

    id: Mapped[int] = mapped_column(primary_key=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)
    actor_id: Mapped[Optional[int]] = mapped_column(ForeignKey("users.id"))
    organization_id: Mapped[Optional[int]] = mapped_column(ForeignKey("organizations.id"), index=True)
    action: Mapped[str] = mapped_column(String(80))
    object_type: Mapped[Optional[str]] = mapped_column(String(80))
    object_id: Mapped[Optional[int]]
    object_label: Mapped[Optional[str]] = mapped_column(String(300))
    from_state: Mapped[Optional[str]] = mapped_column(String(80))
    to_state: Mapped[Optional[str]] = mapped_column(String(80))
    note: Mapped[Optional[str]] = mapped_column(Text)
    ip_address: Mapped[Optional[str]] = mapped_column(String(45))
    actor: Mapped[Optional[User]] = relationship(foreign_keys=[actor_id])
    organization: Mapped[Optional[Organization]] = relationship()


class AuditLogIsAppendOnly(RuntimeError):
    """Raised when code tries to change or remove an audit event."""


@event.listens_for(Session, "before_flush")
def _refuse_audit_changes(session: Session, flush_context, instances) -> None:
    touched = [obj for obj in (*session.dirty, *session.deleted) if isinstance(obj, AuditEvent)]
    if any(session.is_modified(obj) or obj in session.deleted for obj in touched):
        raise AuditLogIsAppendOnly("audit events are never changed or deleted")
