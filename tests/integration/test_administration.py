"""Administrators manage customer organizations and provider staff."""
from sqlalchemy import select

from portal.models.users import Organization, Role, User, UserStatus
from tests.factories import create_organization, create_user


def _admin(client):
    admin = create_user(Role.ADMIN)
    client.login(admin.email)
    return admin


def test_an_admin_adds_a_customer_and_invites_its_primary_contact(client, session, outbox):
    _admin(client)
    response = client.submit("/admin/organizations", {"name": "Lakeside Clinics"})
    organization = session.scalars(select(Organization).where(Organization.name == "Lakeside Clinics")).one()
    assert response.headers["Location"] == f"/admin/organizations/{organization.id}/invite"
    client.submit(response.headers["Location"], {"name": "Pat Lee", "email": "pat@lakeside.example",
                                                 "role": "primary_contact"})
    pat = session.scalars(select(User).where(User.email == "pat@lakeside.example")).one()
    assert (pat.organization_id, pat.role, pat.status) == (organization.id, Role.PRIMARY_CONTACT, UserStatus.INVITED)
    assert outbox[-1]["To"] == "pat@lakeside.example"
    assert "Pat Lee" in client.get(f"/admin/organizations/{organization.id}").get_data(as_text=True)


def test_a_duplicate_organization_name_is_explained(client):
    _admin(client)
    create_organization("Lakeside Clinics")
    page = client.submit("/admin/organizations", {"name": "lakeside clinics"}).get_data(as_text=True)
    assert "exists already" in page and 'value="lakeside clinics"' in page


def test_an_admin_invites_staff(client, session):
    _admin(client)
    client.submit("/admin/staff/invite", {"name": "Eve Engineer", "email": "eve@provider.example", "role": "engineer"})
    eve = session.scalars(select(User).where(User.email == "eve@provider.example")).one()
    assert eve.role == Role.ENGINEER and eve.organization_id is None
    assert "Eve Engineer" in client.get("/admin/staff").get_data(as_text=True)


def test_staff_invitations_offer_only_staff_roles(client):
    _admin(client)
    page = client.submit("/admin/staff/invite", {"name": "X", "email": "x@provider.example",
                                                 "role": "primary_contact"}).get_data(as_text=True)
    assert "Not a valid choice" in page


def test_other_roles_cannot_administer(client):
    for role, customers in ((Role.IPM, 200), (Role.ENGINEER, 403), (Role.PRIMARY_CONTACT, 403)):
        user = create_user(role)
        client.login(user.email)
        assert client.get("/admin/organizations").status_code == customers  # IPMs onboard customers
        assert client.get("/admin/staff").status_code == 403
        assert client.get("/admin/plan").status_code == 403
        client.submit("/logout", page="/")


def test_the_activity_feed_is_for_staff(client):
    admin = _admin(client)
    client.submit("/admin/organizations", {"name": "Feed Test Co"})
    page = client.get("/activity").get_data(as_text=True)
    assert "added the organization" in page and "Feed Test Co" in page and admin.name in page
    client.submit("/logout", page="/")
    customer = create_user(Role.PRIMARY_CONTACT)
    client.login(customer.email)
    assert client.get("/activity").status_code == 403
