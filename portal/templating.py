"""What every template sees: branding, navigation by role and small formatting filters."""
from __future__ import annotations

import base64
from datetime import datetime

from flask import Flask, current_app, g, url_for
from flask_login import current_user

from portal.core.audit import action_title
from portal.core.features import effective_status, feature_link, feature_summary, is_derived
from portal.core.hours import summary as hours_summary
from portal.core.permissions import can_edit
from portal.core.phones import format_phone
from portal.models.users import Role
from portal.projects.plan import after_go_live_by_hand, progress
from portal.reviews.pins import pinned, pinned_at


def _own_organization(user) -> dict:
    return {"organization_id": user.organization_id}


# (endpoint, label, roles that see it or None for everyone logged in, the URL's values for a user)
NAVIGATION = (
    ("main.dashboard", "Dashboard", None, None),
    ("organization.organization_profile", "Organization", {Role.PRIMARY_CONTACT, Role.SECONDARY_CONTACT},
     _own_organization),
    ("sites.index", "Sites", {Role.PRIMARY_CONTACT, Role.SECONDARY_CONTACT, Role.VIEWER}, _own_organization),
    ("organization.users", "Our users", {Role.PRIMARY_CONTACT}, None),
    ("admin.organizations", "Customers", {Role.ADMIN, Role.IPM}, None),
    ("admin.staff", "Staff", {Role.ADMIN}, None),
    ("plan_admin.index", "Plan template", {Role.ADMIN}, None),
    ("catalog.index", "Phone models", {Role.ADMIN}, None),
    ("admin.mail", "E-mail", {Role.ADMIN}, None),
    ("reviews.queue_page", "Reviews", {Role.ADMIN, Role.IPM, Role.ENGINEER}, None),
    ("activity.feed", "Activity", {Role.ADMIN, Role.IPM, Role.ENGINEER}, None),
)


def navigation_for(user) -> list[tuple[str, str, str]]:
    """(endpoint, URL, label) of the main navigation for this user."""
    if not getattr(user, "is_authenticated", False):  # also outside a request (a background job)
        return []
    return [(endpoint, url_for(endpoint, **(values(user) if values else {})), label)
            for endpoint, label, roles, values in NAVIGATION if roles is None or user.role in roles]


def format_datetime(value: datetime | None) -> str:
    return value.strftime("%d %b %Y, %H:%M UTC") if value else "never"


def machine_time(value: datetime) -> str:
    """A `datetime` attribute's value: HTML allows at most three digits of a second."""
    return value.isoformat(timespec="seconds")


def has_placeholder(field) -> bool:
    """Whether a select's first option is an empty placeholder ("Choose one")."""
    first = next(iter(field.iter_choices()), None)
    return first is not None and first[0] in ("", None)


def _context() -> dict:
    config = current_app.config
    branding = {key.lower(): config[key] for key in (
        "PROVIDER_NAME", "PROVIDER_LOGO", "SUPPORT_PHONE", "SUPPORT_EMAIL", "ESCALATION_CONTACTS")}
    return {"branding": branding, "navigation": navigation_for(current_user),
            "is_development": config["ENV"] == "development", "guarded": g.get("guarded"), "can_edit": can_edit()}


def png_data_url(data: bytes | None) -> str:
    """A PNG the portal re-encoded itself (a drawn signature) as a data: URL, for a page or a PDF."""
    return "data:image/png;base64," + base64.b64encode(data or b"").decode()


def init_templating(app: Flask) -> None:
    app.context_processor(_context)
    app.add_template_filter(format_datetime, "datetime")
    app.add_template_filter(format_phone, "phone")
    app.add_template_filter(hours_summary, "hours")
    app.add_template_filter(machine_time, "machine_time")
    app.add_template_filter(has_placeholder, "has_placeholder")
    app.add_template_filter(action_title, "action_title")
    app.add_template_filter(png_data_url, "png_data_url")
    app.add_template_global(effective_status, "task_status")
    app.add_template_global(is_derived, "task_is_derived")
    app.add_template_global(feature_link, "task_link")
    app.add_template_global(feature_summary, "task_summary")
    app.add_template_global(progress, "plan_progress")
    app.add_template_test(lambda task: effective_status(task).is_closed, "task_closed")
    app.add_template_global(after_go_live_by_hand, "after_go_live")
    app.add_template_global(pinned, "pinned")
    app.add_template_global(pinned_at, "pinned_at")
    app.jinja_env.trim_blocks = True
    app.jinja_env.lstrip_blocks = True
