"""Reads for the administration pages."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta, timezone

from sqlalchemy import func, select

from portal.extensions import db
from portal.models.mail import MailStatus, OutboxMessage
from portal.models.users import STAFF_ROLES, Organization, User


def organizations_with_counts() -> list[tuple[Organization, int]]:
    counts = (select(Organization, func.count(User.id))
              .outerjoin(User, User.organization_id == Organization.id)
              .group_by(Organization.id).order_by(Organization.name))
    return [tuple(row) for row in db.session.execute(counts)]


def staff_users() -> list[User]:
    return list(db.session.scalars(select(User).where(User.role.in_(STAFF_ROLES)).order_by(User.name)))


@dataclass(frozen=True)
class MailFilter:
    """One choice of the mail page's status filter: its label, the statuses it shows, its empty state."""

    title: str
    statuses: tuple[MailStatus, ...]
    empty: str


# A message sent again with a fresh link (RESENT) was dealt with: it is listed with the sent ones.
MAIL_FILTERS = {
    "": MailFilter("All", tuple(MailStatus), "No e-mail has been sent yet."),
    "waiting": MailFilter("Waiting", (MailStatus.QUEUED,), "No e-mail is waiting to be sent."),
    "sent": MailFilter("Sent", (MailStatus.SENT, MailStatus.RESENT), "No e-mail has been sent yet."),
    "failed": MailFilter("Failed", (MailStatus.FAILED,), "No e-mail has failed."),
}
MAIL_PAGE_SIZE = 50


def outbox_page(shown: str):
    """One page (the `page` request argument) of the outbox messages the filter shows, newest first."""
    query = (select(OutboxMessage).where(OutboxMessage.status.in_(MAIL_FILTERS[shown].statuses))
             .order_by(OutboxMessage.created_at.desc(), OutboxMessage.id.desc()))
    return db.paginate(query, per_page=MAIL_PAGE_SIZE, error_out=False)


STALLED_AFTER = timedelta(minutes=5)


def stalled_mail() -> int:
    """Messages due for a while and still not sent: a sign that no worker is running."""
    return db.session.scalar(select(func.count()).select_from(OutboxMessage).where(
        OutboxMessage.status == MailStatus.QUEUED,
        OutboxMessage.next_attempt_at < datetime.now(timezone.utc) - STALLED_AFTER)) or 0
