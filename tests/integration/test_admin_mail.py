"""Admins see the portal's e-mail (the outbox) and send a failed message again (issue 14)."""
import re
from datetime import datetime, timedelta, timezone

import pytest
from sqlalchemy import select

from portal.core import jobs, mail
from portal.models.mail import MailStatus, OutboxMessage
from portal.models.users import Role, UserStatus
from tests.conftest import extract_link
from tests.factories import create_outbox_message, create_user

MAIL_PAGE = "/admin/mail"


def _admin(client):
    admin = create_user(Role.ADMIN)
    client.login(admin.email)
    return admin


def _send_again(client, message, page=MAIL_PAGE):
    return client.submit(f"/admin/mail/{message.id}/send-again", page=page)


def _rows(page: str) -> list[str]:
    return re.findall(r"<tr>(.*?)</tr>", page, re.S)[1:]  # the first is the header


def _broken_sender(app, email):
    raise OSError("Connection refused")


def test_an_admin_sees_sent_and_failed_mail_with_error_and_attempts(client, session):
    _admin(client)
    create_outbox_message(MailStatus.SENT, subject="Welcome to your project", to="sam@example.com")
    create_outbox_message(subject="Your kick-off meeting", to="ana@example.com", attempts=8,
                          last_error="SMTPRecipientsRefused: mailbox unavailable")
    page = client.get(MAIL_PAGE).get_data(as_text=True)
    failed, sent = _rows(page)  # newest first
    assert "Your kick-off meeting" in failed and "ana@example.com" in failed and "Failed" in failed
    assert "SMTPRecipientsRefused: mailbox unavailable" in failed and ">8<" in failed
    assert "Send again" in failed
    assert "Welcome to your project" in sent and "sam@example.com" in sent and ">Sent<" in sent
    assert "Send again" not in sent


def test_the_status_filter_and_the_empty_states(client, session):
    _admin(client)
    assert "No e-mail has been sent yet." in client.get(MAIL_PAGE).get_data(as_text=True)
    create_outbox_message(MailStatus.SENT, subject="Welcome to your project")
    create_outbox_message(subject="Your kick-off meeting")
    failed = client.get(f"{MAIL_PAGE}?status=failed").get_data(as_text=True)
    assert "Your kick-off meeting" in failed and "Welcome to your project" not in failed
    assert '<option value="failed" selected>' in failed
    sent = client.get(f"{MAIL_PAGE}?status=sent").get_data(as_text=True)
    assert "Welcome to your project" in sent and "Your kick-off meeting" not in sent
    assert "No e-mail is waiting to be sent." in client.get(f"{MAIL_PAGE}?status=waiting").get_data(as_text=True)
    everything = client.get(f"{MAIL_PAGE}?status=nonsense").get_data(as_text=True)
    assert "Welcome to your project" in everything and "Your kick-off meeting" in everything


def test_the_list_is_paged_fifty_at_a_time(client, session):
    _admin(client)
    start = datetime(2026, 1, 1, tzinfo=timezone.utc)
    for number in range(1, 52):
        create_outbox_message(MailStatus.SENT, subject=f"Message number {number}.",
                              created_at=start + timedelta(minutes=number))
    first = client.get(MAIL_PAGE).get_data(as_text=True)
    assert len(_rows(first)) == 50 and "Message number 51." in first and "Message number 1." not in first
    assert "Page 1 of 2 (51 messages)" in first and f'href="{MAIL_PAGE}?page=2">Older' in first
    second = client.get(f"{MAIL_PAGE}?page=2").get_data(as_text=True)
    assert len(_rows(second)) == 1 and "Message number 1." in second
    assert "There is no page 3" in client.get(f"{MAIL_PAGE}?page=3").get_data(as_text=True)


def test_a_reset_link_never_appears_on_the_page(app, client, session, outbox, monkeypatch):
    user = create_user(Role.VIEWER)
    client.submit("/password/forgot", {"email": user.email})
    sent_link = extract_link(outbox[-1], "/password/reset/")
    monkeypatch.setitem(mail.SENDERS, "memory", _broken_sender)
    client.submit("/password/forgot", {"email": user.email})  # its first attempt failed: it waits, link and all
    waiting = session.scalars(select(OutboxMessage).where(OutboxMessage.status == MailStatus.QUEUED)).one()
    waiting_link = re.search(r"/password/reset/\S+", waiting.text_body).group(0)
    _admin(client)
    page = client.get(MAIL_PAGE).get_data(as_text=True)
    assert "Waiting to be sent" in page and "OSError: Connection refused" in page
    assert page.count("Reset your password") == 2
    assert "/password/reset/" not in page and sent_link not in page and waiting_link not in page


