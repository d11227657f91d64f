"""One editing machinery for every form that changes a versioned record (DESIGN.md section 8).

    editor = Editor(ProfileForm, user)
    response = editor.submit(services.update_profile, title="Your profile", saved="Your profile was saved.",
                             next_url=url_for("auth.profile"))
    return response or render_template("auth/profile.html", editor=editor)

The editor binds the form to the request, to the person's draft (restored with a notice) or to the
record; carries the version the person saw; answers autosave requests with JSON; and turns a stale
save into a conflict page that shows both versions field by field.
"""
from __future__ import annotations

from typing import Callable

from flask import flash, g, jsonify, redirect, render_template, request
from flask_login import current_user
from flask_wtf.csrf import generate_csrf
from sqlalchemy import select
from wtforms import BooleanField, PasswordField, SelectField, SelectMultipleField
from wtforms.fields.choices import SelectFieldBase

from portal.core import drafts
from portal.core.versioning import Conflict
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
        if row is not None:
            _locked_version(row)
        return record.version
    if getattr(record, "id", None) is None:
        return record.version
    return db.session.scalar(select(model.version).where(model.id == record.id).with_for_update())


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
        if request.method == "GET":
            self.form.version.data = self.draft.base_version if self.draft else record.version

    @property
    def seen_version(self) -> int | None:
        return drafts.seen_version()

    def intercept(self):
        """The response to an autosave or a "discard draft" request, or None for everything else."""
        if is_autosave_request():
            return self.autosave()
        if request.method == "POST" and request.form.get("discard_draft") and not g.get("csrf_failed"):
            self.discard()
            db.session.commit()
            flash("Your unsaved changes were discarded.", "success")
            return redirect(request.path, code=303)
        return None

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
                if field.name not in ("csrf_token", "version", "once_token")
                and not (isinstance(field, PasswordField) and not field.data)}

    def save(self, writer: Callable[[object, int, dict], Conflict | None]) -> Conflict | None:
        """Write through `writer(record, seen_version, changes)`; the draft goes once the save is made."""
        conflict = writer(self.record, self.seen_version, self.changes())
        if conflict is None:
            drafts.discard_draft(current_user, self.key)
        return conflict

    def submit(self, writer: Callable[[object, int, dict], Conflict | None], *, title: str, saved: str,
               next_url: str, refusals: tuple = (), refusal_field: str | None = None):
        """The whole life of a POST to an editing page: autosave or discard, validation, the versioned
        save or its conflict page, then commit, flash and redirect (303). None: show the form (again).

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
            return None
        if conflict:
            return self.conflict_page(conflict, title)
        db.session.commit()
        flash(saved, "success")
        return redirect(next_url, code=303)

    def discard(self) -> None:
        drafts.discard_draft(current_user, self.key)

    def conflict_page(self, conflict: Conflict, title: str):
        """Both versions side by side; the person picks one per field and saves again."""
        theirs = self.form_class(formdata=None, obj=None if conflict.deleted else self.record)  # gone: nothing
        for field in theirs:  # the choices a view set on its form (sites, models, destinations)
            if isinstance(field, SelectFieldBase) and field.name in self.form:
                field.choices = self.form[field.name].choices
        rows = [_row(mine, theirs[mine.name]) for mine in self.form if _comparable(mine)]
        return render_template("conflict.html", title=title, rows=rows, conflict=conflict,
                               csrf_token_value=generate_csrf()), 409


def _comparable(field) -> bool:
    return field.name not in ("csrf_token", "version", "once_token") and not isinstance(field, PasswordField)


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


def _row(mine, theirs) -> dict:
    return {"name": mine.name, "label": mine.label.text, "mine": raw_value(mine), "theirs": raw_value(theirs),
            "mine_shown": shown_value(mine), "theirs_shown": shown_value(theirs),
            "differs": raw_value(mine) != raw_value(theirs)}

