"""Routing shared by every feature that sends calls somewhere (DESIGN.md section 12): the one
extension rule of every Destination, seats and call groups alike; the list of everywhere a call can
be sent next, a seat's own voicemail included; and a choice from that list made a Destination."""
from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from portal.extensions import db
from portal.models.callflows import Announcement, AutoAttendant, MenuKey
from portal.models.telephony import (
    CallQueue,
    Destination,
    DestinationKind,
    DestinationMember,
    MemberRole,
    PhoneNumber,
    RingGroup,
    Schedule,
    Seat,
    VoicemailBox,
)


def extension_owner(project_id: int, extension: str) -> Destination | None:
    return db.session.scalars(select(Destination).where(
        Destination.project_id == project_id, Destination.extension == extension)).first()


def taken_extensions(project_id: int, among: list[str] | None = None) -> dict[str, tuple[int, str]]:
    """Each extension used in the project (or only those `among`): (the Destination's id, its name)."""
    query = select(Destination.extension, Destination.id, Destination.name).where(
        Destination.project_id == project_id, Destination.extension.is_not(None))
    if among is not None:
        query = query.where(Destination.extension.in_(among))
    return {extension: (destination_id, name) for extension, destination_id, name in db.session.execute(query)}


def extension_refusal(extension: str | None, destination_id: int | None, owner: tuple[int, str] | None) -> str | None:
    """Extensions are unique per project across every kind of Destination: why `extension` cannot be
    given to the Destination `destination_id` (None for a new one) when `owner` holds it, or None."""
    if extension and owner is not None and owner[0] != destination_id:
        return f"Extension {extension} is already used by {owner[1]}."
    return None


def check_extension(project_id: int, extension: str | None, destination: Destination | None = None,
                    error: type[Exception] = ValueError) -> None:
    """Raise `error` with the rule's message when another Destination of the project has `extension`."""
    owner = extension_owner(project_id, extension) if extension else None
    message = extension_refusal(extension, destination.id if destination is not None else None,
                                (owner.id, owner.name) if owner is not None else None)
    if message:
        raise error(message)


def destination_choices(project_id: int, own_id: int | None = None, kinds: bool = True) -> list[tuple[int, str]]:
    """Everywhere in the project a call can be sent next (never the destination itself), time
    conditions and call-flow nodes included, with the voicemail of each seat that has voicemail; each
    named with its kind unless `kinds` is false."""
    rows = db.session.execute(select(Destination.id, Destination.name, Destination.extension, Destination.kind)
                              .where(Destination.project_id == project_id)
                              .order_by(Destination.extension.is_(None), Destination.extension, Destination.name))
    return [(row.id, f"{row.name}{f' ({row.extension})' if row.extension else ''}"
                     f"{f' · {row.kind.title}' if kinds else ''}") for row in rows if row.id != own_id] + \
        own_box_choices(project_id, kinds)


def own_box_choices(project_id: int, kinds: bool = True) -> list[tuple[int, str]]:
    """The voicemail of each seat with voicemail whose box is not a Destination yet, as (-seat id,
    "Voicemail of ..."), in the order of the seats themselves (by extension, then name): choosing one
    makes it (`resolve_destination`)."""
    made = select(VoicemailBox.seat_id).where(VoicemailBox.seat_id.is_not(None))
    rows = db.session.execute(select(Seat.id, Seat.first_name, Seat.last_name, Seat.display_name, Seat.device_label)
                              .join(Destination, Destination.id == Seat.destination_id)
                              .where(Seat.project_id == project_id, Seat.voicemail_enabled, Seat.id.not_in(made))
                              .order_by(Destination.extension.is_(None), Destination.extension, Seat.sort_name))
    kind = f" · {DestinationKind.VOICEMAIL.title}" if kinds else ""
    return [(-row.id, f"Voicemail of {Seat.label_of(row._asdict())}{kind}") for row in rows]


def resolve_destination(project_id: int, value: int | None) -> int | None:
    """A chosen destination's id; a seat's own voicemail (a negative choice) is made a Destination
    the first time it is chosen."""
    if value is None or value >= 0:
        return value
    seat = db.session.scalars(select(Seat).where(Seat.id == -value, Seat.project_id == project_id)).first()
    return own_box(seat).destination_id if seat is not None else None


def own_box(seat: Seat) -> VoicemailBox:
    box = db.session.scalars(select(VoicemailBox).where(VoicemailBox.seat_id == seat.id)).first()
    if box is not None:
        return box
    destination = Destination(project_id=seat.project_id, kind=DestinationKind.VOICEMAIL,
                              name=f"Voicemail of {seat.label}")
    destination.members.append(DestinationMember(seat_id=seat.id, role=MemberRole.RECIPIENT, position=1))
    try:
        with db.session.begin_nested():
            db.session.add(VoicemailBox(destination=destination, seat_id=seat.id))
            db.session.flush()
    except IntegrityError:  # made by someone else in the same instant: use theirs
        return db.session.scalars(select(VoicemailBox).where(VoicemailBox.seat_id == seat.id)).one()
    return own_box(seat)


def routes_to(destination_id: int) -> int:
    """How many numbers, keys and branches send calls to a Destination (a time condition is kept
    while any does)."""
    checks = [(PhoneNumber, PhoneNumber.destination_id), (MenuKey, MenuKey.target_destination_id)]
    checks += [(model, getattr(model, column)) for model, column in (
        (Schedule, "open_destination_id"), (Schedule, "closed_destination_id"), (Schedule, "holiday_destination_id"),
        (AutoAttendant, "no_input_destination_id"), (AutoAttendant, "invalid_destination_id"),
        (Announcement, "next_destination_id"), (CallQueue, "overflow_destination_id"),
        (CallQueue, "timeout_destination_id"), (RingGroup, "no_answer_destination_id"))]
    return sum(db.session.scalar(select(func.count()).select_from(model).where(column == destination_id))
               for model, column in checks)
