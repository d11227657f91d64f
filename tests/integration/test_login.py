"""Logging in and out, session renewal, safe redirects, time-outs and rate limits."""
import time

from flask import session as flask_session

from portal.models.users import Role, UserStatus
from tests.conftest import TEST_PASSWORD
from tests.factories import create_user


def test_login_page_has_email_and_password_inputs(client):
    page = client.get("/login").get_data(as_text=True)
    assert 'type="email"' in page and 'type="password"' in page


def test_a_user_logs_in_and_sees_the_dashboard(client):
    user = create_user(Role.PRIMARY_CONTACT)
    response = client.submit("/login", {"email": user.email.upper(), "password": TEST_PASSWORD})
    assert response.status_code == 303 and response.headers["Location"] == "/"
    dashboard = client.get("/").get_data(as_text=True)
    assert user.organization.name in dashboard and "Log out" in dashboard


def test_a_wrong_password_keeps_the_email_and_says_what_is_wrong(client):
    user = create_user()
    response = client.submit("/login", {"email": user.email, "password": "not the password"})
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "The e-mail address or the password is not correct." in page
    assert f'value="{user.email}"' in page and "not the password" not in page


def test_an_unknown_email_gets_the_same_answer(client):
    page = client.submit("/login", {"email": "nobody@example.com", "password": "whatever it is"}).get_data(as_text=True)
    assert "The e-mail address or the password is not correct." in page


def test_empty_fields_are_listed_in_the_error_summary(client):
    page = client.submit("/login", {"email": "", "password": ""}).get_data(as_text=True)
    assert "There is a problem" in page
    assert '<a href="#email">Enter your e-mail address.</a>' in page
    assert '<a href="#password">Enter your password.</a>' in page


def test_deactivated_and_invited_users_cannot_log_in(client):
    for status in (UserStatus.DEACTIVATED, UserStatus.INVITED):
        user = create_user(status=status)
        page = client.submit("/login", {"email": user.email, "password": TEST_PASSWORD}).get_data(as_text=True)
        assert "not correct" in page


def test_the_session_is_renewed_at_login(client):
    user = create_user()
    with client.session_transaction() as before:
        before["planted"] = "by an attacker"
    client.login(user.email)
    with client.session_transaction() as after:
        assert "planted" not in after and after["_user_id"] == f"{user.id}:0"


def test_next_goes_back_inside_the_portal_but_never_elsewhere(client):
    user = create_user(Role.PRIMARY_CONTACT)
    assert client.get("/organization/users").headers["Location"].startswith("/login?next=")
    inside = client.submit("/login?next=/organization/users", {"email": user.email, "password": TEST_PASSWORD})
    assert inside.headers["Location"] == "/organization/users"
    client.submit("/logout", page="/")
    outside = client.submit("/login?next=https://evil.example/", {"email": user.email, "password": TEST_PASSWORD})
    assert outside.headers["Location"] == "/"


def test_logout_is_a_post_and_ends_the_session(client):
    user = create_user()
    client.login(user.email)
    assert client.get("/logout").status_code == 405
    assert client.submit("/logout", page="/").status_code == 303
    assert client.get("/").status_code == 302


def test_an_idle_session_times_out(client, app):
    user = create_user()
    client.login(user.email)
    with client.session_transaction() as stored:
        stored["seen_at"] = time.time() - app.config["SESSION_IDLE_MINUTES"] * 60 - 5
    response = client.get("/")
    assert response.status_code == 302 and response.headers["Location"].startswith("/login")
    assert "inactive for a while" in client.get("/login").get_data(as_text=True)


def test_a_session_ends_after_its_absolute_lifetime(client, app):
    user = create_user()
    client.login(user.email)
    with client.session_transaction() as stored:
        stored["started_at"] = time.time() - app.config["SESSION_ABSOLUTE_HOURS"] * 3600 - 5
    assert client.get("/").headers["Location"].startswith("/login")
    assert "maximum length" in client.get("/login").get_data(as_text=True)


def test_login_is_limited_per_address(client, app):
    for attempt in range(10):
        client.submit("/login", {"email": f"guess{attempt}@example.com", "password": "wrong password"})
    response = client.submit("/login", {"email": "guess@example.com", "password": "wrong password"})
    page = response.get_data(as_text=True)
    assert response.status_code == 429
    assert "Too many attempts" in page and int(response.headers["Retry-After"]) > 0
    assert "Traceback" not in page


def test_login_is_limited_per_account_across_addresses(client):
    user = create_user()
    for attempt in range(10):
        client.submit("/login", {"email": user.email, "password": "wrong password"},
                      environ_base={"REMOTE_ADDR": f"10.0.0.{attempt}"})
    blocked = client.submit("/login", {"email": user.email, "password": TEST_PASSWORD},
                            environ_base={"REMOTE_ADDR": "10.0.0.99"})
    assert blocked.status_code == 429


def test_failed_and_successful_logins_are_audited(client, session):
    from sqlalchemy import select

    from portal.models.audit import AuditEvent
    user = create_user()
    client.submit("/login", {"email": user.email, "password": "wrong password"})
    client.login(user.email)
    actions = session.scalars(select(AuditEvent.action).where(AuditEvent.object_id == user.id)).all()
    assert actions == ["user.login_failed", "user.login"]
    assert flask_session is not None
