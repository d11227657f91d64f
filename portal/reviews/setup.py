"""Review rounds' part in an app: the plan's review task, the configuration dates on the timeline,
and the project's own part of every round's snapshot (its facts and its sites)."""
from __future__ import annotations

from portal.core.features import register_feature
from portal.core.rendering import register_document
from portal.core.snapshots import register_part, row, rows
from portal.projects.timeline import register_milestones
from portal.reviews import document, services


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
