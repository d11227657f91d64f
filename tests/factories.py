"""Test factories: real rows through the models, flushed, never committed."""
from __future__ import annotations

import io
import itertools

from portal.core.passwords import hash_password
from portal.core.storage import DOCUMENT, store_upload
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


PNG_BYTES = b"\x89PNG\r\n\x1a\n" + bytes(64)
PDF_BYTES = b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"


def create_stored_file(organization: Organization | None = None, content: bytes = PDF_BYTES,
                       name: str = "carrier-bill.pdf", uploader: User | None = None):
    return store_upload(io.BytesIO(content), name, kind=DOCUMENT, max_bytes=10 * 1024 * 1024,
                        organization=organization, uploader=uploader)
