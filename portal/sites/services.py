"""Writes of sites."""
from __future__ import annotations

from portal.core import audit
from portal.core.versioning import Conflict, update_versioned
from portal.extensions import db
from portal.models.telephony import Site


def create_site(organization, values: dict, project=None) -> Site:
    """A new site of the organization; given a project, it joins it too."""
    site = Site(organization=organization, organization_id=organization.id, **values)
    db.session.add(site)
    db.session.flush()
    audit.record("site.created", site)
    if project is not None:
        project.sites.append(site)
        audit.record("project.site_joined", project, note=site.name)
    return site


def update_site(site: Site, seen_version: int | None, changes: dict) -> Conflict | None:
    conflict = update_versioned(site, seen_version, changes)
    if conflict is None:
        audit.record("site.updated", site)
    return conflict
