"""The Programming Data Questionnaire's own answers (seed 002). Most of what it asks lives on the
shared telephony rows of DESIGN.md section 12 (sites, seats, numbers); what belongs to no such row,
the project's dial plan, lives here."""
from __future__ import annotations

from datetime import datetime
from typing import Optional

from sqlalchemy import JSON, ForeignKey, Index, String, Text, UniqueConstraint, false, text, true
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal.core.enums import TitledEnum
from portal.core.versioning import Versioned
from portal.extensions import db
from portal.models.files import StoredFile
from portal.models.projects import Project
from portal.models.telephony import PhoneModel
from portal.models.types import UTCDateTime, utcnow


class DialPlan(Versioned, db.Model):
    """How numbers are dialled in the project: the length of every extension, the digit that reaches
    an outside line (if any) and the operator's extension."""

    __tablename__ = "dial_plans"

    id: Mapped[int] = mapped_column(primary_key=True)
    project_id: Mapped[int] = mapped_column(ForeignKey("projects.id", ondelete="CASCADE"), unique=True)
    extension_length: Mapped[Optional[int]] = mapped_column()  # 3 to 6; empty until answered
    outbound_access_code: Mapped[Optional[str]] = mapped_column(String(4))
    operator_extension: Mapped[Optional[str]] = mapped_column(String(10))
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)
    project: Mapped[Project] = relationship(back_populates="dial_plan")

    @property
    def organization_id(self) -> int:
        return self.project.organization_id


class SectionProgress(Versioned, db.Model):
    """The person's own answer to "Have you completed this section?" (the GOV.UK task-list pattern):
    a section counts as completed only when they said so and nothing in it blocks."""

    __tablename__ = "questionnaire_section_progress"
    __table_args__ = (UniqueConstraint("project_id", "section"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    project_id: Mapped[int] = mapped_column(ForeignKey("projects.id", ondelete="CASCADE"), index=True)
    section: Mapped[str] = mapped_column(String(40))  # the registered section's key
    completed: Mapped[bool] = mapped_column(default=False, server_default=false())
    updated_by_id: Mapped[Optional[int]] = mapped_column(ForeignKey("users.id"))
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)
    project: Mapped[Project] = relationship()

    @property
    def organization_id(self) -> int:
        return self.project.organization_id


class OtherRequirements(Versioned, db.Model):
    """Section 8, anything else: what the other sections do not ask, in the customer's words."""

    __tablename__ = "questionnaire_other_requirements"

    id: Mapped[int] = mapped_column(primary_key=True)
    project_id: Mapped[int] = mapped_column(ForeignKey("projects.id", ondelete="CASCADE"), unique=True)
    requirements: Mapped[Optional[str]] = mapped_column(Text)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)
    project: Mapped[Project] = relationship(back_populates="other_requirements")

    @property
    def organization_id(self) -> int:
        return self.project.organization_id


class QuestionnaireAttachment(db.Model):
    """A file that goes with the questionnaire (an existing system's configuration export, a floor
    plan), kept through the shared storage."""

    __tablename__ = "questionnaire_attachments"

    id: Mapped[int] = mapped_column(primary_key=True)
    project_id: Mapped[int] = mapped_column(ForeignKey("projects.id", ondelete="CASCADE"), index=True)
    stored_file_id: Mapped[int] = mapped_column(ForeignKey("stored_files.id"))
    description: Mapped[Optional[str]] = mapped_column(String(200))
    created_by_id: Mapped[Optional[int]] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    project: Mapped[Project] = relationship()
    stored_file: Mapped[StoredFile] = relationship()

    @property
    def organization_id(self) -> int:
        return self.project.organization_id


class KeyFunction(TitledEnum):
    """What a programmable key of a desk phone does (section 4)."""

    LINE = ("line", "Line")
    BLF = ("blf", "Busy lamp field")  # target: an extension of the project
    SPEED_DIAL = ("speed_dial", "Speed dial")  # target: a phone number or an extension
    PARK = ("park", "Call park")
    INTERCOM = ("intercom", "Intercom")
    DND = ("dnd", "Do not disturb")
    VOICEMAIL = ("voicemail", "Voicemail")
    BLANK = ("blank", "Blank")


class KeyLayout(Versioned, db.Model):
    """The programmable keys of a phone model in a project: its default layout (no seat), or one
    seat's changes to that default (only the keys that differ). Never on the shared catalog.

    `keys` maps a key's position ("1".."N") to {"function", "label", "target"}."""

    __tablename__ = "key_layouts"
    __table_args__ = (
        UniqueConstraint("seat_id"),
        Index("uq_key_layouts_default", "project_id", "phone_model_id", unique=True,
              sqlite_where=text("seat_id IS NULL"), postgresql_where=text("seat_id IS NULL")),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    project_id: Mapped[int] = mapped_column(ForeignKey("projects.id", ondelete="CASCADE"), index=True)
    phone_model_id: Mapped[int] = mapped_column(ForeignKey("phone_models.id"))
    seat_id: Mapped[Optional[int]] = mapped_column(ForeignKey("seats.id", ondelete="CASCADE"))
    keys: Mapped[dict] = mapped_column(JSON, default=dict)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)
    project: Mapped[Project] = relationship()
    phone_model: Mapped[PhoneModel] = relationship()

    @property
    def organization_id(self) -> int:
        return self.project.organization_id


class RecordingPolicy(Versioned, db.Model):
    """Section 6, call recording, for the whole project: how long recordings are kept, what callers
    hear about it, and who may listen. Which seats and queues are recorded is their own column."""

    __tablename__ = "recording_policies"

    id: Mapped[int] = mapped_column(primary_key=True)
    project_id: Mapped[int] = mapped_column(ForeignKey("projects.id", ondelete="CASCADE"), unique=True)
    retention_days: Mapped[Optional[int]] = mapped_column()
    announcement: Mapped[Optional[str]] = mapped_column(String(500))
    listeners: Mapped[list] = mapped_column(JSON, default=list)  # ids of the seats that may access recordings
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)
    project: Mapped[Project] = relationship(back_populates="recording_policy")

    @property
    def organization_id(self) -> int:
        return self.project.organization_id


class CallingPolicy(Versioned, db.Model):
    """Section 5, calling patterns, for the whole project: what outbound calls are blocked, whether
    sites dial each other by extension, and who hears of an emergency call."""

    __tablename__ = "calling_policies"

    id: Mapped[int] = mapped_column(primary_key=True)
    project_id: Mapped[int] = mapped_column(ForeignKey("projects.id", ondelete="CASCADE"), unique=True)
    block_international: Mapped[bool] = mapped_column(default=False, server_default=false())
    block_premium: Mapped[bool] = mapped_column(default=True, server_default=true())  # 900 and 976 numbers
    block_directory: Mapped[bool] = mapped_column(default=False, server_default=false())  # 411 and 555-1212
    extension_dialing_between_sites: Mapped[bool] = mapped_column(default=True, server_default=true())
    emergency_email: Mapped[Optional[str]] = mapped_column(String(254))
    emergency_number: Mapped[Optional[str]] = mapped_column(String(20))  # E.164 or an extension
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)
    project: Mapped[Project] = relationship(back_populates="calling_policy")

    @property
    def organization_id(self) -> int:
        return self.project.organization_id
