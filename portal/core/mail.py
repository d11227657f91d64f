"""E-mail through an outbox: `queue_mail` writes the message as a row (portal.models.mail) in the
caller's transaction, and a job sends it once that transaction has committed. A rolled-back change
sends nothing; a committed one is sent even if every process dies first (the sweeper queues it
again); a request never waits on the mail server.

The job claims its row before sending (a lease, so the sweeper and the first queueing never send
twice), retries with growing delays for about an hour, then marks the row failed, where an admin
sees it and can send it again. A message with a live link (a reset, an invitation) keeps its body
only until it is sent or has failed; sending it again issues a fresh link (`register_resender`).

Backends: `smtp` (PORTAL_SMTP_*), `outbox` (one .eml file per message in the instance folder,
listed at /dev/outbox in development) and `memory` (tests).
"""
from __future__ import annotations

import base64
import logging
import smtplib
import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from email.message import EmailMessage
from email.utils import formatdate, make_msgid
from pathlib import Path
from typing import Callable

from flask import Flask, current_app, render_template
from sqlalchemy import delete, or_, select, update

from portal.core import audit, jobs
from portal.core.registry import register
from portal.extensions import db
from portal.models.mail import MailStatus, OutboxMessage

log = logging.getLogger(__name__)
# Seconds to wait after each failed attempt: growing, about an hour in all, then the message fails.
RETRY_DELAYS = (30, 60, 120, 240, 480, 960, 1800)
# A claim older than this belonged to a worker that died. Well beyond the slowest send: the SMTP
# time-out applies to each step of the conversation, so a slow server can take minutes.
SENDING_LEASE = timedelta(minutes=10)
SWEEP_GRACE = timedelta(minutes=1)
EXPECTED_ERRORS = (OSError, smtplib.SMTPException)  # the mail server refused, or could not be reached
RESENDERS: dict[str, Callable] = {}


class MailError(ValueError):
    """A message that cannot be sent again as asked; views show the message."""


@dataclass(frozen=True)
class Attachment:
    filename: str
    content_type: str
    data: bytes


def register_resender(kind: str, resend: Callable) -> None:
    """How a message with a live link is issued afresh: `resend(argument, actor)` queues a new
    message (with a new link) for the `kind:argument` resend key it was queued with, or raises a
    ValueError saying why it cannot."""
    register(RESENDERS, kind, resend, "mail resender")


def queue_mail(to: str | list[str], subject: str, template: str, attachments: tuple[Attachment, ...] = (),
               resend_key: str | None = None, **context) -> OutboxMessage:
    """Render templates/emails/<template>.txt (and .html) into an outbox row, sent after the commit.
    `resend_key` ("invitation:42") marks a message holding a live link: see register_resender."""
    message = OutboxMessage(
        recipients=[to] if isinstance(to, str) else list(to), subject=subject,
        text_body=render_template(f"emails/{template}.txt", **context),
        html_body=_render_optional(f"emails/{template}.html", context),
        attachments=[{"filename": item.filename, "content_type": item.content_type,
                      "data": base64.b64encode(item.data).decode()} for item in attachments],
        live_link=resend_key is not None, resend_key=resend_key, status=MailStatus.QUEUED, attempts=0,
        next_attempt_at=_now())
    db.session.add(message)
    db.session.flush()
    jobs.after_commit(send_message, message.id)
    return message


def _render_optional(name: str, context: dict) -> str | None:
    if name not in current_app.jinja_env.list_templates():
        return None
    return render_template(name, **context)


@jobs.job()
def send_message(message_id: int) -> None:
    """Send one outbox row if it is still due and nobody else holds it. Whatever stops it (the
    server refuses or is away, or a bug) is a failed attempt: the row says why and when it is tried
    again, and fails for good after the last one, so no error leaves it retried forever unseen."""
    if not _claim(message_id):
        return
    try:
        email = build_message(current_app, db.session.get(OutboxMessage, message_id))
        db.session.commit()  # no transaction stays open while the mail server answers (or does not)
        SENDERS[backend_name(current_app)](current_app, email)
    except Exception as error:
        db.session.rollback()
        delay = _record_failure(message_id, error)
        db.session.commit()
        if delay is not None:
            raise jobs.retry_in(delay) from error
        return
    _finish(db.session.get(OutboxMessage, message_id), MailStatus.SENT)
    db.session.commit()


def _claim(message_id: int) -> bool:
    """Take the row for this attempt in a transaction of its own: only a queued, due row that no
    live worker holds; counts the attempt."""
    now = _now()
    claimed = db.session.execute(
        update(OutboxMessage).where(OutboxMessage.id == message_id, OutboxMessage.status == MailStatus.QUEUED,
                                    OutboxMessage.next_attempt_at <= now, _unclaimed(now))
        .values(claimed_at=now, attempts=OutboxMessage.attempts + 1).execution_options(synchronize_session=False))
    db.session.commit()
    return claimed.rowcount == 1


def _unclaimed(now: datetime):
    return or_(OutboxMessage.claimed_at.is_(None), OutboxMessage.claimed_at < now - SENDING_LEASE)


def retry_delay(attempts: int) -> int | None:
    """Seconds before the next attempt after `attempts` failed ones; None: give up."""
    return RETRY_DELAYS[attempts - 1] if 1 <= attempts <= len(RETRY_DELAYS) else None


