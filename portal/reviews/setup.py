"""Review rounds' part in an app: the plan's review task, the configuration dates on the timeline,
and the project's own part of every round's snapshot (its facts and its sites)."""
from __future__ import annotations

from portal.callflows.nodes import NodeView
from portal.core.features import register_feature
from portal.core.rendering import register_document
from portal.core.snapshots import register_part, row, rows
from portal.models.questionnaire import CallingPolicy, DialPlan, OtherRequirements, RecordingPolicy
from portal.models.telephony import PhoneNumber, Seat, Site
from portal.porting.services import RequestView
from portal.projects.timeline import register_milestones
from portal.questionnaire.dial_plan import SiteHoursView
from portal.questionnaire.keys import LayoutView
from portal.reviews import document, services
from portal.reviews.addresses import SECTIONS
from portal.reviews.pins import register_addressed

SECTION_ROWS = {DialPlan: "dial_plans", CallingPolicy: "calling_policies", RecordingPolicy: "recording_policies",
                OtherRequirements: "questionnaire_other_requirements"}


def project_part(project) -> dict:
    return {**row(project), "organization": project.organization.name, "product": project.product.name}


def sites_part(project) -> list[dict]:
    """The project's sites with their business hours."""
    return [{**row(site), "hours": rows(site.hours)} for site in sorted(project.sites, key=lambda site: site.id)]


def register() -> None:
    register_feature(services.KEY, services.status, services.page_url, services.summary)
    register_milestones(services.milestones)
    register_part("project", project_part)
    register_part("sites", sites_part)
    register_document(document.KIND, document.DOCUMENT)
    _register_addressed()


def _seat(seat):
    return (f"seat:{seat.id}", seat.project_id) if seat.id else None


def _number(number):
    return (f"number:{number.id}", number.project_id) if number.id else None


def _seat_keys(view):
    return (f"seat:{view.seat.id}", view.project.id) if view.seat else None


def _node(view):
    return f"node:{view.row.id}", view.row.project_id


def _port_request(view):
    return (f"port_request:{view.row.id}", view.row.project_id) if view.row.id else None


def _site(record):  # a Site, or the view of its hours the questionnaire edits
    site = getattr(record, "site", record)
    return (f"site:{site.id}", None) if site.id else None


def _section(answers):
    return f"section:{SECTIONS[SECTION_ROWS[type(answers)]]}", answers.project_id


def _register_addressed() -> None:
    """The records whose forms show the discrepancies pinned on them (portal.reviews.pins)."""
    for model, address_of in ((Seat, _seat), (PhoneNumber, _number), (LayoutView, _seat_keys), (NodeView, _node),
                              (RequestView, _port_request), (Site, _site), (SiteHoursView, _site),
                              *((model, _section) for model in SECTION_ROWS)):
        register_addressed(model, address_of)
