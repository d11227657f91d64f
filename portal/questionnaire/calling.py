"""Section 5, calling patterns. Inbound: where each number's calls go during business hours and after
hours; when the two differ the number rings a schedule, a Destination of its own (DESIGN.md section
12) that sends calls one way while its site is open and another when it is closed, the same row the
call-flow builder will show as a time-condition node. Outbound: each seat's caller ID (its own
number or its site's main number), the destinations the project blocks, extension dialing between
sites. Emergencies: who is told of a 911 call (the addresses are the worksheet's E911 columns).
"""
from __future__ import annotations

from dataclasses import dataclass

from flask import url_for
from sqlalchemy import func, select
from sqlalchemy.orm import joinedload

from portal.core import audit
from portal.core.phones import format_phone
from portal.core.routing import resolve_destination, routes_to
from portal.core.versioning import Conflict, differences, update_versioned
from portal.extensions import db
from portal.models.projects import Project
from portal.models.questionnaire import CallingPolicy
from portal.models.telephony import (
    CallerIdPresentation,
    Destination,
    DestinationKind,
    NumberKind,
    PhoneNumber,
    Schedule,
    Seat,
    Site,
)
from portal.questionnaire import frozen
from portal.questionnaire.sections import Finding, Section

KEY = "calling"


def page_url(project: Project) -> str:
    return url_for("questionnaire.calling", project_id=project.id)


@dataclass(frozen=True)
class Inbound:
    """A number as the inbound table shows it: where it rings while open and while closed."""

    number: PhoneNumber
    schedule: Schedule | None

    @property
    def open_destination(self) -> Destination | None:
        return self.schedule.open_destination if self.schedule else self.number.destination

    @property
    def closed_destination(self) -> Destination | None:
        return self.schedule.closed_destination if self.schedule else self.number.destination


def inbound(project_id: int) -> list[Inbound]:
    numbers = list(db.session.scalars(select(PhoneNumber).where(
        PhoneNumber.project_id == project_id, PhoneNumber.e164.is_not(None))
        .options(joinedload(PhoneNumber.destination), joinedload(PhoneNumber.site)).order_by(PhoneNumber.e164)))
    schedules = {schedule.destination_id: schedule for schedule in db.session.scalars(
        select(Schedule).where(Schedule.destination_id.in_([number.destination_id for number in numbers
                                                            if number.destination_id]))
        .options(joinedload(Schedule.open_destination), joinedload(Schedule.closed_destination)))}
    return [Inbound(number, schedules.get(number.destination_id)) for number in numbers]


class RoutingView:
    """A number's routing as its form reads it (open_destination_id, closed_destination_id: None when
    after hours is the same) with the number's version."""

    def __init__(self, number: PhoneNumber):
        self.number = number
        destination = number.destination
        self.schedule = db.session.scalars(select(Schedule).where(Schedule.destination_id == destination.id)).first() \
            if destination is not None and destination.kind == DestinationKind.SCHEDULE else None
        self.open_destination_id = self.schedule.open_destination_id if self.schedule else number.destination_id
        self.closed_destination_id = self.schedule.closed_destination_id if self.schedule else None
        self.version = number.version
        self.row = number  # what an autosave locks

    def reloaded(self) -> RoutingView:
        """The routing as saved now (the editing machinery merges a save over a newer one with it)."""
        db.session.refresh(self.number)
        return RoutingView(self.number)


def route_number(view: RoutingView, seen_version: int | None, changes: dict) -> Conflict | None:
    """The number rings its business-hours destination directly when after hours is the same, else
    its own schedule (made on first use, kept up to date, and removed when no longer needed)."""
    number = view.number
    opened, closed = (resolve_destination(number.project_id, changes.get(name))
                      for name in ("open_destination_id", "closed_destination_id"))
    schedule = view.schedule if view.schedule is not None and not _shared(view.schedule) else None
    if closed is None or closed == opened:
        target = opened
    else:
        schedule = schedule or _new_schedule(number)
        _set_schedule(schedule, open_destination_id=opened, closed_destination_id=closed, site_id=number.site_id)
        target = schedule.destination_id
    conflict = update_versioned(number, seen_version, {"destination_id": target})
    if conflict is not None:
        fresh = RoutingView(db.session.get(PhoneNumber, number.id))
        return Conflict(fresh, seen_version, conflict.current_version, differences(fresh, changes))
    if view.schedule is not None and target != view.schedule.destination_id:
        _drop_if_unused(view.schedule)
    audit.record("number.routed", db.session.get(Project, number.project_id),
                 note=f"{format_phone(number.e164)}: {'after hours elsewhere' if target != opened else 'all day'}")
    return None


