"""Typed SQLAlchemy models, one module per aggregate; importing this package registers them all."""
from portal.models.audit import AuditEvent
from portal.models.drafts import Draft
from portal.models.files import StoredFile
from portal.models.once import UsedActionToken
from portal.models.users import Organization, Role, TokenPurpose, User, UserStatus, UserToken

__all__ = ["AuditEvent", "Draft", "StoredFile", "Organization", "Role", "TokenPurpose", "UsedActionToken", "User",
           "UserStatus", "UserToken"]
