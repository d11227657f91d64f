"""Writes of seats: a seat is always created with its destination, whose extension is unique in
the project across every kind of destination, and its direct number is a PhoneNumber routed to it
(DESIGN.md section 12)."""
from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import bindparam, insert, select, update

from portal.core import audit
from portal.core.bulk import reserve_ids, uniform_rows
from portal.core.phones import format_phone
from portal.core.pins import TOO_EASY, pin_problem
from portal.core.routing import extension_refusal, taken_extensions
from portal.core.versioning import Conflict, RowChange, as_text, bulk_update_versioned, differences
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
    Site,
    VoicemailBox,
    finding_columns,
)

TEAMS_PRODUCTS = frozenset({"teams_operator_connect"})  # the products whose seats use Teams calling (seed 000)
SEAT_COLUMNS = ("first_name", "last_name", "device_label", "display_name", "email", "mobile", "job_title",
                "department", "seat_type_id", "site_id", "e911_street", "e911_city", "e911_state",
                "e911_postal_code", "e911_country", "voicemail_enabled", "voicemail_to_email", "fax_to_email",
                "softphone", "teams_calling", "recording_mode", "phone_model_id", "phone_model_raw", "notes")
ROUTING = ("extension", "direct_number")  # written to the seat's Destination and PhoneNumber, not its row
NAMED_LOOKUP_ROWS = 200  # up to this many rows, a batch reads only the extensions and numbers it names


class SeatError(ValueError):
    """A seat that cannot be written; `field` names the form field the message belongs to."""

    def __init__(self, message: str, field: str = "extension"):
        super().__init__(message)
        self.field = field


@dataclass
class _Directory:
    """The project's extensions and numbers, read once for any number of seats, so that one row and
    five thousand meet the same rules with the same messages."""

    extensions: dict[str, tuple[int, str]]  # extension: (Destination id, name)
    numbers: dict[str, tuple[int | None, int | None, str | None]]  # E.164: (number id, Destination id, its name)

    @classmethod
    def of(cls, project_id: int, rows: list[dict]) -> _Directory:
        """What `rows` (values with "extension" and "direct_number") may meet: a few rows look up only
        what they name; a large batch reads the project's extensions and numbers once."""
        named = len(rows) <= NAMED_LOOKUP_ROWS
        extensions = [row["extension"] for row in rows if row.get("extension")] if named else None
        query = (select(PhoneNumber.e164, PhoneNumber.id, PhoneNumber.destination_id, Destination.name)
                 .outerjoin(Destination, Destination.id == PhoneNumber.destination_id)
                 .where(PhoneNumber.project_id == project_id, PhoneNumber.e164.is_not(None)))
        if named:
            numbers = [row["direct_number"] for row in rows if row.get("direct_number")]
            query = query.where(PhoneNumber.e164.in_(numbers))
        return cls(taken_extensions(project_id, extensions),
                   {e164: (number, rings, name) for e164, number, rings, name in db.session.execute(query)})

    def refusal(self, destination_id: int, extension: str | None, e164: str | None) -> SeatError | None:
        """Why the seat (its Destination `destination_id`) cannot have this extension or number."""
        message = extension_refusal(extension, destination_id, self.extensions.get(extension) if extension else None)
        if message:
            return SeatError(message)
        _, rings, name = self.numbers.get(e164, (None, None, None)) if e164 else (None, None, None)
        if rings not in (None, destination_id):
            return SeatError(f"{format_phone(e164)} already rings {name}.", "direct_number")
        return None

    def claim(self, destination_id: int, label: str, extension: str | None, e164: str | None) -> None:
        """What an accepted row takes, so that a later row of the same batch may not take it too."""
        if extension:
            self.extensions[extension] = (destination_id, label)
        if e164:
            self.numbers[e164] = (self.numbers.get(e164, (None,))[0], destination_id, label)

    def number_id(self, e164: str | None) -> int | None:
        return self.numbers.get(e164, (None,))[0] if e164 else None


