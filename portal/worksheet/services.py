"""Writes of seats: a seat is always created with its destination, whose extension is unique in
the project across every kind of destination (DESIGN.md section 12)."""
from __future__ import annotations

from sqlalchemy import select

from portal.core import audit
from portal.extensions import db
from portal.models.projects import Project
from portal.models.telephony import Destination, DestinationKind, Seat, SeatType

SEAT_FIELDS = ("first_name", "last_name", "device_label", "display_name", "email", "mobile", "job_title",
               "department", "site_id", "e911_street", "e911_city", "e911_state", "e911_postal_code",
               "e911_country", "voicemail_enabled", "voicemail_to_email", "fax_to_email", "softphone",
               "teams_calling", "recording_mode", "phone_model_id", "phone_model_raw", "notes")


class SeatError(ValueError):
    """A seat that cannot be written; the message names the field."""


def extension_owner(project: Project, extension: str) -> Destination | None:
    return db.session.scalars(select(Destination).where(
        Destination.project_id == project.id, Destination.extension == extension)).first()


def create_seat(project: Project, seat_type: SeatType, extension: str | None = None, **values) -> Seat:
    """A seat and its destination; an extension already used in the project is refused."""
    unknown = set(values) - set(SEAT_FIELDS)
    if unknown:
        raise SeatError(f"Unknown seat fields: {', '.join(sorted(unknown))}")
    if extension and (owner := extension_owner(project, extension)) is not None:
        raise SeatError(f"Extension {extension} is already used by {owner.name}.")
    seat = Seat(project_id=project.id, seat_type=seat_type, **values)
    seat.destination = Destination(project_id=project.id, kind=DestinationKind.SEAT, extension=extension or None,
                                   name=seat.label)
    db.session.add(seat)
    db.session.flush()
    audit.record("seat.created", seat, organization_id=project.organization_id)
    return seat
