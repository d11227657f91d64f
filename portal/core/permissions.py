"""Who may do what: role checks, fresh-login checks and the registered, organization-scoped loaders.

Every route that takes an id resolves it through `@loads(...)` with a registered `Loader`, which
scopes the lookup by the current user's organization, so a foreign id answers 404 (DESIGN.md 9).
"""
from __future__ import annotations

import functools
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from typing import Callable

from flask import abort, current_app, flash, redirect, request, session, url_for
from flask_login import current_user
from sqlalchemy import Select, select

from portal.extensions import db

LOADERS: dict[str, Loader] = {}


@dataclass(frozen=True)
class Loader:
    """Resolves `<name>_id` route arguments into a `name` object the current user may see."""

    name: str
    model: type
    scope: Callable[[Select, object], Select]

    def load(self, object_id: int):
        if not 0 < object_id < 2**31:  # beyond any id the database holds
            abort(404)
        query = self.scope(select(self.model).where(self.model.id == object_id), current_user)
        return db.session.scalars(query).first() or abort(404)


def register_loader(name: str, model: type, scope: Callable[[Select, object], Select]) -> Loader:
    if name in LOADERS:
        raise ValueError(f"a loader named {name!r} is registered already")
    LOADERS[name] = Loader(name, model, scope)
    return LOADERS[name]


def loads(**arguments: Loader):
    """Replace each `<argument>=Loader` route argument with the scoped object, or answer 404."""
    def decorate(view):
        @functools.wraps(view)
        def wrapper(**kwargs):
            for argument, loader in arguments.items():
                kwargs[loader.name] = loader.load(kwargs.pop(argument))
            return view(**kwargs)
        wrapper.scoped_arguments = {**getattr(view, "scoped_arguments", {}), **arguments}
        return wrapper
    return decorate


def roles_required(*roles):
    """Answer 403 unless the logged-in user has one of `roles` (login is checked by login_required)."""
    def decorate(view):
        @functools.wraps(view)
        def wrapper(**kwargs):
            if not current_user.is_authenticated:
                return current_app.login_manager.unauthorized()
            if current_user.role not in roles:
                abort(403)
            return view(**kwargs)
        wrapper.allowed_roles = frozenset(roles)
        return wrapper
    return decorate


def mark_login(now: datetime | None = None) -> None:
    """Remember when the password was last checked in this session (for fresh-login checks)."""
    session["login_at"] = (now or datetime.now(timezone.utc)).timestamp()


def is_fresh_login() -> bool:
    login_at = session.get("login_at")
    window = timedelta(minutes=current_app.config["FRESH_LOGIN_MINUTES"]).total_seconds()
    return login_at is not None and datetime.now(timezone.utc).timestamp() - login_at <= window


def fresh_login_required(view):
    """Ask for the password again when it was last entered more than FRESH_LOGIN_MINUTES ago.

    Autosaves go on (a draft changes nothing); a save sent meanwhile keeps its values as the
    person's draft, which the form shows again once the password is confirmed."""
    @functools.wraps(view)
    def wrapper(**kwargs):
        from portal.core.editing import is_autosave_request
        from portal.core.security import keep_posted_values
        if is_fresh_login() or (is_autosave_request() and getattr(view, "keeps_drafts", False)):
            return view(**kwargs)  # an autosave only keeps a draft, and only an Editor's view answers it
        if request.method == "POST":
            kept = keep_posted_values(current_user._get_current_object())
            flash("Confirm your password to save." + (" What you typed is kept." if kept else ""), "info")
            return redirect(url_for("auth.reauthenticate", next=request.path), code=303)
        return redirect(url_for("auth.reauthenticate", next=request.full_path.rstrip("?")))
    return wrapper


def same_organization(statement: Select, user, column) -> Select:
    """Staff see every organization; customers see only their own."""
    if user.is_staff:
        return statement
    return statement.where(column == user.organization_id)
