"""Implementation projects: the plan as data (products, phases, steps, template tasks) and each
customer's project with its tasks, sites and meetings (seeds 000 and 001)."""
from __future__ import annotations

from datetime import date, datetime, time
from typing import TYPE_CHECKING, Optional

from sqlalchemy import JSON, Column, Date, ForeignKey, String, Table, Text, Time, UniqueConstraint
from sqlalchemy.orm import Mapped, declared_attr, mapped_column, relationship

from portal.core.enums import StatusEnum, TitledEnum
from portal.core.versioning import Versioned
from portal.extensions import db
from portal.models.telephony import Site
from portal.models.types import UTCDateTime, enum_column, utcnow
from portal.models.users import Organization, User

if TYPE_CHECKING:  # the questionnaire's models point back at Project
    from portal.models.questionnaire import CallingPolicy, DialPlan, OtherRequirements, RecordingPolicy


class Side(TitledEnum):
    """Whose task it is."""

    CUSTOMER = ("customer", "Customer")
    PROVIDER = ("provider", "Provider")


class Anchor(TitledEnum):
    """The date a task's due date counts business days from."""

    START = ("start", "Project start")
    KICK_OFF = ("kick_off", "Kick-off")
    GO_LIVE = ("go_live", "Go-live")


class TaskStatus(StatusEnum):
    """A task's state (the GOV.UK task-list statuses)."""

    NOT_STARTED = ("not_started", "Not started")
    IN_PROGRESS = ("in_progress", "In progress")
    SUBMITTED = ("submitted", "Submitted")
    CHANGES_REQUESTED = ("changes_requested", "Changes requested")
    DONE = ("done", "Done")
    SKIPPED = ("skipped", "Not applicable")

    @property
    def is_closed(self) -> bool:
        return self in (TaskStatus.DONE, TaskStatus.SKIPPED)


TaskStatus.TRANSITIONS = {
    TaskStatus.NOT_STARTED: frozenset({TaskStatus.IN_PROGRESS, TaskStatus.SUBMITTED, TaskStatus.DONE,
                                       TaskStatus.SKIPPED}),
    TaskStatus.IN_PROGRESS: frozenset({TaskStatus.NOT_STARTED, TaskStatus.SUBMITTED, TaskStatus.DONE,
                                       TaskStatus.SKIPPED}),
    TaskStatus.SUBMITTED: frozenset({TaskStatus.CHANGES_REQUESTED, TaskStatus.IN_PROGRESS, TaskStatus.DONE}),
    TaskStatus.CHANGES_REQUESTED: frozenset({TaskStatus.IN_PROGRESS, TaskStatus.SUBMITTED, TaskStatus.DONE}),
    TaskStatus.DONE: frozenset({TaskStatus.IN_PROGRESS}),
    TaskStatus.SKIPPED: frozenset({TaskStatus.NOT_STARTED}),
}


class MeetingKind(TitledEnum):
    KICK_OFF = ("kick_off", "Kick-off call")
    WEEKLY = ("weekly", "Weekly meeting")
    REVIEW_CALL = ("review_call", "Review call")


class Product(db.Model):
    """What the customer bought (the list is data)."""

    __tablename__ = "products"

    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(String(40), unique=True)
    name: Mapped[str] = mapped_column(String(120))
    position: Mapped[int] = mapped_column(default=0)


class Phase(db.Model):
    """A phase of seed 001; it contains the plan steps that point at it."""

    __tablename__ = "phases"

    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(String(40), unique=True)
    name: Mapped[str] = mapped_column(String(80))
    position: Mapped[int]
    steps: Mapped[list[PlanStep]] = relationship(back_populates="phase", order_by="PlanStep.number")


class PlanStep(db.Model):
    """A step of the provider's plan (seed 000's six steps, then operate, optimize and close)."""

    __tablename__ = "plan_steps"

    id: Mapped[int] = mapped_column(primary_key=True)
    number: Mapped[int] = mapped_column(unique=True)
    title: Mapped[str] = mapped_column(String(200))
    phase_id: Mapped[int] = mapped_column(ForeignKey("phases.id"))
    phase: Mapped[Phase] = relationship(back_populates="steps")


class TaskDefinition:
    """What a template task and the project tasks copied from it share: the step, whose task it is,
    what it says, its place, and the date its due date counts from."""

    step_id: Mapped[int] = mapped_column(ForeignKey("plan_steps.id"))
    side: Mapped[Side] = mapped_column(enum_column(Side))
    title: Mapped[str] = mapped_column(String(300))
    description: Mapped[Optional[str]] = mapped_column(Text)
    position: Mapped[int] = mapped_column(default=0)
    feature_key: Mapped[Optional[str]] = mapped_column(String(40))
    anchor: Mapped[Anchor] = mapped_column(enum_column(Anchor))
    offset_days: Mapped[int] = mapped_column(default=0)

    @declared_attr
    def step(cls) -> Mapped[PlanStep]:
        return relationship("PlanStep")

    def definition(self) -> dict:
        """These shared columns' values, to copy them to another task."""
        return {name: getattr(self, name) for name in TASK_DEFINITION_COLUMNS}


TASK_DEFINITION_COLUMNS = tuple(name for name in TaskDefinition.__annotations__)


