"""Writing call-flow nodes (issue 16): each is a Destination (DESIGN.md section 12) with, for some
kinds, a settings row. Services flush and audit; the view commits.

    menu = create_node(project, NODE_KINDS["menu"], {"name": "Main menu", "greeting_text": "..."})
    set_keys(menu.settings, {"1": sales_id, "2": support_id})
"""
from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select, update

from portal.core import audit
from portal.core.hours import days_of, rows_of
from portal.core.routing import check_extension, resolve_destination, routes_to
from portal.core.versioning import Conflict, update_versioned
from portal.extensions import db
from portal.models.callflows import Announcement, AutoAttendant, GreetingMode, HolidaySet, MenuKey
from portal.models.files import StoredFile
from portal.models.projects import Project
from portal.models.telephony import Destination, DestinationKind, PhoneNumber, Schedule

KEYS = ("1", "2", "3", "4", "5", "6", "7", "8", "9", "0", "*", "#")


class FlowError(ValueError):
    def __init__(self, message: str, field: str | None = None):
        super().__init__(message)
        self.field = field


@dataclass(frozen=True)
class NodeKind:
    key: str  # in addresses and URLs: menu, hours, announcement, external, hang_up
    destination_kind: DestinationKind
    title: str
    model: type | None = None
    exits: tuple[str, ...] = ()  # settings columns naming where calls go next


NODE_KINDS = {kind.key: kind for kind in (
    NodeKind("menu", DestinationKind.AUTO_ATTENDANT, "auto attendant", AutoAttendant,
             ("no_input_destination_id", "invalid_destination_id")),
    NodeKind("hours", DestinationKind.SCHEDULE, "time condition", Schedule,
             ("open_destination_id", "closed_destination_id", "holiday_destination_id")),
    NodeKind("announcement", DestinationKind.ANNOUNCEMENT, "announcement", Announcement, ("next_destination_id",)),
    NodeKind("external", DestinationKind.EXTERNAL, "external number"),
    NodeKind("hang_up", DestinationKind.HANG_UP, "hang up"),
)}
BY_DESTINATION = {kind.destination_kind: kind for kind in NODE_KINDS.values()}
DESTINATION_FIELDS = ("name", "extension", "external_number")
ROUTING_SHOWN = ("open_destination_id", "closed_destination_id")  # a time condition's branches section 5 shows


def settings_of(destination: Destination):
    """The settings row of a node (None for a kind without one)."""
    kind = BY_DESTINATION.get(destination.kind)
    if kind is None or kind.model is None:
        return None
    return db.session.scalars(select(kind.model).where(kind.model.destination_id == destination.id)).first()


def _columns(kind: NodeKind, values: dict) -> dict:
    names = set(kind.model.__table__.columns.keys()) - {"id", "destination_id", "version"} if kind.model else set()
    return {name: values[name] for name in names if name in values}


def _resolved(project_id: int, kind: NodeKind, values: dict) -> dict:
    return {**values, **{column: resolve_destination(project_id, values.get(column)) for column in kind.exits
                         if column in values}}


def _destination_values(project_id: int, kind: NodeKind, values: dict, destination: Destination | None) -> dict:
    extension = values.get("extension") or None
    if extension != (destination.extension if destination else None):
        check_extension(project_id, extension, destination, FlowError)
    found = {"name": values["name"], "extension": extension}
    if kind.destination_kind == DestinationKind.EXTERNAL:
        found["external_number"] = values.get("external_number") or None  # E.164, as the form's phone field gives it
        if found["external_number"] is None:
            raise FlowError("Enter the outside number, like (415) 555-0100.", "external_number")
    return found


def create_node(project: Project, kind: NodeKind, values: dict) -> Destination:
    """A new node: its Destination and its settings (a time condition follows its site by default)."""
    destination = Destination(project_id=project.id, kind=kind.destination_kind,
                              **_destination_values(project.id, kind, values, None))
    db.session.add(destination)
    db.session.flush()
    if kind.model is not None:
        db.session.add(kind.model(destination_id=destination.id, **_columns(kind, _resolved(project.id, kind, values))))
        db.session.flush()
    audit.record("call_flow.created", project, note=f"{kind.title} {destination.name}")
    return destination


