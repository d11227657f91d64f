"""Writes of seats: a seat is always created with its destination, whose extension is unique in
the project across every kind of destination, and its direct number is a PhoneNumber routed to it
(DESIGN.md section 12)."""
from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import bindparam, insert, select, update

from portal.core import audit
from portal.core.bulk import reserve_ids, uniform_rows
from portal.core.versioning import Conflict, RowChange, bulk_update_versioned, update_versioned
from portal.extensions import db
from portal.models.projects import Project
from portal.models.telephony import (
    LABEL_FIELDS,
    Destination,
    DestinationKind,
    NumberKind,
    NumberStatus,
    PhoneNumber,
    Seat,
    SeatType,
    VoicemailBox,
)
from portal.questionnaire.pins import TOO_EASY, pin_problem

SEAT_FIELDS = ("first_name", "last_name", "device_label", "display_name", "email", "mobile", "job_title",
               "department", "seat_type_id", "site_id", "e911_street", "e911_city", "e911_state",
               "e911_postal_code", "e911_country", "voicemail_enabled", "voicemail_to_email", "fax_to_email",
               "softphone", "teams_calling", "recording_mode", "phone_model_id", "phone_model_raw", "notes")


class SeatError(ValueError):
    """A seat that cannot be written; `field` names the form field the message belongs to."""

    def __init__(self, message: str, field: str = "extension"):
        super().__init__(message)
        self.field = field


def extension_owner(project_id: int, extension: str) -> Destination | None:
    return db.session.scalars(select(Destination).where(
        Destination.project_id == project_id, Destination.extension == extension)).first()


def _check_extension(project_id: int, extension: str | None, destination: Destination | None = None) -> None:
    owner = extension_owner(project_id, extension) if extension else None
    if owner is not None and owner is not destination:
        raise SeatError(f"Extension {extension} is already used by {owner.name}.")


def _check_number(project_id: int, e164: str | None, destination: Destination | None) -> None:
    if not e164:
        return
    existing = db.session.scalars(select(PhoneNumber).where(PhoneNumber.project_id == project_id,
                                                            PhoneNumber.e164 == e164)).first()
    if existing is not None and existing.destination is not None and existing.destination is not destination:
        raise SeatError(f"{e164} already rings {existing.destination.name}.", "direct_number")


def create_seat(project: Project, seat_type: SeatType | None = None, extension: str | None = None,
                direct_number: str | None = None, **values) -> Seat:
    """A seat with its destination (and its direct number, routed to it)."""
    unknown = set(values) - set(SEAT_FIELDS)
    if unknown:
        raise SeatError(f"Unknown seat fields: {', '.join(sorted(unknown))}", "first_name")
    _check_extension(project.id, extension)
    _check_number(project.id, direct_number, None)
    if seat_type is None and "seat_type_id" not in values:
        values["seat_type_id"] = db.session.scalars(select(SeatType.id).where(SeatType.key == "standard")).one()
    seat = Seat(project_id=project.id, **({"seat_type": seat_type} if seat_type else {}), **values)
    seat.destination = Destination(project_id=project.id, kind=DestinationKind.SEAT, extension=extension or None,
                                   name=seat.label)
    db.session.add(seat)
    db.session.flush()
    _route_direct_number(seat, direct_number)
    audit.record("seat.created", seat, organization_id=project.organization_id)
    return seat


def update_seat(seat: Seat, seen_version: int | None, changes: dict) -> Conflict | None:
    extension, direct_number = changes.pop("extension", None), changes.pop("direct_number", None)
    _check_extension(seat.project_id, extension, seat.destination)
    _check_number(seat.project_id, direct_number, seat.destination)
    changes.update(_pin_outcome(seat, changes.get("voicemail_pin", seat.voicemail_pin), extension))
    conflict = update_versioned(seat, seen_version, changes)
    if conflict is None:
        seat.destination.extension, seat.destination.name = extension or None, seat.label
        _route_direct_number(seat, direct_number)
        audit.record("seat.updated", seat, organization_id=_organization_id(seat))
    return conflict


def _pin_outcome(seat: Seat, pin: str | None, extension: str | None) -> dict:
    """The PIN rules' stored outcome, worked out again when the PIN or the extension changes (so
    that checks never decrypt a PIN)."""
    if pin == seat.voicemail_pin and (extension or None) == seat.extension:
        return {}
    return {"voicemail_pin_problem": TOO_EASY if pin_problem(pin, extension) else None}


def delete_seat(seat: Seat) -> None:
    """Remove the seat and its destination; numbers that rang it stay, no longer routed."""
    audit.record("seat.deleted", seat, organization_id=_organization_id(seat))
    destination = seat.destination
    for number in list(destination.numbers):
        number.destination = None
    own_box = db.session.scalars(select(Destination).join(VoicemailBox, VoicemailBox.destination_id == Destination.id)
                                 .where(VoicemailBox.seat_id == seat.id)).first()
    db.session.delete(seat)
    db.session.flush()
    db.session.delete(destination)
    if own_box is not None:  # its own voicemail goes with it (what sent calls there sends them nowhere)
        db.session.delete(own_box)


