"""One editing machinery for every form that changes a versioned record (DESIGN.md section 8).

    editor = Editor(ProfileForm, user)
    response = editor.submit(services.update_profile, title="Your profile", saved="Your profile was saved.",
                             next_url=url_for("auth.profile"))
    return response or render_template("auth/profile.html", editor=editor)

The editor binds the form to the request, to the person's draft (restored with a notice) or to the
record; carries the version and the values the person started from (portal.core.merging); answers
autosave requests with JSON; merges a save over someone else's newer one three ways, and shows a
conflict page only for the fields both changed differently.
"""
from __future__ import annotations

from typing import Callable

from flask import flash, g, jsonify, redirect, render_template, request
from flask_login import current_user
from flask_wtf.csrf import generate_csrf
from sqlalchemy import select
from wtforms import BooleanField, PasswordField, SelectField, SelectMultipleField
from wtforms.fields.choices import SelectFieldBase

from portal.core import detours, drafts
from portal.core.merging import NOT_COMPARED, Merge, as_formdata, comparable, merge, raw_values, read_base, sign_base
from portal.core.versioning import Conflict, FieldConflict
from portal.extensions import db

AUTOSAVE_HEADER = "X-Autosave"


def is_autosave_request() -> bool:
    return request.method == "POST" and request.headers.get(AUTOSAVE_HEADER) == "1"


def _locked_version(record) -> int | None:
    """The record's version as committed, its row locked until this request ends, so a save of the
    same record committing now finishes first (a draft never outlives the save that cleared it)."""
    model = type(record)
    if not hasattr(model, "__table__"):  # a view over rows (a key layout, a number's routing)
        row = getattr(record, "row", None)
        # the row's version as committed once it is locked: the view's own was read before the lock,
        # and a save committing meanwhile must not let a draft of the older version through
        return _locked_version(row) if row is not None else record.version
    if getattr(record, "id", None) is None:
        return record.version
    return db.session.scalar(select(model.version).where(model.id == record.id).with_for_update())


def intercept_drafts(autosave: Callable, discard: Callable[[], None], back_to: str, leave: Callable = lambda: None):
    """An autosave request answered by `autosave()`; a "discard my changes" request by `discard()`,
    a commit and a redirect to `back_to`; a "create a new one here" button by `leave()`
    (portal.core.detours); None for every other request (any form with drafts)."""
    if is_autosave_request():
        return autosave()
    if (response := leave()) is not None:
        return response
    if request.method == "POST" and request.form.get("discard_draft") and not g.get("csrf_failed"):
        discard()
        db.session.commit()
        flash("Your unsaved changes were discarded.", "success")
        return redirect(back_to, code=303)
    return None


def _current_state(record) -> tuple[object, int | None] | None:
    """(the record as saved now, its version, None if deleted), its row locked; None when it cannot
    be read again (a new record, or a view over rows that cannot rebuild itself)."""
    if hasattr(type(record), "__table__"):
        if getattr(record, "id", None) is None:
            return None
        version = _locked_version(record)
        if version is not None and version != record.version:
            db.session.refresh(record)
        return record, version
    reloaded = getattr(record, "reloaded", None)
    if reloaded is None:
        return None
    _locked_version(record)
    fresh = reloaded()
    return fresh, fresh.version


