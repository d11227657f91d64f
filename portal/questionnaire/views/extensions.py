"""Section 2 of the questionnaire: the extensions, each seat's configuration and its voicemail PIN."""
from __future__ import annotations

from flask import flash, make_response, render_template, request
from flask_login import current_user

from forms.base import ActionForm, select_choices
from forms.questionnaire import NumberExtensionsForm, SeatConfigurationForm
from portal.core.editing import Editor
from portal.core.permissions import EDITORS, PIN_READERS, fresh_login_required, project_view
from portal.core.views import keeps_drafts, see_other_url, ticked_rows
from portal.extensions import db
from portal.projects.access import seat_loader
from portal.projects.services import follow_feature
from portal.questionnaire import extensions as extensions_section
from portal.questionnaire import numbering, services
from portal.questionnaire.numbering import first_extension
from portal.questionnaire.views import bp
from portal.questionnaire.views.common import followed, grouped, section_findings
from portal.worksheet.queries import choices, worksheet_page
from portal.worksheet.services import SeatError


@bp.get("/projects/<int:project_id>/questionnaire/extensions")
@project_view()
def extensions(project):
    sheet = worksheet_page(project.id, page=request.args.get("page", 1, type=int), sort="extension")
    return render_template("questionnaire/extensions.html", project=project, sheet=sheet,
                           features=extensions_section.features_of,
                           findings=_by_seat(section_findings(project, extensions_section.KEY)),
                           can_reveal=current_user.role in PIN_READERS)


def _by_seat(found) -> dict[int, list]:
    return grouped(found, "seat_id")


@bp.route("/projects/<int:project_id>/questionnaire/extensions/number", methods=["GET", "POST"])
@project_view(*EDITORS, edit=True, readable=False)
def number_extensions(project):
    """Number many seats at once: the choices, then a preview of what each seat gets (nothing is
    written yet), then "Apply" writes the previewed extensions at the versions shown."""
    length = project.dial_plan.extension_length if project.dial_plan else None
    form = NumberExtensionsForm(first=first_extension(length) if length else None)
    if length and request.form.get("apply") and form.validate_on_submit():
        given, problems = numbering.apply(project, ticked_rows(request.form.getlist("row")))  # id:version:extension
        follow_feature(project, "questionnaire")
        db.session.commit()
        flash(f"{given} extensions were given." + (" Not given: " + "; ".join(problems) if problems else ""),
              "warning" if problems else "success")
        return see_other_url(extensions_section.page_url(project))
    proposals = numbering.propose(project, _numbering(form, length)) if length and form.validate_on_submit() \
        else None
    return render_template("questionnaire/number_extensions.html", project=project, form=form, length=length,
                           proposals=proposals)


def _numbering(form, length: int) -> numbering.Numbering:
    return numbering.Numbering(form.method.data, length, form.first.data or first_extension(length),
                               form.step.data, form.only_missing.data != "no")


@bp.route("/projects/<int:project_id>/questionnaire/extensions/<int:seat_id>", methods=["GET", "POST"])
@project_view(*EDITORS, edit=True, readable=False, seat_id=seat_loader)
@keeps_drafts
def seat(project, seat):
    editor = Editor(SeatConfigurationForm, seat)
    models = choices(project.organization_id)["phone_models"]
    if seat.phone_model is not None and seat.phone_model not in models:
        models.append(seat.phone_model)  # retired since: kept, or a save would clear it
    editor.form.phone_model_id.choices = select_choices(
        [("", "None or not known yet")] + [(model.id, f"{model.title} ({model.keys} keys)" if model.keys else
                                            f"{model.title} (softphone)") for model in models])
    response = editor.submit(followed(project, extensions_section.save_configuration), title=f"The seat {seat.label}",
                             saved=f"{seat.label} was saved.", next_url=extensions_section.page_url(project),
                             refusals=(SeatError,))
    return response or render_template("questionnaire/seat.html", project=project, seat=seat, editor=editor,
                                       form=editor.form, findings=_by_seat(extensions_section.check(project)).get(
                                           seat.id, []))


@bp.route("/projects/<int:project_id>/questionnaire/extensions/<int:seat_id>/pin", methods=["GET", "POST"])
@project_view(*PIN_READERS, seat_id=seat_loader)
@fresh_login_required
def reveal_pin(project, seat):
    """An engineer or admin reads a voicemail PIN to configure the phone system: a confirmation page,
    then a POST that shows it, always audited and never cached."""
    if request.method == "GET" or not ActionForm().validate_on_submit():
        return render_template("questionnaire/pin.html", project=project, seat=seat, pin=None, form=ActionForm())
    pin = services.reveal_pin(seat, project)
    db.session.commit()
    response = make_response(render_template("questionnaire/pin.html", project=project, seat=seat, pin=pin,
                                             revealed=True))
    response.headers["Cache-Control"] = "no-store"
    return response
