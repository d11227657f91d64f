"""Section 1, sites and dial plan: each site's time zone and business hours, the project's
extension length, outbound access code and operator's extension."""
from __future__ import annotations

from flask import url_for
from sqlalchemy import select

from portal.core.hours import form_values
from portal.extensions import db
from portal.models.projects import Project, project_sites
from portal.models.telephony import Destination, Site
from portal.questionnaire import frozen
from portal.questionnaire.sections import Finding, Section

KEY = "dial_plan"


class SiteHoursView:
    """A site's time zone and business hours as the hours form reads them (portal.core.hours),
    with the site's version."""

    def __init__(self, site: Site):
        self.site = self.row = site  # the row an autosave locks
        self.time_zone, self.version = site.time_zone, site.version
        self.country, self.state = site.country, site.state  # the time zones offered first
        for name, value in form_values(site.hours).items():
            setattr(self, name, value)

    def reloaded(self) -> SiteHoursView:
        db.session.refresh(self.site)
        return SiteHoursView(self.site)


def page_url(project: Project, field: str = "") -> str:
    return url_for("questionnaire.dial_plan", project_id=project.id) + (f"#{field}" if field else "")


def projects_at(site) -> list[Project]:
    """Every project of the customer at the site: the site's hours are an answer in each."""
    return list(db.session.scalars(select(Project).join(project_sites, project_sites.c.project_id == Project.id)
                                   .where(project_sites.c.site_id == site.id)))


def _started(project: Project) -> bool:
    return project.dial_plan.extension_length is not None or any(site.has_hours for site in project.sites)


def _answered(project: Project) -> bool:
    return project.dial_plan.extension_length is not None and all(site.has_hours for site in project.sites)


def check(project: Project) -> list[Finding]:
    found = []
    here = {"project_id": project.id}
    if not project.sites:
        found.append(Finding(KEY, "The project has no site yet: ask your project manager to add your sites to it.",
                             "questionnaire.dial_plan", here))
    for site in project.sites:
        if not site.has_hours:
            found.append(Finding(KEY, f"Enter the business hours of {site.name}.", "questionnaire.site_hours",
                                 {**here, "site_id": site.id}, "time_zone"))
    operator = project.dial_plan.operator_extension
    if operator and not db.session.scalar(select(Destination.id).where(Destination.project_id == project.id,
                                                                        Destination.extension == operator)):
        found.append(Finding(KEY, f"No one has extension {operator} yet: give it to the person or group that "
                                  f"answers for the operator.", "questionnaire.dial_plan", here,
                             "operator_extension", blocking=False))
    return found


SECTION = Section(KEY, 1, "Sites and dial plan", page_url, _started, _answered,
                  "pdf/questionnaire/dial_plan.html", frozen.dial_plan)