def test_other_roles_cannot_see_or_resend_mail(client, session, outbox):
    message = create_outbox_message()
    _admin(client)
    assert 'href="/admin/mail"' in client.get("/").get_data(as_text=True)  # in the admin's navigation
    client.submit("/logout", page="/")
    for role, answer in ((Role.IPM, 403), (Role.ENGINEER, 403), (Role.PRIMARY_CONTACT, 404)):
        client.login(create_user(role).email)
        assert 'href="/admin/mail"' not in client.get("/").get_data(as_text=True)
        assert client.get(MAIL_PAGE).status_code == 403
        assert _send_again(client, message, page="/").status_code == answer
        client.submit("/logout", page="/")
    session.refresh(message)
    assert message.status == MailStatus.FAILED and outbox == []


def test_send_again_sends_a_failed_message(client, session, outbox):
    _admin(client)
    message = create_outbox_message(subject="Your kick-off meeting", to="ana@example.com")
    response = _send_again(client, message)
    assert response.status_code == 303 and response.headers["Location"] == MAIL_PAGE
    assert [(sent["To"], sent["Subject"]) for sent in outbox] == [("ana@example.com", "Your kick-off meeting")]
    session.refresh(message)
    assert (message.status, message.attempts, message.last_error) == (MailStatus.SENT, 1, None)
    page = client.get(MAIL_PAGE).get_data(as_text=True)
    assert "The message to ana@example.com is on its way again." in page
    assert "Send again" not in page and ">Sent<" in page


def _fail_for_good(app, session, message) -> None:
    """What the sender does over an hour: every attempt fails, the last one marks the row failed."""
    message.attempts, message.next_attempt_at = len(mail.RETRY_DELAYS), datetime.now(timezone.utc)
    session.commit()
    with app.test_request_context():
        jobs.enqueue(mail.send_message, message.id)
    session.refresh(message)


def test_send_again_on_a_failed_reset_sends_a_new_link(app, client, session, outbox, monkeypatch):
    user = create_user(Role.VIEWER)
    monkeypatch.setitem(mail.SENDERS, "memory", _broken_sender)
    client.submit("/password/forgot", {"email": user.email})
    message = session.scalars(select(OutboxMessage)).one()
    old_link = re.search(r"/password/reset/\S+", message.text_body).group(0)
    _fail_for_good(app, session, message)
    assert message.status == MailStatus.FAILED and message.text_body is None
    monkeypatch.undo()
    _admin(client)
    assert "OSError: Connection refused" in client.get(f"{MAIL_PAGE}?status=failed").get_data(as_text=True)
    _send_again(client, message)
    new_link = extract_link(outbox[-1], "/password/reset/")
    assert outbox[-1]["To"] == user.email and new_link != old_link
    session.refresh(message)
    assert message.status == MailStatus.RESENT
    page = client.get(MAIL_PAGE).get_data(as_text=True)
    assert f"A new message with a fresh link is on its way to {user.email}." in page
    assert "Sent again as a new message" in page and new_link not in page
    client.submit("/logout", page="/")
    assert client.get(new_link).status_code == 200


@pytest.mark.parametrize("status", [MailStatus.SENT, MailStatus.QUEUED])
def test_send_again_is_refused_unless_the_message_failed(client, session, outbox, status):
    message = create_outbox_message(status)
    _admin(client)
    response = _send_again(client, message)
    assert response.status_code == 303
    assert "Only a message that failed can be sent again." in client.get(MAIL_PAGE).get_data(as_text=True)
    session.refresh(message)
    assert message.status == status and outbox == []


def test_a_failed_reset_of_an_account_gone_inactive_is_explained(client, session, outbox):
    user = create_user(Role.VIEWER, status=UserStatus.DEACTIVATED)
    message = create_outbox_message(to=user.email, subject="Reset your password", resend_key=f"reset:{user.id}")
    _admin(client)
    _send_again(client, message)
    assert "no reset link is sent" in client.get(MAIL_PAGE).get_data(as_text=True)
    session.refresh(message)
    assert message.status == MailStatus.FAILED and outbox == []


def test_mail_due_for_minutes_and_not_sent_asks_whether_the_worker_runs(client, session):
    _admin(client)
    late = datetime.now(timezone.utc) - timedelta(minutes=6)
    create_outbox_message(MailStatus.QUEUED, subject="Waiting long", next_attempt_at=late, attempts=0)
    create_outbox_message(MailStatus.QUEUED, subject="Just queued", next_attempt_at=datetime.now(timezone.utc))
    page = client.get(MAIL_PAGE).get_data(as_text=True)
    assert "1 message has been due for more than 5 minutes without being sent. Is the worker running?" in page
    create_outbox_message(MailStatus.SENT, subject="Sent long ago", next_attempt_at=late)
    assert "2 messages have" not in client.get(MAIL_PAGE).get_data(as_text=True)  # a sent one is not late
