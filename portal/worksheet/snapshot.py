"""The worksheet's part of a review round's snapshot (issue 20; portal.core.snapshots): every seat
with its columns (whether a voicemail PIN is set, never the PIN)."""
from __future__ import annotations

from sqlalchemy import select

from portal.core.snapshots import rows
from portal.extensions import db
from portal.models.telephony import Seat


def seats_part(project) -> list[dict]:
    return rows(db.session.scalars(select(Seat).where(Seat.project_id == project.id)))
