"""The registered loaders for organizations and users: customers see only their own organization."""
from __future__ import annotations

from portal.core.permissions import register_loader, same_organization
from portal.models.users import Organization, User

organization_loader = register_loader(
    "organization", Organization, lambda query, user: same_organization(query, user, Organization.id))
user_loader = register_loader(
    "user", User, lambda query, user: same_organization(query, user, User.organization_id))
