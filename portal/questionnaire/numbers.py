"""Section 3, DID assignments: the project's phone numbers (DESIGN.md section 12), where each rings,
its caller-ID name, and new numbers requested until the carrier assigns them."""
from __future__ import annotations

from flask import url_for
from sqlalchemy import func, select
from sqlalchemy.orm import joinedload

from portal.core.phones import format_phone
from portal.extensions import db
from portal.models.projects import Project
from portal.models.telephony import Destination, DestinationKind, NumberKind, NumberStatus, PhoneNumber, Site
from portal.questionnaire import frozen
from portal.questionnaire.sections import Finding, Section

KEY = "numbers"


def page_url(project: Project) -> str:
    return url_for("questionnaire.numbers", project_id=project.id)


def project_numbers(project_id: int) -> list[PhoneNumber]:
    """Every number with its site and destination, in two queries however many; assigned ones in
    number order, then the requested ones."""
    return list(db.session.scalars(
        select(PhoneNumber).where(PhoneNumber.project_id == project_id)
        .options(joinedload(PhoneNumber.site), joinedload(PhoneNumber.destination))
        .order_by(PhoneNumber.e164.is_(None), PhoneNumber.e164, PhoneNumber.id)))


def destinations(project_id: int) -> list[Destination]:
    """Everything a number can ring in the project (seats now; queues, groups, schedules and auto
    attendants as their features land), by extension."""
    return list(db.session.scalars(select(Destination).where(
        Destination.project_id == project_id, Destination.kind != DestinationKind.SCHEDULE)
        .order_by(Destination.extension.is_(None), Destination.extension, Destination.name)))


def _started(project: Project) -> bool:
    return db.session.scalar(select(PhoneNumber.id).where(PhoneNumber.project_id == project.id).limit(1)) is not None


def _answered(project: Project) -> bool:
    return not db.session.scalar(select(func.count(PhoneNumber.id)).where(
        PhoneNumber.project_id == project.id, PhoneNumber.destination_id.is_(None)))


def _facts(project: Project) -> list:
    """What the checks read of every number, in one light query."""
    return list(db.session.execute(
        select(PhoneNumber.id, PhoneNumber.e164, PhoneNumber.kind, PhoneNumber.status, PhoneNumber.requested_area_code,
               PhoneNumber.destination_id, Site.name.label("site_name"))
        .outerjoin(Site, Site.id == PhoneNumber.site_id).where(PhoneNumber.project_id == project.id)
        .order_by(PhoneNumber.e164.is_(None), PhoneNumber.e164, PhoneNumber.id)))


def check(project: Project) -> list[Finding]:
    facts = _facts(project)
    found = []
    requested: dict[tuple, int] = {}
    for number in facts:
        here = {"project_id": project.id, "number_id": number.id}
        if number.status == NumberStatus.REQUESTED and not number.e164:
            place = (number.site_name or "the project", number.requested_area_code)
            requested[place] = requested.get(place, 0) + 1
        if number.destination_id is None:
            found.append(Finding(KEY, f"{_shown(number)} rings nothing: choose where it rings.",
                                 "questionnaire.number", here, "destination_id"))
    for (site, area_code), count in requested.items():
        found.append(Finding(KEY, f"{count} new {'number' if count == 1 else 'numbers'} for {site}"
                                  f"{f' in area code {area_code}' if area_code else ''} not assigned by the "
                                  f"carrier yet.", "questionnaire.numbers", {"project_id": project.id},
                             blocking=False))
    return found + _several_main_numbers(project, facts)


def _several_main_numbers(project: Project, facts: list) -> list[Finding]:
    """A site usually has one main number (the one on its letterhead); more is worth a second look."""
    mains: dict[str, list[str]] = {}
    for number in facts:
        if number.kind == NumberKind.MAIN and number.e164:
            mains.setdefault(number.site_name or "No site", []).append(format_phone(number.e164))
    return [Finding(KEY, f"{site} has {len(numbers)} main numbers ({', '.join(numbers)}): keep one, or make the "
                         f"others direct numbers.", "questionnaire.numbers", {"project_id": project.id},
                    blocking=False) for site, numbers in mains.items() if len(numbers) > 1]


def _shown(number) -> str:
    return format_phone(number.e164) if number.e164 else f"A requested {number.kind.title.lower()}"


SECTION = Section(KEY, 3, "DID assignments", page_url, _started, _answered, "pdf/questionnaire/numbers.html",
                  frozen.numbers)
