"""Section 4, key layouts: the programmable keys of each phone model the project uses, laid out once
per model for the project (its default; never on the shared catalog), and changed seat by seat where
a person needs something else. A seat's layout stores only the keys that differ from the default.
A default not laid out yet opens with a starter (`starter_keys`) that one save accepts.

Checks: no key beyond the model's count, busy-lamp fields to extensions that exist, speed dials to
valid numbers or extensions, labels that fit the model's label width.
"""
from __future__ import annotations

from dataclasses import dataclass

from flask import current_app, url_for
from sqlalchemy import func, select

from portal.core.phones import dialable
from portal.core.request_cache import cached
from portal.extensions import db
from portal.models.projects import Project
from portal.models.questionnaire import KeyFunction, KeyLayout
from portal.models.telephony import Destination, PhoneModel, Seat
from portal.questionnaire import frozen
from portal.questionnaire.sections import Finding, Section

KEY = "keys"
VERSION_SPAN = 100_000  # a seat page's version: its own layout's times this, plus the default's
PARTS = ("function", "label", "target")
TARGETED = {KeyFunction.BLF: "the extension it watches", KeyFunction.SPEED_DIAL: "the number or extension it dials"}


def page_url(project: Project) -> str:
    return url_for("questionnaire.keys", project_id=project.id)


@dataclass(frozen=True)
class Key:
    """One programmable key as shown and checked."""

    position: int
    function: KeyFunction
    label: str = ""
    target: str = ""
    changed: bool = False  # a seat's own, not the default's

    @staticmethod
    def of(position: int, data: dict | None, changed: bool = False) -> Key:
        data = data or {}
        return Key(position, KeyFunction(data.get("function") or KeyFunction.BLANK.value), data.get("label") or "",
                   data.get("target") or "", changed)

    @property
    def stored(self) -> dict:
        return {"function": self.function.value, "label": self.label, "target": self.target}


def effective_keys(count: int, default: dict | None, changes: dict | None = None) -> list[Key]:
    """Keys 1..count: the default's, with a seat's changes over them."""
    default, changes = default or {}, changes or {}
    return [Key.of(n, changes[str(n)], True) if str(n) in changes else Key.of(n, default.get(str(n)))
            for n in range(1, count + 1)]


LINES_FROM = 6  # a phone with this many keys or more starts with two line appearances, a smaller one with one
STARTER = ((KeyFunction.VOICEMAIL, ("Voicemail", "VMail", "VM")), (KeyFunction.DND, ("Do not disturb", "DND")),
           (KeyFunction.PARK, ("Call park", "Park")))


def starter_keys(count: int, label_width: int = 0) -> list[Key]:
    """A layout to start from on a phone of `count` keys: its line appearances, then voicemail, do not
    disturb and call park as far as the keys go, the rest blank; each label the longest of its
    names that fits `label_width` (0: any length)."""
    lines = 2 if count >= LINES_FROM else 1
    wanted = [(KeyFunction.LINE, (f"Line {n}", f"Line{n}", f"L{n}")) for n in range(1, lines + 1)] + list(STARTER)
    proposed = [Key(position, function, _fitting(names, label_width))
                for position, (function, names) in enumerate(wanted[:count], start=1)]
    return proposed + [Key(position, KeyFunction.BLANK) for position in range(len(proposed) + 1, count + 1)]


def _fitting(names: tuple[str, ...], width: int) -> str:
    """The first (longest) name that fits the width, else the shortest cut to it."""
    return next((name for name in names if not width or len(name) <= width), names[-1][:width])


def models_in_use(project_id: int) -> list[tuple[PhoneModel, int]]:
    """The desk phones the project's seats have (softphones have no keys), with how many seats each."""
    return cached("key_models", project_id, lambda: _models_in_use(project_id))


def _models_in_use(project_id: int) -> list[tuple[PhoneModel, int]]:
    return [(model, count) for model, count in db.session.execute(
        select(PhoneModel, func.count(Seat.id)).join(Seat, Seat.phone_model_id == PhoneModel.id)
        .where(Seat.project_id == project_id, PhoneModel.keys > 0).group_by(PhoneModel.id)
        .order_by(PhoneModel.vendor, PhoneModel.model))]


