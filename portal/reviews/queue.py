"""The review queue (issue 20): every package waiting on the provider across customers, with its
stage, round, age in business days and who is to act, filtered by stage, assignee and customer; an
engineer sees the engineering reviews first. One query however many packages there are."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import case, func, select
from sqlalchemy.orm import aliased

from portal.core.business_days import business_days_between
from portal.extensions import db
from portal.models.projects import Project
from portal.models.reviews import PackageStage, ReviewPackage, ReviewRound
from portal.models.users import Organization, Role, User

# the provider's move (a package whose changes were requested waits on the customer)
WAITING = (PackageStage.SUBMITTED, PackageStage.FIRST_REVIEW, PackageStage.ENGINEERING_REVIEW,
           PackageStage.SECOND_REVIEW, PackageStage.READY)


@dataclass(frozen=True)
class Filters:
    stage: PackageStage | None = None
    assignee_id: int | None = None
    organization_id: int | None = None


@dataclass(frozen=True)
class Line:
    project_id: int
    project: str
    customer: str
    stage: PackageStage
    round: int
    since: datetime
    assignee: str | None

    def age(self, today: date) -> int:
        """Business days at this stage."""
        return business_days_between(self.since.date(), today)


def lines(user: User, filters: Filters) -> list[Line]:
    """The waiting packages, the oldest first (an engineer's own stage before the others)."""
    engineer, ipm = aliased(User), aliased(User)
    latest = select(ReviewRound.package_id, func.max(ReviewRound.number).label("number")).group_by(
        ReviewRound.package_id).subquery()
    engineering = ReviewPackage.stage == PackageStage.ENGINEERING_REVIEW  # an engineer's; else the project's IPM
    assignee = case((engineering, engineer.name), else_=ipm.name)
    query = (select(Project.id, Project.name, Organization.name, ReviewPackage.stage, latest.c.number,
                    ReviewPackage.stage_since, assignee)
             .join(Project, Project.id == ReviewPackage.project_id)
             .join(Organization, Organization.id == Project.organization_id)
             .join(latest, latest.c.package_id == ReviewPackage.id)
             .outerjoin(engineer, engineer.id == ReviewPackage.assignee_id)
             .outerjoin(ipm, ipm.id == Project.ipm_id)
             .where(ReviewPackage.stage.in_([filters.stage] if filters.stage else WAITING)))
    if filters.organization_id:
        query = query.where(Project.organization_id == filters.organization_id)
    if filters.assignee_id:
        query = query.where(case((engineering, ReviewPackage.assignee_id), else_=Project.ipm_id) == filters.assignee_id)
    first = (ReviewPackage.stage != PackageStage.ENGINEERING_REVIEW) if user.role == Role.ENGINEER else None
    query = query.order_by(*([first] if first is not None else []), ReviewPackage.stage_since, Project.id)
    return [Line(*values) for values in db.session.execute(query)]


def choices() -> tuple[list[tuple[int, str]], list[tuple[int, str]]]:
    """(the staff who can be assigned, the customers with a package), for the filters."""
    staff = db.session.execute(select(User.id, User.name).where(User.role.in_((Role.IPM, Role.ENGINEER, Role.ADMIN)))
                               .order_by(User.name)).all()
    customers = db.session.execute(select(Organization.id, Organization.name).join(
        Project, Project.organization_id == Organization.id).join(
        ReviewPackage, ReviewPackage.project_id == Project.id).distinct().order_by(Organization.name)).all()
    return [tuple(row) for row in staff], [tuple(row) for row in customers]
