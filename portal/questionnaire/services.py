"""Writes of the questionnaire's answers; each through the versioned writer, each audited."""
from __future__ import annotations

from contextlib import contextmanager

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from portal.core import audit, hours
from portal.core.hours import days_of, rows_of
from portal.core.phones import format_phone
from portal.core.routing import check_extension, resolve_destination
from portal.core.versioning import Conflict, differences, update_versioned
from portal.extensions import db
from portal.models.projects import Project
from portal.models.questionnaire import DialPlan, KeyLayout, SectionProgress
from portal.models.telephony import (
    Destination,
    DestinationMember,
    NumberSource,
    NumberStatus,
    PhoneNumber,
    Seat,
)
from portal.questionnaire.call_center import BY_DESTINATION
from portal.questionnaire.calling import number_changed
from portal.questionnaire.dial_plan import SiteHoursView
from portal.questionnaire.sections import Section, blocking_in, findings, progress_of


def save_dial_plan(dial_plan: DialPlan, seen_version: int | None, changes: dict) -> Conflict | None:
    conflict = update_versioned(dial_plan, seen_version, changes)
    if conflict is None:
        audit.record("questionnaire.dial_plan_saved", dial_plan.project, note=_dial_plan_note(dial_plan))
    return conflict


def _dial_plan_note(dial_plan: DialPlan) -> str:
    outside = dial_plan.outbound_access_code or "dialled directly"
    return (f"{dial_plan.extension_length}-digit extensions, outside line {outside}, "
            f"operator {dial_plan.operator_extension or 'none'}")


def save_site_hours(view: SiteHoursView, seen_version: int | None, changes: dict) -> Conflict | None:
    """A site's time zone and business hours (they are the site's: every project of the customer at
    that site shares them)."""
    site = view.site
    conflict = update_versioned(site, seen_version, {"time_zone": changes["time_zone"]})
    if conflict is not None:
        fresh = SiteHoursView(site)
        return Conflict(fresh, seen_version, conflict.current_version, differences(fresh, changes))
    site.hours = rows_of(days_of(changes))
    db.session.flush()
    audit.record("site.hours_saved", site, note=f"{hours.summary(site.hours)} {site.time_zone}")
    return None


def reveal_pin(seat, project: Project) -> str | None:
    """A seat's voicemail PIN for an engineer or admin to configure the phone system; every reveal
    is in the audit log (who, which seat; never the PIN)."""
    audit.record("seat.pin_revealed", seat, organization_id=project.organization_id)
    return seat.voicemail_pin


class NumberError(ValueError):
    """A number the project cannot take; `field` names the form field the message belongs to."""

    def __init__(self, message: str, field: str = "e164"):
        super().__init__(message)
        self.field = field


def _check_number(project_id: int, e164: str | None, number: PhoneNumber | None = None) -> None:
    """Digits new to the project; the project row is locked first, so an import committing (it
    takes the same lock) or another person adding the same digits waits and is then seen."""
    if not e164:
        return
    db.session.scalars(select(Project.id).where(Project.id == project_id).with_for_update()).one()
    existing = db.session.scalars(select(PhoneNumber).where(PhoneNumber.project_id == project_id,
                                                            PhoneNumber.e164 == e164)).first()
    if existing is not None and existing is not number:
        raise NumberError(f"{format_phone(e164)} is in the project already.")


@contextmanager
def _unique_digits(e164: str | None):
    """The write, flushed in a savepoint: a number someone else added in the same instant (the
    unique constraint catches what the check above could not) is a clear error, not a crash."""
    try:
        with db.session.begin_nested():
            yield
            db.session.flush()
    except IntegrityError as error:
        if "e164" not in str(error.orig) and "uq_phone_numbers" not in str(error.orig):
            raise  # not the digits: a site or destination removed meanwhile is the view's to report
        raise NumberError(f"{format_phone(e164)} was just added to the project by someone else.") from error


def _check_destination(project_id: int, destination_id: int | None) -> None:
    if destination_id is not None and db.session.scalar(select(Destination.project_id).where(
            Destination.id == destination_id)) != project_id:
        raise NumberError("Choose where it rings from the list.", "destination_id")


