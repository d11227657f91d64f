"""The registered loaders of projects, tasks, sites and plan template tasks."""
from __future__ import annotations

from sqlalchemy import false

from portal.core.permissions import register_loader, same_organization
from portal.models.imports import Import
from portal.models.projects import Project, ProjectTask, TemplateTask
from portal.models.telephony import Seat, Site

project_loader = register_loader(
    "project", Project, lambda query, user: same_organization(query, user, Project.organization_id))
task_loader = register_loader(
    "task", ProjectTask,
    lambda query, user: same_organization(query.join(Project, Project.id == ProjectTask.project_id), user,
                                          Project.organization_id))
site_loader = register_loader(
    "site", Site, lambda query, user: same_organization(query, user, Site.organization_id))
template_task_loader = register_loader(
    "template_task", TemplateTask, lambda query, user: query if user.is_staff else query.where(false()))

seat_loader = register_loader(
    "seat", Seat,
    lambda query, user: same_organization(query.join(Project, Project.id == Seat.project_id), user,
                                          Project.organization_id))

import_loader = register_loader(
    "data_import", Import,
    lambda query, user: same_organization(query.join(Project, Project.id == Import.project_id), user,
                                          Project.organization_id))
