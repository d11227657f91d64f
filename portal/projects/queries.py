"""Reads for the dashboards and the project page, in a fixed number of queries whatever the size."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import Result, Row, and_, bindparam, func, select
from sqlalchemy.orm import selectinload

from portal.extensions import db
from portal.models.audit import AuditEvent
from portal.models.projects import Meeting, Phase, PlanStep, Project, ProjectTask, TaskStatus
from portal.models.users import Organization, Role, User

CLOSED = (TaskStatus.DONE, TaskStatus.SKIPPED)
SORTS = ("go_live", "customer", "phase", "overdue", "next_due")


@dataclass(frozen=True)
class ProjectRow:
    """One line of the IPM dashboard."""

    project: Project
    customer_name: str
    phase_name: str
    overdue_count: int
    next_due_on: date | None
    next_due_title: str | None


def _open_tasks(today: date | None = None):
    condition = and_(ProjectTask.project_id == Project.id, ProjectTask.status.not_in(CLOSED))
    return condition if today is None else and_(condition, ProjectTask.due_on < today)


def dashboard_rows(user: User, today: date, phase_key: str | None = None, overdue_only: bool = False,
                   sort: str = "go_live") -> list[ProjectRow]:
    """The projects assigned to an IPM (all for admins and engineers), in one query."""
    overdue = select(func.count(ProjectTask.id)).where(_open_tasks(today)).correlate(Project).scalar_subquery()
    next_task = (select(ProjectTask.id).where(_open_tasks(), ProjectTask.due_on.is_not(None))
                 .order_by(ProjectTask.due_on, ProjectTask.position).limit(1).correlate(Project).scalar_subquery())
    next_due = select(ProjectTask.due_on).where(ProjectTask.id == next_task).scalar_subquery()
    next_title = select(ProjectTask.title).where(ProjectTask.id == next_task).scalar_subquery()
    query = (select(Project, Organization.name.label("customer_name"), Phase.name, overdue.label("overdue_count"),
                    next_due.label("next_due_on"), next_title)
             .join(Organization, Organization.id == Project.organization_id).join(Phase, Phase.id == Project.phase_id)
             .options(selectinload(Project.product), selectinload(Project.ipm)))
    if user.role == Role.IPM:
        query = query.where(Project.ipm_id == user.id)
    if phase_key:
        query = query.where(Phase.key == phase_key)
    if overdue_only:
        query = query.where(overdue > 0)
    order = {"go_live": Project.target_go_live, "customer": Organization.name, "phase": Phase.position,
             "overdue": overdue.desc(), "next_due": next_due}.get(sort, Project.target_go_live)
    query = query.order_by(order, Project.id)
    return [ProjectRow(*row) for row in db.session.execute(query)]


def project_with_plan(project_id: int) -> Project:
    """A project with everything its page shows, loaded up front (a fixed number of queries)."""
    return db.session.scalars(select(Project).where(Project.id == project_id).options(
        selectinload(Project.tasks).selectinload(ProjectTask.step),
        selectinload(Project.tasks).selectinload(ProjectTask.assignee),
        selectinload(Project.meetings), selectinload(Project.sites), selectinload(Project.product),
        selectinload(Project.ipm), selectinload(Project.phase))).one()


def phases() -> list[Phase]:
    return list(db.session.scalars(select(Phase).options(selectinload(Phase.steps)).order_by(Phase.position)))


def organization_projects(organization_id: int) -> list[Project]:
    return list(db.session.scalars(select(Project).where(Project.organization_id == organization_id).options(
        selectinload(Project.tasks).selectinload(ProjectTask.step), selectinload(Project.meetings),
        selectinload(Project.ipm), selectinload(Project.phase), selectinload(Project.product))
        .order_by(Project.target_go_live)))


@dataclass(eq=False)
class CustomerPlan:
    """A project as its customer's dashboard reads it, in columns: what plan.next_dates reads (the
    dates, meetings and tasks) and the phase and project manager the page names."""

    id: int
    name: str
    started_on: date
    target_go_live: date
    phase_name: str
    ipm_name: str | None
    ipm_phone: str | None
    ipm_email: str | None
    meetings: list[Row] = field(default_factory=list)
    tasks: list[Row] = field(default_factory=list)  # every task, in plan order as Project.tasks

    @property
    def review_stage(self) -> str | None:
        """The package's stage in the words of the plan's review task ("Round 1: Engineering review"),
        None before anything is submitted (or where the plan has no such task)."""
        return next((row.summary for row in self.tasks if row.feature_key == "review"), None)


# Built once rather than on every request: every customer lands on the dashboard that reads them.
_ORGANIZATION = bindparam("organization_id")
_CUSTOMER_PROJECTS = (
    select(Project.id, Project.name, Project.started_on, Project.target_go_live, Phase.name, User.name, User.phone,
           User.email).join(Phase, Phase.id == Project.phase_id).outerjoin(User, User.id == Project.ipm_id)
    .where(Project.organization_id == _ORGANIZATION).order_by(Project.target_go_live, Project.id))
_CUSTOMER_MEETINGS = (
    select(Meeting.project_id, Meeting.kind, Meeting.key, Meeting.label, Meeting.first_date, Meeting.start_time,
           Meeting.time_zone, Meeting.location).join(Project).where(Project.organization_id == _ORGANIZATION)
    .order_by(Meeting.id))
TASK_LINE = (ProjectTask.id, ProjectTask.title, ProjectTask.status, ProjectTask.due_on, ProjectTask.feature_key,
             ProjectTask.summary, PlanStep.number)  # what a line of the customer's task list shows, in its order
_CUSTOMER_TASKS = (  # then what plan.next_dates reads
    select(*TASK_LINE, ProjectTask.project_id, ProjectTask.side, ProjectTask.anchor, ProjectTask.offset_days)
    .join(Project).join(PlanStep).where(Project.organization_id == _ORGANIZATION)
    .order_by(ProjectTask.step_id, ProjectTask.position))


def column_rows(statement, values: dict) -> Result:
    """Rows of plain columns, read through the session's connection (its transaction): the ORM adds
    nothing to them but half their cost. Changes not flushed yet are not seen."""
    return db.session.connection().execute(statement, values)


def customer_plans(organization_id: int) -> list[CustomerPlan]:
    """An organization's projects with their meetings and tasks, in three light queries."""
    values = {"organization_id": organization_id}
    plans = {row.id: CustomerPlan(*row) for row in column_rows(_CUSTOMER_PROJECTS, values)}
    for statement, rows in ((_CUSTOMER_MEETINGS, "meetings"), (_CUSTOMER_TASKS, "tasks")):
        for row in column_rows(statement, values):
            getattr(plans[row.project_id], rows).append(row)
    return list(plans.values())


def project_activity(project: Project, limit: int = 30) -> list[AuditEvent]:
    task_ids = select(ProjectTask.id).where(ProjectTask.project_id == project.id)
    mine = ((AuditEvent.object_type == "Project") & (AuditEvent.object_id == project.id)) | (
        (AuditEvent.object_type == "ProjectTask") & AuditEvent.object_id.in_(task_ids))
    return list(db.session.scalars(select(AuditEvent).where(mine).options(selectinload(AuditEvent.actor))
                                   .order_by(AuditEvent.id.desc()).limit(limit)))


def staff_members(*roles: Role) -> list[User]:
    return list(db.session.scalars(select(User).where(User.role.in_(roles)).order_by(User.name)))