def add_number(project: Project, values: dict) -> PhoneNumber:
    """A number the customer already has (to port, usually) or was given."""
    _check_number(project.id, values.get("e164"))
    _check_destination(project.id, values.get("destination_id"))
    if not values.get("e164"):
        raise NumberError("Enter the number; to ask for new numbers, use “Request new numbers”.")
    number = PhoneNumber(project_id=project.id, status=NumberStatus.ASSIGNED, **values)
    with _unique_digits(number.e164):
        db.session.add(number)
    audit.record("number.added", project, note=format_phone(number.e164))
    return number


def update_number(number: PhoneNumber, seen_version: int | None, changes: dict) -> Conflict | None:
    """A number's details; a requested number given its digits (by staff) becomes assigned."""
    if number.e164 and "e164" in changes and not changes["e164"]:
        raise NumberError("A number cannot be emptied; if it is not needed, tell your project manager.")
    _check_not_with_carrier(number, changes)
    _check_number(number.project_id, changes.get("e164"), number)
    _check_destination(number.project_id, changes.get("destination_id"))
    if changes.get("e164") and number.status == NumberStatus.REQUESTED:
        number.status.check_transition(NumberStatus.ASSIGNED)
        changes["status"] = NumberStatus.ASSIGNED
    before, identity = number.destination_id, (number.e164, number.source)
    with _unique_digits(changes.get("e164")):
        conflict = update_versioned(number, seen_version, changes)
    if conflict is None:
        number_changed(number, before)
        if identity != (number.e164, number.source):
            from portal.porting.signing import numbers_changed  # porting reads this module's numbers
            numbers_changed([number.id])
        audit.record("number.updated", db.session.get(Project, number.project_id),
                     note=format_phone(number.e164) if number.e164 else "a requested number")
    return conflict


def _check_not_with_carrier(number: PhoneNumber, changes: dict) -> None:
    """A number on a port request with the carrier keeps its digits and stays a ported number."""
    renumbered = changes.get("e164") not in (None, number.e164)
    made_new = changes.get("source") not in (None, number.source)
    if number.id is None or not (renumbered or made_new):
        return
    from portal.porting.locks import locked_message, requests_with_carrier  # porting reads this module's numbers
    request = requests_with_carrier([number.id]).get(number.id)
    if request is not None:
        raise NumberError(locked_message(number.e164, request), "e164" if renumbered else "source")


def request_numbers(project: Project, values: dict) -> list[PhoneNumber]:
    """`quantity` new numbers, requested until the carrier assigns them (staff then enter them)."""
    _check_destination(project.id, values.get("destination_id"))
    quantity = values.pop("quantity")
    numbers = [PhoneNumber(project_id=project.id, status=NumberStatus.REQUESTED, source=NumberSource.NEW,
                           site_id=values["site_id"], kind=values["kind"], requested_area_code=values["area_code"],
                           destination_id=values.get("destination_id"), caller_id_name=values.get("caller_id_name"))
               for _ in range(quantity)]
    db.session.add_all(numbers)
    db.session.flush()
    audit.record("number.requested", project, note=f"{quantity} × {values['kind'].title}, area code "
                                                   f"{values['area_code']}")
    return numbers


class SectionNotReady(ValueError):
    """A section marked completed while a question is unanswered or an error blocks."""


def mark_section(project: Project, section: Section, completed: bool, seen_version: int, user,
                 unsaved: bool = False) -> Conflict | None:
    """The person's answer to "Have you completed this section?": completed only when every question
    has an answer, nothing in the section blocks and the person has no unsaved typing on its pages
    (`unsaved`); a conflict when someone else answered since."""
    if completed and unsaved:
        raise SectionNotReady("You have changes on this page that are not saved yet (they are kept as a draft): "
                              "save them, or discard them, then mark the section completed.")
    if completed:
        _ready_to_complete(project, section)
    progress = progress_of(project).get(section.key)
    if progress is None:
        return _first_answer(project, section, completed, seen_version, user)
    conflict = update_versioned(progress, seen_version, {"completed": completed, "updated_by_id": user.id})
    if conflict is None:
        _record_answer(project, section, completed)
    return conflict


