"""Who may do what, decided once (DESIGN.md section 2): the roles, the project and organization rules,
the one guard every project page goes through, the registered organization-scoped loaders and the
fresh-login check.

    @bp.route("/projects/<int:project_id>/worksheet/new", methods=["GET", "POST"])
    @project_view(*EDITORS, edit=True, readable=False)
    def new(project): ...

Every route that takes an id resolves it through a registered `Loader`, which scopes the lookup by the
current user's organization, so a foreign id answers 404 (DESIGN.md 9). A route naming a child (a seat,
an import, a task) finds the owning project through the child's loader and gets the same rule.
"""
from __future__ import annotations

import enum
import functools
import inspect
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from typing import Callable

from flask import abort, current_app, flash, g, redirect, request, session, url_for
from flask_login import current_user
from sqlalchemy import Select, exists, select

from portal.extensions import db
from portal.models.projects import Phase, Project
from portal.models.users import CONTACT_ROLES, Organization, Role

READERS = tuple(Role)  # everyone who logs in reads the projects they may see
EDITORS = (Role.PRIMARY_CONTACT, Role.SECONDARY_CONTACT, Role.IPM, Role.ADMIN)  # may edit some project
MANAGERS = (Role.IPM, Role.ADMIN)  # run a project's plan: dates, phase, meetings, tasks
PIN_READERS = (Role.ENGINEER, Role.ADMIN)  # configure phones, so read a voicemail PIN
CLOSED_PHASE = "close"

LOADERS: dict[str, Loader] = {}


class Access(enum.IntEnum):
    """What one person may do with one project or organization."""

    NONE = 0
    READ = 1
    EDIT = 2


@dataclass(frozen=True)
class Loader:
    """Resolves `<name>_id` route arguments into a `name` object the current user may see, and knows
    the project or organization the object belongs to."""

    name: str
    model: type
    scope: Callable[[Select, object], Select]
    owner: str | None = None  # "project" or "organization": the row's `<owner>_id` column names it

    def owner_in(self, scope: str):
        """How to find the `scope` ("project" or "organization") a loaded row belongs to, if it has one."""
        if self.owner == scope:
            return lambda row: _owner(OWNER_MODELS[scope], getattr(row, f"{scope}_id"))
        if self.owner == "project" and scope == "organization":
            return lambda row: db.session.get(Project, row.project_id).organization
        return None

    def load(self, object_id: int):
        if not 0 < object_id < 2**31:  # beyond any id the database holds
            abort(404)
        query = self.scope(select(self.model).where(self.model.id == object_id), current_user)
        return db.session.scalars(query).first() or abort(404)


def _owner(model: type, owner_id: int | None):
    """The project or organization a row belongs to; None for a row of nobody's (a staff account)."""
    return db.session.get(model, owner_id) if owner_id is not None else None


def register_loader(name: str, model: type, scope: Callable[[Select, object], Select],
                    owner: str | None = None) -> Loader:
    """Register a loader once; registering the same one again (a second app in one process) is harmless."""
    loader = Loader(name, model, scope, owner)
    known = LOADERS.setdefault(name, loader)
    if known.model is not model:
        raise ValueError(f"a loader named {name!r} is registered already for {known.model.__name__}")
    return known


def project_access(user, project) -> Access:
    """Contacts edit their organization's projects and viewers read them; the assigned IPM and admins
    edit; other IPMs and engineers read."""
    if project is None:
        return Access.NONE
    if user.role == Role.ADMIN or (user.role == Role.IPM and project.ipm_id == user.id):
        return Access.EDIT
    if user.is_staff:
        return Access.READ
    if user.organization_id != project.organization_id:
        return Access.NONE
    return Access.EDIT if user.role in CONTACT_ROLES else Access.READ


def organization_access(user, organization, ipm_edits: bool = False) -> Access:
    """The organization's contacts and admins edit; with `ipm_edits` (its sites, its invitations), so
    does an IPM assigned to one of its open projects, or any IPM while the customer has no project yet
    (it is being set up); other staff read."""
    if user.role == Role.ADMIN:
        return Access.EDIT
    if organization is None or (not user.is_staff and user.organization_id != organization.id):
        return Access.NONE
    if user.role in CONTACT_ROLES or (ipm_edits and user.role == Role.IPM and _manages(user, organization)):
        return Access.EDIT
    return Access.READ


def _manages(user, organization) -> bool:
    """The IPM runs one of the organization's open projects, or it has no project yet."""
    runs_one = exists().where(Project.organization_id == organization.id, Project.ipm_id == user.id,
                              Project.phase_id == Phase.id, Phase.key != CLOSED_PHASE)
    has_none = ~exists().where(Project.organization_id == organization.id)
    return bool(db.session.scalar(select(runs_one | has_none)))