class TemplateTask(TaskDefinition, Versioned, db.Model):
    """A task every new project gets (for the products listed, or all when none are)."""

    __tablename__ = "template_tasks"

    id: Mapped[int] = mapped_column(primary_key=True)
    product_keys: Mapped[Optional[list]] = mapped_column(JSON)
    active: Mapped[bool] = mapped_column(default=True)

    def applies_to(self, product: Product) -> bool:
        return self.active and (not self.product_keys or product.key in self.product_keys)


project_sites = Table(
    "project_sites", db.metadata,
    Column("project_id", ForeignKey("projects.id", ondelete="CASCADE"), primary_key=True),
    Column("site_id", ForeignKey("sites.id", ondelete="CASCADE"), primary_key=True),
)


class Project(Versioned, db.Model):
    """One implementation project of a customer organization."""

    __tablename__ = "projects"

    id: Mapped[int] = mapped_column(primary_key=True)
    organization_id: Mapped[int] = mapped_column(ForeignKey("organizations.id"), index=True)
    product_id: Mapped[int] = mapped_column(ForeignKey("products.id"))
    ipm_id: Mapped[Optional[int]] = mapped_column(ForeignKey("users.id"), index=True)
    name: Mapped[str] = mapped_column(String(200))
    order_summary: Mapped[Optional[str]] = mapped_column(Text)
    started_on: Mapped[date] = mapped_column(Date)
    target_go_live: Mapped[date] = mapped_column(Date)
    phase_id: Mapped[int] = mapped_column(ForeignKey("phases.id"))
    phase_set_by_hand: Mapped[bool] = mapped_column(default=False)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    organization: Mapped[Organization] = relationship()
    product: Mapped[Product] = relationship()
    ipm: Mapped[Optional[User]] = relationship()
    phase: Mapped[Phase] = relationship()
    sites: Mapped[list[Site]] = relationship(secondary=project_sites, order_by="Site.name")
    dial_plan: Mapped[Optional[DialPlan]] = relationship(uselist=False, back_populates="project",
                                                         cascade="all, delete-orphan")
    other_requirements: Mapped[Optional[OtherRequirements]] = relationship(uselist=False, back_populates="project",
                                                                           cascade="all, delete-orphan")
    recording_policy: Mapped[Optional[RecordingPolicy]] = relationship(uselist=False, back_populates="project",
                                                                       cascade="all, delete-orphan")
    calling_policy: Mapped[Optional[CallingPolicy]] = relationship(uselist=False, back_populates="project",
                                                                   cascade="all, delete-orphan")
    tasks: Mapped[list[ProjectTask]] = relationship(back_populates="project", cascade="all, delete-orphan",
                                                    order_by="(ProjectTask.step_id, ProjectTask.position)")
    meetings: Mapped[list[Meeting]] = relationship(back_populates="project", cascade="all, delete-orphan")

    @property
    def site_ids(self) -> list[int]:  # what the project form edits
        return [site.id for site in self.sites]


class ProjectTask(TaskDefinition, Versioned, db.Model):
    """A task of one project, copied from the template or added by the IPM."""

    __tablename__ = "project_tasks"

    id: Mapped[int] = mapped_column(primary_key=True)
    project_id: Mapped[int] = mapped_column(ForeignKey("projects.id", ondelete="CASCADE"), index=True)
    template_task_id: Mapped[Optional[int]] = mapped_column(ForeignKey("template_tasks.id", ondelete="SET NULL"))
    due_on: Mapped[Optional[date]] = mapped_column(Date)
    due_set_by_hand: Mapped[bool] = mapped_column(default=False)
    status: Mapped[TaskStatus] = mapped_column(enum_column(TaskStatus), default=TaskStatus.NOT_STARTED)
    skip_reason: Mapped[Optional[str]] = mapped_column(Text)
    assignee_id: Mapped[Optional[int]] = mapped_column(ForeignKey("users.id"))
    completed_at: Mapped[Optional[datetime]] = mapped_column(UTCDateTime)
    summary: Mapped[Optional[str]] = mapped_column(String(200))  # a feature's own words, stored with its status
    project: Mapped[Project] = relationship(back_populates="tasks")
    assignee: Mapped[Optional[User]] = relationship()

    @property
    def organization_id(self) -> int:  # for the audit log and the scoped loader
        return self.project.organization_id


class Meeting(Versioned, db.Model):
    """A meeting of a project (the kick-off call, the weekly meeting, a review round's call), in the
    time zone it was set in; one per key (the kind's value, or "review:<round id>")."""

    __tablename__ = "meetings"
    __table_args__ = (UniqueConstraint("project_id", "key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    project_id: Mapped[int] = mapped_column(ForeignKey("projects.id", ondelete="CASCADE"), index=True)
    kind: Mapped[MeetingKind] = mapped_column(enum_column(MeetingKind))
    key: Mapped[str] = mapped_column(String(60))
    label: Mapped[Optional[str]] = mapped_column(String(120))  # a review call's own words
    first_date: Mapped[date] = mapped_column(Date)
    start_time: Mapped[time] = mapped_column(Time)
    time_zone: Mapped[str] = mapped_column(String(64))
    duration_minutes: Mapped[int] = mapped_column(default=60)
    location: Mapped[Optional[str]] = mapped_column(String(500))
    uid: Mapped[str] = mapped_column(String(120), unique=True)
    sequence: Mapped[int] = mapped_column(default=0)
    project: Mapped[Project] = relationship(back_populates="meetings")

    @property
    def title(self) -> str:
        return self.label or self.kind.title
