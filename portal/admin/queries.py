"""Reads for the administration pages."""
from __future__ import annotations

from sqlalchemy import func, select

from portal.extensions import db
from portal.models.users import STAFF_ROLES, Organization, User


def organizations_with_counts() -> list[tuple[Organization, int]]:
    counts = (select(Organization, func.count(User.id))
              .outerjoin(User, User.organization_id == Organization.id)
              .group_by(Organization.id).order_by(Organization.name))
    return [tuple(row) for row in db.session.execute(counts)]


def staff_users() -> list[User]:
    return list(db.session.scalars(select(User).where(User.role.in_(STAFF_ROLES)).order_by(User.name)))
