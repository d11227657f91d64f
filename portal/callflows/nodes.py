"""A node as its builder form reads and writes it (issue 16): the Destination's name, extension or
outside number, its settings row, a menu's keys and a time condition's own hours, under the
Destination's version (the forms machinery's autosave, conflict and merge work on it)."""
from __future__ import annotations

from forms.callflows import KEY_FIELDS
from portal.callflows import services
from portal.callflows.services import BY_DESTINATION, KEYS, NodeKind, settings_of
from portal.core.hours import form_values
from portal.core.versioning import Conflict, differences
from portal.extensions import db
from portal.models.telephony import Destination


class NodeView:
    def __init__(self, destination: Destination):
        self.destination = self.row = destination  # the row an autosave locks
        self.kind: NodeKind = BY_DESTINATION[destination.kind]
        self.settings = settings_of(destination)
        self.name, self.extension = destination.name, destination.extension
        self.external_number, self.version = destination.external_number, destination.version
        if self.settings is not None:
            for column in set(self.settings.__table__.columns.keys()) - {"id", "destination_id", "version"}:
                setattr(self, column, getattr(self.settings, column))  # the Destination's version is the node's
            self.greeting_mode = getattr(self.settings, "greeting_mode", None)
        self._menu_keys()
        self._hours()

    def _menu_keys(self) -> None:
        targets = {key.key: key.target_destination_id for key in getattr(self.settings, "keys", None) or ()}
        for key in KEYS:
            setattr(self, KEY_FIELDS[key], targets.get(key))

    def _hours(self) -> None:
        if self.kind.key != "hours":
            return
        self.time_zone = self.settings.time_zone or ""
        self.follows_site = "yes" if self.settings.follows_site else "no"
        for name, value in form_values(self.settings.own_hours).items():
            setattr(self, name, value)

    def reloaded(self) -> NodeView:
        db.session.refresh(self.destination)
        if self.settings is not None:
            db.session.refresh(self.settings)
        return NodeView(self.destination)


def save(view: NodeView, seen_version: int | None, changes: dict) -> Conflict | None:
    """The node's form saved through the node services, at the version the person saw."""
    changes = _settings_values(view.kind, changes)
    conflict = services.save_node(view.destination, seen_version, changes)
    if conflict is not None:
        fresh = NodeView(view.destination)
        return Conflict(fresh, seen_version, conflict.current_version, differences(fresh, changes))
    if view.kind.key == "menu":
        services.set_keys(view.settings, {key: changes.get(field) for key, field in KEY_FIELDS.items()})
    if view.kind.key == "hours":
        services.set_own_hours(view.settings, changes)
    return None


def _settings_values(kind: NodeKind, values: dict) -> dict:
    """The form's values as the settings columns take them."""
    if kind.key == "hours":
        return {**values, "time_zone": values.get("time_zone") or None, "follows_site": bool(values["follows_site"])}
    return values


def create(project, kind: NodeKind, values: dict) -> Destination:
    destination = services.create_node(project, kind, _settings_values(kind, values))
    view = NodeView(destination)
    if kind.key == "menu":
        services.set_keys(view.settings, {key: values.get(field) for key, field in KEY_FIELDS.items()})
    if kind.key == "hours":
        services.set_own_hours(view.settings, values)
    return destination
