"""Test factories: real rows through the models, flushed, never committed."""
from __future__ import annotations

import itertools

from portal.core.passwords import hash_password
from portal.extensions import db
from portal.models.users import Organization, Role, User, UserStatus
from tests.conftest import TEST_PASSWORD

_sequence = itertools.count(1)


def create_organization(name: str | None = None) -> Organization:
    organization = Organization(name=name or f"Customer {next(_sequence)}")
    db.session.add(organization)
    db.session.flush()
    return organization


def create_user(role: Role = Role.PRIMARY_CONTACT, organization: Organization | None = None, *,
                email: str | None = None, name: str | None = None, password: str | None = TEST_PASSWORD,
                status: UserStatus = UserStatus.ACTIVE) -> User:
    if organization is None and not role.is_staff:
        organization = create_organization()
    number = next(_sequence)
    user = User(email=email or f"person{number}@example.com", name=name or f"Person {number}", role=role,
                organization=organization, status=status,
                password_hash=hash_password(password) if password else None)
    db.session.add(user)
    db.session.flush()
    return user
