"""The mail outbox: each e-mail is a row written in the same transaction as the change it belongs
to, so a rolled-back change sends nothing and a committed one is sent even if every process dies
before the job queue has seen it (portal.core.mail, the sweeper of portal.core.jobs)."""
from __future__ import annotations

from datetime import datetime
from typing import Optional

from sqlalchemy import JSON, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from portal.core.enums import StatusEnum
from portal.extensions import db
from portal.models.types import UTCDateTime, enum_column, utcnow


class MailStatus(StatusEnum):
    QUEUED = ("queued", "Waiting to be sent")
    SENT = ("sent", "Sent")
    FAILED = ("failed", "Failed")
    RESENT = ("resent", "Sent again as a new message")


MailStatus.TRANSITIONS = {
    MailStatus.QUEUED: frozenset({MailStatus.SENT, MailStatus.FAILED}),
    MailStatus.SENT: frozenset(),
    MailStatus.FAILED: frozenset({MailStatus.QUEUED, MailStatus.RESENT}),  # sent again by an admin
    MailStatus.RESENT: frozenset(),
}


class OutboxMessage(db.Model):
    """One e-mail, with everything needed to build it again and the state of its delivery."""

    __tablename__ = "mail_outbox"
    __table_args__ = (Index("ix_mail_outbox_due", "status", "next_attempt_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)
    recipients: Mapped[list] = mapped_column(JSON)  # ["ana@example.com", ...]
    subject: Mapped[str] = mapped_column(String(300))
    # The bodies are dropped (None) once a message holding a live link (a reset, an invitation) is
    # sent or has failed: "send again" then issues a fresh link instead of replaying this one.
    text_body: Mapped[Optional[str]] = mapped_column(Text)
    html_body: Mapped[Optional[str]] = mapped_column(Text)
    attachments: Mapped[list] = mapped_column(JSON, default=list)  # [{filename, content_type, data (base64)}]
    live_link: Mapped[bool] = mapped_column(default=False)
    resend_key: Mapped[Optional[str]] = mapped_column(String(80))  # "invitation:42": how to issue it afresh
    status: Mapped[MailStatus] = mapped_column(enum_column(MailStatus), default=MailStatus.QUEUED)
    attempts: Mapped[int] = mapped_column(default=0)
    next_attempt_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    claimed_at: Mapped[Optional[datetime]] = mapped_column(UTCDateTime)  # a worker is sending it (a lease)
    sent_at: Mapped[Optional[datetime]] = mapped_column(UTCDateTime)
    last_error: Mapped[Optional[str]] = mapped_column(Text)

    @property
    def to(self) -> str:
        return ", ".join(self.recipients)
