"""The mail outbox with the database (issue 14): a message is a row written with its change, sent by a
job once committed, tried again with growing delays when the server refuses or the sender breaks,
failed for an admin after the last attempt, and taken over by the sweeper from a worker that died.
Jobs run at once after each commit here (tests/conftest.py); a real SMTP server answers on loopback."""
import re
import socket
import time
from datetime import datetime, timedelta, timezone

import pytest
from aiosmtpd.controller import Controller
from sqlalchemy import delete, func, select

from portal.auth.services import request_password_reset, send_invitation
from portal.core import jobs, mail, rendering
from portal.models.audit import AuditEvent
from portal.models.files import StoredFile
from portal.models.mail import MailStatus, OutboxMessage
from portal.models.projects import Project
from portal.models.renderings import Rendering
from portal.models.users import Role, User, UserStatus
from portal.projects.services import send_welcome
from tests.conftest import extract_link
from tests.factories import create_outbox_message, create_project, create_rendering, create_user
from tests.integration.test_mail_delivery import _free_port

CONFIRMATION = "Check your e-mail"


def _now() -> datetime:
    return datetime.now(timezone.utc)


def _reset():
    request_password_reset(create_user(Role.VIEWER).email)


def _invitation():
    contact = create_user(Role.PRIMARY_CONTACT)
    send_invitation(create_user(Role.VIEWER, contact.organization, password=None, status=UserStatus.INVITED),
                    contact)


def _welcome_letter():
    project = create_project(with_kick_off=False)
    create_user(Role.PRIMARY_CONTACT, project.organization)
    send_welcome(project)


def _latest(session) -> OutboxMessage:
    return session.scalars(select(OutboxMessage).order_by(OutboxMessage.id.desc())).first()


def _send(app, session, write=_reset) -> OutboxMessage:
    """Queue one e-mail as `write` does and commit; its job runs at once, as a worker would."""
    with app.test_request_context():
        write()
        session.commit()
    return _latest(session)


def _sweep(app, session) -> int:
    with app.test_request_context():
        queued = jobs.sweep_due()
    session.expire_all()
    return queued


def _when_due(app, session, message: OutboxMessage) -> int:
    """Its delay has passed and its own job has not come (lost): the sweeper queues it again."""
    message.next_attempt_at = _now() - mail.SWEEP_GRACE - timedelta(seconds=1)
    session.commit()
    return _sweep(app, session)


def _use_smtp(app, monkeypatch, port: int, **settings) -> None:
    for key, value in {"MAIL_BACKEND": "smtp", "SMTP_HOST": "127.0.0.1", "SMTP_PORT": port,
                       "SMTP_STARTTLS": False, **settings}.items():
        monkeypatch.setitem(app.config, key, value)


@pytest.mark.parametrize("end, rows", [("commit", 1), ("rollback", 0)])
def test_the_row_is_written_with_its_change_and_sent_only_if_that_commits(app, session, outbox, end, rows):
    with app.test_request_context():
        user = create_user(Role.VIEWER)
        email = user.email
        request_password_reset(email)
        assert session.scalar(select(func.count(OutboxMessage.id))) == 1 and outbox == []  # not sent yet
        getattr(session, end)()
        session.commit()
    assert session.scalar(select(func.count(User.id)).where(User.email == email)) == rows
    assert session.scalar(select(func.count(OutboxMessage.id))) == rows
    assert [message["To"] for message in outbox] == [email] * rows


@pytest.mark.parametrize("write, keeps_body", [(_reset, False), (_invitation, False), (_welcome_letter, True)])
def test_a_sent_message_says_so_and_keeps_no_live_link(app, session, outbox, write, keeps_body):
    message = _send(app, session, write)
    assert [sent["Subject"] for sent in outbox] == [message.subject]
    assert (message.status, message.attempts, message.claimed_at, message.last_error) == (MailStatus.SENT, 1,
                                                                                          None, None)
    assert abs(message.sent_at - _now()) < timedelta(minutes=1)
    assert message.html_body is None and (message.text_body is not None) == keeps_body
    if keeps_body:
        assert message.text_body.strip() == outbox[0].get_body(("plain",)).get_content().strip()


class Refusing:
    """An aiosmtpd handler that refuses every message, at RCPT TO or at DATA; counts the tries."""

    def __init__(self, stage: str):
        self.stage, self.tries = stage, 0

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        self.tries += 1
        if self.stage == "RCPT":
            return "554 5.7.1 Recipient address rejected"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        return "554 5.6.0 Message refused as spam"


class Bug:
    """A sender with a bug: it raises what no mail server would; counts the tries."""

    def __init__(self):
        self.tries = 0

    def __call__(self, app, email):
        self.tries += 1
        raise RuntimeError("the template engine exploded")


