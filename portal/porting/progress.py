"""Porting's part in the plan (issue 18): the "Provide the LOA or CSR and a copy of the current bill"
task follows the port requests (Done once every request that is not cancelled has a carrier
document and is signed)."""
from __future__ import annotations

from flask import url_for
from sqlalchemy import select

from portal.core.intake import IntakeFinding, IntakePart
from portal.core.phones import format_phone
from portal.extensions import db
from portal.models.porting import PortRequest, PortStatus
from portal.models.projects import Project, TaskStatus
from portal.models.telephony import NumberSource, PhoneNumber
from portal.porting.bill_check import DETAILS
from portal.porting.statuses import local_zone
from portal.projects.services import follow_feature

KEYS = ("porting", "port_submitted", "port_foc")  # the plan tasks that follow the port requests
SIGNED_OR_LATER = (PortStatus.SIGNED, PortStatus.SUBMITTED, PortStatus.FOC_CONFIRMED, PortStatus.PORTED)


def requests_of(project: Project) -> list[PortRequest]:
    return list(db.session.scalars(select(PortRequest).where(PortRequest.project_id == project.id,
                                                             PortRequest.status != PortStatus.CANCELLED)))


def page_url(project: Project) -> str:
    return url_for("porting.index", project_id=project.id)


def status(project: Project) -> TaskStatus:
    requests = requests_of(project)
    if not requests:
        return TaskStatus.NOT_STARTED
    done = all(request.documents and request.status in SIGNED_OR_LATER for request in requests)
    return TaskStatus.DONE if done else TaskStatus.IN_PROGRESS


def summary(project: Project) -> str:
    requests = requests_of(project)
    if not requests:
        return "No port request yet"
    numbers = sum(len(request.numbers) for request in requests)
    return f"{len(requests)} {'request' if len(requests) == 1 else 'requests'}, {numbers} " \
           f"{'number' if numbers == 1 else 'numbers'}"


SUBMITTED_OR_LATER = (PortStatus.SUBMITTED, PortStatus.FOC_CONFIRMED, PortStatus.EXCEPTION, PortStatus.PORTED)
WITH_FOC = (PortStatus.FOC_CONFIRMED, PortStatus.PORTED)


def _all_reached(project: Project, reached: tuple[PortStatus, ...]) -> TaskStatus:
    """Done once every request reached one of `reached`; Not applicable while the project ports no
    number (no request, and no number to port)."""
    requests = requests_of(project)
    if not requests:
        return TaskStatus.NOT_STARTED if _ports_numbers(project) else TaskStatus.SKIPPED
    count = sum(request.status in reached for request in requests)
    return TaskStatus.DONE if count == len(requests) else TaskStatus.IN_PROGRESS if count else TaskStatus.NOT_STARTED


def _ports_numbers(project: Project) -> bool:
    return db.session.scalar(select(PhoneNumber.id).where(PhoneNumber.project_id == project.id,
                                                          PhoneNumber.source == NumberSource.PORTED).limit(1)) \
        is not None


def submitted_status(project: Project) -> TaskStatus:
    return _all_reached(project, SUBMITTED_OR_LATER)


def foc_status(project: Project) -> TaskStatus:
    return _all_reached(project, WITH_FOC)


def foc_summary(project: Project) -> str:
    dated = sorted(request.foc_at.astimezone(local_zone(project)) for request in requests_of(project)
                   if request.foc_at)
    return f"FOC {dated[0]:%d %b %Y}" + (f" (and {len(dated) - 1} more)" if len(dated) > 1 else "") if dated \
        else "No FOC yet"


def follow(project: Project) -> None:
    """After a change of the project's port requests: their plan tasks follow."""
    for key in KEYS:
        follow_feature(project, key)


def milestones(project: Project) -> list:
    """Each confirmed FOC on the project's timeline, on its date where the project is (statuses.local_zone)."""
    zone = local_zone(project)
    return [(request.foc_at.astimezone(zone).date(), f"FOC {request.account_number}")
            for request in requests_of(project) if request.foc_at]


def review_findings(project: Project) -> list[IntakeFinding]:
    """Porting on the "Review and submit" page: a ported number on no request, a request not signed
    (blocking); a detail the latest bill check did not find (a warning)."""
    requests = requests_of(project)
    on_requests = {item.phone_number_id for request in requests for item in request.numbers}
    found = [IntakeFinding(f"number:{number.id}/port_request", f"{format_phone(number.e164)} is ported but on no "
                           f"port request: add it to one.", page_url(project))
             for number in _ported_numbers(project) if number.id not in on_requests]
    for request in requests:
        url = url_for("porting.request", project_id=project.id, port_request_id=request.id)
        if request.status not in SIGNED_OR_LATER:
            found.append(IntakeFinding(f"port_request:{request.id}/status", f"The port request for account "
                                       f"{request.account_number} is {request.status.title.lower()}: its Letter of "
                                       f"Authorization is to be signed.", url + "#signature"))
        found += [IntakeFinding(f"port_request:{request.id}/{detail}", f"Account {request.account_number}: "
                                f"{title} was not found on the bill.", url + "#documents", blocking=False)
                  for detail, title, page in _bill_findings(request) if page is None]
    return found


def _bill_findings(request: PortRequest) -> list[tuple[str, str, int | None]]:
    latest = request.documents[-1] if request.documents else None
    found = (latest.findings or {}) if latest is not None else {}
    return [(detail, title, found.get(detail)) for detail, title in DETAILS.items() if detail in found]


def _ported_numbers(project: Project) -> list[PhoneNumber]:
    return list(db.session.scalars(select(PhoneNumber).where(
        PhoneNumber.project_id == project.id, PhoneNumber.source == NumberSource.PORTED,
        PhoneNumber.e164.is_not(None)).order_by(PhoneNumber.e164)))


def ready_for_review(project: Project) -> bool:
    """Every ported number on a request that is signed or further along (or nothing is ported)."""
    return not any(finding.blocking for finding in review_findings(project))


INTAKE = IntakePart("porting", "Number porting", 4, ready_for_review, review_findings, page_url,
                    "Put every ported number on a port request and have each request's letter signed.")
