"""The dashboard every role lands on after login, and /healthz for monitors."""
from __future__ import annotations

import logging

from flask import Blueprint, current_app, render_template
from flask_login import current_user, login_required
from sqlalchemy import text
from sqlalchemy.exc import SQLAlchemyError

from portal.extensions import db
from portal.main import queries

bp = Blueprint("main", __name__)
log = logging.getLogger(__name__)


@bp.get("/")
@login_required
def dashboard():
    if current_user.is_staff:
        return render_template("main/staff_dashboard.html", overview=queries.staff_overview())
    return render_template("main/customer_dashboard.html",
                           people=queries.organization_people(current_user.organization_id))


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
