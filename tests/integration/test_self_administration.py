"""A primary contact administers their own organization's users (seed 003, self administration)."""
import time

from sqlalchemy import select

from portal.models.audit import AuditEvent
from portal.models.users import Role, User, UserStatus
from tests.factories import create_user


def _person_data(person, **values) -> dict:
    return {"name": person.name, "job_title": "", "phone": "", "role": person.role.value,
            "version": person.version, **values}


def _primary_and_colleague(client, role=Role.SECONDARY_CONTACT):
    primary = create_user(Role.PRIMARY_CONTACT)
    colleague = create_user(role, primary.organization, name="Colleague Person")
    client.login(primary.email)
    return primary, colleague


def test_the_users_page_lists_the_organization_only(client):
    primary, colleague = _primary_and_colleague(client)
    stranger = create_user(Role.SECONDARY_CONTACT, name="Someone Else Entirely")
    page = client.get("/organization/users").get_data(as_text=True)
    assert colleague.email in page and primary.email in page and stranger.email not in page


def test_only_primary_contacts_administer_users(client):
    for role in (Role.SECONDARY_CONTACT, Role.VIEWER):
        user = create_user(role)
        client.login(user.email)
        assert client.get("/organization/users").status_code == 403
        assert client.get("/organization/users/invite").status_code == 403
        client.submit("/logout", page="/")


def test_deactivation_asks_first_and_ends_the_colleagues_session_at_once(client, app, session):
    primary, colleague = _primary_and_colleague(client)
    colleague_browser = app.test_client()
    colleague_browser.login(colleague.email)
    confirm = client.get(f"/users/{colleague.id}/deactivate").get_data(as_text=True)
    assert "Deactivate Colleague Person?" in confirm and "Cancel" in confirm
    response = client.submit(f"/users/{colleague.id}/deactivate")
    assert response.status_code == 303 and response.headers["Location"] == "/organization/users"
    assert colleague_browser.get("/").status_code == 302
    assert session.get(User, colleague.id).status == UserStatus.DEACTIVATED
    assert "can no longer log in" in client.get("/organization/users").get_data(as_text=True)


def test_reactivation_gives_access_back(client, session):
    primary, colleague = _primary_and_colleague(client)
    colleague.status = UserStatus.DEACTIVATED
    session.flush()
    assert client.submit(f"/users/{colleague.id}/reactivate", page="/organization/users").status_code == 303
    assert session.get(User, colleague.id).status == UserStatus.ACTIVE


def test_a_primary_contact_cannot_deactivate_themselves(client, session):
    primary, _ = _primary_and_colleague(client)
    client.submit(f"/users/{primary.id}/deactivate")
    assert session.get(User, primary.id).status == UserStatus.ACTIVE
    assert "cannot deactivate your own account" in client.get("/organization/users").get_data(as_text=True)


def test_changing_a_role_needs_a_fresh_login(client, session):
    primary, colleague = _primary_and_colleague(client)
    with client.session_transaction() as stored:
        stored["login_at"] = time.time() - 3600
    response = client.get(f"/users/{colleague.id}/edit")
    assert response.status_code == 302 and response.headers["Location"].startswith("/reauthenticate")
    page = client.submit(response.headers["Location"], {"password": "wrong"}).get_data(as_text=True)
    assert "That password is not correct." in page
    back = client.submit(response.headers["Location"], {"password": "correct horse battery staple"})
    assert back.headers["Location"] == f"/users/{colleague.id}/edit"
    assert client.submit(f"/users/{colleague.id}/edit", _person_data(colleague, role="viewer")).status_code == 303
    assert session.get(User, colleague.id).role == Role.VIEWER


def test_a_customer_cannot_make_anyone_staff(client, session):
    primary, colleague = _primary_and_colleague(client)
    page = client.submit(f"/users/{colleague.id}/edit", _person_data(colleague, role="admin")).get_data(as_text=True)
    assert "Not a valid choice" in page
    assert session.get(User, colleague.id).role == Role.SECONDARY_CONTACT


def test_role_changes_and_deactivations_are_audited(client, session):
    primary, colleague = _primary_and_colleague(client)
    client.submit(f"/users/{colleague.id}/edit", _person_data(colleague, role="viewer"))
    client.submit(f"/users/{colleague.id}/deactivate")
    events = session.scalars(select(AuditEvent).where(AuditEvent.object_id == colleague.id,
                                                      AuditEvent.object_type == "User")).all()
    assert [(e.action, e.from_state, e.to_state, e.actor_id) for e in events] == [
        ("user.updated", None, None, primary.id),
        ("user.role_changed", "secondary_contact", "viewer", primary.id),
        ("user.deactivated", "active", "deactivated", primary.id)]


def test_an_invitation_can_be_sent_again(client, outbox):
    primary = create_user(Role.PRIMARY_CONTACT)
    invited = create_user(Role.VIEWER, primary.organization, status=UserStatus.INVITED, password=None)
    client.login(primary.email)
    client.submit(f"/users/{invited.id}/resend-invitation", page="/organization/users")
    assert [message["To"] for message in outbox] == [invited.email]


def test_sending_invitations_is_rate_limited(client, app, monkeypatch):
    monkeypatch.setitem(app.config, "INVITE_RATE_LIMIT", "2 per hour")
    primary = create_user(Role.PRIMARY_CONTACT)
    client.login(primary.email)
    for number in range(2):
        client.submit("/organization/users/invite", {"name": f"P{number}", "email": f"p{number}@example.com",
                                                     "role": "viewer"})
    response = client.submit("/organization/users/invite", {"name": "P3", "email": "p3@example.com", "role": "viewer"})
    assert response.status_code == 429 and "Too many attempts" in response.get_data(as_text=True)