def _ready_to_complete(project: Project, section: Section) -> None:
    errors = section.blocking_of(project) if section.blocking_of else blocking_in(section.key, findings(project))
    if errors:
        raise SectionNotReady(f"This section still has {len(errors)} {'error' if len(errors) == 1 else 'errors'} "
                              f"to fix first: {errors[0].message} Fix {'it' if len(errors) == 1 else 'them'}, then "
                              f"mark the section completed.")
    if not section.answered(project):
        raise SectionNotReady("Some questions of this section have no answer yet: answer them, then mark the "
                              "section completed.")


def _first_answer(project: Project, section: Section, completed: bool, seen_version: int, user) -> Conflict | None:
    progress = SectionProgress(project_id=project.id, section=section.key, completed=completed,
                               updated_by_id=user.id)
    try:
        with db.session.begin_nested():
            db.session.add(progress)
            db.session.flush()
    except IntegrityError:  # someone else answered in the same instant: theirs stands
        return Conflict(progress, seen_version, 1)
    _record_answer(project, section, completed)
    return None


def _record_answer(project: Project, section: Section, completed: bool) -> None:
    audit.record("questionnaire.section_marked", project,
                 note=f"{section.title}: {'completed' if completed else 'to come back to'}")


def save_keys(view, seen_version: int | None, changes: dict) -> Conflict | None:
    """A default layout or a seat's keys, at the version the person saw; the first save creates it."""
    keys = view.stored_keys(changes)
    own_seen, default_seen = view.own_version(seen_version or 0)
    if view.seat is not None and default_seen != view.default_version:  # the default changed under a seat's page
        fresh = type(view)(view.project, view.model, view.seat)
        return Conflict(fresh, seen_version, fresh.version, differences(fresh, changes))
    if view.record is None:
        layout = KeyLayout(project_id=view.project.id, phone_model_id=view.model.id,
                           seat_id=view.seat.id if view.seat else None, keys=keys)
        try:
            with db.session.begin_nested():
                db.session.add(layout)
                db.session.flush()
        except IntegrityError:  # someone else laid it out in the same instant
            return Conflict(view, seen_version, 1)
    elif (conflict := update_versioned(view.record, own_seen, {"keys": keys,
                                                               "phone_model_id": view.model.id})) is not None:
        fresh = type(view)(view.project, view.model, view.seat)
        return Conflict(fresh, seen_version, conflict.current_version, differences(fresh, changes))
    audit.record("questionnaire.keys_saved", view.project, note=f"{view.name}: {len(keys)} keys set")
    return None


def copy_keys(view, ticked: list[tuple[int, int]]) -> tuple[list[str], list[str]]:
    """The seat's keys given to the ticked seats of the same phone model, each only at the version
    the person saw (0: it had no keys of its own); returns (the seats given them, those changed
    by someone else meanwhile)."""
    seats = {seat.id: seat for seat in db.session.scalars(select(Seat).where(
        Seat.id.in_([seat_id for seat_id, _ in ticked]), Seat.project_id == view.project.id,
        Seat.phone_model_id == view.model.id, Seat.id != view.seat.id))}
    layouts = {layout.seat_id: layout for layout in db.session.scalars(
        select(KeyLayout).where(KeyLayout.seat_id.in_(list(seats))))}
    source = dict(getattr(view.own, "keys", None) or {})
    copied, conflicts = [], []
    for seat_id, seen in sorted(ticked):
        if seat_id not in seats:
            continue
        done = _give_keys(view, seats[seat_id], layouts.get(seat_id), seen, source)
        (copied if done else conflicts).append(seats[seat_id].label)
    audit.record("questionnaire.keys_copied", view.project, note=f"{view.name} to {len(copied)} seats")
    return copied, conflicts


def _give_keys(view, seat: Seat, layout: KeyLayout | None, seen: int, keys: dict) -> bool:
    if layout is None:
        if seen != 0:
            return False
        try:
            with db.session.begin_nested():  # someone else gave the seat keys in the same instant: theirs stand
                db.session.add(KeyLayout(project_id=view.project.id, phone_model_id=view.model.id, seat_id=seat.id,
                                         keys=dict(keys)))
                db.session.flush()
        except IntegrityError:
            return False
        return True
    return update_versioned(layout, seen, {"keys": dict(keys), "phone_model_id": view.model.id}) is None