def create_seat(project: Project, seat_type: SeatType | None = None, extension: str | None = None,
                direct_number: str | None = None, **values) -> Seat:
    """A seat with its destination (and its direct number, routed to it): the batch writer, one row."""
    unknown = set(values) - set(SEAT_COLUMNS)
    if unknown:
        raise SeatError(f"Unknown seat fields: {', '.join(sorted(unknown))}", "first_name")
    if seat_type is not None:
        values["seat_type_id"] = seat_type.id
    refusals, destination_ids = _add(project, [{**values, "extension": extension, "direct_number": direct_number}])
    if refusals[0] is not None:
        raise refusals[0]
    seat = db.session.scalars(select(Seat).where(Seat.destination_id == destination_ids[0])).one()
    audit.record("seat.created", seat, organization_id=project.organization_id)
    return seat


def update_seat(seat: Seat, seen_version: int | None, changes: dict) -> Conflict | None:
    """One seat at the version the person saw: the batch writer, one row; a stale version is a conflict."""
    project = db.session.get(Project, seat.project_id)
    refusals, conflicts = _update(project, [SeatUpdate(seat, seen_version, changes)])
    if refusals[0] is not None:
        raise refusals[0]
    if conflicts:
        current = conflicts[0].current_version
        return Conflict(seat, seen_version, current, differences(seat, changes) if current is not None else [])
    audit.record("seat.updated", seat, organization_id=project.organization_id)
    return None


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


def _organization_id(seat: Seat) -> int:
    return db.session.get(Project, seat.project_id).organization_id


BULK_COLUMNS = ("site_id", "seat_type_id", "phone_model_id", "voicemail_enabled", "voicemail_to_email",
                "fax_to_email", "softphone", "teams_calling", "recording_mode")  # what the bulk change sets


def bulk_shown(seat: Seat) -> str:
    """What the list shows of a seat's bulk-changeable columns, as its checkbox carries it."""
    return ".".join(as_text(getattr(seat, name)) for name in BULK_COLUMNS)


def bulk_set(project: Project, ticked: list[tuple[int, int, str]], changes: dict, label: str):
    """The same change on many seats of this project, each at the version the person saw, or over a
    newer one that changed none of the columns set (DESIGN.md 8)."""
    mine = set(db.session.scalars(select(Seat.id).where(Seat.project_id == project.id,
                                                        Seat.id.in_([seat_id for seat_id, _, _ in ticked]))))
    rows = [RowChange(seat_id, version, changes, _seen_of(shown, changes)) for seat_id, version, shown in ticked
            if seat_id in mine]
    result = bulk_update_versioned(Seat, rows)
    audit.record("seat.bulk_updated", project, note=f"{label} on {len(result.updated)} seats")
    return result


def _seen_of(shown: str, changes: dict) -> dict | None:
    """The values the list showed in the columns `changes` sets, or None if the page did not say."""
    values = dict(zip(BULK_COLUMNS, shown.split("."), strict=False)) if shown.count(".") == len(BULK_COLUMNS) - 1 \
        else {}
    return {name: values[name] for name in changes} if values and set(changes) <= set(values) else None


def add_seats(project: Project, rows: list[dict]) -> list[str | None]:
    """Many new seats in a few statements (an import); returns each row's refusal, or None."""
    refusals, _ = _add(project, rows)
    return [str(refusal) if refusal else None for refusal in refusals]


def _add(project: Project, rows: list[dict]) -> tuple[list[SeatError | None], list[int]]:
    """New seats checked against the project's extensions and numbers read once, rows that collide
    refused one by one, the rest inserted in batches (destinations, then seats, then numbers).
    Returns each row's refusal and the accepted rows' Destination ids."""
    directory = _Directory.of(project.id, rows)
    refusals, accepted = [], []
    for row_number, values in enumerate(rows, 1):
        refusals.append(directory.refusal(-row_number, values.get("extension"), values.get("direct_number")))
        if refusals[-1] is None:
            accepted.append(dict(values))
            directory.claim(-row_number, Seat.label_of(values), values.get("extension"), values.get("direct_number"))
    join_sites(project, {values.get("site_id") for values in accepted})
    return refusals, _insert(project, accepted, directory) if accepted else []


