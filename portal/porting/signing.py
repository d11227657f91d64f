"""The Letter of Authorization signed online (issue 19): the ceremony, its evidence, and what voids it.

    signature = consent(request, signer, viewed_at, evidence)      # the signer agreed to sign electronically
    sign(signature, mark, evidence)                                # exactly once (the view claims its token)

Signing moves the request to signed and queues the sealed PDF (a rendering whose subject is the
signature: portal.porting.signed_loa). The letter's content is hashed at consent and checked again
at signing. Any later change of what the letter says (its details, its numbers, by any writer)
supersedes the signature and returns the request to draft; a signature older than LOA_VALID_DAYS is
superseded before the request goes to the carrier; a carrier exception asks for a new signature.
Services flush and audit; the view commits.
"""
from __future__ import annotations

import hashlib
import json
import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone

from flask import current_app
from sqlalchemy import select

from portal.core import audit
from portal.core.rendering import request_rendering
from portal.extensions import db
from portal.models.porting import PortedNumber, PortRequest, PortStatus, ServiceType
from portal.models.signatures import InvitationStatus, LoaSignature, SignatureMark, SignatureStatus, SigningInvitation
from portal.models.telephony import NumberSource
from portal.models.users import User
from portal.porting.rules import PortError

DISCLOSURE_VERSION = "2026-12"  # templates/porting/_disclosure.html: change both together
SIGNABLE = (PortStatus.DRAFT, PortStatus.READY_TO_SIGN)
DOCUMENT_KIND = "signed_loa"


class LetterChanged(PortError):
    """The letter changed between consent and signing: the ceremony is superseded (keep that)."""


@dataclass(frozen=True)
class Signer:
    """Who signs: a logged-in contact, or the person a signing link was sent to."""

    name: str
    title: str | None
    email: str
    user: User | None = None
    invitation: SigningInvitation | None = None


@dataclass(frozen=True)
class Evidence:
    """What the browser and the connection say of the signer, recorded at each step."""

    ip_address: str | None
    user_agent: str | None
    time_zone: str | None


@dataclass(frozen=True)
class Mark:
    kind: SignatureMark
    typed: str | None = None
    drawn_png: bytes | None = None


def letter_facts(request: PortRequest) -> dict:
    """What the letter says (portal.templates porting/_loa.html), in a canonical form: its hash is the
    content the signer saw and signed."""
    return {"provider": current_app.config["PROVIDER_NAME"], "customer_name": request.customer_name,
            "service_type": ServiceType(request.service_type).value,  # a form's value until it is read back
            "address": [request.street, request.suite, request.city, request.state, request.postal_code,
                        request.country],
            "btn": request.btn, "carrier": request.current_carrier, "account": request.account_number,
            "full_port": request.full_port, "new_btn": request.new_btn,
            "requested_on": request.requested_on.isoformat(),
            "numbers": sorted(item.phone_number.e164 or "" for item in request.numbers),
            "staying": request.staying_numbers}


def content_sha256(request: PortRequest) -> str:
    return hashlib.sha256(json.dumps(letter_facts(request), sort_keys=True).encode()).hexdigest()


def current_signature(request: PortRequest) -> LoaSignature | None:
    """The signature the request stands on (signed, not superseded), if any."""
    return db.session.scalars(select(LoaSignature).where(
        LoaSignature.port_request_id == request.id, LoaSignature.status == SignatureStatus.SIGNED)
        .order_by(LoaSignature.id.desc())).first()


def history(request: PortRequest) -> list[LoaSignature]:
    """Every signature of the request, the newest first (superseded ones stay, marked)."""
    return list(db.session.scalars(select(LoaSignature).where(
        LoaSignature.port_request_id == request.id, LoaSignature.status != SignatureStatus.CONSENTED)
        .order_by(LoaSignature.id.desc())))


def check_signable(request: PortRequest) -> None:
    if request.status not in SIGNABLE:
        raise PortError(f"This request is {request.status.title.lower()}: there is nothing to sign now.")
    if not request.numbers:
        raise PortError("The request has no numbers yet: add the numbers to port before it is signed.")


def consent(request: PortRequest, signer: Signer, viewed_at: datetime, evidence: Evidence) -> LoaSignature:
    """The signer read the letter and agreed to sign electronically (the disclosure's version kept)."""
    check_signable(request)
    signature = LoaSignature(
        public_id=str(uuid.uuid4()), port_request_id=request.id, port_request=request, status=SignatureStatus.CONSENTED,
        user_id=signer.user.id if signer.user else None, invitation_id=signer.invitation.id if signer.invitation
        else None, signer_name=signer.name, signer_title=signer.title, signer_email=signer.email,
        disclosure_version=DISCLOSURE_VERSION, content_sha256=content_sha256(request), viewed_at=viewed_at,
        consented_at=_now(), **_evidence(evidence))
    db.session.add(signature)
    db.session.flush()
    audit.record("loa.consented", request, note=f"{signer.name} <{signer.email}>, disclosure {DISCLOSURE_VERSION}")
    return signature