class Editor:
    """A form bound to one versioned record for the current user."""

    def __init__(self, form_class, record, key: str | None = None, **form_options):
        self.form_class, self.record, self.key = form_class, record, key or request.path
        self.draft = None
        if request.method == "GET":
            found = drafts.find_draft(current_user, self.key)
            self.draft = found if found is not None and found.base_version is not None else None
        formdata = drafts.as_formdata(self.draft) if self.draft else None
        self.form = form_class(formdata=formdata, obj=record, **form_options) if formdata else \
            form_class(obj=record, **form_options)
        self.form.pinned_record = record  # what the form shows pinned on it (portal.reviews.pins)
        self.merged: Merge | None = None
        self.merge_invalid = False
        if request.method == "GET":
            self.form.version.data = self.draft.base_version if self.draft else record.version
            if "base" in self.form and not self.draft:  # a restored draft keeps the base it started from
                self.form.base.data = sign_base(raw_values(self.form))

    @property
    def seen_version(self) -> int | None:
        return drafts.seen_version()

    def intercept(self):
        """The response to an autosave or a "discard draft" request, or None for everything else."""
        return intercept_drafts(self.autosave, self.discard, request.path,
                                lambda: detours.leave(self.form, self.key, self.seen_version))

    def autosave(self):
        """Keep the typed values as a draft; JSON, never a redirect."""
        if g.get("csrf_failed"):
            return jsonify(error="Your session token was out of date; try again.", csrf_token=generate_csrf()), 422
        if self.seen_version is None:
            return jsonify(error="The form is missing its version; reload the page."), 422
        current = _locked_version(self.record)
        if self.seen_version != current:
            return jsonify(error="Someone else saved this record since you opened it.", current_version=current), 409
        draft = drafts.save_draft(current_user, self.key, drafts.typed_values(), self.seen_version)
        db.session.commit()
        return jsonify(saved_at=draft.saved_at.isoformat(), version=self.seen_version, csrf_token=generate_csrf())

    def changes(self) -> dict:
        """The record's new values: every field but the version, an empty text stored as no value;
        a secret left blank keeps its value."""
        return {field.name: None if field.data == "" else field.data for field in self.form
                if field.name not in NOT_COMPARED and not (isinstance(field, PasswordField) and not field.data)}

    def save(self, writer: Callable[[object, int, dict], Conflict | None]) -> Conflict | None:
        """Write through `writer(record, seen_version, changes)`; the draft goes once the save is made.
        Over a newer save, the three-way merge decides first (`self.merged`; False: merged values
        that do not validate, shown in the form again)."""
        record, version = self.record, self.seen_version
        base = read_base(self.form.base.data) if "base" in self.form else None
        current = _current_state(self.record) if base is not None else None
        if current is not None and current[1] != self.seen_version:
            record, version = current
            if current[1] is None:
                return Conflict(self.record, self.seen_version, None)
            conflict = self._merge(base, record, version)
            if conflict is not None or self.merge_invalid:
                return conflict
        conflict = writer(record, version, self.changes())
        if conflict is None:
            drafts.discard_draft(current_user, self.key)
        return conflict

    def _merge(self, base: dict, record, version: int) -> Conflict | None:
        """Mine over theirs from the base: the form now holds the merged values, at the current
        version, with theirs as its new base; a conflict names only what both changed differently."""
        theirs = raw_values(self.form_class(formdata=None, obj=record))
        self.merged = merge(base, raw_values(self.form), theirs)
        if self.merged.conflicts:
            self.theirs_base = sign_base(theirs)
            return Conflict(record, self.seen_version, version, [FieldConflict(
                name, self.form[name].data, getattr(record, name, None)) for name in self.merged.conflicts])
        self.form.process(formdata=as_formdata(request.form, self.merged.values, version=str(version),
                                               base=sign_base(theirs)))
        self.merge_invalid = not self.form.validate()  # shown again: the merged values, what is wrong
        return None

    def submit(self, writer: Callable[[object, int, dict], Conflict | None], *, title: str,
               saved: str | Callable[[object], str], next_url: str, refusals: tuple = (),
               refusal_field: str | None = None):
        """The whole life of a POST to an editing page: autosave or discard, validation, the versioned
        save or its conflict page, then commit, flash and redirect (303). None: show the form (again).
        `saved` may be a function of the saved record (a confirmation that names its new name).

        `refusals` are the writer's own exceptions; their message goes next to `error.field`, else
        next to `refusal_field`."""
        if (response := self.intercept()) is not None:
            return response
        if not self.form.validate_on_submit():
            return None
        try:
            conflict = self.save(writer)
        except refusals as error:
            db.session.rollback()
            self.form[getattr(error, "field", None) or refusal_field].errors.append(str(error))
            return self._merged_notice()
        if conflict:
            return self.conflict_page(conflict, title)
        if self.merge_invalid:
            return self._merged_notice()
        db.session.commit()
        flash(saved(self.record) if callable(saved) else saved, "success")
        return redirect(next_url, code=303)

    def _merged_notice(self) -> None:
        """The form is shown again; if it holds someone else's newer values merged in, say so."""
        if self.merged is not None:
            flash("Someone else saved this meanwhile: their changes and yours are both in the form now. "
                  "Check it and save again.", "warning")
        return None

    def discard(self) -> None:
        drafts.discard_draft(current_user, self.key)

    def conflict_page(self, conflict: Conflict, title: str):
        """The fields both changed differently side by side, the rest merged; the person picks one
        value per conflict and saves again (from the current version, with theirs as the base)."""
        saved = None if conflict.deleted else (conflict.record if self.merged is not None else self.record)
        theirs = self.form_class(formdata=None, obj=saved)  # gone: nothing to read
        for field in theirs:  # the choices a view set on its form (sites, models, destinations)
            if isinstance(field, SelectFieldBase) and field.name in self.form:
                field.choices = self.form[field.name].choices
        merged = self.merged or Merge()
        rows = [_row(mine, theirs[mine.name], merged.sources.get(mine.name), merged.values.get(mine.name))
                for mine in self.form if comparable(mine)]
        return render_template("conflict.html", title=title, rows=rows, conflict=conflict,
                               base=getattr(self, "theirs_base", None), csrf_token_value=generate_csrf()), 409


def raw_value(field) -> str:
    """The value as the browser sends it back (several choices as one value, space-separated)."""
    if isinstance(field, BooleanField):
        return "y" if field.data else ""
    if isinstance(field, SelectMultipleField):
        return " ".join(str(choice[0]) for choice in field.iter_choices() if choice[2])
    if isinstance(field, SelectField):
        return next((str(choice[0]) for choice in field.iter_choices() if choice[2]), "")
    return field._value() or ""


def shown_value(field) -> str:
    if isinstance(field, BooleanField):
        return "Yes" if field.data else "No"
    if isinstance(field, SelectMultipleField):
        return ", ".join(str(choice[1]) for choice in field.iter_choices() if choice[2])
    if isinstance(field, SelectField):
        return next((str(choice[1]) for choice in field.iter_choices() if choice[2]), "")
    return field._value() or ""


NOTES = {"mine": "your change", "theirs": "their change", "both": "the same change on both sides",
         "merged": "both sides' choices", "unchanged": "unchanged"}


def _row(mine, theirs, source: str | None, merged) -> dict:
    """One field of the conflict page; `source` is where the merge took it from (None: no merge) and
    `merged` the merged value (several choices: both sides' additions, less their removals)."""
    kept, kept_shown = (raw_value(theirs), shown_value(theirs)) if source == "theirs" else \
        (raw_value(mine), shown_value(mine))
    if source == "merged":
        kept = " ".join(merged)
        kept_shown = ", ".join(str(label) for value, label, *_ in mine.iter_choices() if str(value) in merged)
    differs = source == "conflict" if source else raw_value(mine) != raw_value(theirs)
    return {"name": mine.name, "label": mine.label.text, "mine": raw_value(mine), "theirs": raw_value(theirs),
            "mine_shown": shown_value(mine), "theirs_shown": shown_value(theirs), "differs": differs,
            "kept": kept, "kept_shown": kept_shown, "note": NOTES.get(source, "the same in both")}

