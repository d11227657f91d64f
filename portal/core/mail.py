"""E-mail: messages are queued on the database session and sent only after it commits.

A rolled-back change sends nothing. Backends: `smtp` (PORTAL_SMTP_*), `outbox` (one .eml file per
message in the instance folder, listed at /dev/outbox in development) and `memory` (tests).
"""
from __future__ import annotations

import logging
import smtplib
import uuid
from dataclasses import dataclass
from datetime import datetime, timezone
from email.message import EmailMessage
from email.utils import formatdate, make_msgid
from pathlib import Path

from flask import Flask, current_app, render_template
from sqlalchemy import event
from sqlalchemy.orm import Session

from portal.extensions import db

log = logging.getLogger(__name__)
PENDING = "pending_mail"


@dataclass(frozen=True)
class Attachment:
    filename: str
    content_type: str
    data: bytes


@dataclass(frozen=True)
class Mail:
    """A rendered message waiting for the commit."""

    to: tuple[str, ...]
    subject: str
    text: str
    html: str | None = None
    attachments: tuple[Attachment, ...] = ()


def queue_mail(to: str | list[str], subject: str, template: str, attachments: tuple[Attachment, ...] = (),
               **context) -> Mail:
    """Render templates/emails/<template>.txt (and .html) and send them once the session commits."""
    recipients = (to,) if isinstance(to, str) else tuple(to)
    mail = Mail(recipients, subject, render_template(f"emails/{template}.txt", **context),
                _render_optional(f"emails/{template}.html", context), tuple(attachments))
    db.session().info.setdefault(PENDING, []).append((current_app._get_current_object(), mail))
    return mail


def _render_optional(name: str, context: dict) -> str | None:
    if name not in current_app.jinja_env.list_templates():
        return None
    return render_template(name, **context)


def build_message(app: Flask, mail: Mail) -> EmailMessage:
    message = EmailMessage()
    message["From"] = app.config["MAIL_FROM"]
    message["To"] = ", ".join(mail.to)
    message["Subject"] = mail.subject
    message["Date"] = formatdate(localtime=False)
    message["Message-ID"] = make_msgid(domain="portal.local")
    message.set_content(mail.text)
    if mail.html:
        message.add_alternative(mail.html, subtype="html")
    for attachment in mail.attachments:
        kind, *parameters = [part.strip() for part in attachment.content_type.split(";")]
        maintype, subtype = kind.split("/")
        message.add_attachment(attachment.data, maintype=maintype, subtype=subtype, filename=attachment.filename,
                               params=dict(parameter.split("=", 1) for parameter in parameters))
    return message


def backend_name(app: Flask) -> str:
    if app.config.get("MAIL_BACKEND"):
        return app.config["MAIL_BACKEND"]
    if app.config.get("SMTP_HOST"):
        return "smtp"
    return "memory" if app.config.get("TESTING") else "outbox"


def deliver(app: Flask, mail: Mail) -> None:
    """Send one message now through the configured backend; failures are logged, not raised."""
    message = build_message(app, mail)
    try:
        SENDERS[backend_name(app)](app, message)
    except (OSError, smtplib.SMTPException):
        log.exception("could not send %r to %s", mail.subject, ", ".join(mail.to))


def _send_smtp(app: Flask, message: EmailMessage) -> None:
    with smtplib.SMTP(app.config["SMTP_HOST"], app.config["SMTP_PORT"], timeout=20) as smtp:
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
    temporary.rename(folder / f"{_timestamp()}-{uuid.uuid4().hex[:8]}.eml")


def _send_memory(app: Flask, message: EmailMessage) -> None:
    app.extensions.setdefault("mail_memory", []).append(message)


def _timestamp() -> str:
    return datetime.now(timezone.utc).strftime("%Y%m%dT%H%M%S%f")


SENDERS = {"smtp": _send_smtp, "outbox": _send_outbox, "memory": _send_memory}


@event.listens_for(Session, "after_commit")
def _send_after_commit(session: Session) -> None:
    for app, mail in session.info.pop(PENDING, []):
        deliver(app, mail)


@event.listens_for(Session, "after_rollback")
def _drop_after_rollback(session: Session) -> None:
    session.info.pop(PENDING, None)
