"""Section 6 of the questionnaire: call recording."""
from __future__ import annotations

from flask import render_template

from forms.questionnaire import RecordingPolicyForm
from portal.core.permissions import project_view
from portal.core.views import keeps_drafts
from portal.models.telephony import RecordingMode
from portal.questionnaire import call_center as call_center_section
from portal.questionnaire import recording as recording_section
from portal.questionnaire.views import bp
from portal.questionnaire.views.common import project_answer, section_findings


@bp.route("/projects/<int:project_id>/questionnaire/recording", methods=["GET", "POST"])
@project_view(edit=True)
@keeps_drafts
def recording(project):
    def prepare(form) -> None:
        call_center_section.offer_members(form.listeners, call_center_section.member_options(project.id))
    editor, response = project_answer(project, RecordingPolicyForm, project.recording_policy,
                                      recording_section.save_policy, prepare, title="Call recording",
                                      saved="The call-recording answers were saved.",
                                      next_url=recording_section.page_url(project))
    return response or render_template(
        "questionnaire/recording.html", project=project, editor=editor, form=editor.form,
        recorded=recording_section.recorded(project.id), seats=recording_section.recorded_seats(project.id),
        modes=list(RecordingMode),
        queues=call_center_section.settings_of(project.id, call_center_section.QUEUE),
        findings=section_findings(project, recording_section.KEY))
