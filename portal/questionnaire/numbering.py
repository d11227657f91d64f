"""Number the extensions (issue 15): many seats get an extension in one go, in order from a first
extension or from the last digits of each seat's direct number. A preview shows what each seat
would get and which are skipped (taken, colliding, no direct number) before anything is applied;
applying writes through the worksheet's batch writer at the versions the preview showed."""
from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from portal.core import audit
from portal.extensions import db
from portal.models.projects import Project
from portal.models.telephony import Destination, Seat
from portal.worksheet.services import SeatUpdate, update_seats

IN_ORDER, FROM_NUMBER = "in_order", "from_number"


@dataclass(frozen=True)
class Proposal:
    """What one seat would get: an extension, or why it gets none."""

    seat_id: int
    version: int
    label: str
    current: str | None
    extension: str | None
    skipped: str | None = None


@dataclass(frozen=True)
class Numbering:
    method: str  # IN_ORDER or FROM_NUMBER
    length: int  # the dial plan's extension length
    first: int = 0  # IN_ORDER: the first extension tried
    step: int = 1
    only_missing: bool = True  # seats without an extension only; else every seat is numbered again


def first_extension(length: int) -> int:
    """Where numbering starts by default: 101, 1001, ... (0 is the operator, 100 often a group)."""
    return 10 ** (length - 1) + 1


def propose(project: Project, numbering: Numbering) -> list[Proposal]:
    """Each seat's proposal, in the worksheet's order; the project's other extensions stay taken."""
    seats = list(db.session.scalars(select(Seat).where(Seat.project_id == project.id).order_by(
        Seat.sort_name, Seat.id).options(selectinload(Seat.destination).selectinload(
            Destination.numbers))))
    chosen = [seat for seat in seats if not (numbering.only_missing and seat.extension)]
    renumbered = [seat.destination_id for seat in chosen]
    taken = set(db.session.scalars(select(Destination.extension).where(
        Destination.project_id == project.id, Destination.extension.is_not(None),
        Destination.id.not_in(renumbered))))
    plan = _in_order if numbering.method == IN_ORDER else _from_number
    return plan(chosen, taken, numbering)


def _in_order(seats: list[Seat], taken: set[str], numbering: Numbering) -> list[Proposal]:
    proposals, candidate = [], max(numbering.first, 10 ** (numbering.length - 1))
    for seat in seats:
        while str(candidate) in taken and len(str(candidate)) == numbering.length:
            candidate += numbering.step
        if len(str(candidate)) != numbering.length:
            proposals.append(_skip(seat, f"No free extension of {numbering.length} digits is left after this one."))
            continue
        proposals.append(_give(seat, str(candidate), taken))
        candidate += numbering.step
    return proposals


def _from_number(seats: list[Seat], taken: set[str], numbering: Numbering) -> list[Proposal]:
    proposals = []
    for seat in seats:
        digits = "".join(ch for ch in seat.direct_number or "" if ch.isdigit())[-numbering.length:]
        if len(digits) < numbering.length:
            proposals.append(_skip(seat, "No direct number to take the digits from."))
        elif digits in taken:
            proposals.append(_skip(seat, f"{digits} is taken already (or by a seat above)."))
        else:
            proposals.append(_give(seat, digits, taken))
    return proposals


def _give(seat: Seat, extension: str, taken: set[str]) -> Proposal:
    taken.add(extension)
    return Proposal(seat.id, seat.version, seat.label, seat.extension, extension)


def _skip(seat: Seat, why: str) -> Proposal:
    return Proposal(seat.id, seat.version, seat.label, seat.extension, None, why)


def apply(project: Project, rows: list[tuple[int, int, str]]) -> tuple[int, list[str]]:
    """The previewed (seat id, version, extension) rows written; (how many were given, what was
    refused, in words: a seat changed meanwhile, an extension taken meanwhile)."""
    seats = {seat.id: seat for seat in db.session.scalars(select(Seat).where(
        Seat.project_id == project.id, Seat.id.in_([seat_id for seat_id, _, _ in rows])))}
    updates = [SeatUpdate(seats[seat_id], version, {"extension": extension}) for seat_id, version, extension in rows
               if seat_id in seats and extension.isdigit()]
    refusals = update_seats(project, updates)
    problems = [f"{update.seat.label}: {refusal}" for update, refusal in zip(updates, refusals, strict=True) if refusal]
    given = len(updates) - len(problems)
    audit.record("seat.extensions_numbered", project, note=f"{given} extensions given")
    return given, problems
