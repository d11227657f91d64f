"""A port request's way through the carrier (issue 18): staff move it by the transition table of
PortStatus, each move audited and e-mailed to the customer's contacts through the job queue, its
numbers following (submitted: porting; ported: active; cancelled: back to assigned). An exception
goes back to the customer with its reason; their saved changes make the request ready to sign again.
"Signed" is reached only by the customer's signature online (portal.porting.signing); a letter
signed more than LOA_VALID_DAYS ago is not submitted."""
from __future__ import annotations

from datetime import datetime, timezone, tzinfo
from zoneinfo import ZoneInfo

from flask import current_app

from portal.core import audit
from portal.core.mail import queue_mail
from portal.core.versioning import Conflict, update_versioned
from portal.models.porting import ExceptionReason, PortRequest, PortStatus
from portal.models.projects import Project
from portal.models.telephony import NumberStatus
from portal.porting import signing
from portal.porting.rules import PortError
from portal.projects.services import customer_contacts

NUMBERS_BECOME = {PortStatus.SUBMITTED: (NumberStatus.ASSIGNED, NumberStatus.PORTING),
                  PortStatus.PORTED: (NumberStatus.PORTING, NumberStatus.ACTIVE),
                  PortStatus.CANCELLED: (NumberStatus.PORTING, NumberStatus.ASSIGNED)}


def local_zone(project: Project) -> tzinfo:
    """The time zone an FOC is given and shown in: the project's first site's (UTC without one)."""
    zone = project.sites[0].time_zone if project.sites else None
    return ZoneInfo(zone) if zone else timezone.utc


def move(request: PortRequest, target: PortStatus, seen_version: int | None, *, note: str | None = None,
         foc_at: datetime | None = None, reason: ExceptionReason | None = None) -> Conflict | None:
    """Move the request to `target` at the version the person saw (PortError: why it cannot); an
    FOC date and time without a zone is in the project's `local_zone`."""
    if foc_at is not None and foc_at.tzinfo is None:
        foc_at = foc_at.replace(tzinfo=local_zone(request.project))
    if not request.status.can_become(target):
        raise PortError(f"A request that is {request.status.title.lower()} cannot become "
                        f"{target.title.lower()}.", "target")
    _needs(request, target, note, foc_at, reason)
    conflict = update_versioned(request, seen_version, {})
    if conflict is not None:
        return conflict
    audit.transition(request, "status", target, action="port_request.status_changed", note=note)
    request.status_note = note
    if target == PortStatus.FOC_CONFIRMED:
        request.foc_at = foc_at
    if target == PortStatus.EXCEPTION:
        request.exception_reason, request.exception_note = reason, note
    _numbers_follow(request, target)
    tell_customer(request)
    return None


def _needs(request: PortRequest, target: PortStatus, note: str | None, foc_at: datetime | None,
           reason: ExceptionReason | None) -> None:
    if target == PortStatus.SIGNED:
        raise PortError("The Letter of Authorization is signed online by the customer: send them a signing link.",
                        "target")
    if target == PortStatus.SUBMITTED and request.status == PortStatus.SIGNED:
        _signed_recently(request)
    if target == PortStatus.FOC_CONFIRMED and foc_at is None:
        raise PortError("Enter the FOC date and time the carrier confirmed.", "foc_at")
    if target == PortStatus.EXCEPTION and reason is None:
        raise PortError("Choose why the carrier rejected the request.", "reason")
    if target in (PortStatus.EXCEPTION, PortStatus.CANCELLED) and not (note or "").strip():
        raise PortError({PortStatus.EXCEPTION: "Say what the carrier said, for the customer to fix it.",
                         PortStatus.CANCELLED: "Say why the request is cancelled."}[target], "note")


def _signed_recently(request: PortRequest) -> None:
    """Carriers refuse an old letter: one signed more than LOA_VALID_DAYS ago is signed again first."""
    signature = signing.current_signature(request)
    if signature is None:
        raise PortError("The request has no signed Letter of Authorization: it is signed online first.", "target")
    if signing.too_old(signature):
        raise PortError(f"The Letter of Authorization was signed on {signature.signed_at:%d %B %Y}, more than "
                        f"{current_app.config['LOA_VALID_DAYS']} days ago: carriers want a recent one. Tonight it goes "
                        f"back to the customer to be signed again, and they are told.", "target")


def _numbers_follow(request: PortRequest, target: PortStatus) -> None:
    if target not in NUMBERS_BECOME:
        return
    before, after = NUMBERS_BECOME[target]
    for item in request.numbers:
        number = item.phone_number
        if number.status == before:
            before.check_transition(after)
            number.status = after
            audit.record("number.status_changed", number, organization_id=request.project.organization_id,
                         from_state=before, to_state=after, note=f"port request {request.account_number}")


def tell_customer(request: PortRequest) -> None:
    recipients = [user.email for user in customer_contacts(request.project)]
    if recipients:
        queue_mail(recipients, f"Port request {request.status.title.lower()}: account {request.account_number} – "
                               f"{request.project.name}", "port_status", request=request, project=request.project)


def customer_changed(request: PortRequest) -> None:
    """The customer saved changed details of a request in exception: it is to be signed again (the
    signature the carrier refused is superseded)."""
    if request.status == PortStatus.EXCEPTION:
        signing.void(request, "the carrier's exception needed new details")
        audit.transition(request, "status", PortStatus.READY_TO_SIGN, action="port_request.status_changed",
                         note="the customer changed its details")
