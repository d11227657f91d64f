"""The dashboard every role lands on after login, and /healthz for monitors."""
from __future__ import annotations

import logging
from datetime import date

from flask import Blueprint, current_app, render_template, request
from flask_login import current_user, login_required
from sqlalchemy import text
from sqlalchemy.exc import SQLAlchemyError

from portal.extensions import db
from portal.main import queries
from portal.projects import plan
from portal.projects import queries as project_queries

bp = Blueprint("main", __name__)
log = logging.getLogger(__name__)


@bp.get("/")
@login_required
def dashboard():
    today = date.today()
    if current_user.is_staff:
        phase, overdue, sort = request.args.get("phase") or None, bool(request.args.get("overdue")), \
            request.args.get("sort", "go_live")
        return render_template("main/staff_dashboard.html", overview=queries.staff_overview(), today=today,
                               rows=project_queries.dashboard_rows(current_user, today, phase, overdue, sort),
                               phases=project_queries.phases(), selected_phase=phase, overdue_only=overdue,
                               sort=sort)
    return render_template("main/customer_dashboard.html", today=today, plan=plan,
                           projects=queries.customer_projects(current_user.organization_id, today),
                           people=queries.organization_members(current_user.organization_id))


@bp.get("/healthz")
def healthz():
    try:
        db.session.execute(text("SELECT 1"))
        database = "ok"
    except SQLAlchemyError:
        log.exception("health check: database unreachable")
        db.session.rollback()
        database = "unreachable"
    status = 200 if database == "ok" else 503
    return {"status": "ok" if status == 200 else "degraded", "application": "ok", "database": database,
            "environment": current_app.config["ENV"]}, status