def layouts_of(project_id: int) -> list[KeyLayout]:
    """Every layout of the project, read once per request (the page, its checks and its status ask)."""
    return cached("key_layouts", project_id, lambda: list(db.session.scalars(
        select(KeyLayout).where(KeyLayout.project_id == project_id))))


def default_of(project_id: int, model_id: int) -> KeyLayout | None:
    return db.session.scalars(select(KeyLayout).where(
        KeyLayout.project_id == project_id, KeyLayout.phone_model_id == model_id, KeyLayout.seat_id.is_(None))).first()


def seat_layout_of(seat_id: int) -> KeyLayout | None:
    return db.session.scalars(select(KeyLayout).where(KeyLayout.seat_id == seat_id)).first()


def extensions_of(project_id: int) -> set[str]:
    return set(db.session.scalars(select(Destination.extension).where(
        Destination.project_id == project_id, Destination.extension.is_not(None))))


def key_problems(key: Key, model: PhoneModel, extensions: set[str], country: str) -> list[str]:
    """What is wrong with one key on that model, in words for the person who set it."""
    problems = []
    if key.position > model.keys:
        problems.append(f"the {model.title} has {model.keys} keys, not {key.position}.")
    if model.label_width and len(key.label) > model.label_width:
        problems.append(f"the label “{key.label}” has {len(key.label)} characters; the {model.title} shows "
                        f"{model.label_width}.")
    if key.function in TARGETED and not key.target:
        problems.append(f"a {key.function.title.lower()} needs {TARGETED[key.function]}.")
    elif key.function == KeyFunction.BLF and key.target not in extensions:
        problems.append(f"busy lamp field to {key.target}, an extension no one has in the project.")
    elif key.function == KeyFunction.SPEED_DIAL and key.target not in extensions and not dialable(key.target,
                                                                                                     country):
        problems.append(f"speed dial to “{key.target}”, which is neither a phone number nor an extension.")
    return problems


def _started(project: Project) -> bool:
    return bool(layouts_of(project.id))


def _answered(project: Project) -> bool:
    """Every desk phone the project uses has its default layout."""
    laid_out = {layout.phone_model_id for layout in layouts_of(project.id) if layout.seat_id is None}
    return all(model.id in laid_out for model, _ in models_in_use(project.id))


def check(project: Project) -> list[Finding]:
    layouts = layouts_of(project.id)
    if not layouts:
        return []
    models = {model.id: model for model in db.session.scalars(
        select(PhoneModel).where(PhoneModel.id.in_({layout.phone_model_id for layout in layouts})))}
    seats = {row.id: row for row in db.session.execute(
        select(Seat.id, Seat.first_name, Seat.last_name, Seat.display_name, Seat.device_label, Seat.phone_model_id)
        .where(Seat.id.in_([layout.seat_id for layout in layouts if layout.seat_id])))}
    extensions, country = extensions_of(project.id), current_app.config["DEFAULT_COUNTRY"]
    in_use, found = {model.id for model, _ in models_in_use(project.id)}, []
    for layout in sorted(layouts, key=lambda each: (each.seat_id is not None, each.phone_model_id, each.seat_id or 0)):
        if layout.seat_id is None and layout.phone_model_id not in in_use:
            continue  # a default no seat follows any more: nothing to fix, and no page for it
        found += _layout_findings(project, layout, models[layout.phone_model_id], seats.get(layout.seat_id),
                                  extensions, country)
    return found


def _layout_findings(project, layout: KeyLayout, model: PhoneModel, seat, extensions, country) -> list[Finding]:
    if seat is None:
        name, endpoint = f"{model.title} (default)", "questionnaire.model_keys"
        where, owner = {"project_id": project.id, "phone_model_id": model.id}, f"key_layout:{layout.id}"
    else:
        name, endpoint = Seat.label_of(seat._asdict()), "questionnaire.seat_keys"
        where, owner = {"project_id": project.id, "seat_id": seat.id}, f"seat:{seat.id}"
        if seat.phone_model_id != model.id:
            return [Finding(KEY, f"{name}: the keys were laid out for a {model.title}, which the seat no longer "
                                 f"has; lay them out again.", endpoint, where, blocking=False,
                            address=f"{owner}/phone_model_id")]
    # a phone key's address: seat:<id>/key:<k> (a model's default layout: key_layout:<id>/key:<k>)
    return [Finding(KEY, f"{name}, key {key.position}: {problem}", endpoint, where, f"key_{key.position}_function",
                    address=f"{owner}/key:{key.position}")
            for position, data in sorted(layout.keys.items(), key=lambda item: int(item[0]))
            for key in [Key.of(int(position), data)]
            for problem in key_problems(key, model, extensions, country)]


