"""Exactly once: a double click, a reload of the POST or a replay acts once and shows the first outcome."""
import re

from sqlalchemy import func, select

from portal.models.users import Organization, Role, User
from tests.factories import create_user

ONCE = re.compile(r'name="once_token" type="hidden" value="([^"]+)"')


def _form_tokens(client, path):
    page = client.get(path).get_data(as_text=True)
    return client.csrf_token(path), ONCE.search(page).group(1)


def test_a_double_submitted_invitation_invites_once_and_shows_the_first_outcome(client, session, outbox):
    primary = create_user(Role.PRIMARY_CONTACT)
    client.login(primary.email)
    csrf, once = _form_tokens(client, "/organization/users/invite")
    data = {"csrf_token": csrf, "once_token": once, "name": "Dee Double", "email": "dee@example.com",
            "role": "viewer"}
    first = client.post("/organization/users/invite", data=data)
    second = client.post("/organization/users/invite", data=data)
    assert first.status_code == second.status_code == 303
    assert second.headers["Location"] == first.headers["Location"] == "/organization/users"
    assert "nothing was repeated" in client.get("/organization/users").get_data(as_text=True)
    assert session.scalar(select(func.count(User.id)).where(User.email == "dee@example.com")) == 1
    assert len(outbox) == 1


def test_a_replayed_organization_creation_creates_one(client, session):
    admin = create_user(Role.ADMIN)
    client.login(admin.email)
    csrf, once = _form_tokens(client, "/admin/organizations")
    data = {"csrf_token": csrf, "once_token": once, "name": "Once Only Inc"}
    responses = [client.post("/admin/organizations", data=data) for _ in range(3)]
    assert {response.headers["Location"] for response in responses} == {responses[0].headers["Location"]}
    assert session.scalar(select(func.count(Organization.id)).where(Organization.name == "Once Only Inc")) == 1


def test_a_refused_action_leaves_its_token_usable(client, session):
    primary = create_user(Role.PRIMARY_CONTACT)
    client.login(primary.email)
    csrf, once = _form_tokens(client, "/organization/users/invite")
    data = {"csrf_token": csrf, "once_token": once, "name": "Twin", "email": primary.email, "role": "viewer"}
    assert "already has an account" in client.post("/organization/users/invite", data=data).get_data(as_text=True)
    fixed = client.post("/organization/users/invite", data={**data, "email": "twin@example.com"})
    assert fixed.status_code == 303
    assert session.scalar(select(func.count(User.id)).where(User.email == "twin@example.com")) == 1


def test_a_forged_or_foreign_token_is_refused_with_a_fresh_one_and_the_values_kept(client, app):
    other = create_user(Role.PRIMARY_CONTACT)
    other_client = app.test_client()
    other_client.login(other.email)
    _, foreign = _form_tokens(other_client, "/organization/users/invite")
    primary = create_user(Role.PRIMARY_CONTACT)
    client.login(primary.email)
    csrf, _ = _form_tokens(client, "/organization/users/invite")
    for token in ("forged", foreign):
        response = client.post("/organization/users/invite", data={
            "csrf_token": csrf, "once_token": token, "name": "Kept Name", "email": "kept@example.com",
            "role": "viewer"})
        page = response.get_data(as_text=True)
        assert response.status_code == 200 and "This form was out of date, so nothing was done." in page
        assert 'value="Kept Name"' in page and ONCE.search(page).group(1) not in ("forged", foreign)
