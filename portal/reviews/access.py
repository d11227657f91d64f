"""The review loaders: a round of a package of a project of the person's organization."""
from __future__ import annotations

from portal.core.permissions import register_loader, same_organization
from portal.models.projects import Project
from portal.models.reviews import Discrepancy, ReviewPackage, ReviewRound

review_round_loader = register_loader("review_round", ReviewRound, lambda query, user: same_organization(
    query.join(ReviewPackage, ReviewPackage.id == ReviewRound.package_id).join(
        Project, Project.id == ReviewPackage.project_id), user, Project.organization_id), owner="project")
discrepancy_loader = register_loader("discrepancy", Discrepancy, lambda query, user: same_organization(
    query.join(ReviewPackage, ReviewPackage.id == Discrepancy.package_id).join(
        Project, Project.id == ReviewPackage.project_id), user, Project.organization_id), owner="project")