def _route_direct_number(seat: Seat, e164: str | None) -> None:
    current = next((n for n in seat.destination.numbers if n.kind == NumberKind.DIRECT and n.e164), None)
    if current is not None and current.e164 != e164:
        current.destination = None
    if e164 and (current is None or current.e164 != e164):
        number = db.session.scalars(select(PhoneNumber).where(PhoneNumber.project_id == seat.project_id,
                                                              PhoneNumber.e164 == e164)).first()
        if number is None:
            number = PhoneNumber(project_id=seat.project_id, e164=e164, kind=NumberKind.DIRECT,
                                 status=NumberStatus.ASSIGNED, site_id=seat.site_id)
            db.session.add(number)
        number.destination = seat.destination
    db.session.flush()


def _organization_id(seat: Seat) -> int:
    return db.session.get(Project, seat.project_id).organization_id


def bulk_set(project: Project, ticked: list[tuple[int, int]], changes: dict, label: str):
    """The same change on many seats of this project, each at the version the person saw (DESIGN.md 8)."""
    mine = set(db.session.scalars(select(Seat.id).where(Seat.project_id == project.id,
                                                        Seat.id.in_([seat_id for seat_id, _ in ticked]))))
    rows = [RowChange(seat_id, version, changes) for seat_id, version in ticked if seat_id in mine]
    result = bulk_update_versioned(Seat, rows)
    audit.record("seat.bulk_updated", project, note=f"{label} on {len(result.updated)} seats")
    return result


def add_seats(project: Project, rows: list[dict]) -> list[str | None]:
    """Many new seats in a few statements (an import): extensions and numbers are checked against
    sets read once, rows that collide are refused one by one, and the rest are inserted in batches
    (destinations, then seats, then numbers). Returns each row's refusal, or None."""
    taken = set(db.session.scalars(select(Destination.extension).where(
        Destination.project_id == project.id, Destination.extension.is_not(None))))
    routed = {number.e164: number for number in db.session.scalars(
        select(PhoneNumber).where(PhoneNumber.project_id == project.id, PhoneNumber.e164.is_not(None)))}
    refusals, accepted = [], []
    for values in rows:
        refusals.append(_refusal(values, taken, routed))
        if refusals[-1] is None:
            accepted.append(dict(values))
            taken.add(values.get("extension"))
    if accepted:
        _insert(project, accepted, routed)
    return refusals


def _refusal(values: dict, taken: set, numbers: dict) -> str | None:
    if values.get("extension") and values["extension"] in taken:
        return f"Extension {values['extension']} is already used."
    number = numbers.get(values.get("direct_number"))
    if number is not None and number.destination_id is not None:
        return f"{values['direct_number']} already rings another destination."
    return None


def _insert(project: Project, accepted: list[dict], routed: dict) -> None:
    standard = db.session.scalars(select(SeatType.id).where(SeatType.key == "standard")).one()
    labels = [Seat.label_of(values) for values in accepted]
    destination_ids = reserve_ids(Destination, len(accepted))
    db.session.execute(insert(Destination.__table__), [
        {"id": destination_id, "project_id": project.id, "kind": DestinationKind.SEAT,
         "extension": values.get("extension") or None, "name": label}
        for values, label, destination_id in zip(accepted, labels, destination_ids, strict=True)])
    db.session.execute(insert(Seat.__table__), uniform_rows(Seat.__table__, [
        {"seat_type_id": standard, **{key: value for key, value in values.items()
                                      if key not in ("extension", "direct_number")},
         "project_id": project.id, "destination_id": destination_id}
        for values, destination_id in zip(accepted, destination_ids, strict=True)]))
    new_numbers = [{"project_id": project.id, "e164": values["direct_number"], "kind": NumberKind.DIRECT,
                    "status": NumberStatus.ASSIGNED, "site_id": values.get("site_id"), "destination_id": destination_id}
                   for values, destination_id in zip(accepted, destination_ids, strict=True)
                   if values.get("direct_number") and values["direct_number"] not in routed]
    if new_numbers:
        db.session.execute(insert(PhoneNumber.__table__), new_numbers)
    for values, destination_id in zip(accepted, destination_ids, strict=True):
        if values.get("direct_number") in routed:
            routed[values["direct_number"]].destination_id = destination_id
    db.session.flush()


@dataclass
class SeatUpdate:
    """One seat of a bulk update (an import): the version the person saw and the new values, which
    may include "extension" and "direct_number"."""

    seat: Seat
    seen_version: int
    changes: dict


@dataclass
class _Planned:
    seat_id: int
    destination_id: int
    label: str
    extension: str | None
    site_id: int | None
    numbers: tuple[int | None, str | None] | None  # (the id of the direct number now, the new E.164)