BREAKAGES = {"RCPT": "SMTPRecipientsRefused: .*Recipient address rejected",
             "DATA": "SMTPDataError: .*Message refused as spam",
             "bug": "RuntimeError: the template engine exploded"}


@pytest.fixture(params=list(BREAKAGES))
def broken_mail(request, app, monkeypatch):
    """Every attempt fails (a server refusing at RCPT or DATA, or a bug in the sender): (what counts
    the tries, the error the row should say)."""
    if request.param == "bug":
        bug = Bug()
        monkeypatch.setitem(mail.SENDERS, "memory", bug)
        yield bug, BREAKAGES["bug"]
        return
    handler = Refusing(request.param)
    controller = Controller(handler, hostname="127.0.0.1", port=_free_port())
    controller.start()
    _use_smtp(app, monkeypatch, controller.port)
    yield handler, BREAKAGES[request.param]
    controller.stop()


def test_a_failed_attempt_says_why_and_waits_thirty_seconds(app, session, outbox, broken_mail):
    tries, error = broken_mail
    message = _send(app, session)
    assert (message.status, message.attempts, message.claimed_at) == (MailStatus.QUEUED, 1, None)
    assert re.match(error, message.last_error) and "/password/reset/" in message.text_body  # kept to retry
    assert timedelta(seconds=25) < message.next_attempt_at - _now() <= timedelta(seconds=30)
    with app.test_request_context():
        jobs.enqueue(mail.send_message, message.id)  # too early: nothing happens
    assert _sweep(app, session) == 0
    assert (tries.tries, message.attempts, message.status, outbox) == (1, 1, MailStatus.QUEUED, [])


def test_after_the_last_attempt_the_message_fails_for_an_admin_to_see(app, session, broken_mail):
    tries, error = broken_mail
    message = _send(app, session)
    for attempt in range(2, 9):
        assert message.status == MailStatus.QUEUED and _when_due(app, session, message) == 1
        assert message.attempts == attempt
    assert (message.status, tries.tries, message.text_body) == (MailStatus.FAILED, 8, None)
    assert re.match(error, message.last_error)
    event = session.scalars(select(AuditEvent).where(AuditEvent.action == "mail.failed")).one()
    assert (event.object_id, event.note) == (message.id, f"Reset your password to {message.to}")
    assert _when_due(app, session, message) == 0 and tries.tries == 8  # nothing more is tried


@pytest.fixture
def silent_server():
    """A mail server that takes the connection and never says a word."""
    with socket.socket() as listener:
        listener.bind(("127.0.0.1", 0))
        listener.listen(5)
        yield listener.getsockname()[1]


def test_a_server_that_never_answers_costs_a_timeout_not_the_persons_request(app, client, session,
                                                                              silent_server, monkeypatch):
    _use_smtp(app, monkeypatch, silent_server, SMTP_TIMEOUT=1)
    user = create_user(Role.VIEWER)
    started = time.monotonic()
    response = client.submit("/password/forgot", {"email": user.email})
    assert time.monotonic() - started < 5  # the job runs in the request here: one timeout, no retry in it
    assert response.status_code == 200 and CONFIRMATION in response.get_data(as_text=True)
    message = _latest(session)
    assert (message.status, message.attempts, message.to) == (MailStatus.QUEUED, 1, user.email)
    assert "timed out" in message.last_error and message.next_attempt_at > _now()


def test_a_bug_in_the_sender_is_recorded_and_the_message_goes_once_it_is_fixed(app, client, session, outbox,
                                                                               monkeypatch):
    user = create_user(Role.VIEWER)
    monkeypatch.setitem(mail.SENDERS, "memory", Bug())
    response = client.submit("/password/forgot", {"email": user.email})
    assert response.status_code == 200 and CONFIRMATION in response.get_data(as_text=True)
    message = _latest(session)
    assert (message.status, message.claimed_at, message.last_error) == (
        MailStatus.QUEUED, None, "RuntimeError: the template engine exploded")  # not held by a dead claim
    monkeypatch.undo()
    assert _when_due(app, session, message) == 1
    assert [sent["To"] for sent in outbox] == [user.email] and client.get(
        extract_link(outbox[0], "/password/reset/")).status_code == 200
    assert (message.status, message.attempts) == (MailStatus.SENT, 2)