@dataclass(frozen=True)
class Guarded:
    """What the guard decided for this request: templates read `can_edit` and `who_can_change`."""

    scope: str
    target: object
    access: Access
    guard: Guard

    @property
    def shows_note(self) -> bool:
        """The line saying who can change it, for someone who may only read a page that says so."""
        return self.access == Access.READ and self.guard.note

    @property
    def can_edit(self) -> bool:
        return self.access == Access.EDIT

    @property
    def who_can_change(self) -> str:
        if self.scope == "project":
            customer = f"{self.target.organization.name}'s contacts"
            if self.target.ipm is None:
                return f"You can read this project. The provider's administrators and {customer} can change it; " \
                       "no project manager is assigned yet."
            return f"You can read this project. Its project manager ({self.target.ipm.name}), the provider's " \
                   f"administrators and {customer} can change it."
        managers = ", the project managers of its open projects" if self.guard.ipm_edits else ""
        return f"You can read this. {self.target.name}'s contacts{managers} and the provider's administrators " \
               "can change it."


def can_edit() -> bool:
    """Whether the person may change what this request's guard loaded."""
    guarded = g.get("guarded")
    return bool(guarded and guarded.can_edit)


@dataclass(frozen=True)
class Guard:
    """The rule one route declares: who may reach it, whether its POST edits, whether readers see it."""

    scope: str  # "project" or "organization"
    roles: frozenset
    edit: bool
    readable: bool
    ipm_edits: bool = False
    note: bool = True  # False: the page's action is open to every role it admits (no read-only line)

    def refuses(self, access: Access) -> bool:
        """Whether this request edits (a POST of an editing route, or any request of an editing form)
        and the person may only read."""
        editing = self.edit and (request.method == "POST" or not self.readable)
        return editing and access != Access.EDIT

    def access_of(self, target) -> Access:
        if self.scope == "project":
            return project_access(current_user, target)
        return organization_access(current_user, target, self.ipm_edits)


def project_view(*roles: Role, edit: bool = False, readable: bool = True, **loaders: Loader):
    """The one guard of a project page: log-in, the project loaded by its registered loader (or found
    through a child's, e.g. `seat_id=seat_loader`), children checked to be the project's, the role and
    the project rule applied. `edit=True`: a POST changes the project, refused to people who may only
    read (403 for staff, 404 across organizations); `readable=False`: the GET is an editing form too."""
    return _guard(Guard("project", frozenset(roles or READERS), edit, readable), loaders)


def organization_view(*roles: Role, edit: bool = False, readable: bool = True, ipm_edits: bool = False,
                      note: bool = True, **loaders: Loader):
    """The same guard for records an organization shares among its projects (sites, profile, people,
    stored files); `ipm_edits`: an IPM assigned to one of its open projects edits them too; `note=False`
    for a staff page whose action every role it admits may take (creating a project)."""
    return _guard(Guard("organization", frozenset(roles or READERS), edit, readable, ipm_edits, note), loaders)


def _guard(guard: Guard, loaders: dict):
    def decorate(view):
        takes_target = guard.scope in inspect.signature(view).parameters

        @functools.wraps(view)
        def wrapper(**kwargs):
            if not current_user.is_authenticated:
                return current_app.login_manager.unauthorized()
            target = _load(guard, loaders, kwargs)
            access = guard.access_of(target)
            if access == Access.NONE:
                abort(404)
            if current_user.role not in guard.roles or guard.refuses(access):
                abort(403)  # someone of the organization, or staff, who may not do this
            g.guarded = Guarded(guard.scope, target, access, guard)
            if takes_target:
                kwargs[guard.scope] = target
            return view(**kwargs)
        wrapper.scoped_arguments = {**_own_loaders(guard), **loaders}
        wrapper.allowed_roles = guard.roles
        wrapper.guard = guard
        return wrapper
    return decorate


def _own_loaders(guard: Guard) -> dict:
    """The scope's own loader, for a route argument `<scope>_id` (a route naming a child has none)."""
    return {f"{guard.scope}_id": LOADERS[guard.scope]}


def _load(guard: Guard, loaders: dict, kwargs: dict):
    """The project or organization of the route, and each named child (404 if not one of its own)."""
    own = f"{guard.scope}_id"
    target = LOADERS[guard.scope].load(kwargs.pop(own)) if own in kwargs else None
    for argument, loader in loaders.items():
        child = loader.load(kwargs.pop(argument))
        kwargs[loader.name] = child
        owner_of = loader.owner_in(guard.scope)
        if owner_of is None:
            continue  # catalog data, or a site named beside its project: the view checks how they meet
        owner = owner_of(child)
        if target is None:
            target = owner
        elif owner is None or owner.id != target.id:
            abort(404)
    return target  # None only for a staff account named by itself: the organization rule leaves it to admins


def loads(**arguments: Loader):
    """Replace each `<argument>=Loader` route argument with the scoped object, or answer 404 (routes
    outside any project or organization: the catalog, the plan template, staff pages)."""
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
    """Answer 403 unless the logged-in user has one of `roles` (pages outside any project)."""
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


def register_project_child(name: str, model: type) -> Loader:
    """A loader of rows that belong to one project (`model.project_id`), seen by its organization and staff."""
    return register_loader(name, model, lambda query, user: same_organization(
        query.join(Project, Project.id == model.project_id), user, Project.organization_id), owner="project")


OWNER_MODELS = {"project": Project, "organization": Organization}
project_loader = register_loader(
    "project", Project, lambda query, user: same_organization(query, user, Project.organization_id))
organization_loader = register_loader(
    "organization", Organization, lambda query, user: same_organization(query, user, Organization.id))