def _shared(schedule: Schedule) -> bool:
    return db.session.scalar(select(func.count(PhoneNumber.id)).where(
        PhoneNumber.destination_id == schedule.destination_id)) > 1


def number_changed(number: PhoneNumber, before: int | None) -> None:
    """After a number's details changed (DID assignments): its schedule follows its site, and a
    schedule it no longer rings goes when no number rings it."""
    destination = number.destination
    if destination is not None and destination.kind == DestinationKind.SCHEDULE:
        schedule = db.session.scalars(select(Schedule).where(Schedule.destination_id == destination.id)).first()
        if schedule is not None:
            _set_schedule(schedule, site_id=number.site_id)
    if before is not None and before != number.destination_id:
        previous = db.session.scalars(select(Schedule).where(Schedule.destination_id == before)).first()
        if previous is not None:
            _drop_if_unused(previous)


def _set_schedule(schedule: Schedule, **values) -> None:
    """Change a time condition from here; its version (the Destination's, which the call-flow builder's
    form of it is saved at) moves when something changed, so a form of it opened before merges
    instead of putting the old branches back. It moves in the database (version + 1 as the row is
    written), not from the copy read earlier in this request: a builder's save committed meanwhile
    would otherwise share one version with this change, and a form opened after it undo this one."""
    changed = any(getattr(schedule, name) != value for name, value in values.items())
    for name, value in values.items():
        setattr(schedule, name, value)
    if changed and schedule.destination.version is not None:  # None: made in this request, not yet written
        schedule.destination.version = Destination.version + 1


def _new_schedule(number: PhoneNumber) -> Schedule:
    destination = Destination(project_id=number.project_id, kind=DestinationKind.SCHEDULE,
                              name=f"Hours of {format_phone(number.e164)}")
    schedule = Schedule(destination=destination, site_id=number.site_id)
    db.session.add(schedule)
    db.session.flush()
    return schedule


def _drop_if_unused(schedule: Schedule) -> None:
    """Section 5's schedule goes once nothing sends calls to it (no number, and no key or branch of a
    call flow)."""
    if not routes_to(schedule.destination_id):
        destination = schedule.destination
        db.session.delete(schedule)
        db.session.delete(destination)
        db.session.flush()


def save_policy(policy: CallingPolicy, seen_version: int | None, changes: dict) -> Conflict | None:
    conflict = update_versioned(policy, seen_version, changes)
    if conflict is None:
        blocked = [name for name, on in (("international", policy.block_international),
                                         ("premium-rate", policy.block_premium),
                                         ("directory assistance", policy.block_directory)) if on]
        audit.record("questionnaire.calling_saved", policy.project, note=f"blocked: {', '.join(blocked) or 'none'}")
    return conflict


@dataclass(frozen=True)
class E911:
    """Where the emergency services are sent for the seats of one site (None: seats without a site)."""

    site: Site | None
    seats: int
    own_address: int  # seats with an E911 address of their own (the worksheet's), not the site's


def e911(project_id: int) -> list[E911]:
    counts = db.session.execute(select(Seat.site_id, func.count(), func.count(Seat.e911_street)).where(
        Seat.project_id == project_id).group_by(Seat.site_id)).all()
    sites = {site.id: site for site in db.session.scalars(select(Site).where(
        Site.id.in_([site_id for site_id, _, _ in counts if site_id])))}
    return sorted((E911(sites.get(site_id), seats, own) for site_id, seats, own in counts),
                  key=lambda row: (row.site is None, row.site.name if row.site else ""))


