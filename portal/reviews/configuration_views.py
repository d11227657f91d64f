"""The planned configuration's pages (issue 21): a round's summary, kind by kind, with each line
disputable by the customer at the second review; a CSV per kind; the Teams PowerShell script."""
from __future__ import annotations

from flask import Blueprint, flash, render_template, url_for
from flask_login import current_user

from portal.callflows.flows import is_teams
from portal.core import snapshots
from portal.core.permissions import project_view
from portal.core.views import attachment, see_other_url
from portal.reviews.access import review_round_loader
from portal.reviews.configuration import Plan, teams_script
from portal.reviews.services import may_dispute

bp = Blueprint("configuration", __name__)
BASE = "/projects/<int:project_id>/review/rounds/<int:review_round_id>/configuration"


def _plan(review_round) -> Plan:
    return Plan(snapshots.read(review_round.snapshot))


@bp.get(BASE)
@project_view(review_round_id=review_round_loader)
def summary(project, review_round):
    """What will be configured, from the round's snapshot; the customer disputes a line at the
    second review (it becomes a must-fix discrepancy there)."""
    package = review_round.package
    disputable = review_round.id == package.current.id and may_dispute(package, current_user)
    return render_template("reviews/configuration.html", project=project, package=package, round=review_round,
                           kinds=_plan(review_round).kinds(), teams=is_teams(project), disputable=disputable)


@bp.get(BASE + "/<any(users, numbers, queues, groups, auto_attendants):table>.csv")
@project_view(review_round_id=review_round_loader)
def export(project, review_round, table):
    found = next(item for item in _plan(review_round).kinds() if item.key == table)
    return attachment(found.csv(), "text/csv; charset=utf-8",
                      f"round-{review_round.number}-{table.replace('_', '-')}-{project.id}.csv")


@bp.get(BASE + "/teams.ps1")
@project_view(review_round_id=review_round_loader)
def script(project, review_round):
    """The Teams cmdlets, as text to read (served as plain text, never run by the portal)."""
    if not is_teams(project):
        flash("The PowerShell script is for Microsoft Teams Operator Connect projects.", "info")
        return see_other_url(url_for("configuration.summary", project_id=project.id,
                                     review_round_id=review_round.id))
    text = teams_script(_plan(review_round), project.name, review_round.number, review_round.snapshot_sha256)
    return attachment(text.encode("utf-8-sig"), "text/plain; charset=utf-8",
                      f"round-{review_round.number}-teams-{project.id}.ps1")
