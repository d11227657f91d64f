"""Porting's part in the plan (issue 18): the "Provide the LOA or CSR and a copy of the current bill"
task follows the port requests (Done once every request that is not cancelled has a carrier
document and is signed)."""
from __future__ import annotations

from flask import url_for
from sqlalchemy import select

from portal.extensions import db
from portal.models.porting import PortRequest, PortStatus
from portal.models.projects import Project, TaskStatus

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
