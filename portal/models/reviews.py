"""Review rounds (issue 20; seed 002): the customer submits a package, a frozen and hashed snapshot of
the whole intake, and the provider reviews it in stages until both sides sign it off as Ready for
Configuration and agree a configuration schedule. Each submission is a round; the package's stage is
its last round's (Indico's paper reviewing is the model)."""
from __future__ import annotations

from datetime import date, datetime
from typing import Optional

from sqlalchemy import JSON, Date, ForeignKey, LargeBinary, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal.core.enums import StatusEnum, TitledEnum
from portal.core.versioning import Versioned
from portal.extensions import db
from portal.models.projects import Project
from portal.models.types import UTCDateTime, enum_column, utcnow
from portal.models.users import User


class PackageStage(StatusEnum):
    """Seed 002's review, stage by stage."""

    SUBMITTED = ("submitted", "Submitted")
    FIRST_REVIEW = ("first_review", "First review")
    ENGINEERING_REVIEW = ("engineering_review", "Engineering review")
    SECOND_REVIEW = ("second_review", "Second review")
    CHANGES_REQUESTED = ("changes_requested", "Changes requested")
    READY = ("ready_for_configuration", "Ready for Configuration")
    SCHEDULED = ("configuration_scheduled", "Configuration scheduled")

    @property
    def in_review(self) -> bool:
        return self in REVIEW_STAGES


REVIEW_STAGES = (PackageStage.FIRST_REVIEW, PackageStage.ENGINEERING_REVIEW, PackageStage.SECOND_REVIEW)
PackageStage.TRANSITIONS = {
    PackageStage.SUBMITTED: frozenset({PackageStage.FIRST_REVIEW}),
    PackageStage.FIRST_REVIEW: frozenset({PackageStage.ENGINEERING_REVIEW, PackageStage.CHANGES_REQUESTED}),
    PackageStage.ENGINEERING_REVIEW: frozenset({PackageStage.SECOND_REVIEW, PackageStage.CHANGES_REQUESTED}),
    PackageStage.SECOND_REVIEW: frozenset({PackageStage.READY, PackageStage.CHANGES_REQUESTED}),
    # the next round resumes at the stage that sent it back
    PackageStage.CHANGES_REQUESTED: frozenset(REVIEW_STAGES),
    PackageStage.READY: frozenset({PackageStage.SCHEDULED}),
    PackageStage.SCHEDULED: frozenset(),
}


class Side(TitledEnum):
    CUSTOMER = ("customer", "The customer")
    PROVIDER = ("provider", "The provider")


class ConfigurationMethod(TitledEnum):
    LAB = ("lab", "In the provider's lab")
    CLOUD = ("cloud", "In the cloud")
    ON_SITE = ("on_site", "On site")


class ReviewPackage(Versioned, db.Model):
    """A project's package under review: its stage, the stage a round was sent back from, and the
    version two reviewers deciding at once are told apart by."""

    __tablename__ = "review_packages"

    id: Mapped[int] = mapped_column(primary_key=True)
    project_id: Mapped[int] = mapped_column(ForeignKey("projects.id", ondelete="CASCADE"), unique=True)
    stage: Mapped[PackageStage] = mapped_column(enum_column(PackageStage), default=PackageStage.SUBMITTED)
    returned_from: Mapped[Optional[PackageStage]] = mapped_column(enum_column(PackageStage))
    stage_since: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    assignee_id: Mapped[Optional[int]] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    project: Mapped[Project] = relationship()
    assignee: Mapped[Optional[User]] = relationship()
    rounds: Mapped[list[ReviewRound]] = relationship(back_populates="package", order_by="ReviewRound.number",
                                                     cascade="all, delete-orphan")

    @property
    def organization_id(self) -> int:
        return self.project.organization_id

    @property
    def current(self) -> ReviewRound:
        return self.rounds[-1]


