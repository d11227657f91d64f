"""Organizations, users with roles and statuses, and one-time tokens for invitations and resets."""
from __future__ import annotations

from datetime import datetime
from typing import Optional

from flask_login import UserMixin
from sqlalchemy import ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal.core.crypto import EncryptedString
from portal.core.enums import StatusEnum, TitledEnum
from portal.core.versioning import Versioned
from portal.extensions import db
from portal.models.types import UTCDateTime, enum_column, utcnow


class Role(TitledEnum):
    """What a person may do (DESIGN.md section 2)."""

    PRIMARY_CONTACT = ("primary_contact", "Primary contact")
    SECONDARY_CONTACT = ("secondary_contact", "Secondary contact")
    VIEWER = ("viewer", "Viewer")
    IPM = ("ipm", "Implementation project manager")
    ENGINEER = ("engineer", "Engineer")
    ADMIN = ("admin", "Administrator")

    @property
    def is_staff(self) -> bool:
        return self in STAFF_ROLES


STAFF_ROLES = frozenset({Role.IPM, Role.ENGINEER, Role.ADMIN})
CUSTOMER_ROLES = (Role.PRIMARY_CONTACT, Role.SECONDARY_CONTACT, Role.VIEWER)
CONTACT_ROLES = frozenset({Role.PRIMARY_CONTACT, Role.SECONDARY_CONTACT})


class UserStatus(StatusEnum):
    """An account's life: invited until a password is set, active, or deactivated."""

    INVITED = ("invited", "Invited")
    ACTIVE = ("active", "Active")
    DEACTIVATED = ("deactivated", "Deactivated")


UserStatus.TRANSITIONS = {
    UserStatus.INVITED: frozenset({UserStatus.ACTIVE, UserStatus.DEACTIVATED}),
    UserStatus.ACTIVE: frozenset({UserStatus.DEACTIVATED}),
    UserStatus.DEACTIVATED: frozenset({UserStatus.ACTIVE, UserStatus.INVITED}),
}


class TokenPurpose(TitledEnum):
    """Why a one-time link was sent."""

    INVITATION = ("invitation", "Invitation")
    RESET = ("reset", "Password reset")


class Organization(Versioned, db.Model):
    """A customer organization; provider staff belong to none."""

    __tablename__ = "organizations"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    # The MPOCs' pass code for phone requests to support (seed 003): a secret, write-only in the UI.
    support_pass_code: Mapped[Optional[str]] = mapped_column(EncryptedString())
    escalation_notes: Mapped[Optional[str]] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    users: Mapped[list[User]] = relationship(back_populates="organization", order_by="User.name")

    def __repr__(self) -> str:
        return f"<Organization {self.id} {self.name!r}>"


class User(UserMixin, Versioned, db.Model):
    """A person who logs in: a customer's contact or viewer, or a provider staff member."""

    __tablename__ = "users"

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(254), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    job_title: Mapped[Optional[str]] = mapped_column(String(200))
    phone: Mapped[Optional[str]] = mapped_column(String(32))  # E.164
    role: Mapped[Role] = mapped_column(enum_column(Role))
    status: Mapped[UserStatus] = mapped_column(enum_column(UserStatus), default=UserStatus.INVITED)
    organization_id: Mapped[Optional[int]] = mapped_column(ForeignKey("organizations.id"), index=True)
    password_hash: Mapped[Optional[str]] = mapped_column(String(255))
    # Changing it ends every session of the user at once (it is part of the session's user id).
    session_nonce: Mapped[int] = mapped_column(default=0)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    last_login_at: Mapped[Optional[datetime]] = mapped_column(UTCDateTime)
    organization: Mapped[Optional[Organization]] = relationship(back_populates="users", lazy="joined")

    @property
    def is_active(self) -> bool:  # Flask-Login: inactive users have no session
        return self.status == UserStatus.ACTIVE

    @property
    def is_staff(self) -> bool:
        return self.role.is_staff

    def get_id(self) -> str:
        return f"{self.id}:{self.session_nonce}"

    def has_role(self, *roles: Role) -> bool:
        return self.role in roles

    def __repr__(self) -> str:
        return f"<User {self.id} {self.email} {self.role.value}>"


class UserToken(db.Model):
    """A one-time, expiring link; only the SHA-256 of the token is stored."""

    __tablename__ = "user_tokens"
    __table_args__ = (UniqueConstraint("token_hash"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    purpose: Mapped[TokenPurpose] = mapped_column(enum_column(TokenPurpose))
    token_hash: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime)
    used_at: Mapped[Optional[datetime]] = mapped_column(UTCDateTime)
    user: Mapped[User] = relationship()

    def is_usable(self, now: datetime) -> bool:
        return self.used_at is None and now < self.expires_at