def caller_ids(project_id: int) -> dict[CallerIdPresentation, int]:
    return dict(db.session.execute(select(Seat.caller_id, func.count()).where(Seat.project_id == project_id)
                                   .group_by(Seat.caller_id)).all())


def _started(project: Project) -> bool:
    return any(item.schedule for item in inbound(project.id)) or project.calling_policy.version > 1


def check(project: Project) -> list[Finding]:
    found = [finding for item in inbound(project.id) if item.schedule for finding in _schedule_findings(project, item)]
    policy = project.calling_policy
    if not (policy.emergency_email or policy.emergency_number):
        found.append(Finding(KEY, "Nobody is told of an emergency call yet: give a security desk's e-mail or "
                                  "number.", "questionnaire.calling", {"project_id": project.id}, "emergency_email",
                             blocking=False))
    nowhere = next((row.seats - row.own_address for row in e911(project.id) if row.site is None), 0)
    if nowhere:
        found.append(Finding(KEY, f"{nowhere} {'seat has' if nowhere == 1 else 'seats have'} no E911 address: no "
                                  f"site and no address of their own; emergency services would not know where to "
                                  f"go.", "worksheet.index", {"project_id": project.id, "problems": 1}))
    without_main = _main_number_missing(project.id)
    if without_main:
        found.append(Finding(KEY, f"{without_main} {'seat shows' if without_main == 1 else 'seats show'} the site's "
                                  f"main number, but the site has none: add one in DID assignments.",
                             "questionnaire.numbers", {"project_id": project.id}, blocking=False))
    without_own = _own_number_missing(project.id)
    if without_own:
        one = without_own == 1
        found.append(Finding(KEY, f"{without_own} {'seat shows its' if one else 'seats show their'} own number on "
                                  f"outgoing calls but {'has' if one else 'have'} none: give {'it' if one else 'each'} "
                                  f"a direct number in DID assignments, or show the site's main number (the "
                                  f"worksheet's bulk change).",
                             "questionnaire.numbers", {"project_id": project.id}, blocking=False))
    return found


def _schedule_findings(project: Project, item: Inbound) -> list[Finding]:
    shown, schedule = format_phone(item.number.e164), item.schedule
    here = {"project_id": project.id, "number_id": item.number.id}
    if schedule.closed_destination_id is None or schedule.open_destination_id is None:
        return [Finding(KEY, f"{shown}: choose where calls go during and after business hours.",
                        "questionnaire.number_routing", here, "closed_destination_id")]
    site = schedule.site
    if site is None:
        return [Finding(KEY, f"{shown} rings differently after hours but has no site whose hours apply: give it "
                             f"a site.", "questionnaire.number", here, "site_id")]
    if not site.has_hours:
        return [Finding(KEY, f"{shown} rings differently after hours: enter the business hours of {site.name}.",
                        "questionnaire.site_hours", {"project_id": project.id, "site_id": site.id}, "weekdays")]
    return []


def _main_number_missing(project_id: int) -> int:
    with_main = select(PhoneNumber.site_id).where(PhoneNumber.project_id == project_id,
                                                  PhoneNumber.kind == NumberKind.MAIN, PhoneNumber.e164.is_not(None))
    return db.session.scalar(select(func.count(Seat.id)).where(
        Seat.project_id == project_id, Seat.caller_id == CallerIdPresentation.MAIN,
        (Seat.site_id.is_(None)) | Seat.site_id.not_in(with_main.where(PhoneNumber.site_id.is_not(None)))))


def _own_number_missing(project_id: int) -> int:
    """Seats showing their own number with no number ringing them (the carrier's pending ones count)."""
    ringing = select(PhoneNumber.destination_id).where(PhoneNumber.project_id == project_id,
                                                       PhoneNumber.destination_id.is_not(None))
    return db.session.scalar(select(func.count(Seat.id)).where(
        Seat.project_id == project_id, Seat.caller_id == CallerIdPresentation.OWN,
        Seat.destination_id.not_in(ringing)))


SECTION = Section(KEY, 5, "Calling patterns", page_url, _started, lambda project: True,
                  "pdf/questionnaire/calling.html", frozen.calling)
