"""What every template sees: branding, navigation by role and small formatting filters."""
from __future__ import annotations

from datetime import datetime

from flask import Flask, current_app
from flask_login import current_user

from portal.core.audit import action_title
from portal.models.users import Role

# (endpoint, label, roles that see it; None = everyone logged in)
NAVIGATION = (
    ("main.dashboard", "Dashboard", None),
    ("organization.users", "Our users", {Role.PRIMARY_CONTACT}),
    ("admin.organizations", "Customers", {Role.ADMIN}),
    ("admin.staff", "Staff", {Role.ADMIN}),
    ("activity.feed", "Activity", {Role.ADMIN, Role.IPM, Role.ENGINEER}),
)


def navigation_for(user) -> list[tuple[str, str]]:
    if not user.is_authenticated:
        return []
    return [(endpoint, label) for endpoint, label, roles in NAVIGATION if roles is None or user.role in roles]


def format_datetime(value: datetime | None) -> str:
    return value.strftime("%d %b %Y, %H:%M UTC") if value else "never"


def _context() -> dict:
    config = current_app.config
    branding = {key.lower(): config[key] for key in (
        "PROVIDER_NAME", "PROVIDER_LOGO", "SUPPORT_PHONE", "SUPPORT_EMAIL", "ESCALATION_CONTACTS")}
    return {"branding": branding, "navigation": navigation_for(current_user),
            "is_development": config["ENV"] == "development"}


def init_templating(app: Flask) -> None:
    app.context_processor(_context)
    app.add_template_filter(format_datetime, "datetime")
    app.add_template_filter(action_title, "action_title")
    app.jinja_env.trim_blocks = True
    app.jinja_env.lstrip_blocks = True