def _record_failure(message_id: int, error: Exception) -> int | None:
    message = db.session.get(OutboxMessage, message_id)
    message.last_error = f"{type(error).__name__}: {error}"[:1000]
    delay = retry_delay(message.attempts)
    log.warning("could not send %r to %s (attempt %s): %s", message.subject, message.to, message.attempts, error,
                exc_info=None if isinstance(error, EXPECTED_ERRORS) else error)  # a bug's traceback
    if delay is None:
        _finish(message, MailStatus.FAILED)
        audit.record("mail.failed", message, note=f"{message.subject} to {message.to}")
        return None
    message.claimed_at, message.next_attempt_at = None, _now() + timedelta(seconds=delay)
    return delay


def _finish(message: OutboxMessage, status: MailStatus) -> None:
    message.status.check_transition(status)
    message.status, message.claimed_at = status, None
    if status == MailStatus.SENT:
        message.sent_at = _now()
    if message.live_link:  # the link must not outlive its sending in the database
        message.text_body = message.html_body = None


def send_again(message: OutboxMessage, actor) -> str:
    """An admin sends a failed message again: a fresh one (new link) for a live link, else the same
    row queued again. Returns what happened, in words."""
    if message.status != MailStatus.FAILED:
        raise MailError("Only a message that failed can be sent again.")
    if message.resend_key:
        kind, _, argument = message.resend_key.partition(":")
        if kind not in RESENDERS:
            raise MailError("This message cannot be sent again from here.")
        RESENDERS[kind](argument, actor)
        audit.transition(message, "status", MailStatus.RESENT, action="mail.resent", note="with a new link")
        return f"A new message with a fresh link is on its way to {message.to}."
    audit.transition(message, "status", MailStatus.QUEUED, action="mail.resent")
    message.attempts, message.next_attempt_at, message.last_error = 0, _now(), None
    jobs.after_commit(send_message, message.id)
    return f"The message to {message.to} is on its way again."


def sweep_outbox() -> int:
    """Queue a job for every message due for a while that nobody holds: its job was lost. A message
    that became due within SWEEP_GRACE most likely has its job in the queue still (a backlog), so
    it is left to that job rather than queued twice."""
    now = _now()
    due = list(db.session.scalars(select(OutboxMessage.id).where(
        OutboxMessage.status == MailStatus.QUEUED, OutboxMessage.next_attempt_at <= now - SWEEP_GRACE,
        _unclaimed(now))))
    return sum(jobs.enqueue(send_message, message_id) for message_id in due)


KEPT_FOR = timedelta(days=90)  # sent messages stay this long in the admins' list


def purge_sent() -> str:
    removed = db.session.execute(delete(OutboxMessage).where(
        OutboxMessage.status.in_((MailStatus.SENT, MailStatus.RESENT)), OutboxMessage.created_at < _now() - KEPT_FOR))
    return f"{removed.rowcount or 0} sent e-mails older than {KEPT_FOR.days} days removed"



def build_message(app: Flask, message: OutboxMessage) -> EmailMessage:
    email = EmailMessage()
    email["From"] = app.config["MAIL_FROM"]
    email["To"] = message.to
    email["Subject"] = message.subject
    email["Date"] = formatdate(localtime=False)
    email["Message-ID"] = make_msgid(domain="portal.local")
    email.set_content(message.text_body or "")
    if message.html_body:
        email.add_alternative(message.html_body, subtype="html")
    for attachment in message.attachments:
        kind, *parameters = [part.strip() for part in attachment["content_type"].split(";")]
        maintype, subtype = kind.split("/")
        email.add_attachment(base64.b64decode(attachment["data"]), maintype=maintype, subtype=subtype,
                             filename=attachment["filename"],
                             params=dict(parameter.split("=", 1) for parameter in parameters))
    return email


def backend_name(app: Flask) -> str:
    if app.config.get("MAIL_BACKEND"):
        return app.config["MAIL_BACKEND"]
    if app.config.get("SMTP_HOST"):
        return "smtp"
    return "memory" if app.config.get("TESTING") else "outbox"


def _send_smtp(app: Flask, message: EmailMessage) -> None:
    with smtplib.SMTP(app.config["SMTP_HOST"], app.config["SMTP_PORT"], timeout=app.config["SMTP_TIMEOUT"]) as smtp:
        if app.config["SMTP_STARTTLS"]:
            smtp.starttls()
        if app.config.get("SMTP_USER"):
            smtp.login(app.config["SMTP_USER"], app.config["SMTP_PASSWORD"] or "")
        smtp.send_message(message)


def _send_outbox(app: Flask, message: EmailMessage) -> None:
    folder = Path(app.config["OUTBOX_DIR"])
    folder.mkdir(parents=True, exist_ok=True)
    temporary = folder / f".{uuid.uuid4().hex}.tmp"
    temporary.write_bytes(bytes(message))
    temporary.rename(folder / f"{_now().strftime('%Y%m%dT%H%M%S%f')}-{uuid.uuid4().hex[:8]}.eml")


def _send_memory(app: Flask, message: EmailMessage) -> None:
    app.extensions.setdefault("mail_memory", []).append(message)


def _now() -> datetime:
    return datetime.now(timezone.utc)


SENDERS = {"smtp": _send_smtp, "outbox": _send_outbox, "memory": _send_memory}
