"""Reads for the dashboard."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import Row, bindparam, func, select

from portal.core.features import effective_status, feature_link, feature_summary, is_derived
from portal.extensions import db
from portal.models.audit import AuditEvent
from portal.models.projects import ProjectTask, Side, TaskStatus
from portal.models.users import Organization, User, UserStatus
from portal.projects import plan
from portal.projects.queries import TASK_LINE, CustomerPlan, column_rows, customer_plans


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


_MEMBERS = (select(User.name, User.role).where(User.organization_id == bindparam("organization_id"))
            .order_by(User.role, User.name))


def organization_members(organization_id: int) -> list[Row]:
    """The (name, role) of an organization's people, as its dashboard lists them."""
    return list(column_rows(_MEMBERS, {"organization_id": organization_id}))


@dataclass(eq=False, slots=True)
class TaskLine:
    """One of the customer's tasks as its line on the dashboard shows it, worked out once. It has what
    the task functions read (project, feature key, status, summary), so it is passed to them."""

    project: CustomerPlan
    id: int
    title: str
    status: TaskStatus
    due_on: date | None
    feature_key: str | None
    summary: str | None
    step_number: int
    link: str | None = None
    overdue: bool = False
    derived: bool = False

    @property
    def project_id(self) -> int:
        return self.project.id


def _line(project: CustomerPlan, row: Row, today: date) -> TaskLine:
    line = TaskLine(project, *row[:len(TASK_LINE)])
    line.status, line.link, line.derived = effective_status(line), feature_link(line), is_derived(line)
    line.summary, line.overdue = _summary(line), plan.is_overdue(line, today)
    return line


def _summary(line: TaskLine) -> str | None:
    """A feature's words are stored with its status; until its data first changes they are worked out
    from the project itself."""
    return feature_summary(line if line.summary or not line.derived else db.session.get(ProjectTask, line.id))


def _by_due_date(row: Row) -> tuple:
    return row.due_on is None, row.due_on or date.min


def task_lines(project: CustomerPlan, today: date) -> tuple[list[TaskLine], list[TaskLine]]:
    """The customer's (open, closed) tasks, each by due date (plan order for the same date, undated last)."""
    mine = sorted((row for row in project.tasks if row.side == Side.CUSTOMER), key=_by_due_date)
    lines = [_line(project, row, today) for row in mine]
    return [line for line in lines if not line.status.is_closed], [line for line in lines if line.status.is_closed]


def customer_projects(organization_id: int, today: date) -> list[tuple[CustomerPlan, list[TaskLine], list[TaskLine]]]:
    """The organization's projects, each with its customer's open and closed task lines."""
    return [(project, *task_lines(project, today)) for project in customer_plans(organization_id)]
