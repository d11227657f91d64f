"""The Call flows page: each flow a number enters, with its problems, and the flows nobody reaches."""
from __future__ import annotations

from flask import render_template

from portal.callflows.flows import project_flows
from portal.callflows.views import bp
from portal.core.permissions import project_view


@bp.get("/projects/<int:project_id>/call-flows")
@project_view()
def index(project):
    return render_template("callflows/index.html", project=project, flows=project_flows(project))
