"""Invitations and password resets by e-mail: one-time, expiring links, the same answer for all."""
from datetime import datetime, timedelta, timezone

from sqlalchemy import select, update

from portal.models.users import Role, User, UserStatus, UserToken
from tests.conftest import TEST_PASSWORD, extract_link
from tests.factories import create_user

NEW_PASSWORD = "a quiet harbor at dawn"


def _invite(client, outbox, primary, email="colleague@example.com", role="secondary_contact"):
    client.login(primary.email)
    response = client.submit("/organization/users/invite", {"name": "New Colleague", "email": email, "role": role})
    assert response.status_code == 303, response.get_data(as_text=True)
    return extract_link(outbox[-1], "/invitation/")


def test_an_invited_colleague_sets_a_password_and_logs_in(client, outbox, session):
    primary = create_user(Role.PRIMARY_CONTACT)
    link = _invite(client, outbox, primary)
    assert outbox[-1]["To"] == "colleague@example.com"
    client.submit("/logout", page="/")
    page = client.get(link).get_data(as_text=True)
    assert "Welcome, New Colleague" in page
    response = client.submit(link, {"password": NEW_PASSWORD, "confirm": NEW_PASSWORD})
    assert response.status_code == 303 and response.headers["Location"] == "/login"
    client.login("colleague@example.com", NEW_PASSWORD)
    colleague = session.scalars(select(User).where(User.email == "colleague@example.com")).one()
    assert colleague.status == UserStatus.ACTIVE and colleague.organization_id == primary.organization_id


def test_an_invitation_link_works_once(client, outbox):
    link = _invite(client, outbox, create_user(Role.PRIMARY_CONTACT))
    client.submit("/logout", page="/")
    client.submit(link, {"password": NEW_PASSWORD, "confirm": NEW_PASSWORD})
    again = client.get(link)
    assert again.status_code == 410 and "used already" in again.get_data(as_text=True)


def test_an_expired_invitation_link_is_refused_plainly(client, outbox, session):
    link = _invite(client, outbox, create_user(Role.PRIMARY_CONTACT))
    session.execute(update(UserToken).values(expires_at=datetime.now(timezone.utc) - timedelta(minutes=1)))
    response = client.get(link)
    assert response.status_code == 410 and "expired" in response.get_data(as_text=True)


def test_an_unknown_link_is_refused(client):
    response = client.get("/invitation/not-a-real-token")
    assert response.status_code == 410 and "not valid" in response.get_data(as_text=True)


def test_a_weak_or_mismatched_password_is_explained_and_nothing_changes(client, outbox, session):
    link = _invite(client, outbox, create_user(Role.PRIMARY_CONTACT))
    page = client.submit(link, {"password": "short", "confirm": "short"}).get_data(as_text=True)
    assert "at least 12 characters" in page
    page = client.submit(link, {"password": "password123456", "confirm": "password123456"}).get_data(as_text=True)
    assert "most common passwords" in page
    page = client.submit(link, {"password": NEW_PASSWORD, "confirm": NEW_PASSWORD + "x"}).get_data(as_text=True)
    assert "The two passwords do not match." in page
    assert session.scalars(select(User.status).where(User.email == "colleague@example.com")).one() == UserStatus.INVITED


def test_inviting_an_existing_address_keeps_the_form_and_explains(client, outbox):
    primary = create_user(Role.PRIMARY_CONTACT)
    client.login(primary.email)
    response = client.submit("/organization/users/invite", {"name": "Twin", "email": primary.email, "role": "viewer"})
    page = response.get_data(as_text=True)
    assert response.status_code == 200 and "already has an account" in page and 'value="Twin"' in page
    assert outbox == []


def test_reset_answers_the_same_for_known_and_unknown_addresses(client, outbox):
    user = create_user()
    known = client.submit("/password/forgot", {"email": user.email}).get_data(as_text=True)
    unknown = client.submit("/password/forgot", {"email": "nobody@example.com"}).get_data(as_text=True)
    assert known.replace(user.email, "X") == unknown.replace("nobody@example.com", "X")
    assert [message["To"] for message in outbox] == [user.email]


def test_a_reset_link_changes_the_password_once(client, outbox):
    user = create_user()
    client.submit("/password/forgot", {"email": user.email})
    link = extract_link(outbox[-1], "/password/reset/")
    assert client.submit(link, {"password": NEW_PASSWORD, "confirm": NEW_PASSWORD}).status_code == 303
    old = client.submit("/login", {"email": user.email, "password": TEST_PASSWORD})
    assert "not correct" in old.get_data(as_text=True)
    client.login(user.email, NEW_PASSWORD)
    assert client.get(link).status_code == 410


def test_a_reset_ends_the_sessions_of_the_account(client, app, outbox):
    user = create_user()
    other_browser = app.test_client()
    other_browser.login(user.email)
    client.submit("/password/forgot", {"email": user.email})
    client.submit(extract_link(outbox[-1], "/password/reset/"), {"password": NEW_PASSWORD, "confirm": NEW_PASSWORD})
    assert other_browser.get("/").status_code == 302


def test_deactivated_users_get_no_reset_mail(client, outbox):
    user = create_user(status=UserStatus.DEACTIVATED)
    client.submit("/password/forgot", {"email": user.email})
    assert outbox == []


def test_change_password_needs_the_current_one_and_keeps_this_session(client, app):
    user = create_user()
    other_browser = app.test_client()
    other_browser.login(user.email)
    client.login(user.email)
    page = client.submit("/account/password", {"current": "wrong password!", "password": NEW_PASSWORD,
                                               "confirm": NEW_PASSWORD}).get_data(as_text=True)
    assert "Your current password is not correct." in page
    response = client.submit("/account/password", {"current": TEST_PASSWORD, "password": NEW_PASSWORD,
                                                   "confirm": NEW_PASSWORD})
    assert response.status_code == 303 and client.get("/").status_code == 200
    assert other_browser.get("/").status_code == 302


def test_a_customer_cannot_learn_who_has_an_account_elsewhere(client, outbox):
    elsewhere = create_user(Role.PRIMARY_CONTACT)
    primary = create_user(Role.PRIMARY_CONTACT)
    client.login(primary.email)
    page = client.submit("/organization/users/invite", {"name": "X", "email": elsewhere.email,
                                                        "role": "viewer"}).get_data(as_text=True)
    assert "cannot be invited" in page and "already has an account" not in page and outbox == []
