"""Reads of the worksheet: its list filtered, searched, sorted and paged in SQL, on the seats' folded
sort and search columns (portal.core.text), so that "garcia" finds García and Ødegaard sorts with
the O's on SQLite and PostgreSQL alike; a page costs the same few queries for 10 seats or 5,000."""
from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, or_, select
from sqlalchemy.orm import contains_eager, joinedload
from sqlalchemy.orm.attributes import set_committed_value

from portal.core.text import search_terms
from portal.extensions import db
from portal.models.telephony import Destination, PhoneModel, PhoneNumber, Seat, SeatType, Site
from portal.worksheet.checks import problems_by_seat

PAGE_SIZE = 50

# Each list order ends on the name, then the id, so that equal rows keep one order and pages never overlap.
ORDERS = {"name": (),
          "extension": (Destination.extension.is_(None), func.length(Destination.extension), Destination.extension),
          "site": (Site.id.is_(None), func.lower(Site.name)),
          "type": (SeatType.position,)}


@dataclass
class WorksheetPage:
    seats: list[Seat]
    problems: dict[int, list[str]]
    total: int
    with_problems: int
    matching: int
    page: int
    pages: int


def project_seats(project_id: int, sort: str | None = None) -> list[Seat]:
    """Every seat with its destination, site, type, model and numbers (two queries however many), in
    the list order `sort` names, else in the order they were added."""
    order = _order(sort) if sort else (Seat.id,)
    return _with_numbers(project_id, list(db.session.scalars(_listed(Seat.project_id == project_id).order_by(*order))))


def _listed(*conditions):
    """Seats with their destination, site and type joined once (the list filters and sorts on them
    too) and loaded from the same rows."""
    return (select(Seat).join(Seat.destination).outerjoin(Seat.site).join(Seat.seat_type).where(*conditions)
            .options(contains_eager(Seat.destination), contains_eager(Seat.site), contains_eager(Seat.seat_type),
                     joinedload(Seat.phone_model)))


def _order(sort: str) -> tuple:
    return (*ORDERS.get(sort, ORDERS["name"]), Seat.sort_name, Seat.id)


def _with_numbers(project_id: int, seats: list[Seat], page_only: bool = False) -> list[Seat]:
    """The seats with the numbers routed to them, read in one query (the project's, or the page's)."""
    routed: dict[int, list[PhoneNumber]] = {}
    query = select(PhoneNumber).where(PhoneNumber.project_id == project_id, PhoneNumber.destination_id.is_not(None))
    if page_only:
        query = query.where(PhoneNumber.destination_id.in_([seat.destination_id for seat in seats]))
    for number in db.session.scalars(query):
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
    """One page of the list: the problems of every seat from one light query (a duplicate e-mail
    involves seats of other pages), then the matching seats counted, sorted and paged in SQL."""
    problems = problems_by_seat(problem_facts(project_id))
    troubled = [seat_id for seat_id, items in problems.items() if items]
    conditions = _conditions(project_id, site_id, seat_type_id, troubled if problems_only else None, search)
    matching = db.session.scalar(select(func.count(Seat.id)).join(Seat.destination).where(*conditions))
    pages = max(1, -(-matching // PAGE_SIZE))
    page = min(max(page, 1), pages)
    seats = list(db.session.scalars(_listed(*conditions).order_by(*_order(sort))
                                    .limit(PAGE_SIZE).offset((page - 1) * PAGE_SIZE)))
    return WorksheetPage(_with_numbers(project_id, seats, page_only=True), problems, len(problems), len(troubled),
                         matching, page, pages)


def matching_versions(project_id: int, *, site_id: int | None = None, seat_type_id: int | None = None,
                      problems_only: bool = False, search: str = "") -> list[tuple[int, int]]:
    """(id, version) of every seat the list shows with these filters, on every page (a bulk change
    on "all seats matching the list")."""
    troubled = [seat_id for seat_id, items in problems_by_seat(problem_facts(project_id)).items() if items] \
        if problems_only else None
    conditions = _conditions(project_id, site_id, seat_type_id, troubled, search)
    return [tuple(row) for row in db.session.execute(
        select(Seat.id, Seat.version).join(Seat.destination).where(*conditions))]


def _conditions(project_id: int, site_id, seat_type_id, troubled: list | None, search: str) -> list:
    return [Seat.project_id == project_id, *_searched(search), *_chosen(site_id, seat_type_id),
            *((Seat.id.in_(troubled),) if troubled is not None else ())]


def _chosen(site_id: int | None, seat_type_id: int | None) -> list:
    """The filters' conditions: a site, a type."""
    return [condition for value, condition in ((site_id, Seat.site_id == site_id),
                                               (seat_type_id, Seat.seat_type_id == seat_type_id)) if value is not None]


def _searched(search: str) -> list:
    """Each word of the search found in the seat's folded names and addresses, its extension or a
    number that rings it."""
    return [or_(Seat.search_text.contains(term, autoescape=True),
                Destination.extension.contains(term, autoescape=True),
                select(PhoneNumber.id).where(PhoneNumber.destination_id == Seat.destination_id,
                                             PhoneNumber.e164.contains(term, autoescape=True)).exists())
            for term in search_terms(search)]


def choices(organization_id: int) -> dict:
    """The options of the seat form and the filters."""
    return {
        "seat_types": list(db.session.scalars(select(SeatType).order_by(SeatType.position))),
        "sites": list(db.session.scalars(select(Site).where(Site.organization_id == organization_id)
                                         .order_by(Site.name))),
        "phone_models": list(db.session.scalars(select(PhoneModel).where(PhoneModel.active)
                                                .order_by(PhoneModel.vendor, PhoneModel.model))),
    }
