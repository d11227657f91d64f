"""Signing links (issue 19): the authorized person named on a port request (often the finance officer,
with no portal account) is e-mailed a one-time link that expires (SIGNING_LINK_DAYS). The link is
its own record, not a user token: only the token's SHA-256 is kept. The inviting contact may set an
access code, told to the signer another way, asked before the letter opens, with
SIGNING_CODE_ATTEMPTS tries. The inviter sees the link's state and can send it again (a new link;
the old one stops working) or cancel it. Services flush and audit; the view commits.
"""
from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone

from flask import current_app, url_for
from sqlalchemy import select

from portal.core import audit
from portal.core.mail import queue_mail, register_resender
from portal.core.passwords import hash_password, verify_password
from portal.extensions import db
from portal.models.porting import PortRequest
from portal.models.signatures import InvitationStatus, SigningInvitation
from portal.models.users import User
from portal.porting.rules import PortError
from portal.porting.signing import check_signable

LIVE = (InvitationStatus.SENT, InvitationStatus.OPENED)


@dataclass(frozen=True)
class Opened:
    """A link as its signer finds it: the invitation, or why it does not open (and nothing else)."""

    invitation: SigningInvitation | None
    problem: str | None = None


def digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def links_of(request: PortRequest) -> list[SigningInvitation]:
    return list(db.session.scalars(select(SigningInvitation).where(SigningInvitation.port_request_id == request.id)
                                   .order_by(SigningInvitation.id.desc())))


def expired(invitation: SigningInvitation, now: datetime | None = None) -> bool:
    return invitation.status in LIVE and (now or _now()) >= invitation.expires_at


def state_title(invitation: SigningInvitation) -> str:
    """What the inviter reads: sent, opened, signed, expired, cancelled or locked."""
    return "Expired" if expired(invitation) else invitation.status.title


def send(request: PortRequest, values: dict, by: User | None) -> SigningInvitation:
    """A new link to the signer (`values`: name, title, email, access_code); any live one is cancelled."""
    check_signable(request)
    for live in _live(request):
        _cancel(live, "a new link was sent")
    code = (values.get("access_code") or "").strip()
    invitation = SigningInvitation(
        port_request_id=request.id, port_request=request, name=values["name"].strip(),
        title=(values.get("title") or "").strip() or None, email=values["email"].strip(),
        access_code_hash=hash_password(code) if code else None, invited_by_id=by.id if by else None,
        token_sha256="", expires_at=_now() + timedelta(days=current_app.config["SIGNING_LINK_DAYS"]))
    db.session.add(invitation)
    _mail(invitation, by)
    audit.record("signing_link.sent", request, note=f"to {invitation.name} <{invitation.email}>"
                                                    f"{', with an access code' if code else ''}")
    return invitation


def _mail(invitation: SigningInvitation, by: User | None) -> None:
    token = secrets.token_urlsafe(32)
    invitation.token_sha256 = digest(token)
    db.session.flush()
    request = invitation.port_request
    queue_mail(invitation.email, f"Please sign the Letter of Authorization for account {request.account_number}",
               "signing_link", resend_key=f"signing_link:{invitation.id}", invitation=invitation, request=request,
               invited_by=by, days=current_app.config["SIGNING_LINK_DAYS"],
               link=url_for("signing.link", token=token, _external=True))


def send_again(invitation: SigningInvitation, by: User | None) -> SigningInvitation:
    """A new link to the same person, with the same access code; the old link stops working."""
    if invitation.status == InvitationStatus.SIGNED:
        raise PortError(f"{invitation.name} signed already: there is nothing to send again.")
    request = invitation.port_request
    check_signable(request)
    fresh = SigningInvitation(
        port_request_id=request.id, port_request=request, name=invitation.name, title=invitation.title,
        email=invitation.email, access_code_hash=invitation.access_code_hash, invited_by_id=by.id if by else None,
        token_sha256="", expires_at=_now() + timedelta(days=current_app.config["SIGNING_LINK_DAYS"]))
    if invitation.status in LIVE or invitation.status == InvitationStatus.LOCKED:
        _cancel(invitation, "sent again")
    db.session.add(fresh)
    _mail(fresh, by)
    audit.record("signing_link.sent_again", request, note=f"to {fresh.name} <{fresh.email}>")
    return fresh


