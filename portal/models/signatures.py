"""The Letter of Authorization signed online (issue 19): each signing ceremony of a port request, with
its evidence and the sealed PDF, and the one-time signing links sent to an authorized person who has
no portal account."""
from __future__ import annotations

from datetime import datetime
from typing import Optional

from sqlalchemy import ForeignKey, LargeBinary, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal.core.enums import StatusEnum, TitledEnum
from portal.extensions import db
from portal.models.files import StoredFile
from portal.models.porting import PortRequest
from portal.models.types import UTCDateTime, enum_column, utcnow
from portal.models.users import User


class SignatureStatus(StatusEnum):
    """A ceremony: consented (the signer agreed to sign electronically), then signed; a signature whose
    letter changed since, or that grew too old for the carrier, is superseded (kept, marked)."""

    CONSENTED = ("consented", "Consent given, not signed yet")
    SIGNED = ("signed", "Signed")
    SUPERSEDED = ("superseded", "Superseded")


SignatureStatus.TRANSITIONS = {
    SignatureStatus.CONSENTED: frozenset({SignatureStatus.SIGNED, SignatureStatus.SUPERSEDED}),
    SignatureStatus.SIGNED: frozenset({SignatureStatus.SUPERSEDED}),
    SignatureStatus.SUPERSEDED: frozenset(),
}


class SignatureMark(TitledEnum):
    DRAWN = ("drawn", "Drawn")
    TYPED = ("typed", "Typed")


class LoaSignature(db.Model):
    """One signing of a port request's Letter of Authorization and what it is evidence of."""

    __tablename__ = "loa_signatures"

    id: Mapped[int] = mapped_column(primary_key=True)
    public_id: Mapped[str] = mapped_column(String(36), unique=True)  # the document id on the certificate
    port_request_id: Mapped[int] = mapped_column(ForeignKey("port_requests.id", ondelete="CASCADE"), index=True)
    status: Mapped[SignatureStatus] = mapped_column(enum_column(SignatureStatus), default=SignatureStatus.CONSENTED)
    user_id: Mapped[Optional[int]] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))  # a contact
    invitation_id: Mapped[Optional[int]] = mapped_column(ForeignKey("signing_invitations.id", ondelete="SET NULL"))
    signer_name: Mapped[str] = mapped_column(String(200))
    signer_title: Mapped[Optional[str]] = mapped_column(String(100))
    signer_email: Mapped[str] = mapped_column(String(254))
    ip_address: Mapped[Optional[str]] = mapped_column(String(64))
    user_agent: Mapped[Optional[str]] = mapped_column(String(400))
    time_zone: Mapped[Optional[str]] = mapped_column(String(64))  # the signer's browser's, as it said
    disclosure_version: Mapped[str] = mapped_column(String(20))
    content_sha256: Mapped[str] = mapped_column(String(64))  # of the letter's content when consented, then signed
    viewed_at: Mapped[datetime] = mapped_column(UTCDateTime)
    consented_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    signed_at: Mapped[Optional[datetime]] = mapped_column(UTCDateTime)
    mark: Mapped[Optional[SignatureMark]] = mapped_column(enum_column(SignatureMark))
    typed_mark: Mapped[Optional[str]] = mapped_column(String(200))
    drawn_mark: Mapped[Optional[bytes]] = mapped_column(LargeBinary)  # a PNG the portal re-encoded
    sealed_file_id: Mapped[Optional[int]] = mapped_column(ForeignKey("stored_files.id"))
    sealed_sha256: Mapped[Optional[str]] = mapped_column(String(64), index=True)  # the verify page looks it up
    superseded_at: Mapped[Optional[datetime]] = mapped_column(UTCDateTime)
    superseded_why: Mapped[Optional[str]] = mapped_column(String(300))

    port_request: Mapped[PortRequest] = relationship()
    user: Mapped[Optional[User]] = relationship()
    invitation: Mapped[Optional[SigningInvitation]] = relationship()
    sealed_file: Mapped[Optional[StoredFile]] = relationship()

    @property
    def organization_id(self) -> int:  # for the audit log
        return self.port_request.organization_id


class InvitationStatus(StatusEnum):
    """A signing link's life: sent, opened, signed; or cancelled by the inviter, or locked after too many
    wrong access codes. Expiry is read from `expires_at` (no job has to move it)."""

    SENT = ("sent", "Sent")
    OPENED = ("opened", "Opened")
    SIGNED = ("signed", "Signed")
    CANCELLED = ("cancelled", "Cancelled")
    LOCKED = ("locked", "Locked: wrong access code too often")


InvitationStatus.TRANSITIONS = {
    InvitationStatus.SENT: frozenset({InvitationStatus.OPENED, InvitationStatus.CANCELLED, InvitationStatus.LOCKED}),
    InvitationStatus.OPENED: frozenset({InvitationStatus.SIGNED, InvitationStatus.CANCELLED,
                                        InvitationStatus.LOCKED}),
    InvitationStatus.SIGNED: frozenset(),
    InvitationStatus.CANCELLED: frozenset(),
    InvitationStatus.LOCKED: frozenset({InvitationStatus.CANCELLED}),
}


class SigningInvitation(db.Model):
    """A one-time signing link e-mailed to the request's authorized person: its own record (only the
    token's SHA-256 is kept), with an expiry and, if the inviter set one, an access code."""

    __tablename__ = "signing_invitations"

    id: Mapped[int] = mapped_column(primary_key=True)
    port_request_id: Mapped[int] = mapped_column(ForeignKey("port_requests.id", ondelete="CASCADE"), index=True)
    token_sha256: Mapped[str] = mapped_column(String(64), unique=True)
    status: Mapped[InvitationStatus] = mapped_column(enum_column(InvitationStatus), default=InvitationStatus.SENT)
    name: Mapped[str] = mapped_column(String(200))
    title: Mapped[Optional[str]] = mapped_column(String(100))
    email: Mapped[str] = mapped_column(String(254))
    access_code_hash: Mapped[Optional[str]] = mapped_column(String(200))  # a password hash of the code
    wrong_codes: Mapped[int] = mapped_column(default=0, server_default="0")
    invited_by_id: Mapped[Optional[int]] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime)
    opened_at: Mapped[Optional[datetime]] = mapped_column(UTCDateTime)
    signed_at: Mapped[Optional[datetime]] = mapped_column(UTCDateTime)
    cancelled_at: Mapped[Optional[datetime]] = mapped_column(UTCDateTime)
    note: Mapped[Optional[str]] = mapped_column(Text)

    port_request: Mapped[PortRequest] = relationship()
    invited_by: Mapped[Optional[User]] = relationship()

    @property
    def organization_id(self) -> int:
        return self.port_request.organization_id
