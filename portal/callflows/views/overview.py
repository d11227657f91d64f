"""The Call flows page: each flow a number enters, with its problems, the flows nobody reaches, and
"Have you completed the call flows?"."""
from __future__ import annotations

from flask import flash, render_template
from flask_login import current_user

from forms.callflows import CallFlowsProgressForm
from portal.callflows import progress
from portal.callflows.flows import project_flows
from portal.callflows.views import bp
from portal.core import drafts
from portal.core.permissions import EDITORS, can_edit, project_view
from portal.core.views import keeps_input, see_other_url
from portal.extensions import db
from portal.files.downloads import document_download
from portal.projects.services import follow_feature
from portal.questionnaire.services import SectionNotReady, mark_section


def _page(project, form=None, code: int = 200):
    if form is None and can_edit():
        given = progress.answer(project)
        form = CallFlowsProgressForm(formdata=None, version=given.version if given else 0,
                                     completed=("yes" if given.completed else "no") if given else None)
    return render_template("callflows/index.html", project=project, flows=project_flows(project),
                           status=progress.status(project), progress_form=form,
                           recordings=progress.recordings_of(project)), code


@bp.get("/projects/<int:project_id>/call-flows")
@project_view()
def index(project):
    return _page(project)


@bp.get("/projects/<int:project_id>/call-flows.pdf")
@project_view()
def pdf(project):
    return document_download(project, "call_flows")


@bp.post("/projects/<int:project_id>/call-flows/progress")
@project_view(*EDITORS, edit=True)
@keeps_input
def mark(project):
    form = CallFlowsProgressForm()
    if not form.validate_on_submit():
        return _page(project, form)
    unsaved = drafts.has_drafts_under(current_user, f"/projects/{project.id}/call-flows/")
    try:
        conflict = mark_section(project, progress.SECTION, form.completed.data == "yes", form.version.data,
                                current_user, unsaved)
    except SectionNotReady as error:
        db.session.rollback()
        form.completed.errors.append(str(error))
        return _page(project, form)
    if conflict is not None:
        db.session.rollback()
        flash("Someone else answered this meanwhile; their answer is shown below.", "warning")
        return see_other_url(progress.page_url(project) + "#progress")
    follow_feature(project, "call_flows")
    db.session.commit()
    flash("The call flows: " + ("completed." if form.completed.data == "yes" else "you can come back to them later."),
          "success")
    return see_other_url(progress.page_url(project))
