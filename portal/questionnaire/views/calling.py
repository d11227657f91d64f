"""Section 5 of the questionnaire: calling patterns, and where each number rings."""
from __future__ import annotations

from flask import abort, render_template

from forms.base import select_choices
from forms.questionnaire import CallingPolicyForm, NumberRoutingForm
from portal.core.detours import offer_creation
from portal.core.permissions import EDITORS, project_view
from portal.core.phones import format_phone
from portal.core.routing import destination_choices
from portal.core.views import keeps_drafts
from portal.models.telephony import CallerIdPresentation
from portal.questionnaire import calling as calling_section
from portal.questionnaire.access import number_loader
from portal.questionnaire.views import bp
from portal.questionnaire.views.common import project_answer, section_findings


@bp.route("/projects/<int:project_id>/questionnaire/calling", methods=["GET", "POST"])
@project_view(edit=True)
@keeps_drafts
def calling(project):
    editor, response = project_answer(project, CallingPolicyForm, project.calling_policy, calling_section.save_policy,
                                      title="Calling patterns", saved="The calling patterns were saved.",
                                      next_url=calling_section.page_url(project))
    return response or render_template(
        "questionnaire/calling.html", project=project, editor=editor, form=editor.form,
        inbound=calling_section.inbound(project.id), caller_ids=calling_section.caller_ids(project.id),
        caller_id_modes=list(CallerIdPresentation), e911=calling_section.e911(project.id),
        findings=section_findings(project, calling_section.KEY))


@bp.route("/projects/<int:project_id>/questionnaire/calling/numbers/<int:number_id>", methods=["GET", "POST"])
@project_view(*EDITORS, edit=True, readable=False, number_id=number_loader)
@keeps_drafts
def number_routing(project, phone_number):
    if phone_number.e164 is None:
        abort(404)

    def prepare(form) -> None:
        places = destination_choices(project.id, kinds=False)
        form.open_destination_id.choices = select_choices([("", "Nothing yet")] + places)
        form.closed_destination_id.choices = select_choices([("", "The same as during business hours")] + places)
        offer_creation(form.open_destination_id)
        offer_creation(form.closed_destination_id)
    editor, response = project_answer(project, NumberRoutingForm, calling_section.RoutingView(phone_number),
                                      calling_section.route_number, prepare,
                                      title=f"Where {format_phone(phone_number.e164)} rings",
                                      saved=f"Where {format_phone(phone_number.e164)} rings was saved.",
                                      next_url=calling_section.page_url(project))
    return response or render_template("questionnaire/number_routing.html", project=project, editor=editor,
                                       number=phone_number)
