"""The registered loader of users (organizations' own is core's): customers see only their own organization."""
from __future__ import annotations

from portal.core.permissions import organization_loader, register_loader, same_organization
from portal.models.users import User

user_loader = register_loader(
    "user", User, lambda query, user: same_organization(query, user, User.organization_id), owner="organization")

__all__ = ["organization_loader", "user_loader"]