class ReviewRound(db.Model):
    """One submission: the frozen snapshot (canonical JSON bytes, never changed) and what happened
    to it; `notes` are the reviewers' per stage."""

    __tablename__ = "review_rounds"
    __table_args__ = (UniqueConstraint("package_id", "number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    package_id: Mapped[int] = mapped_column(ForeignKey("review_packages.id", ondelete="CASCADE"), index=True)
    number: Mapped[int]
    snapshot: Mapped[bytes] = mapped_column(LargeBinary)
    snapshot_sha256: Mapped[str] = mapped_column(String(64))
    schema_version: Mapped[int]
    acknowledged: Mapped[list] = mapped_column(JSON, default=list)  # the warnings' addresses the customer saw
    submitted_by_id: Mapped[Optional[int]] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    submitted_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    notes: Mapped[dict] = mapped_column(JSON, default=dict)  # stage -> the reviewer's notes
    sent_back_from: Mapped[Optional[PackageStage]] = mapped_column(enum_column(PackageStage))
    sent_back_note: Mapped[Optional[str]] = mapped_column(Text)
    sent_back_by_id: Mapped[Optional[int]] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    sent_back_at: Mapped[Optional[datetime]] = mapped_column(UTCDateTime)
    package: Mapped[ReviewPackage] = relationship(back_populates="rounds")
    submitted_by: Mapped[Optional[User]] = relationship(foreign_keys=[submitted_by_id])
    sent_back_by: Mapped[Optional[User]] = relationship(foreign_keys=[sent_back_by_id])

    @property
    def organization_id(self) -> int:
        return self.package.project.organization_id

    @property
    def project_id(self) -> int:  # the one guard finds the round's project through it
        return self.package.project_id


class SignOff(db.Model):
    """One side's explicit agreement that a round is Ready for Configuration: who and when."""

    __tablename__ = "review_sign_offs"
    __table_args__ = (UniqueConstraint("round_id", "side"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    round_id: Mapped[int] = mapped_column(ForeignKey("review_rounds.id", ondelete="CASCADE"), index=True)
    side: Mapped[Side] = mapped_column(enum_column(Side))
    user_id: Mapped[Optional[int]] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    signed_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    user: Mapped[Optional[User]] = relationship()


class ConfigurationSchedule(Versioned, db.Model):
    """The configuration dates and methods the IPM proposes and the customer accepts."""

    __tablename__ = "configuration_schedules"

    id: Mapped[int] = mapped_column(primary_key=True)
    package_id: Mapped[int] = mapped_column(ForeignKey("review_packages.id", ondelete="CASCADE"), unique=True)
    starts_on: Mapped[date] = mapped_column(Date)
    ends_on: Mapped[date] = mapped_column(Date)
    methods: Mapped[list] = mapped_column(JSON)  # ConfigurationMethod values
    note: Mapped[Optional[str]] = mapped_column(Text)
    proposed_by_id: Mapped[Optional[int]] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    proposed_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    accepted_by_id: Mapped[Optional[int]] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    accepted_at: Mapped[Optional[datetime]] = mapped_column(UTCDateTime)
    proposed_by: Mapped[Optional[User]] = relationship(foreign_keys=[proposed_by_id])
    accepted_by: Mapped[Optional[User]] = relationship(foreign_keys=[accepted_by_id])


class DiscrepancyKind(TitledEnum):
    """What a reviewer pins on one thing of the package (issue 21); only a must-fix blocks."""

    MUST_FIX = ("must_fix", "Must fix")
    QUESTION = ("question", "Question")
    NOTE = ("note", "Note")


class DiscrepancyStatus(StatusEnum):
    OPEN = ("open", "Open")
    RESOLVED = ("resolved", "Resolved")


DiscrepancyStatus.TRANSITIONS = {
    DiscrepancyStatus.OPEN: frozenset({DiscrepancyStatus.RESOLVED}),
    DiscrepancyStatus.RESOLVED: frozenset({DiscrepancyStatus.OPEN}),  # a reviewer reopens it
}


class Discrepancy(Versioned, db.Model):
    """A discrepancy pinned to one exact thing of the package by its address (`seat:12/job_title`,
    `node:45/key:2`, `section:5/emergency_email`): raised in a round, open across rounds until a
    reviewer resolves it. `label` is what the address named when it was raised, so a thing removed
    later is still shown by name."""

    __tablename__ = "discrepancies"

    id: Mapped[int] = mapped_column(primary_key=True)
    package_id: Mapped[int] = mapped_column(ForeignKey("review_packages.id", ondelete="CASCADE"), index=True)
    raised_in_id: Mapped[int] = mapped_column(ForeignKey("review_rounds.id", ondelete="CASCADE"))
    address: Mapped[str] = mapped_column(String(200))
    label: Mapped[str] = mapped_column(String(300))
    kind: Mapped[DiscrepancyKind] = mapped_column(enum_column(DiscrepancyKind))
    status: Mapped[DiscrepancyStatus] = mapped_column(enum_column(DiscrepancyStatus), default=DiscrepancyStatus.OPEN)
    text: Mapped[str] = mapped_column(Text)
    raised_by_id: Mapped[Optional[int]] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    raised_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    resolved_by_id: Mapped[Optional[int]] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    resolved_at: Mapped[Optional[datetime]] = mapped_column(UTCDateTime)
    resolved_in_id: Mapped[Optional[int]] = mapped_column(ForeignKey("review_rounds.id", ondelete="SET NULL"))
    package: Mapped[ReviewPackage] = relationship()
    raised_in: Mapped[ReviewRound] = relationship(foreign_keys=[raised_in_id])
    resolved_in: Mapped[Optional[ReviewRound]] = relationship(foreign_keys=[resolved_in_id])
    raised_by: Mapped[Optional[User]] = relationship(foreign_keys=[raised_by_id])
    resolved_by: Mapped[Optional[User]] = relationship(foreign_keys=[resolved_by_id])
    replies: Mapped[list[DiscrepancyReply]] = relationship(back_populates="discrepancy", cascade="all, delete-orphan",
                                                           order_by="DiscrepancyReply.id")

    @property
    def organization_id(self) -> int:
        return self.package.project.organization_id

    @property
    def project_id(self) -> int:  # the one guard finds its project through it
        return self.package.project_id

    @property
    def blocking(self) -> bool:
        return self.kind == DiscrepancyKind.MUST_FIX and self.status == DiscrepancyStatus.OPEN


class DiscrepancyReply(db.Model):
    """One message of a discrepancy's thread, from either side."""

    __tablename__ = "discrepancy_replies"

    id: Mapped[int] = mapped_column(primary_key=True)
    discrepancy_id: Mapped[int] = mapped_column(ForeignKey("discrepancies.id", ondelete="CASCADE"), index=True)
    author_id: Mapped[Optional[int]] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    side: Mapped[Side] = mapped_column(enum_column(Side))
    text: Mapped[str] = mapped_column(Text)
    written_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    discrepancy: Mapped[Discrepancy] = relationship(back_populates="replies")
    author: Mapped[Optional[User]] = relationship()