def save_node(destination: Destination, seen_version: int | None, changes: dict) -> Conflict | None:
    """A node's name, extension and settings at the version the person saw (the Destination's)."""
    kind = BY_DESTINATION[destination.kind]
    if any(changes.get(column) == destination.id for column in kind.exits):
        raise FlowError(f"A {kind.title} cannot send calls to itself: choose somewhere else.", kind.exits[0])
    values = _destination_values(destination.project_id, kind, changes, destination)
    conflict = update_versioned(destination, seen_version, values)
    if conflict is not None:
        return conflict
    settings = settings_of(destination)
    if settings is not None:
        columns = _columns(kind, _resolved(destination.project_id, kind, changes))
        if isinstance(settings, Schedule) and any(
                getattr(settings, name) != columns.get(name, getattr(settings, name)) for name in ROUTING_SHOWN):
            _numbers_rerouted(destination.id)
        for name, value in columns.items():
            setattr(settings, name, value)
    audit.record("call_flow.saved", db.session.get(Project, destination.project_id),
                 note=f"{kind.title} {destination.name}")
    db.session.flush()
    return None


def _numbers_rerouted(destination_id: int) -> None:
    """The numbers ringing a time condition whose open or closed branch changed get a new version
    (in the database): section 5 shows the two branches as the number's routing, so a section 5 form
    opened before merges over this change instead of putting the old branches back."""
    db.session.execute(update(PhoneNumber).where(PhoneNumber.destination_id == destination_id)
                       .values(version=PhoneNumber.version + 1).execution_options(synchronize_session=False))


def set_keys(menu: AutoAttendant, targets: dict[str, int | None]) -> None:
    """The menu's keys: each key given a destination is set (in KEYS order), every other is cleared."""
    chosen = {key: resolve_destination(menu.destination.project_id, target) for key, target in targets.items()
              if key in KEYS and target}
    if menu.destination_id in chosen.values():
        raise FlowError("A key cannot send calls back to the same menu: choose where it leads.")
    menu.keys.clear()
    db.session.flush()  # the old keys go before the new ones come (one row per key)
    menu.keys = [MenuKey(key=key, position=KEYS.index(key), target_destination_id=chosen[key])
                 for key in KEYS if key in chosen]
    db.session.flush()


def set_own_hours(schedule: Schedule, values: dict) -> None:
    """A time condition's own hours (the hours form's values), or none when it follows its site."""
    schedule.own_hours = [] if schedule.follows_site else rows_of(days_of(values))
    db.session.flush()


def set_recording(destination: Destination, stored: StoredFile | None) -> None:
    """A greeting's recording uploaded (the greeting becomes that recording) or taken away (the
    greeting stays set to a recording, awaiting another). The node's version moves, so a form of it
    opened before shows the change instead of undoing it; the stored file stays, as every stored
    file does, for the audit trail."""
    settings = settings_of(destination)
    if settings is None or not hasattr(settings, "greeting_file_id"):
        raise FlowError(f"{destination.name} has no greeting to record.")
    previous = settings.greeting_file
    update_versioned(destination, destination.version, {})
    settings.greeting_file = stored
    if stored is not None:
        settings.greeting_mode = GreetingMode.RECORDING
    project = db.session.get(Project, destination.project_id)
    if stored is not None:
        audit.record("call_flow.recording_set", project, note=f"{destination.name}: {stored.original_name}")
    elif previous is not None:
        audit.record("call_flow.recording_removed", project, note=f"{destination.name}: {previous.original_name}")
    db.session.flush()


def remove_node(destination: Destination) -> None:
    """A node goes with its settings; a time condition something still routes to stays (say what)."""
    if destination.kind == DestinationKind.SCHEDULE and routes_to(destination.id):
        raise FlowError(f"{destination.name} is still where calls go: send them elsewhere first.")
    settings = settings_of(destination)
    audit.record("call_flow.removed", db.session.get(Project, destination.project_id), note=destination.name)
    if settings is not None:
        db.session.delete(settings)
    db.session.delete(destination)
    db.session.flush()


def create_holiday_set(project: Project, name: str) -> HolidaySet:
    holiday_set = HolidaySet(project_id=project.id, name=name)
    db.session.add(holiday_set)
    db.session.flush()
    audit.record("holiday_set.created", project, note=name)
    return holiday_set
