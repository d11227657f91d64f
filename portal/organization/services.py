"""Writes to a customer organization's own details."""
from __future__ import annotations

from portal.core import audit
from portal.core.versioning import Conflict, update_versioned
from portal.models.users import Organization

FIELD_TITLES = {"name": "name", "support_pass_code": "support pass code", "escalation_notes": "escalation list"}


def update_organization(organization: Organization, seen_version: int, changes: dict) -> Conflict | None:
    """Save the organization's details; the audit names what changed, never a secret's value."""
    changed = [FIELD_TITLES.get(name, name) for name, value in changes.items()
               if getattr(organization, name) != value]
    conflict = update_versioned(organization, seen_version, changes)
    if conflict is None and changed:
        audit.record("organization.updated", organization, note="changed: " + ", ".join(changed))
    return conflict
