"""The customer's telephony (DESIGN.md section 12): sites, seats, phone models, destinations, numbers."""
from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import TYPE_CHECKING, Optional

from sqlalchemy import ForeignKey, Index, String, Text, UniqueConstraint, event, false, inspect, true
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal.core.crypto import EncryptedString
from portal.core.enums import StatusEnum, TitledEnum
from portal.core.text import fold, sort_key
from portal.core.versioning import Versioned
from portal.extensions import db
from portal.models.types import UTCDateTime, enum_column, utcnow
from portal.models.users import Organization

if TYPE_CHECKING:
    from portal.models.callflows import HolidaySet, HourRange


class Site(Versioned, db.Model):
    """A customer location: its address is the default E911 address of everyone there."""

    __tablename__ = "sites"

    id: Mapped[int] = mapped_column(primary_key=True)
    organization_id: Mapped[int] = mapped_column(ForeignKey("organizations.id"), index=True)
    name: Mapped[str] = mapped_column(String(200))
    street: Mapped[str] = mapped_column(String(200))
    suite: Mapped[Optional[str]] = mapped_column(String(100))
    city: Mapped[str] = mapped_column(String(100))
    state: Mapped[Optional[str]] = mapped_column(String(100))
    postal_code: Mapped[str] = mapped_column(String(20))
    country: Mapped[str] = mapped_column(String(2))
    time_zone: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    organization: Mapped[Organization] = relationship()
    # its business hours (portal.core.hours reads and writes them); none: not given yet
    hours: Mapped[list[HourRange]] = relationship(cascade="all, delete-orphan", order_by="HourRange.starts")

    @property
    def has_hours(self) -> bool:
        return bool(self.hours)

    @property
    def address_lines(self) -> list[str]:
        region = " ".join(part for part in (self.state, self.postal_code) if part)
        street = f"{self.street}, {self.suite}" if self.suite else self.street
        return [street, f"{self.city}, {region}".strip(", "), self.country]


class OutboundPermission(TitledEnum):
    """How far a seat may call out, each level including the ones before it."""

    INTERNAL = ("internal", "Internal calls only")
    LOCAL = ("local", "Local calls")
    LONG_DISTANCE = ("long_distance", "Long distance")
    INTERNATIONAL = ("international", "International")


class CallerIdPresentation(TitledEnum):
    """The number a seat's outbound calls show (section 5)."""

    OWN = ("own", "Its own number")
    MAIN = ("main", "The site's main number")


class RecordingMode(TitledEnum):
    NONE = ("none", "No recording")
    ON_DEMAND = ("on_demand", "On demand")
    ALWAYS = ("always", "Always")


class DestinationKind(TitledEnum):
    """Anything a call can be sent to (DESIGN.md section 12); later features add their kinds' rows."""

    SEAT = ("seat", "Person or device")
    QUEUE = ("queue", "Call queue")
    GROUP = ("group", "Ring or hunt group")
    VOICEMAIL = ("voicemail", "Voicemail box")
    SCHEDULE = ("schedule", "Time condition")
    AUTO_ATTENDANT = ("auto_attendant", "Auto attendant")
    ANNOUNCEMENT = ("announcement", "Announcement")
    EXTERNAL = ("external", "External number")
    HANG_UP = ("hang_up", "Hang up")


class NumberStatus(StatusEnum):
    """A number's life: requested from the carrier until its digits are known, assigned to the
    project, being ported from the current carrier, then active on the provider's network."""

    REQUESTED = ("requested", "Requested")
    ASSIGNED = ("assigned", "Assigned")
    PORTING = ("porting", "Porting")
    ACTIVE = ("active", "Active")


NumberStatus.TRANSITIONS = {
    NumberStatus.REQUESTED: frozenset({NumberStatus.ASSIGNED}),  # the carrier gave its digits
    NumberStatus.ASSIGNED: frozenset({NumberStatus.PORTING, NumberStatus.ACTIVE}),
    NumberStatus.PORTING: frozenset({NumberStatus.ACTIVE, NumberStatus.ASSIGNED}),  # ported, or the port cancelled
    NumberStatus.ACTIVE: frozenset(),
}


class NumberKind(TitledEnum):
    MAIN = ("main", "Main number")
    DIRECT = ("direct", "Direct number")
    FAX = ("fax", "Fax")
    TOLL_FREE = ("toll_free", "Toll-free")


class NumberSource(TitledEnum):
    NEW = ("new", "New")
    PORTED = ("ported", "Ported")