SECTION = Section(KEY, 4, "Key layouts", page_url, _started, _answered, "pdf/questionnaire/keys.html",
                  frozen.keys)


class LayoutView:
    """A layout as the key form reads it (key_3_function, key_3_label, key_3_target) with the version
    the person saw: the default's keys for a phone model (a starter while it has none), with a seat's
    changes over them for a seat. The editing machinery binds it, and its conflict page compares it
    field by field."""

    def __init__(self, project: Project, model: PhoneModel, seat: Seat | None = None):
        self.project, self.model, self.seat = project, model, seat
        self.default = default_of(project.id, model.id)
        self.own = seat_layout_of(seat.id) if seat is not None else None
        own_keys = self.own.keys if self.own is not None and self.own.phone_model_id == model.id else None
        self.keys = effective_keys(model.keys, getattr(self.default, "keys", None), own_keys)
        # a default not laid out yet opens with a starter in its form; nothing is stored until a save
        self.starter = seat is None and self.default is None
        self.proposed = starter_keys(model.keys, model.label_width) if self.starter else self.keys

    @property
    def record(self) -> KeyLayout | None:
        return self.own if self.seat is not None else self.default

    def reloaded(self) -> LayoutView:
        """The layout as saved now (the editing machinery merges a save over a newer one with it)."""
        for row in (self.default, self.own):
            if row is not None:
                db.session.refresh(row)
        return LayoutView(self.project, self.model, self.seat)

    row = record  # what an autosave locks

    @property
    def version(self) -> int:
        """The version the person sees: a seat's page also depends on the default it lies over, so
        its version counts both (own * VERSION_SPAN + default): a default changed meanwhile is a
        conflict, never frozen into the seat's own keys."""
        own = self.record.version if self.record is not None else 0
        return own * VERSION_SPAN + self.default_version if self.seat is not None else own

    @property
    def default_version(self) -> int:
        return self.default.version if self.default is not None else 0

    def own_version(self, seen: int) -> tuple[int, int]:
        """(the seat's own layout's version, the default's) from a version this view gave out."""
        return divmod(seen, VERSION_SPAN) if self.seat is not None else (seen, 0)

    @property
    def name(self) -> str:
        return self.seat.label if self.seat is not None else f"{self.model.title} (default)"

    def __getattr__(self, name: str):
        position, _, part = name.removeprefix("key_").partition("_")
        if not (name.startswith("key_") and position.isdecimal() and part in PARTS
                and 1 <= int(position) <= len(self.proposed)):
            raise AttributeError(name)
        value = getattr(self.proposed[int(position) - 1], part)
        return value.value if isinstance(value, KeyFunction) else value

    def stored_keys(self, changes: dict) -> dict:
        """The keys to store from the form's values: every key set on a default; on a seat, only the
        keys that differ from the default."""
        typed = {n: Key(n, KeyFunction(changes.get(f"key_{n}_function") or KeyFunction.BLANK.value),
                        (changes.get(f"key_{n}_label") or "").strip(), (changes.get(f"key_{n}_target") or "").strip())
                 for n in range(1, self.model.keys + 1)}
        base = effective_keys(self.model.keys, getattr(self.default, "keys", None)) if self.seat else []
        return {str(n): key.stored for n, key in typed.items()
                if (key.stored != base[n - 1].stored if self.seat else key.function != KeyFunction.BLANK or key.label)}


def copy_choices(view: LayoutView) -> list[tuple[str, str]]:
    """The other seats with the same phone, as ("seat_id:version of its keys", label), by name; the
    version (0: no keys of its own yet) lets the copy refuse a seat changed meanwhile."""
    others = db.session.scalars(select(Seat).where(Seat.project_id == view.project.id,
                                                   Seat.phone_model_id == view.model.id, Seat.id != view.seat.id))
    versions = {layout.seat_id: layout.version for layout in layouts_of(view.project.id) if layout.seat_id}
    return [(f"{seat.id}:{versions.get(seat.id, 0)}", seat.label) for seat in sorted(others, key=lambda s: s.label)]
