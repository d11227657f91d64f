"""Porting's part in the plan (issue 18): the "Provide the LOA or CSR and a copy of the current bill"
task follows the port requests (Done once every request that is not cancelled has a carrier
document and is signed)."""
from __future__ import annotations

from flask import url_for
from sqlalchemy import select

from portal.extensions import db
from portal.models.porting import PortRequest, PortStatus
from portal.models.projects import Project, TaskStatus
from portal.models.telephony import NumberSource, PhoneNumber
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
