"""The questionnaire's overview, "Check your answers", its PDF and each section's progress panel."""
from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlsplit

from flask import abort, flash, g, render_template, request, session
from flask_login import current_user

from forms.questionnaire import SectionProgressForm
from portal.core import drafts
from portal.core.permissions import EDITORS, can_edit, project_view
from portal.core.views import keeps_input, see_other_url
from portal.extensions import db
from portal.files.downloads import document_download
from portal.projects.services import follow_feature
from portal.questionnaire import services
from portal.questionnaire.feature import questionnaire_url
from portal.questionnaire.sections import SECTIONS, SectionStatus, overview
from portal.questionnaire.views import bp

REFUSED_ANSWER = "questionnaire.refused_answer"  # shown once by the section page the person goes back to


@dataclass(frozen=True)
class ProgressPanel:
    """What a section page's foot shows: the section's status, its blocking errors, the question."""

    status: SectionStatus
    errors: int
    form: SectionProgressForm | None  # None for people who only read


@bp.app_context_processor
def _progress_panel():
    return {"section_progress_of": progress_panel}


def progress_panel(project, key: str) -> ProgressPanel:
    found = overview(project)
    status, findings = next((status, found) for section, status, found in found.rows if section.key == key)
    form = None
    if can_edit():
        answer = found.progress.get(key)
        refused = session.pop(REFUSED_ANSWER, None) if session.get(REFUSED_ANSWER, {}).get("key") == key else None
        form = SectionProgressForm(formdata=None, version=answer.version if answer else 0, completed=(
            refused["choice"] if refused else ("yes" if answer.completed else "no") if answer else None))
        if refused:  # next to the radios and in the form's error summary, with the person's choice
            form.completed.errors = [refused["error"]]
    return ProgressPanel(status, sum(1 for finding in findings if finding.blocking), form)


def _refused(project, section, error: str):
    """Back to the section's foot, where the refusal shows next to the radios with the choice kept."""
    session[REFUSED_ANSWER] = {"key": section.key, "choice": request.form.get("completed"), "error": error}
    return see_other_url(section.url_of(project) + "#progress")


def _page_path(project, section) -> str:
    """Where the section's page is: its drafts are kept under this path (and the pages below it)."""
    return urlsplit(section.url_of(project)).path


@bp.post("/projects/<int:project_id>/questionnaire/<section_key>/progress")
@project_view(*EDITORS, edit=True)
@keeps_input
def section_progress(project, section_key):
    section = SECTIONS.get(section_key) or abort(404)
    form = SectionProgressForm()
    if not form.validate_on_submit():
        return _refused(project, section, "Your session had expired, so nothing was saved; save again." if g.get(
            "csrf_failed") else " ".join(message for _, message in form.error_list))
    try:
        unsaved = drafts.has_drafts_under(current_user, _page_path(project, section))
        conflict = services.mark_section(project, section, form.completed.data == "yes", form.version.data,
                                         current_user, unsaved)
    except services.SectionNotReady as error:
        db.session.rollback()
        return _refused(project, section, str(error))
    if conflict is not None:
        db.session.rollback()
        flash("Someone else answered this for the section meanwhile; their answer is shown below.", "warning")
        return see_other_url(section.url_of(project) + "#progress")
    follow_feature(project, "questionnaire")
    db.session.commit()
    flash(f"{section.title}: {'completed' if form.completed.data == 'yes' else 'you can come back to it later'}.",
          "success")
    return see_other_url(questionnaire_url(project))


@bp.get("/projects/<int:project_id>/questionnaire")
@project_view()
def index(project):
    return _with_overview("questionnaire/index.html", project)


@bp.get("/projects/<int:project_id>/questionnaire.pdf")
@project_view()
def pdf(project):
    return document_download(project, "questionnaire")


@bp.get("/projects/<int:project_id>/questionnaire/check")
@project_view()
def check(project):
    return _with_overview("questionnaire/check.html", project)


def _with_overview(template: str, project):
    return render_template(template, project=project, overview=overview(project))
