"""Reads for the dashboard."""
from __future__ import annotations

from sqlalchemy import func, select

from portal.extensions import db
from portal.models.audit import AuditEvent
from portal.models.users import Organization, User, UserStatus


def staff_overview() -> dict:
    return {
        "organizations": db.session.scalar(select(func.count(Organization.id))),
        "active_users": db.session.scalar(select(func.count(User.id)).where(User.status == UserStatus.ACTIVE)),
        "pending_invitations": db.session.scalar(
            select(func.count(User.id)).where(User.status == UserStatus.INVITED)),
        "recent": db.session.scalars(select(AuditEvent).order_by(AuditEvent.id.desc()).limit(8)).all(),
    }


def organization_people(organization_id: int) -> list[User]:
    return list(db.session.scalars(select(User).where(User.organization_id == organization_id)
                                    .order_by(User.role, User.name)))