class CallGroupError(ValueError):
    """A queue, group or box the project cannot take; `field` names the form field it belongs to."""

    def __init__(self, message: str, field: str = "extension"):
        super().__init__(message)
        self.field = field


def create_call_group(project: Project, kind, values: dict):
    """A queue, ring group or shared voicemail box: its Destination, its settings and its seats."""
    check_extension(project.id, values.get("extension"), error=CallGroupError)
    values = _resolved(project.id, kind, values)
    destination = Destination(project_id=project.id, kind=kind.destination_kind, name=values["name"],
                              extension=values.get("extension") or None)
    settings = kind.model(destination=destination, **_columns_of(kind, values))
    db.session.add(settings)
    db.session.flush()
    _set_members(project.id, destination, kind, values)
    audit.record("call_center.created", project, note=f"{kind.title} {destination.name}")
    return settings


def save_call_group(settings, seen_version: int | None, changes: dict) -> Conflict | None:
    """A queue's, group's or box's settings and seats, at the version the person saw."""
    kind = BY_DESTINATION[settings.destination.kind]
    destination = settings.destination
    if changes.get("extension") != destination.extension:
        check_extension(destination.project_id, changes.get("extension"), destination, CallGroupError)
    if any(changes.get(column) == destination.id for column in kind.exits):
        raise CallGroupError(f"A {kind.title} cannot send its calls to itself.", kind.exits[-1])
    changes = _resolved(destination.project_id, kind, changes)
    conflict = update_versioned(settings, seen_version, _columns_of(kind, changes))
    if conflict is not None:
        return conflict
    destination.name, destination.extension = changes["name"], changes.get("extension") or None
    _set_members(destination.project_id, destination, kind, changes)
    audit.record("call_center.saved", db.session.get(Project, destination.project_id),
                 note=f"{kind.title} {destination.name}")
    return None


def remove_call_group(settings) -> None:
    """Gone with its Destination: numbers that rang it ring nothing, and queues or groups that sent
    calls to it send them nowhere, until someone chooses again (the checks say so)."""
    destination = settings.destination
    audit.record("call_center.removed", db.session.get(Project, destination.project_id), note=destination.name)
    db.session.delete(settings)
    db.session.delete(destination)
    db.session.flush()


def move_member(settings, seen_version: int, seat_id: int, role, up: bool) -> Conflict | None:
    """One seat a place earlier (or later) in a queue's or group's order, at the version seen."""
    order = settings.members_in(role)
    index = next((n for n, member in enumerate(order) if member.seat_id == seat_id), None)
    other = None if index is None else index + (-1 if up else 1)
    if index is None or not 0 <= other < len(order):
        return None
    conflict = update_versioned(settings, seen_version, {})
    if conflict is None:
        order[index].position, order[other].position = order[other].position, order[index].position
        db.session.flush()
    return conflict


def _resolved(project_id: int, kind, values: dict) -> dict:
    """The values with each exit a Destination's id (a seat's own voicemail made one if chosen)."""
    return {**values, **{column: resolve_destination(project_id, values[column]) for column in kind.exits
                         if column in values}}


def _columns_of(kind, values: dict) -> dict:
    names = {column.key for column in kind.model.__table__.columns} - {"id", "destination_id", "version"}
    return {key: value for key, value in values.items() if key in names}


def _set_members(project_id: int, destination: Destination, kind, values: dict) -> None:
    """Each role's seats as ticked: the ones kept stay in their order, new ones come after."""
    for field, role in kind.roles.items():
        if field not in values:
            continue
        wanted = {int(seat_id) for seat_id in values[field] or []}
        allowed = set(db.session.scalars(select(Seat.id).where(Seat.project_id == project_id, Seat.id.in_(wanted))))
        kept = [member for member in destination.members if member.role == role and member.seat_id in allowed]
        for member in [member for member in destination.members if member.role == role and member not in kept]:
            destination.members.remove(member)
        known = {member.seat_id for member in kept}
        start = max((member.position for member in kept), default=0)
        for offset, seat_id in enumerate(sorted(allowed - known), start=1):
            destination.members.append(DestinationMember(seat_id=seat_id, role=role, position=start + offset))
    db.session.flush()
