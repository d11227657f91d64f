"""The registered loaders of tasks, seats, imports, sites and plan template tasks (the project's own is core's)."""
from __future__ import annotations

from sqlalchemy import false

from portal.core.permissions import project_loader, register_loader, register_project_child, same_organization
from portal.models.imports import Import
from portal.models.projects import ProjectTask, TemplateTask
from portal.models.telephony import Seat, Site

task_loader = register_project_child("task", ProjectTask)
site_loader = register_loader(
    "site", Site, lambda query, user: same_organization(query, user, Site.organization_id), owner="organization")
template_task_loader = register_loader(
    "template_task", TemplateTask, lambda query, user: query if user.is_staff else query.where(false()))

seat_loader = register_project_child("seat", Seat)

import_loader = register_project_child("data_import", Import)

__all__ = ["project_loader", "task_loader", "site_loader", "template_task_loader", "seat_loader", "import_loader"]
