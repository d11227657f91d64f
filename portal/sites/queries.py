"""Reads of sites."""
from __future__ import annotations

from sqlalchemy import select

from portal.extensions import db
from portal.models.telephony import Site


def organization_sites(organization_id: int) -> list[Site]:
    return list(db.session.scalars(select(Site).where(Site.organization_id == organization_id).order_by(Site.name)))