def join_sites(project: Project, site_ids: set) -> None:
    """The sites the project's seats use belong to the project (section 1 asks their hours, numbers
    can be placed there): a site of the organization joins when one of its seats does."""
    missing = site_ids - {site.id for site in project.sites} - {None}
    if missing:
        joining = db.session.scalars(select(Site).where(Site.id.in_(missing),
                                                        Site.organization_id == project.organization_id)).all()
        project.sites.extend(joining)
        for site in joining:
            audit.record("project.site_joined", project, note=site.name)


def uses_teams(project: Project) -> bool:
    """A Microsoft Teams project: its seats call through Teams unless said otherwise."""
    return project.product.key in TEAMS_PRODUCTS


def _insert(project: Project, accepted: list[dict], directory: _Directory) -> list[int]:
    standard = db.session.scalars(select(SeatType.id).where(SeatType.key == "standard")).one()
    defaults = {"teams_calling": True} if uses_teams(project) else {}  # a row that says nothing of it
    destination_ids = reserve_ids(Destination, len(accepted))
    db.session.execute(insert(Destination.__table__), [
        {"id": destination_id, "project_id": project.id, "kind": DestinationKind.SEAT,
         "extension": values.get("extension") or None, "name": Seat.label_of(values)}
        for values, destination_id in zip(accepted, destination_ids, strict=True)])
    db.session.execute(insert(Seat.__table__), uniform_rows(Seat.__table__, [
        {"seat_type_id": standard, **defaults, **_seat_columns(values), "project_id": project.id,
         "destination_id": destination_id}
        for values, destination_id in zip(accepted, destination_ids, strict=True)]))
    numbered = [(values, destination_id) for values, destination_id in zip(accepted, destination_ids, strict=True)
                if values.get("direct_number")]
    _route_numbers({directory.number_id(values["direct_number"]): destination_id for values, destination_id in numbered
                    if directory.number_id(values["direct_number"]) is not None})
    new_numbers = [{"project_id": project.id, "e164": values["direct_number"], "kind": NumberKind.DIRECT,
                    "status": NumberStatus.ASSIGNED, "site_id": values.get("site_id"), "destination_id": destination_id}
                   for values, destination_id in numbered if directory.number_id(values["direct_number"]) is None]
    if new_numbers:
        db.session.execute(insert(PhoneNumber.__table__), new_numbers)
    db.session.flush()
    return destination_ids


@dataclass
class SeatUpdate:
    """One seat of an update: the version the person saw and the new values, which may include
    "extension" and "direct_number"."""

    seat: Seat
    seen_version: int
    changes: dict

    def __post_init__(self):
        self.seat_id = self.seat.id  # read before a bulk write expires the seat


@dataclass
class _Planned:
    seat_id: int
    destination_id: int
    label: str
    extension: str | None
    site_id: int | None
    numbers: tuple[int | None, str | None] | None  # (the id of the direct number now, the new E.164)


def update_seats(project: Project, updates: list[SeatUpdate]) -> list[str | None]:
    """Many seats changed in a few statements (an import); returns each update's refusal, or None."""
    refusals, conflicts = _update(project, updates)
    stale = {conflict.record.id for conflict in conflicts}
    return [str(refusal) if refusal else "This seat was changed by someone else meanwhile; check the rows again."
            if item.seat_id in stale else None for item, refusal in zip(updates, refusals, strict=True)]


