"""Number porting (issue 18; DESIGN.md section 12): a port request per current carrier account (one
BTN per Letter of Authorization), the project's PhoneNumbers it moves, the carrier documents (a
bill or a CSR) checked against it, and its status from draft to ported."""
from __future__ import annotations

from datetime import date, datetime
from typing import Optional

from sqlalchemy import JSON, Date, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal.core.crypto import EncryptedString
from portal.core.enums import StatusEnum, TitledEnum
from portal.core.versioning import Versioned
from portal.extensions import db
from portal.models.files import StoredFile
from portal.models.projects import Project
from portal.models.telephony import PhoneNumber
from portal.models.types import UTCDateTime, enum_column, utcnow


class PortStatus(StatusEnum):
    """A port request's way to the carrier and back (staff move it; the customer's saved changes move
    an exception back to be signed)."""

    DRAFT = ("draft", "Draft")
    READY_TO_SIGN = ("ready_to_sign", "Ready to sign")
    SIGNED = ("signed", "Signed")
    SUBMITTED = ("submitted", "Submitted to the carrier")
    FOC_CONFIRMED = ("foc_confirmed", "FOC confirmed")
    EXCEPTION = ("exception", "Exception")
    PORTED = ("ported", "Ported")
    CANCELLED = ("cancelled", "Cancelled")

    @property
    def with_carrier(self) -> bool:
        """Its numbers are with the carrier: they cannot be removed or renumbered meanwhile."""
        return self in (PortStatus.SUBMITTED, PortStatus.FOC_CONFIRMED, PortStatus.EXCEPTION)


_BEFORE_PORTED = (PortStatus.DRAFT, PortStatus.READY_TO_SIGN, PortStatus.SIGNED, PortStatus.SUBMITTED,
                  PortStatus.FOC_CONFIRMED, PortStatus.EXCEPTION)
PortStatus.TRANSITIONS = {
    PortStatus.DRAFT: frozenset({PortStatus.READY_TO_SIGN, PortStatus.SIGNED, PortStatus.CANCELLED}),
    PortStatus.READY_TO_SIGN: frozenset({PortStatus.SIGNED, PortStatus.DRAFT, PortStatus.CANCELLED}),
    # a signed letter whose details change, or that grows too old for the carrier, is to be signed again
    PortStatus.SIGNED: frozenset({PortStatus.SUBMITTED, PortStatus.DRAFT, PortStatus.READY_TO_SIGN,
                                  PortStatus.CANCELLED}),
    PortStatus.SUBMITTED: frozenset({PortStatus.FOC_CONFIRMED, PortStatus.EXCEPTION, PortStatus.CANCELLED}),
    PortStatus.FOC_CONFIRMED: frozenset({PortStatus.PORTED, PortStatus.EXCEPTION, PortStatus.CANCELLED}),
    PortStatus.EXCEPTION: frozenset({PortStatus.READY_TO_SIGN, PortStatus.SUBMITTED, PortStatus.CANCELLED}),
    PortStatus.PORTED: frozenset(),
    PortStatus.CANCELLED: frozenset(),
}
assert all(PortStatus.CANCELLED in PortStatus.TRANSITIONS[status] for status in _BEFORE_PORTED)


class ExceptionReason(TitledEnum):
    """Why a carrier rejected a port request (what the checks exist to prevent)."""

    ACCOUNT_NUMBER = ("account_number", "The account number does not match")
    BTN = ("btn", "The billing telephone number (BTN) does not match")
    NAME = ("name", "The name does not match the bill")
    ADDRESS = ("address", "The service address does not match")
    PIN = ("pin", "The account PIN or passcode does not match")
    NOT_PORTABLE = ("not_portable", "A number cannot be ported")
    OTHER = ("other", "Another reason")


class ServiceType(TitledEnum):
    BUSINESS = ("business", "Business")
    RESIDENTIAL = ("residential", "Residential")