def cancel(invitation: SigningInvitation) -> None:
    if invitation.status not in (*LIVE, InvitationStatus.LOCKED):
        raise PortError(f"This link is {state_title(invitation).lower()}: there is nothing to cancel.")
    _cancel(invitation, "cancelled by the inviter")


def _cancel(invitation: SigningInvitation, why: str) -> None:
    audit.transition(invitation, "status", InvitationStatus.CANCELLED, action="signing_link.cancelled", note=why)
    invitation.cancelled_at, invitation.note = _now(), why


def _live(request: PortRequest) -> list[SigningInvitation]:
    return [invitation for invitation in links_of(request) if invitation.status in LIVE]


def find(token: str) -> Opened:
    """The link's invitation if it can be used now; else why not, in the signer's words."""
    invitation = db.session.scalars(select(SigningInvitation).where(
        SigningInvitation.token_sha256 == digest(token or ""))).first()
    if invitation is None:
        return Opened(None, "This signing link is not valid. Use the newest link you were sent, or ask the person "
                            "who sent it for a new one.")
    inviter = invitation.invited_by.name if invitation.invited_by else "your contact"
    problems = {
        InvitationStatus.SIGNED: "This letter was signed already through this link: it cannot be used again. "
                                 "Your signed copy was e-mailed to you.",
        InvitationStatus.CANCELLED: f"This signing link no longer works ({invitation.note or 'cancelled'}). Ask "
                                    f"{inviter} if you still need to sign.",
        InvitationStatus.LOCKED: f"This signing link is locked: the access code was entered wrongly too many times. "
                                 f"Ask {inviter} to send a new link.",
    }
    if invitation.status in problems:
        return Opened(invitation, problems[invitation.status])
    if expired(invitation):
        return Opened(invitation, f"This signing link expired on {invitation.expires_at:%d %B %Y}. Ask {inviter} to "
                                  f"send a new one.")
    return Opened(invitation)


def check_code(invitation: SigningInvitation, code: str) -> bool:
    """Whether `code` is the access code; a wrong one counts, and the last allowed one locks the link."""
    if verify_password(invitation.access_code_hash, code or ""):
        return True
    invitation.wrong_codes += 1
    attempts = current_app.config["SIGNING_CODE_ATTEMPTS"]
    audit.record("signing_link.wrong_code", invitation.port_request,
                 note=f"{invitation.email}: attempt {invitation.wrong_codes} of {attempts}")
    if invitation.wrong_codes >= attempts:
        audit.transition(invitation, "status", InvitationStatus.LOCKED, action="signing_link.locked",
                         note=f"{attempts} wrong access codes")
    return False


def attempts_left(invitation: SigningInvitation) -> int:
    return max(0, current_app.config["SIGNING_CODE_ATTEMPTS"] - invitation.wrong_codes)


def opened(invitation: SigningInvitation) -> None:
    """The signer opened the letter (the first time is recorded)."""
    if invitation.status == InvitationStatus.SENT:
        audit.transition(invitation, "status", InvitationStatus.OPENED, action="signing_link.opened")
        invitation.opened_at = _now()


def _send_again_failed(invitation_id: str, by: User) -> None:
    """A failed signing-link e-mail, sent again by an admin: a new link (the old one is not replayed)."""
    invitation = db.session.get(SigningInvitation, int(invitation_id))
    if invitation is None:
        raise PortError("This signing link does not exist any more.")
    send_again(invitation, by)


def register() -> None:
    register_resender("signing_link", _send_again_failed)


def _now() -> datetime:
    return datetime.now(timezone.utc)
