"""The questionnaire's pages: the overview of its sections, each section, "Check your answers"."""
from __future__ import annotations

from flask import Blueprint, abort, render_template, request, url_for
from flask_login import current_user, login_required

from forms.questionnaire import DialPlanForm, SiteHoursForm
from portal.core.editing import Editor
from portal.core.permissions import loads, roles_required
from portal.core.views import keeps_drafts
from portal.models.projects import TaskStatus
from portal.models.users import STAFF_ROLES, Role
from portal.projects.access import project_loader, site_loader
from portal.projects.features import register_feature
from portal.projects.services import follow_feature
from portal.questionnaire import dial_plan as dial_plan_section
from portal.questionnaire import services
from portal.questionnaire.sections import SectionStatus, overview

bp = Blueprint("questionnaire", __name__)
READERS = (*STAFF_ROLES, Role.PRIMARY_CONTACT, Role.SECONDARY_CONTACT, Role.VIEWER)
EDITORS = (Role.PRIMARY_CONTACT, Role.SECONDARY_CONTACT, Role.IPM, Role.ADMIN)


def questionnaire_url(project) -> str:
    return url_for("questionnaire.index", project_id=project.id)


def questionnaire_status(project) -> TaskStatus:
    """The plan's questionnaire task: not started, in progress, done when every section is completed."""
    found = overview(project)
    if found.count(SectionStatus.NOT_STARTED) == len(found.rows):
        return TaskStatus.NOT_STARTED
    return TaskStatus.DONE if found.count(SectionStatus.COMPLETED) == len(found.rows) else TaskStatus.IN_PROGRESS


def questionnaire_summary(project) -> str:
    found = overview(project)
    return f"{found.count(SectionStatus.COMPLETED)} of {len(found.rows)} sections completed"


register_feature("questionnaire", questionnaire_status, questionnaire_url, questionnaire_summary)


def _followed(project, writer):
    """The writer, then the plan's questionnaire task brought up to date (follow_feature)."""
    def write(record, seen_version, changes):
        conflict = writer(record, seen_version, changes)
        if conflict is None:
            follow_feature(project, "questionnaire")
        return conflict
    return write


@bp.get("/projects/<int:project_id>/questionnaire")
@login_required
@loads(project_id=project_loader)
@roles_required(*READERS)
def index(project):
    return _with_overview("questionnaire/index.html", project)


@bp.get("/projects/<int:project_id>/questionnaire/check")
@login_required
@loads(project_id=project_loader)
@roles_required(*READERS)
def check(project):
    return _with_overview("questionnaire/check.html", project)


def _with_overview(template: str, project):
    return render_template(template, project=project, overview=overview(project),
                           can_edit=current_user.role in EDITORS)


@bp.route("/projects/<int:project_id>/questionnaire/dial-plan", methods=["GET", "POST"])
@login_required
@loads(project_id=project_loader)
@roles_required(*READERS)
@keeps_drafts
def dial_plan(project):
    can_edit = current_user.role in EDITORS
    if request.method == "POST" and not can_edit:
        abort(403)
    editor = Editor(DialPlanForm, project.dial_plan)
    response = editor.submit(_followed(project, services.save_dial_plan), title="The dial plan",
                             saved="The dial plan was saved.",
                             next_url=dial_plan_section.page_url(project))
    return response or render_template("questionnaire/dial_plan.html", project=project, editor=editor,
                                       form=editor.form, can_edit=can_edit)


@bp.route("/projects/<int:project_id>/questionnaire/sites/<int:site_id>", methods=["GET", "POST"])
@login_required
@loads(project_id=project_loader, site_id=site_loader)
@roles_required(*EDITORS)
@keeps_drafts
def site_hours(project, site):
    if site not in project.sites:
        abort(404)
    editor = Editor(SiteHoursForm, site)
    response = editor.submit(_followed(project, services.save_site_hours), title=f"The hours of {site.name}",
                             saved=f"The business hours of {site.name} were saved.",
                             next_url=dial_plan_section.page_url(project))
    return response or render_template("questionnaire/site_hours.html", project=project, site=site, editor=editor,
                                       form=editor.form)