def _update(project: Project, updates: list[SeatUpdate]) -> tuple[list[SeatError | None], list[Conflict]]:
    """Seats changed each only at the version the person saw (the versioned bulk writer); their
    destinations and direct numbers follow. Returns each update's refusal, and the stale rows."""
    if not updates:
        return [], []
    directory = _Directory.of(project.id, [{"extension": item.changes.get("extension", item.seat.extension),
                                            "direct_number": item.changes.get("direct_number")} for item in updates])
    refusals = [_update_refusal(item, directory) for item in updates]
    accepted = [item for item, refusal in zip(updates, refusals, strict=True) if refusal is None]
    plans = {item.seat_id: _plan(item) for item in accepted}
    result = bulk_update_versioned(Seat, [RowChange(item.seat_id, item.seen_version,
                                                    _columns(item, plans[item.seat_id])) for item in accepted])
    written = [plans[seat_id] for seat_id in result.updated]
    join_sites(project, {plan.site_id for plan in written})
    _write_destinations(written)
    _reroute(project, [plan for plan in written if plan.numbers], directory)
    db.session.expire_all()  # the ORM's copies of the destinations and numbers are stale now
    return refusals, result.conflicts


def _update_refusal(item: SeatUpdate, directory: _Directory) -> SeatError | None:
    extension = item.changes.get("extension", item.seat.extension)
    refusal = directory.refusal(item.seat.destination_id, extension, item.changes.get("direct_number"))
    if refusal is None:
        directory.claim(item.seat.destination_id, _new_label(item), extension, item.changes.get("direct_number"))
    return refusal


def _new_label(item: SeatUpdate) -> str:
    return Seat.label_of({key: item.changes.get(key, getattr(item.seat, key)) for key in LABEL_FIELDS})


def _plan(item: SeatUpdate) -> _Planned:
    seat, changes = item.seat, item.changes
    numbers = None
    if "direct_number" in changes and changes["direct_number"] != seat.direct_number:
        current = next((n.id for n in seat.destination.numbers if n.kind == NumberKind.DIRECT and n.e164), None)
        numbers = (current, changes["direct_number"])
    return _Planned(seat.id, seat.destination_id, _new_label(item),
                    changes.get("extension", seat.extension) or None, changes.get("site_id", seat.site_id), numbers)


def _columns(item: SeatUpdate, plan: _Planned) -> dict:
    """The seat's own columns of an update, with the PIN rules' outcome when its PIN or extension moves
    and its sort and search columns worked out again (from the row it is written over only where the
    version is the one read, so they match what the row holds after the write)."""
    pin = item.changes.get("voicemail_pin", item.seat.voicemail_pin)
    return (_seat_columns(item.changes) | _pin_outcome(item.seat, pin, plan.extension)
            | finding_columns(item.seat.finding_values | item.changes))


def _seat_columns(changes: dict) -> dict:
    return {key: value for key, value in changes.items() if key not in ROUTING}


def _write_destinations(plans: list[_Planned]) -> None:
    if plans:
        table = Destination.__table__
        db.session.execute(update(table).where(table.c.id == bindparam("target")).values(
            name=bindparam("new_name"), extension=bindparam("new_extension")),
            [{"target": plan.destination_id, "new_name": plan.label, "new_extension": plan.extension}
             for plan in plans])


def _reroute(project: Project, plans: list[_Planned], directory: _Directory) -> None:
    """Each changed direct number: the old one stays in the project, no longer routed; the new one
    (created when the project does not have it yet) rings the seat."""
    routes = {}
    for plan in plans:
        current, e164 = plan.numbers
        if current is not None:
            routes[current] = None
        if directory.number_id(e164) is not None:
            routes[directory.number_id(e164)] = plan.destination_id
    _route_numbers(routes)
    new = [{"project_id": project.id, "e164": plan.numbers[1], "kind": NumberKind.DIRECT,
            "status": NumberStatus.ASSIGNED, "site_id": plan.site_id, "destination_id": plan.destination_id}
           for plan in plans if plan.numbers[1] and directory.number_id(plan.numbers[1]) is None]
    if new:
        db.session.execute(insert(PhoneNumber.__table__), new)


def _route_numbers(routes: dict[int, int | None]) -> None:
    """Numbers (by id) sent to Destinations (by id, or None: routed nowhere), in one statement."""
    if routes:
        table = PhoneNumber.__table__
        db.session.execute(update(table).where(table.c.id == bindparam("target")).values(
            destination_id=bindparam("new_destination")),
            [{"target": number_id, "new_destination": destination} for number_id, destination in routes.items()])
