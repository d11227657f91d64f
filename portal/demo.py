"""Demo data for `flask seed-demo`: two customers part-way through onboarding, and provider staff.

Running it again updates the same people (and their password) instead of adding copies.
"""
from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select

from portal.core import audit
from portal.core.passwords import hash_password
from portal.extensions import db
from portal.models.users import Organization, Role, User, UserStatus

DEFAULT_PASSWORD = "onboard-demo-2026"


@dataclass(frozen=True)
class DemoPerson:
    label: str
    email: str
    name: str
    role: Role
    organization: str | None = None
    job_title: str | None = None
    phone: str | None = None


A, A_MAIL = "Northwind Dental Group", "northwind-dental.example"
B, B_MAIL = "Bayside Logistics Co.", "bayside-logistics.example"
PEOPLE = (
    DemoPerson("customer-a-primary", f"maria.lopez@{A_MAIL}", "Maria Lopez", Role.PRIMARY_CONTACT, A,
               "Practice operations manager", "+14155550134"),
    DemoPerson("customer-a-secondary", f"tom.becker@{A_MAIL}", "Tom Becker", Role.SECONDARY_CONTACT, A,
               "IT coordinator", "+14155550178"),
    DemoPerson("customer-a-viewer", f"ana.silva@{A_MAIL}", "Ana Silva", Role.VIEWER, A, "Front desk lead"),
    DemoPerson("customer-b-primary", f"james.okafor@{B_MAIL}", "James Okafor", Role.PRIMARY_CONTACT, B,
               "Director of IT", "+13125550142"),
    DemoPerson("customer-b-secondary", f"lena.novak@{B_MAIL}", "Lena Novak", Role.SECONDARY_CONTACT, B,
               "Network administrator", "+13125550199"),
    DemoPerson("customer-b-viewer", f"raj.patel@{B_MAIL}", "Raj Patel", Role.VIEWER, B, "Dispatch supervisor"),
    DemoPerson("ipm", "priya.shah@provider.example", "Priya Shah", Role.IPM, None,
               "Implementation project manager", "+18005550100"),
    DemoPerson("engineer", "daniel.kim@provider.example", "Daniel Kim", Role.ENGINEER, None, "Customer engineer"),
    DemoPerson("admin", "admin@provider.example", "Alex Morgan", Role.ADMIN, None, "Portal administrator"),
)
ORGANIZATION_DETAILS = {
    A: {"escalation_notes": "1. Maria Lopez, practice operations manager, +1 415 555 0134\n"
                            "2. Dr. Helen Park, managing partner, +1 415 555 0101",
        "support_pass_code": "molar-harbor-2026"},
    B: {"escalation_notes": "1. James Okafor, director of IT, +1 312 555 0142"},
}


def _organization(name: str) -> Organization:
    organization = db.session.scalars(select(Organization).where(Organization.name == name)).first()
    if organization is None:
        organization = Organization(name=name, **ORGANIZATION_DETAILS.get(name, {}))
        db.session.add(organization)
        db.session.flush()
        audit.record("organization.created", organization, note="demo data")
    return organization


def _person(person: DemoPerson, password_hash: str) -> User:
    user = db.session.scalars(select(User).where(User.email == person.email)).first()
    if user is None:
        user = User(email=person.email)
        db.session.add(user)
    user.name, user.role, user.status = person.name, person.role, UserStatus.ACTIVE
    user.job_title, user.phone = person.job_title, person.phone
    user.organization = _organization(person.organization) if person.organization else None
    user.password_hash = password_hash
    db.session.flush()
    return user


def seed_demo(password: str = DEFAULT_PASSWORD) -> list[tuple[str, str]]:
    """Create or refresh the demo organizations and people; returns (label, e-mail) pairs."""
    password_hash = hash_password(password)
    logins = [(person.label, _person(person, password_hash).email) for person in PEOPLE]
    audit.record("demo.seeded", note=f"{len(PEOPLE)} demo logins")
    return logins