def test_a_queue_out_of_reach_leaves_the_row_due_for_the_sweeper(app, client, session, outbox, monkeypatch):
    def unreachable(*args):
        raise ConnectionError("Error 111 connecting to redis:6379. Connection refused.")
    user = create_user(Role.VIEWER)
    monkeypatch.setattr(mail, "send_message", unreachable)
    response = client.submit("/password/forgot", {"email": user.email})
    assert response.status_code == 200 and CONFIRMATION in response.get_data(as_text=True)
    message = _latest(session)
    assert (message.status, message.attempts, message.claimed_at, outbox) == (MailStatus.QUEUED, 0, None, [])
    monkeypatch.undo()  # the queue is back
    assert _when_due(app, session, message) == 1 and [sent["To"] for sent in outbox] == [user.email]


@pytest.mark.parametrize("claimed_ago, sent", [(mail.SENDING_LEASE + timedelta(minutes=1), 1),
                                                (timedelta(seconds=10), 0)])
def test_the_sweeper_takes_over_only_from_a_worker_that_died(app, session, outbox, claimed_ago, sent):
    message = create_outbox_message(MailStatus.QUEUED, attempts=1, claimed_at=_now() - claimed_ago,
                                    next_attempt_at=_now() - claimed_ago)
    session.commit()
    assert _sweep(app, session) == sent
    assert _sweep(app, session) == 0  # exactly once: the sent row is not due any more
    assert len(outbox) == sent and message.status == (MailStatus.SENT if sent else MailStatus.QUEUED)
    assert message.attempts == 1 + sent


def test_sending_a_failed_message_again_sends_the_same_row(app, session, outbox):
    message = create_outbox_message(subject="Your kick-off meeting")
    with app.test_request_context():
        said = mail.send_again(message, create_user(Role.ADMIN))
        session.commit()
    assert said == f"The message to {message.to} is on its way again."
    assert [(sent["To"], sent.get_body(("plain",)).get_content().strip()) for sent in outbox] == [(message.to,
                                                                                                  "Hello.")]
    assert (message.status, message.attempts, message.last_error) == (MailStatus.SENT, 1, None)


def test_sending_a_failed_reset_again_issues_a_fresh_link(app, client, session, outbox, monkeypatch):
    monkeypatch.setitem(mail.SENDERS, "memory", Bug())
    failed = _send(app, session)
    old_link = re.search(r"/password/reset/\S+", failed.text_body).group(0)
    failed.attempts = 7  # an hour of failures later
    _when_due(app, session, failed)
    assert failed.status == MailStatus.FAILED
    monkeypatch.undo()
    with app.test_request_context():
        said = mail.send_again(failed, create_user(Role.ADMIN))
        session.commit()
    new_link = extract_link(outbox[0], "/password/reset/")
    assert said == f"A new message with a fresh link is on its way to {failed.to}." and new_link != old_link
    assert (failed.status, _latest(session).status, len(outbox)) == (MailStatus.RESENT, MailStatus.SENT, 1)
    assert client.get(new_link).status_code == 200


@pytest.mark.parametrize("status", [MailStatus.SENT, MailStatus.QUEUED, MailStatus.RESENT])
def test_only_a_failed_message_can_be_sent_again(app, session, outbox, status):
    message = create_outbox_message(status)
    with app.test_request_context(), pytest.raises(mail.MailError, match="Only a message that failed"):
        mail.send_again(message, create_user(Role.ADMIN))
    assert message.status == status and outbox == []


def test_housekeeping_removes_sent_mail_after_ninety_days_and_keeps_failures(app, session):
    long_ago = _now() - timedelta(days=91)
    kept = [create_outbox_message(MailStatus.SENT, created_at=_now() - timedelta(days=89)),
            create_outbox_message(created_at=long_ago)]
    for status in (MailStatus.SENT, MailStatus.RESENT):
        create_outbox_message(status, created_at=long_ago)
    with app.test_request_context():
        assert "2 sent e-mails older than 90 days removed" in jobs.housekeeping()
    assert session.scalars(select(OutboxMessage.id).order_by(OutboxMessage.id)).all() == [row.id for row in kept]


def test_a_rendering_whose_project_was_deleted_meanwhile_is_dropped_quietly(app, session, caplog):
    with app.test_request_context():
        queued = create_rendering()
    rendering_id, project_id = queued.id, queued.project_id
    session.commit()
    session.execute(delete(Project).where(Project.id == project_id))
    session.commit()
    with app.test_request_context():
        assert jobs.enqueue(rendering.render, rendering_id) is True
    assert session.get(Rendering, rendering_id) is None and session.scalar(select(func.count(StoredFile.id))) == 0
    assert [record for record in caplog.records if record.levelname == "ERROR"] == []


def test_a_message_due_a_moment_ago_is_left_to_its_own_job_not_queued_twice(app, session, outbox):
    create_outbox_message(MailStatus.QUEUED, attempts=0, next_attempt_at=_now() - timedelta(seconds=5))
    session.commit()
    assert _sweep(app, session) == 0 and outbox == []  # a backlog's jobs are still in the queue