class PhoneModel(Versioned, db.Model):
    """Catalog data: a desk phone (its programmable keys and label width) or a softphone (no keys)."""

    __tablename__ = "phone_models"
    __table_args__ = (UniqueConstraint("vendor", "model"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    vendor: Mapped[str] = mapped_column(String(80))
    model: Mapped[str] = mapped_column(String(80))
    keys: Mapped[int] = mapped_column(default=0)
    label_width: Mapped[int] = mapped_column(default=0)
    active: Mapped[bool] = mapped_column(default=True)

    @property
    def is_softphone(self) -> bool:
        return self.keys == 0

    @property
    def title(self) -> str:
        return f"{self.vendor} {self.model}"


class SeatType(db.Model):
    """What a seat is: a standard user, an executive, a common-area phone... (the list is data)."""

    __tablename__ = "seat_types"

    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(String(40), unique=True)
    name: Mapped[str] = mapped_column(String(80))
    is_device: Mapped[bool] = mapped_column(default=False)
    position: Mapped[int] = mapped_column(default=0)


class Destination(Versioned, db.Model):
    """Where a call can go, with its extension; extensions are unique per project across all kinds."""

    __tablename__ = "destinations"
    __table_args__ = (UniqueConstraint("project_id", "extension"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    project_id: Mapped[int] = mapped_column(ForeignKey("projects.id", ondelete="CASCADE"), index=True)
    kind: Mapped[DestinationKind] = mapped_column(enum_column(DestinationKind))
    name: Mapped[str] = mapped_column(String(200))
    extension: Mapped[Optional[str]] = mapped_column(String(10))
    external_number: Mapped[Optional[str]] = mapped_column(String(20))  # E.164, for the external kind
    seat: Mapped[Optional[Seat]] = relationship(back_populates="destination", uselist=False)
    numbers: Mapped[list[PhoneNumber]] = relationship(back_populates="destination")
    members: Mapped[list[DestinationMember]] = relationship(cascade="all, delete-orphan",
                                                            order_by="DestinationMember.position")


LABEL_FIELDS = ("id", "first_name", "last_name", "display_name", "device_label")
FINDING_FIELDS = ("first_name", "last_name", "device_label", "display_name", "email", "mobile", "job_title",
                  "department")  # what a seat is found by; its extension and numbers are searched where they live
SORT_NAME_LENGTH = 255
# Byte order on PostgreSQL too (its default collation may skip spaces), so both databases sort alike.
SORT_NAME_TYPE = String(SORT_NAME_LENGTH).with_variant(String(SORT_NAME_LENGTH, collation="C"), "postgresql")


def finding_columns(values: Mapping) -> dict[str, str]:
    """What the seat lists sort and search on, from a seat's own values (a row, an INSERT's values):
    `sort_name` files a person under their family name then given name, a device under its label,
    anyone else under the name they have; `search_text` holds every name, address and number of
    FINDING_FIELDS. Both folded (portal.core.text), so "garcia" finds García and Ødegaard sorts with
    the O's."""
    family = values.get("last_name") or values.get("device_label")
    names = (family, values.get("first_name")) if family else (values.get("display_name") or values.get("first_name"),)
    return {"sort_name": sort_key(*names)[:SORT_NAME_LENGTH],
            "search_text": fold(" ".join(filter(None, (values.get(name) for name in FINDING_FIELDS))))}


def _on_insert(column: str):
    """An INSERT's `column`, worked out from the values of the row being inserted, whoever inserts it
    (the seat writer's batches, an ORM object)."""
    return lambda context: finding_columns(context.get_current_parameters())[column]


class Seat(Versioned, db.Model):
    """A person or a device of a project. The worksheet owns who it is; the questionnaire adds how it
    is configured; the shared columns below are edited from both (DESIGN.md section 12)."""

    __tablename__ = "seats"
    __table_args__ = (Index("ix_seats_project_id_sort_name", "project_id", "sort_name"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    project_id: Mapped[int] = mapped_column(ForeignKey("projects.id", ondelete="CASCADE"), index=True)
    destination_id: Mapped[int] = mapped_column(ForeignKey("destinations.id"), unique=True)
    first_name: Mapped[Optional[str]] = mapped_column(String(100))
    last_name: Mapped[Optional[str]] = mapped_column(String(100))
    device_label: Mapped[Optional[str]] = mapped_column(String(100))
    display_name: Mapped[Optional[str]] = mapped_column(String(200))
    email: Mapped[Optional[str]] = mapped_column(String(254), index=True)
    mobile: Mapped[Optional[str]] = mapped_column(String(20))  # E.164
    job_title: Mapped[Optional[str]] = mapped_column(String(200))
    department: Mapped[Optional[str]] = mapped_column(String(200))
    seat_type_id: Mapped[int] = mapped_column(ForeignKey("seat_types.id"))
    site_id: Mapped[Optional[int]] = mapped_column(ForeignKey("sites.id"))
    e911_street: Mapped[Optional[str]] = mapped_column(String(200))
    e911_city: Mapped[Optional[str]] = mapped_column(String(100))
    e911_state: Mapped[Optional[str]] = mapped_column(String(100))
    e911_postal_code: Mapped[Optional[str]] = mapped_column(String(20))
    e911_country: Mapped[Optional[str]] = mapped_column(String(2))
    voicemail_enabled: Mapped[bool] = mapped_column(default=True)
    voicemail_to_email: Mapped[bool] = mapped_column(default=False)
    fax_to_email: Mapped[bool] = mapped_column(default=False)
    softphone: Mapped[bool] = mapped_column(default=False)
    teams_calling: Mapped[bool] = mapped_column(default=False)
    recording_mode: Mapped[RecordingMode] = mapped_column(enum_column(RecordingMode), default=RecordingMode.NONE)
    caller_id: Mapped[CallerIdPresentation] = mapped_column(enum_column(CallerIdPresentation),
                                                          default=CallerIdPresentation.OWN, server_default="own")
    phone_model_id: Mapped[Optional[int]] = mapped_column(ForeignKey("phone_models.id"))
    phone_model_raw: Mapped[Optional[str]] = mapped_column(String(120))  # as imported, to match later
    notes: Mapped[Optional[str]] = mapped_column(Text)
    # Derived from FINDING_FIELDS on every write (finding_columns): an INSERT by the column defaults,
    # an UPDATE by the seat writer (portal.worksheet.services) or, for an ORM object, by _refold below.
    sort_name: Mapped[str] = mapped_column(SORT_NAME_TYPE, default=_on_insert("sort_name"), server_default="")
    search_text: Mapped[str] = mapped_column(Text, default=_on_insert("search_text"), server_default="")
    # The questionnaire's own columns (section 2): how the seat is configured.
    voicemail_pin: Mapped[Optional[str]] = mapped_column(EncryptedString())  # write-only in the UI
    voicemail_pin_problem: Mapped[Optional[str]] = mapped_column(String(200))  # the PIN rules' outcome, stored
    call_forwarding: Mapped[bool] = mapped_column(default=False, server_default=false())
    simultaneous_ring: Mapped[bool] = mapped_column(default=False, server_default=false())
    call_waiting: Mapped[bool] = mapped_column(default=True, server_default=true())
    do_not_disturb: Mapped[bool] = mapped_column(default=False, server_default=false())
    intercom: Mapped[bool] = mapped_column(default=False, server_default=false())
    paging: Mapped[bool] = mapped_column(default=False, server_default=false())
    call_park: Mapped[bool] = mapped_column(default=False, server_default=false())
    outbound_permission: Mapped[OutboundPermission] = mapped_column(
        enum_column(OutboundPermission), default=OutboundPermission.LONG_DISTANCE,
        server_default=OutboundPermission.LONG_DISTANCE.value)
    destination: Mapped[Destination] = relationship(back_populates="seat")
    seat_type: Mapped[SeatType] = relationship()
    site: Mapped[Optional[Site]] = relationship()
    phone_model: Mapped[Optional[PhoneModel]] = relationship()

    @property
    def extension(self) -> str | None:
        return self.destination.extension if self.destination else None

    @property
    def direct_number(self) -> str | None:
        """The E.164 of the direct number routed to this seat (a PhoneNumber, not a column)."""
        numbers = self.destination.numbers if self.destination else []
        return next((number.e164 for number in numbers if number.kind == NumberKind.DIRECT and number.e164), None)

    @property
    def finding_values(self) -> dict:
        """The values its sort and search columns are made of."""
        return {name: getattr(self, name) for name in FINDING_FIELDS}

    @property
    def voicemail_pin_set(self) -> bool:
        """Whether a PIN is set; pages and PDFs say this, never the PIN."""
        return self.voicemail_pin is not None

    @property
    def label(self) -> str:
        return self.label_of({key: getattr(self, key) for key in LABEL_FIELDS})

    @staticmethod
    def label_of(values: dict) -> str:
        """How a seat with these values is named: its display name, else the person's name, else the
        device's label."""
        person = " ".join(part for part in (values.get("first_name"), values.get("last_name")) if part)
        return values.get("display_name") or person or values.get("device_label") or f"Seat {values.get('id')}"


@event.listens_for(Seat, "before_update")
def _refold(mapper, connection, seat: Seat) -> None:
    """An ORM save that changes a seat's names keeps its sort and search columns in step."""
    state = inspect(seat)
    if any(state.attrs[name].history.has_changes() for name in FINDING_FIELDS):
        for name, value in finding_columns(seat.finding_values).items():
            setattr(seat, name, value)


class PhoneNumber(Versioned, db.Model):
    """A number of a project: E.164 (empty while only requested), its status, kind and source, the
    caller-ID name, and the one destination it rings (empty until routed)."""

    __tablename__ = "phone_numbers"
    __table_args__ = (UniqueConstraint("project_id", "e164"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    project_id: Mapped[int] = mapped_column(ForeignKey("projects.id", ondelete="CASCADE"), index=True)
    site_id: Mapped[Optional[int]] = mapped_column(ForeignKey("sites.id"))
    e164: Mapped[Optional[str]] = mapped_column(String(20))
    status: Mapped[NumberStatus] = mapped_column(enum_column(NumberStatus), default=NumberStatus.REQUESTED)
    kind: Mapped[NumberKind] = mapped_column(enum_column(NumberKind), default=NumberKind.DIRECT)
    source: Mapped[NumberSource] = mapped_column(enum_column(NumberSource), default=NumberSource.NEW)
    requested_area_code: Mapped[Optional[str]] = mapped_column(String(10))
    caller_id_name: Mapped[Optional[str]] = mapped_column(String(15))
    destination_id: Mapped[Optional[int]] = mapped_column(ForeignKey("destinations.id", ondelete="SET NULL"),
                                                          index=True)
    destination: Mapped[Optional[Destination]] = relationship(back_populates="numbers")
    site: Mapped[Optional[Site]] = relationship()


# ---- Section 7, call center: queues, ring and hunt groups, shared voicemail boxes (all Destinations) ----

class QueueRouting(TitledEnum):
    ATTENDANT = ("attendant", "Attendant (every free agent rings)")
    SERIAL = ("serial", "Serial (agents in their order)")
    ROUND_ROBIN = ("round_robin", "Round robin")
    LONGEST_IDLE = ("longest_idle", "Longest idle")


class RingStrategy(TitledEnum):
    SIMULTANEOUS = ("simultaneous", "Ring every member at once")
    HUNT = ("hunt", "Hunt (members in their order)")
    ROUND_ROBIN = ("round_robin", "Round robin")


class MemberRole(TitledEnum):
    AGENT = ("agent", "Agent")
    SUPERVISOR = ("supervisor", "Supervisor")
    MEMBER = ("member", "Member")
    RECIPIENT = ("recipient", "Receives the messages")


class DestinationMember(db.Model):
    """A seat's place in a queue (agent or supervisor), a ring group (member) or a shared voicemail
    box (it receives the messages), in order."""

    __tablename__ = "destination_members"

    destination_id: Mapped[int] = mapped_column(ForeignKey("destinations.id", ondelete="CASCADE"), primary_key=True)
    seat_id: Mapped[int] = mapped_column(ForeignKey("seats.id", ondelete="CASCADE"), primary_key=True, index=True)
    role: Mapped[MemberRole] = mapped_column(enum_column(MemberRole), primary_key=True)
    position: Mapped[int] = mapped_column(default=0)
    seat: Mapped[Seat] = relationship()


class CallGroupSettings(Versioned):
    """What a queue, a ring group and a shared voicemail box share: the Destination they configure
    (its name and extension), and their seats by role, in order."""

    destination_id: Mapped[int] = mapped_column(ForeignKey("destinations.id", ondelete="CASCADE"), unique=True)

    @property
    def name(self) -> str:
        return self.destination.name

    @property
    def extension(self) -> str | None:
        return self.destination.extension

    @property
    def project_id(self) -> int:
        return self.destination.project_id

    def seat_ids(self, role: MemberRole) -> list[str]:
        return [str(member.seat_id) for member in self.members_in(role)]

    def members_in(self, role: MemberRole) -> list[DestinationMember]:
        return sorted((member for member in self.destination.members if member.role == role),
                      key=lambda member: member.position)


class CallQueue(CallGroupSettings, db.Model):
    __tablename__ = "call_queues"

    id: Mapped[int] = mapped_column(primary_key=True)
    routing: Mapped[QueueRouting] = mapped_column(enum_column(QueueRouting), default=QueueRouting.LONGEST_IDLE)
    agent_alert_seconds: Mapped[int] = mapped_column(default=20)
    max_wait_seconds: Mapped[int] = mapped_column(default=300)
    overflow_calls: Mapped[Optional[int]] = mapped_column()
    overflow_destination_id: Mapped[Optional[int]] = mapped_column(ForeignKey("destinations.id", ondelete="SET NULL"))
    timeout_destination_id: Mapped[Optional[int]] = mapped_column(ForeignKey("destinations.id", ondelete="SET NULL"))
    music_on_hold: Mapped[str] = mapped_column(String(200), default="The provider's standard music")
    announcement: Mapped[Optional[str]] = mapped_column(String(500))
    recording_mode: Mapped[RecordingMode] = mapped_column(enum_column(RecordingMode), default=RecordingMode.NONE,
                                                          server_default=RecordingMode.NONE.value)
    destination: Mapped[Destination] = relationship(foreign_keys="CallQueue.destination_id")
    overflow_destination: Mapped[Optional[Destination]] = relationship(foreign_keys="CallQueue.overflow_destination_id")
    timeout_destination: Mapped[Optional[Destination]] = relationship(foreign_keys="CallQueue.timeout_destination_id")

    @property
    def agents(self) -> list[str]:
        return self.seat_ids(MemberRole.AGENT)

    @property
    def supervisors(self) -> list[str]:
        return self.seat_ids(MemberRole.SUPERVISOR)


class RingGroup(CallGroupSettings, db.Model):
    __tablename__ = "ring_groups"

    id: Mapped[int] = mapped_column(primary_key=True)
    strategy: Mapped[RingStrategy] = mapped_column(enum_column(RingStrategy), default=RingStrategy.SIMULTANEOUS)
    ring_seconds: Mapped[int] = mapped_column(default=20)
    no_answer_destination_id: Mapped[Optional[int]] = mapped_column(
        ForeignKey("destinations.id", ondelete="SET NULL"))
    destination: Mapped[Destination] = relationship(foreign_keys="RingGroup.destination_id")
    no_answer_destination: Mapped[Optional[Destination]] = relationship(
        foreign_keys="RingGroup.no_answer_destination_id")

    @property
    def members(self) -> list[str]:
        return self.seat_ids(MemberRole.MEMBER)


class VoicemailBox(CallGroupSettings, db.Model):
    """A voicemail box as a Destination: a shared one, or a seat's own (made the first time calls are
    sent to it; whether the seat has voicemail stays its voicemail switch)."""

    __tablename__ = "voicemail_boxes"

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[Optional[str]] = mapped_column(String(254))  # messages sent there too
    seat_id: Mapped[Optional[int]] = mapped_column(ForeignKey("seats.id", ondelete="CASCADE"), unique=True)
    destination: Mapped[Destination] = relationship(foreign_keys="VoicemailBox.destination_id")

    @property
    def recipients(self) -> list[str]:
        return self.seat_ids(MemberRole.RECIPIENT)


class Schedule(CallGroupSettings, db.Model):
    """A time condition (section 5 makes one for a number that rings differently after hours; the
    call-flow builder shows it as a node): while open calls go to one destination, while closed to
    another, on a day of its holiday set to a third. Open follows its site's business hours, or its
    own hours (`follows_site` false), in its own time zone or its site's."""

    __tablename__ = "schedules"

    id: Mapped[int] = mapped_column(primary_key=True)
    site_id: Mapped[Optional[int]] = mapped_column(ForeignKey("sites.id", ondelete="SET NULL"))
    open_destination_id: Mapped[Optional[int]] = mapped_column(ForeignKey("destinations.id", ondelete="SET NULL"))
    closed_destination_id: Mapped[Optional[int]] = mapped_column(ForeignKey("destinations.id", ondelete="SET NULL"))
    follows_site: Mapped[bool] = mapped_column(default=True, server_default=true())
    time_zone: Mapped[Optional[str]] = mapped_column(String(64))  # None: its site's
    holiday_set_id: Mapped[Optional[int]] = mapped_column(ForeignKey("holiday_sets.id", ondelete="SET NULL"))
    holiday_destination_id: Mapped[Optional[int]] = mapped_column(ForeignKey("destinations.id", ondelete="SET NULL"))
    destination: Mapped[Destination] = relationship(foreign_keys="Schedule.destination_id")
    open_destination: Mapped[Optional[Destination]] = relationship(foreign_keys="Schedule.open_destination_id")
    closed_destination: Mapped[Optional[Destination]] = relationship(foreign_keys="Schedule.closed_destination_id")
    holiday_destination: Mapped[Optional[Destination]] = relationship(foreign_keys="Schedule.holiday_destination_id")
    site: Mapped[Optional[Site]] = relationship()
    own_hours: Mapped[list[HourRange]] = relationship(cascade="all, delete-orphan", order_by="HourRange.starts")
    holiday_set: Mapped[Optional[HolidaySet]] = relationship()

