"""The call flows' loaders: a holiday set of a project of the person's organization, and a holiday
of such a set (a route names it beside its set, and the view checks that they belong together)."""
from __future__ import annotations

from portal.core.permissions import register_loader, register_project_child, same_organization
from portal.models.callflows import Holiday, HolidaySet
from portal.models.projects import Project

holiday_set_loader = register_project_child("holiday_set", HolidaySet)

holiday_loader = register_loader("holiday", Holiday, lambda query, user: same_organization(
    query.join(HolidaySet, HolidaySet.id == Holiday.holiday_set_id).join(Project, Project.id == HolidaySet.project_id),
    user, Project.organization_id))
