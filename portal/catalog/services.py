"""Writes of the phone-model catalog. A model that seats use is retired, never deleted, so every
seat keeps its model; a retired model leaves the worksheets' choices and can be brought back."""
from __future__ import annotations

from contextlib import contextmanager

from sqlalchemy import func, select, update
from sqlalchemy.exc import IntegrityError

from portal.catalog.queries import same_model, seat_count
from portal.core import audit
from portal.core.versioning import Conflict, update_versioned
from portal.extensions import db
from portal.models.projects import Project
from portal.models.telephony import PhoneModel, Seat
from portal.worksheet.feature import worksheet_changed

FIELD_TITLES = {"vendor": "vendor", "model": "model", "keys": "keys", "label_width": "label width",
                "active": "offered"}


class CatalogError(ValueError):
    """A change the catalog refuses; `field` names the form field the message belongs to."""

    def __init__(self, message: str, field: str = "model"):
        super().__init__(message)
        self.field = field


def _check_unique(vendor: str, model: str, phone_model: PhoneModel | None = None) -> None:
    """Refuse a second entry for the same phone, even typed in other letter case (imports match
    model names whatever their case, so two such entries could not be told apart)."""
    existing = same_model(vendor, model)
    if existing is not None and existing is not phone_model:
        retired = " (retired: bring it back instead)" if not existing.active else ""
        raise CatalogError(f"{existing.title} is in the catalog already{retired}.")


@contextmanager
def _unique_guard():
    """The database's own unique constraint catches the duplicate that another admin saved after
    our check; that answer is the same clear refusal, not an error page."""
    try:
        with db.session.begin_nested():
            yield
    except IntegrityError as error:
        raise CatalogError("This phone model was just added by someone else.") from error


def add_phone_model(values: dict) -> PhoneModel:
    _check_unique(values["vendor"], values["model"])
    phone_model = PhoneModel(**values)
    with _unique_guard():
        db.session.add(phone_model)
        db.session.flush()
    audit.record("catalog.model_added", phone_model)
    match_waiting_seats(phone_model)
    return phone_model


def update_phone_model(phone_model: PhoneModel, seen_version: int | None, changes: dict) -> Conflict | None:
    """Save the admin's changes if nobody saved the model since they opened it; the audit says what changed."""
    _check_unique(changes["vendor"], changes["model"], phone_model)
    note = _changes_note(phone_model, changes)
    with _unique_guard():
        conflict = update_versioned(phone_model, seen_version, changes)
    if conflict is None and note:
        audit.record("catalog.model_updated", phone_model, note=note)
    if conflict is None:
        match_waiting_seats(phone_model)
    return conflict


def _changes_note(phone_model: PhoneModel, changes: dict) -> str:
    return ", ".join(f"{FIELD_TITLES[name]}: {_shown(getattr(phone_model, name))} → {_shown(value)}"
                     for name, value in changes.items() if getattr(phone_model, name) != value)


def _shown(value) -> str:
    return ("yes" if value else "no") if isinstance(value, bool) else str(value)


def retire_phone_model(phone_model: PhoneModel) -> None:
    """Take the model out of the worksheets' choices; seats that have it keep it."""
    _set_active(phone_model, False, action="catalog.model_retired")


def restore_phone_model(phone_model: PhoneModel) -> None:
    _set_active(phone_model, True, action="catalog.model_restored")


def _set_active(phone_model: PhoneModel, active: bool, action: str) -> None:
    """A versioned write, so that an edit form opened before meets a conflict instead of undoing it.
    Asking twice (a double click) changes nothing the second time."""
    if phone_model.active == active:
        return
    if update_versioned(phone_model, phone_model.version, {"active": active}) is not None:
        raise CatalogError(f"Someone else changed {phone_model.title} a moment ago; look at it and try again.")
    audit.record(action, phone_model)
    match_waiting_seats(phone_model)


def match_waiting_seats(phone_model: PhoneModel) -> int:
    """Seats with no catalog model whose imported text names this one (its vendor and model, or its
    model alone, in any letter case, as the import matches) now use it: an import keeps the text so
    that a model added later is matched then (DESIGN.md section 12). Returns how many."""
    if not phone_model.active:
        return 0
    names = [phone_model.title.lower()]
    if db.session.scalar(select(func.count(PhoneModel.id)).where(
            func.lower(PhoneModel.model) == phone_model.model.lower())) == 1:
        names.append(phone_model.model.lower())  # the model alone names it only when no other vendor has one
    waiting = db.session.execute(select(Seat.id, Seat.project_id).where(
        Seat.phone_model_id.is_(None), func.lower(Seat.phone_model_raw).in_(names))).all()
    if waiting:
        db.session.execute(update(Seat).where(Seat.id.in_([row.id for row in waiting]))
                           .values(phone_model_id=phone_model.id, version=Seat.version + 1))
        audit.record("catalog.model_matched", phone_model, note=f"{len(waiting)} seats named it in an import")
        for project_id in {row.project_id for row in waiting}:
            worksheet_changed(db.session.get(Project, project_id))  # their problem is solved
    return len(waiting)


def delete_phone_model(phone_model: PhoneModel) -> None:
    """Delete a model no seat uses; one that seats use can only be retired."""
    refusal = CatalogError(f"Seats use {phone_model.title}, so it cannot be deleted; retire it instead.")
    if seat_count(phone_model):
        raise refusal
    audit.record("catalog.model_deleted", phone_model)
    try:
        with db.session.begin_nested():  # a seat given this model meanwhile makes the database refuse
            db.session.delete(phone_model)
            db.session.flush()
    except IntegrityError as error:
        raise refusal from error