def sign(signature: LoaSignature, mark: Mark, name: str, title: str | None, evidence: Evidence) -> None:
    """Sign: the letter must still say what was consented to; the request becomes signed and its
    sealed PDF is queued."""
    request = signature.port_request
    check_signable(request)
    if signature.status != SignatureStatus.CONSENTED:
        raise PortError("This signing was finished or replaced already; nothing more was signed.")
    if content_sha256(request) != signature.content_sha256:
        _supersede(signature, "the letter changed while it was being signed")
        raise LetterChanged("The letter changed while you were signing it: read it again and sign the new one.")
    for earlier in _consented_or_signed(request, but=signature):
        _supersede(earlier, "signed again")
    signature.signer_name, signature.signer_title = name, title
    signature.mark, signature.typed_mark, signature.drawn_mark = mark.kind, mark.typed, mark.drawn_png
    for name_, value in _evidence(evidence).items():
        setattr(signature, name_, value or getattr(signature, name_))
    signature.signed_at = _now()
    audit.transition(signature, "status", SignatureStatus.SIGNED, action="loa.signed",
                     note=f"{signature.signer_name} <{signature.signer_email}>")
    audit.transition(request, "status", PortStatus.SIGNED, action="port_request.status_changed",
                     note=f"signed online by {signature.signer_name}")
    if signature.invitation is not None:
        audit.transition(signature.invitation, "status", InvitationStatus.SIGNED, action="signing_link.signed")
        signature.invitation.signed_at = signature.signed_at
    _close_other_links(signature)
    request_rendering(request.project, DOCUMENT_KIND, signature.user, subject_id=signature.id)
    _plan_follows(request)


def _plan_follows(request: PortRequest) -> None:
    """The porting plan tasks follow a signature given or voided (progress reads this module's state)."""
    from portal.porting.progress import follow
    db.session.flush()
    follow(request.project)


def _close_other_links(signature: LoaSignature) -> None:
    """Signed: the request's other live links stop working (their page says it is signed)."""
    for invitation in db.session.scalars(select(SigningInvitation).where(
            SigningInvitation.port_request_id == signature.port_request_id,
            SigningInvitation.id != (signature.invitation_id or 0),
            SigningInvitation.status.in_((InvitationStatus.SENT, InvitationStatus.OPENED)))):
        note = f"the letter was signed by {signature.signer_name}"
        audit.transition(invitation, "status", InvitationStatus.CANCELLED, action="signing_link.cancelled", note=note)
        invitation.cancelled_at, invitation.note = signature.signed_at, note


def _consented_or_signed(request: PortRequest, but: LoaSignature | None = None) -> list[LoaSignature]:
    return list(db.session.scalars(select(LoaSignature).where(
        LoaSignature.port_request_id == request.id, LoaSignature.id != (but.id if but else 0),
        LoaSignature.status.in_((SignatureStatus.CONSENTED, SignatureStatus.SIGNED)))))


def _evidence(evidence: Evidence) -> dict:
    return {"ip_address": (evidence.ip_address or "")[:64] or None, "user_agent": (evidence.user_agent or "")[:400]
            or None, "time_zone": evidence.time_zone}


def _supersede(signature: LoaSignature, why: str) -> None:
    audit.transition(signature, "status", SignatureStatus.SUPERSEDED, action="loa.superseded", note=why)
    signature.superseded_at, signature.superseded_why = _now(), why[:300]


def void(request: PortRequest, why: str, back_to: PortStatus = PortStatus.DRAFT) -> bool:
    """Supersede the request's signatures (kept in its history) and send a signed request back to be
    signed again; whether there was a signature to void."""
    signatures = _consented_or_signed(request)
    for signature in signatures:
        _supersede(signature, why)
    if request.status == PortStatus.SIGNED:
        audit.transition(request, "status", back_to, action="port_request.status_changed",
                         note=f"the signed letter is void: {why}")
        _plan_follows(request)
    return any(signature.signed_at for signature in signatures)


def void_if_changed(request: PortRequest) -> bool:
    """After a writer changed the request or its numbers: void the signature if the letter now says
    something else than what was signed (a save that changes nothing voids nothing)."""
    signature = current_signature(request)
    if signature is None or signature.content_sha256 == content_sha256(request):
        return False
    return void(request, "its details changed after it was signed")


def numbers_changed(number_ids: list[int]) -> None:
    """Any writer that renumbers some PhoneNumbers or turns them into new numbers calls this (after its
    writes, bulk ones included): the signed requests they are on are voided if their letter changed
    or a number of their Attachment A is no longer a ported one."""
    if not number_ids:
        return
    db.session.flush()
    db.session.expire_all()  # bulk writers change rows behind the session's back
    requests = db.session.scalars(select(PortRequest).join(PortedNumber).where(
        PortedNumber.phone_number_id.in_(number_ids), PortRequest.status == PortStatus.SIGNED).distinct())
    for request in list(requests):
        if any(item.phone_number.source != NumberSource.PORTED for item in request.numbers):
            void(request, "a number of its Attachment A is no longer one to port")
        else:
            void_if_changed(request)


def too_old(signature: LoaSignature, now: datetime | None = None) -> bool:
    """Carriers want a letter signed within LOA_VALID_DAYS of the port's submission."""
    return (now or _now()) - signature.signed_at > timedelta(days=current_app.config["LOA_VALID_DAYS"])


def expire_old_signatures(now: datetime | None = None) -> str:
    """Housekeeping: signed requests not yet with the carrier whose letter is too old go back to be
    signed again, and the customer's contacts are told."""
    from portal.porting.statuses import tell_customer  # statuses checks a signature's age before submitting
    expired = 0
    for request in list(db.session.scalars(select(PortRequest).where(PortRequest.status == PortStatus.SIGNED))):
        signature = current_signature(request)
        if signature is not None and too_old(signature, now):
            void(request, f"signed more than {current_app.config['LOA_VALID_DAYS']} days ago: carriers want a "
                          f"recent signature", back_to=PortStatus.READY_TO_SIGN)
            tell_customer(request)
            expired += 1
    return f"{expired} signed letters of authorization too old for the carrier sent back to be signed again"


def _now() -> datetime:
    return datetime.now(timezone.utc)