def update_seats(project: Project, updates: list[SeatUpdate]) -> list[str | None]:
    """Many seats changed in a few statements, each only at the version the person saw (the versioned
    bulk writer); destinations and direct numbers follow. Returns each update's refusal, or None."""
    if not updates:
        return []
    taken = dict(db.session.execute(select(Destination.extension, Destination.id).where(
        Destination.project_id == project.id, Destination.extension.is_not(None))).all())
    numbers = {e164: (number_id, destination_id) for e164, number_id, destination_id in db.session.execute(
        select(PhoneNumber.e164, PhoneNumber.id, PhoneNumber.destination_id).where(
            PhoneNumber.project_id == project.id, PhoneNumber.e164.is_not(None)))}
    refusals = [_update_refusal(item, taken, numbers) for item in updates]
    accepted = [item for item, refusal in zip(updates, refusals, strict=True) if refusal is None]
    seat_ids = [item.seat.id for item in updates]  # read before the bulk write expires the seats
    plans = {item.seat.id: _plan(item) for item in accepted}
    result = bulk_update_versioned(Seat, [RowChange(item.seat.id, item.seen_version,
                                                    _columns(item, plans[item.seat.id])) for item in accepted])
    stale = {conflict.record.id for conflict in result.conflicts}
    for index, seat_id in enumerate(seat_ids):
        if refusals[index] is None and seat_id in stale:
            refusals[index] = "This seat was changed by someone else meanwhile; check the rows again."
    written = [plans[seat_id] for seat_id in result.updated]
    _write_destinations(written)
    _reroute(project, [plan for plan in written if plan.numbers], numbers)
    db.session.expire_all()  # the ORM's copies of the destinations and numbers are stale now
    return refusals


def _update_refusal(item: SeatUpdate, taken: dict, numbers: dict) -> str | None:
    extension = item.changes.get("extension", item.seat.extension)
    if extension and taken.get(extension, item.seat.destination_id) != item.seat.destination_id:
        return f"Extension {extension} is already used."
    _, rings = numbers.get(item.changes.get("direct_number"), (None, None))
    if rings not in (None, item.seat.destination_id):
        return f"{item.changes['direct_number']} already rings another destination."
    if extension:
        taken[extension] = item.seat.destination_id
    if item.changes.get("direct_number"):  # a second row may not take it too
        number_id, _ = numbers.get(item.changes["direct_number"], (None, None))
        numbers[item.changes["direct_number"]] = (number_id, item.seat.destination_id)
    return None


def _plan(item: SeatUpdate) -> _Planned:
    seat, changes = item.seat, item.changes
    values = {key: changes.get(key, getattr(seat, key)) for key in LABEL_FIELDS}
    numbers = None
    if "direct_number" in changes and changes["direct_number"] != seat.direct_number:
        current = next((n.id for n in seat.destination.numbers if n.kind == NumberKind.DIRECT and n.e164), None)
        numbers = (current, changes["direct_number"])
    return _Planned(seat.id, seat.destination_id, Seat.label_of(values),
                    changes.get("extension", seat.extension) or None, changes.get("site_id", seat.site_id), numbers)


def _columns(item: SeatUpdate, plan: _Planned) -> dict:
    """The seat's own columns of an update, with the PIN rules' outcome when its extension moves."""
    if plan.extension == (item.seat.extension or None) or item.seat.voicemail_pin is None:
        return _seat_columns(item.changes)
    return _seat_columns(item.changes) | _pin_outcome(item.seat, item.seat.voicemail_pin, plan.extension)


def _seat_columns(changes: dict) -> dict:
    return {key: value for key, value in changes.items() if key not in ("extension", "direct_number")}


def _write_destinations(plans: list[_Planned]) -> None:
    if plans:
        table = Destination.__table__
        db.session.execute(update(table).where(table.c.id == bindparam("target")).values(
            name=bindparam("new_name"), extension=bindparam("new_extension")),
            [{"target": plan.destination_id, "new_name": plan.label, "new_extension": plan.extension}
             for plan in plans])


def _reroute(project: Project, plans: list[_Planned], numbers: dict) -> None:
    """Each changed direct number: the old one stays in the project, no longer routed; the new one
    (created when the project does not have it yet) rings the seat."""
    routes = {}
    for plan in plans:
        current, e164 = plan.numbers
        if current is not None:
            routes[current] = None
        number_id = numbers.get(e164, (None, None))[0]
        if number_id is not None:
            routes[number_id] = plan.destination_id
    if routes:
        table = PhoneNumber.__table__
        db.session.execute(update(table).where(table.c.id == bindparam("target")).values(
            destination_id=bindparam("new_destination")),
            [{"target": number_id, "new_destination": destination} for number_id, destination in routes.items()])
    new = [{"project_id": project.id, "e164": plan.numbers[1], "kind": NumberKind.DIRECT,
            "status": NumberStatus.ASSIGNED, "site_id": plan.site_id, "destination_id": plan.destination_id}
           for plan in plans if plan.numbers[1] and numbers.get(plan.numbers[1], (None, None))[0] is None]
    if new:
        db.session.execute(insert(PhoneNumber.__table__), new)