class PortRequest(Versioned, db.Model):
    """One current carrier account's numbers moving to the provider."""

    __tablename__ = "port_requests"

    id: Mapped[int] = mapped_column(primary_key=True)
    project_id: Mapped[int] = mapped_column(ForeignKey("projects.id", ondelete="CASCADE"), index=True)
    status: Mapped[PortStatus] = mapped_column(enum_column(PortStatus), default=PortStatus.DRAFT)
    customer_name: Mapped[str] = mapped_column(String(200))  # exactly as billed
    service_type: Mapped[ServiceType] = mapped_column(enum_column(ServiceType), default=ServiceType.BUSINESS)
    street: Mapped[str] = mapped_column(String(200))
    suite: Mapped[Optional[str]] = mapped_column(String(100))
    city: Mapped[str] = mapped_column(String(100))
    state: Mapped[Optional[str]] = mapped_column(String(100))
    postal_code: Mapped[str] = mapped_column(String(20))
    country: Mapped[str] = mapped_column(String(2))
    btn: Mapped[str] = mapped_column(String(20))  # E.164
    current_carrier: Mapped[str] = mapped_column(String(100))
    account_number: Mapped[str] = mapped_column(String(60))
    account_pin: Mapped[Optional[str]] = mapped_column(EncryptedString())  # write-only in the UI, never printed
    authorized_name: Mapped[str] = mapped_column(String(200))
    authorized_title: Mapped[Optional[str]] = mapped_column(String(100))
    authorized_email: Mapped[str] = mapped_column(String(254))
    authorized_phone: Mapped[str] = mapped_column(String(20))  # E.164
    full_port: Mapped[bool] = mapped_column(default=True)
    new_btn: Mapped[Optional[str]] = mapped_column(String(20))  # a partial port whose BTN leaves: the account's new one
    staying_numbers: Mapped[Optional[str]] = mapped_column(Text)  # on the account, staying there: listed only
    requested_on: Mapped[date] = mapped_column(Date)
    foc_at: Mapped[Optional[datetime]] = mapped_column(UTCDateTime)
    exception_reason: Mapped[Optional[ExceptionReason]] = mapped_column(enum_column(ExceptionReason))
    exception_note: Mapped[Optional[str]] = mapped_column(Text)
    status_note: Mapped[Optional[str]] = mapped_column(Text)  # what staff said with the last change
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    numbers: Mapped[list[PortedNumber]] = relationship(cascade="all, delete-orphan", order_by="PortedNumber.id")
    documents: Mapped[list[CarrierDocument]] = relationship(cascade="all, delete-orphan",
                                                            order_by="CarrierDocument.id")

    project: Mapped[Project] = relationship()

    @property
    def organization_id(self) -> int:  # for the audit log and the scoped loader
        return self.project.organization_id


class PortedNumber(db.Model):
    """A PhoneNumber of the project on a port request (on one request at most that is not cancelled:
    the porting services see to it; a cancelled request keeps its list)."""

    __tablename__ = "ported_numbers"
    __table_args__ = (UniqueConstraint("port_request_id", "phone_number_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    port_request_id: Mapped[int] = mapped_column(ForeignKey("port_requests.id", ondelete="CASCADE"), index=True)
    phone_number_id: Mapped[int] = mapped_column(ForeignKey("phone_numbers.id", ondelete="CASCADE"), index=True)
    phone_number: Mapped[PhoneNumber] = relationship()


class CheckState(TitledEnum):
    PENDING = ("pending", "Being read")
    READ = ("read", "Read")
    UNREADABLE = ("unreadable", "Could not be read")


class CarrierDocument(db.Model):
    """A bill or a CSR of the current carrier, and what its text says of the request's details."""

    __tablename__ = "carrier_documents"

    id: Mapped[int] = mapped_column(primary_key=True)
    port_request_id: Mapped[int] = mapped_column(ForeignKey("port_requests.id", ondelete="CASCADE"), index=True)
    stored_file_id: Mapped[int] = mapped_column(ForeignKey("stored_files.id"))
    check_state: Mapped[CheckState] = mapped_column(enum_column(CheckState), default=CheckState.PENDING)
    findings: Mapped[Optional[dict]] = mapped_column(JSON)  # detail -> page found on (None: not found)
    check_note: Mapped[Optional[str]] = mapped_column(String(300))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    stored_file: Mapped[StoredFile] = relationship()
