"""Reads of the worksheet: every seat of a project in a fixed number of queries, then filtered,
searched, sorted and paged in memory (5,000 seats are a few megabytes)."""
from __future__ import annotations

import unicodedata
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import joinedload
from sqlalchemy.orm.attributes import set_committed_value

from portal.extensions import db
from portal.models.telephony import PhoneModel, PhoneNumber, Seat, SeatType, Site
from portal.worksheet.checks import problems_by_seat

PAGE_SIZE = 50


def _plain(text: str | None) -> str:
    """Sort "Ångström" with the A's and "Núñez" with the N's."""
    return unicodedata.normalize("NFKD", text or "").encode("ascii", "ignore").decode().casefold()


SORTS = {"name": lambda seat: (_plain(seat.last_name or seat.device_label), _plain(seat.first_name)),
         "extension": lambda seat: (seat.extension is None, (seat.extension or "").zfill(6)),
         "site": lambda seat: seat.site.name.lower() if seat.site else "~",
         "type": lambda seat: seat.seat_type.position}


@dataclass
class WorksheetPage:
    seats: list[Seat]
    problems: dict[int, list[str]]
    total: int
    with_problems: int
    matching: int
    page: int
    pages: int


def project_seats(project_id: int) -> list[Seat]:
    """Every seat with its destination, site, type, model and numbers: two queries however many."""
    seats = list(db.session.scalars(select(Seat).where(Seat.project_id == project_id).options(
        joinedload(Seat.destination), joinedload(Seat.site), joinedload(Seat.seat_type),
        joinedload(Seat.phone_model)).order_by(Seat.id)))
    routed: dict[int, list[PhoneNumber]] = {}
    for number in db.session.scalars(select(PhoneNumber).where(PhoneNumber.project_id == project_id,
                                                               PhoneNumber.destination_id.is_not(None))):
        routed.setdefault(number.destination_id, []).append(number)
    for seat in seats:
        set_committed_value(seat.destination, "numbers", routed.get(seat.destination_id, []))
    return seats


def problem_facts(project_id: int) -> list:
    """Just the columns the problem checks read, for every seat: counting the worksheet's problems
    (the plan's task, after each write) then costs one light query, not loading every seat."""
    return list(db.session.execute(select(
        Seat.id, Seat.first_name, Seat.last_name, Seat.device_label, Seat.email, Seat.site_id, Seat.e911_street,
        Seat.phone_model_id, Seat.phone_model_raw, Seat.voicemail_to_email).where(Seat.project_id == project_id)))


def worksheet_page(project_id: int, *, page: int = 1, sort: str = "name", site_id: int | None = None,
                   seat_type_id: int | None = None, problems_only: bool = False, search: str = "") -> WorksheetPage:
    seats = project_seats(project_id)
    problems = problems_by_seat(seats)
    needle = search.strip().lower()
    chosen = [seat for seat in seats
              if (site_id is None or seat.site_id == site_id)
              and (seat_type_id is None or seat.seat_type_id == seat_type_id)
              and (not problems_only or problems[seat.id])
              and (not needle or needle in _haystack(seat))]
    chosen.sort(key=SORTS.get(sort, SORTS["name"]))
    pages = max(1, -(-len(chosen) // PAGE_SIZE))
    page = min(max(page, 1), pages)
    return WorksheetPage(chosen[(page - 1) * PAGE_SIZE: page * PAGE_SIZE], problems, len(seats),
                         sum(1 for items in problems.values() if items), len(chosen), page, pages)


def _haystack(seat: Seat) -> str:
    return " ".join(filter(None, (seat.first_name, seat.last_name, seat.device_label, seat.display_name, seat.email,
                                  seat.extension, seat.direct_number, seat.mobile, seat.department,
                                  seat.job_title))).lower()


def choices(organization_id: int) -> dict:
    """The options of the seat form and the filters."""
    return {
        "seat_types": list(db.session.scalars(select(SeatType).order_by(SeatType.position))),
        "sites": list(db.session.scalars(select(Site).where(Site.organization_id == organization_id)
                                         .order_by(Site.name))),
        "phone_models": list(db.session.scalars(select(PhoneModel).where(PhoneModel.active)
                                                .order_by(PhoneModel.vendor, PhoneModel.model))),
    }
