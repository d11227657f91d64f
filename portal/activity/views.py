"""Staff read the audit log as an activity feed, newest first, filterable by organization."""
from __future__ import annotations

from flask import Blueprint, render_template, request
from flask_login import login_required
from sqlalchemy import select

from portal.core.permissions import roles_required
from portal.extensions import db
from portal.models.audit import AuditEvent
from portal.models.users import STAFF_ROLES, Organization

bp = Blueprint("activity", __name__)
PAGE_SIZE = 50


@bp.get("/activity")
@login_required
@roles_required(*STAFF_ROLES)
def feed():
    organization_id = request.args.get("organization", type=int)
    query = select(AuditEvent).order_by(AuditEvent.id.desc())
    if organization_id:
        query = query.where(AuditEvent.organization_id == organization_id)
    page = db.paginate(query, per_page=PAGE_SIZE, error_out=False)
    organizations = db.session.scalars(select(Organization).order_by(Organization.name)).all()
    return render_template("activity/feed.html", page=page, organizations=organizations,
                           selected=organization_id)
