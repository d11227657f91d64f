"""Port requests written (issue 18): made and changed through one set of rules (the numbers, the date,
full or partial), each change audited; services flush, the view commits.

A request's numbers are the project's PhoneNumbers with source "ported": ticked from those the
project has, or pasted (ranges too) and then added to the project, so the call flows and the
questionnaire route them. A number is on one request at most.
"""
from __future__ import annotations

from datetime import date

from flask import current_app
from sqlalchemy import select

from portal.core import audit
from portal.core.phones import format_phone
from portal.core.versioning import Conflict, differences, update_versioned
from portal.extensions import db
from portal.models.porting import PortedNumber, PortRequest, PortStatus
from portal.models.projects import Project
from portal.models.telephony import NumberKind, NumberSource, NumberStatus, PhoneNumber
from portal.porting import signing
from portal.porting.documents import check_again
from portal.porting.rules import PortError, check_partial_port, check_port_date, read_numbers
from portal.porting.statuses import customer_changed

# the customer's to change; a signed request changed goes back to draft, its signature superseded
EDITABLE = (PortStatus.DRAFT, PortStatus.READY_TO_SIGN, PortStatus.SIGNED, PortStatus.EXCEPTION)
COLUMNS = ("customer_name", "service_type", "street", "suite", "city", "state", "postal_code", "country", "btn",
           "current_carrier", "account_number", "account_pin", "authorized_name", "authorized_title",
           "authorized_email", "authorized_phone", "full_port", "new_btn", "staying_numbers", "requested_on")


def project_country(project: Project) -> str:
    """Where the project's numbers are read: its first site's country, else the portal's default."""
    return project.sites[0].country if project.sites else current_app.config["DEFAULT_COUNTRY"]


def lead_days() -> int:
    return current_app.config["PORT_LEAD_BUSINESS_DAYS"]


def offered_numbers(project: Project, request: PortRequest | None = None) -> list[PhoneNumber]:
    """The project's numbers that can be ticked: ported ones with digits, on no other request."""
    elsewhere = select(PortedNumber.phone_number_id).join(PortRequest).where(
        PortRequest.project_id == project.id, PortRequest.status != PortStatus.CANCELLED,
        *([PortRequest.id != request.id] if request is not None else []))
    return list(db.session.scalars(select(PhoneNumber).where(
        PhoneNumber.project_id == project.id, PhoneNumber.source == NumberSource.PORTED, PhoneNumber.e164.is_not(None),
        PhoneNumber.id.not_in(elsewhere)).order_by(PhoneNumber.e164)))


def default_port_date(project: Project) -> date:
    return project.target_go_live


class RequestView:
    """A request as its form reads it: its columns (never the PIN), its numbers' ids, its version."""

    def __init__(self, request: PortRequest):
        self.request = self.row = request
        for name in COLUMNS:
            setattr(self, name, getattr(request, name))
        self.account_pin = None
        self.service_type = request.service_type.value
        self.full_port = "yes" if request.full_port else "no"
        self.numbers = [item.phone_number_id for item in request.numbers]
        self.pasted = ""
        self.version = request.version

    def reloaded(self) -> RequestView:
        db.session.refresh(self.request)
        return RequestView(self.request)


def create_request(project: Project, values: dict, today: date) -> PortRequest:
    request = PortRequest(project_id=project.id, project=project)
    _apply(request, values, today)
    db.session.add(request)
    db.session.flush()
    audit.record("port_request.created", request, note=_label(request))
    return request


def save_request(view: RequestView, seen_version: int | None, changes: dict, today: date) -> Conflict | None:
    """The request's details and numbers at the version the person saw; refused once it is with the
    carrier (changes then go through an exception)."""
    request = view.request
    if request.status not in EDITABLE:
        raise PortError(f"This request is {request.status.title.lower()}: it can no longer be changed here. Ask your "
                        f"project manager; a change goes through the carrier as an exception.")
    conflict = update_versioned(request, seen_version, {})
    if conflict is not None:
        fresh = view.reloaded()
        return Conflict(fresh, seen_version, conflict.current_version, differences(fresh, changes))
    _apply(request, changes, today)
    audit.record("port_request.saved", request, note=_label(request))
    db.session.flush()
    customer_changed(request)
    signing.void_if_changed(request)
    check_again(request)
    return None


def _apply(request: PortRequest, values: dict, today: date) -> None:
    project = request.project
    numbers = _numbers(request, values.get("numbers") or [], values.get("pasted") or "")
    pin = values.get("account_pin")
    for name in COLUMNS:
        if name in values and not (name == "account_pin" and not pin):
            setattr(request, name, values[name])
    request.full_port = values.get("full_port", request.full_port) in (True, "yes")
    check_port_date(request.requested_on, today, lead_days(), project_country(project))
    check_partial_port(request.full_port, request.btn, request.new_btn, [number.e164 for number in numbers],
                       request.staying_numbers)
    if not numbers:
        raise PortError("Tick or paste the numbers this account ports.", "numbers")
    kept = {item.phone_number_id: item for item in request.numbers}
    request.numbers = [kept.get(number.id) or PortedNumber(phone_number=number) for number in numbers]


def _numbers(request: PortRequest, chosen: list[int], pasted: str) -> list[PhoneNumber]:
    """The ticked numbers (among those offered) and the pasted ones, each once; pasted numbers the
    project lacks are added to it; one on another request, or a new number, is refused."""
    project = request.project
    offered = {number.id: number for number in offered_numbers(project, request if request.id else None)}
    found = {offered[number_id].e164: offered[number_id] for number_id in chosen if number_id in offered}
    digits, problems = read_numbers(pasted, project_country(project))
    if problems:
        raise PortError("Some pasted numbers cannot be read: " + " ".join(str(problem) for problem in problems[:5]) +
                        (f" And {len(problems) - 5} more." if len(problems) > 5 else ""), "pasted")
    existing = {number.e164: number for number in db.session.scalars(select(PhoneNumber).where(
        PhoneNumber.project_id == project.id, PhoneNumber.e164.in_(digits)))}
    for e164 in digits:
        found.setdefault(e164, _own(project, existing.get(e164), e164, offered))
    return list(found.values())


def _own(project: Project, number: PhoneNumber | None, e164: str, offered: dict[int, PhoneNumber]) -> PhoneNumber:
    if number is None:
        number = PhoneNumber(project_id=project.id, e164=e164, status=NumberStatus.ASSIGNED,
                             source=NumberSource.PORTED, kind=NumberKind.DIRECT)
        db.session.add(number)
        audit.record("number.added", project, note=f"{format_phone(e164)} (to port)")
        return number
    if number.source != NumberSource.PORTED:
        raise PortError(f"{format_phone(e164)} is a new number from the provider, not one to port: remove it from "
                        f"the list.", "pasted")
    if number.id not in offered:
        other = db.session.scalars(select(PortRequest).join(PortedNumber).where(
            PortedNumber.phone_number_id == number.id)).first()
        raise PortError(f"{format_phone(e164)} is already on the request for {_label(other)}: a number is ported "
                        f"once.", "pasted")
    return number


def _label(request: PortRequest | None) -> str:
    if request is None:
        return "another account"
    return f"account {request.account_number} at {request.current_carrier}"
