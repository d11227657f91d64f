"""Section 3 of the questionnaire: the phone numbers (DID assignments), added, edited or requested."""
from __future__ import annotations

from flask import render_template
from flask_login import current_user

from forms.base import select_choices
from forms.questionnaire import NewNumberForm, NumberForm, RequestNumbersForm
from portal.core.creating import Creator
from portal.core.detours import offer_creation
from portal.core.editing import Editor
from portal.core.permissions import EDITORS, can_edit, project_view
from portal.core.phones import format_phone
from portal.core.views import keeps_drafts
from portal.imports.queries import waiting_imports
from portal.models.telephony import DestinationKind
from portal.models.users import STAFF_ROLES
from portal.questionnaire import numbers as numbers_section
from portal.questionnaire import services
from portal.questionnaire.access import number_loader
from portal.questionnaire.views import bp
from portal.questionnaire.views.common import created, followed, grouped, section_findings

NUMBER_FORM_FIELDS = ("e164", "site_id", "kind", "source", "destination_id", "caller_id_name")
REQUEST_FIELDS = ("site_id", "area_code", "kind", "quantity", "destination_id", "caller_id_name")


def _number_choices(form, project, number=None) -> None:
    """The project's sites (and the number's own site, even if it is another of the customer's) and
    every destination of the project: a value the lists lacked would be cleared by a save."""
    if "site_id" in form:
        sites = [*project.sites, *([number.site] if number is not None and number.site not in (None, *project.sites)
                                   else [])]
        form.site_id.choices = select_choices([("", "No site")] + [(site.id, site.name) for site in sites])
    hours = [(number.destination_id, "Its business hours (see Calling patterns)")] if number is not None and \
        number.destination is not None and number.destination.kind == DestinationKind.SCHEDULE else []
    form.destination_id.choices = select_choices(
        [("", "Nothing yet")] + hours + [(item.id, f"{item.name} ({item.extension})" if item.extension else item.name)
                                         for item in numbers_section.destinations(project.id)])
    offer_creation(form.destination_id)


@bp.get("/projects/<int:project_id>/questionnaire/numbers")
@project_view()
def numbers(project):
    return render_template("questionnaire/numbers.html", project=project,
                           numbers=numbers_section.project_numbers(project.id),
                           findings=_by_number(section_findings(project, numbers_section.KEY)),
                           waiting=waiting_imports(project.id, "numbers") if can_edit() else [])


def _by_number(found) -> dict[int | None, list]:
    return grouped(found, "number_id")


@bp.route("/projects/<int:project_id>/questionnaire/numbers/new", methods=["GET", "POST"])
@project_view(*EDITORS, edit=True, readable=False)
@keeps_drafts
def new_number(project):
    creator = Creator(NewNumberForm, version=1)
    _number_choices(creator.form, project)
    response = created(project, creator, services.add_number, NUMBER_FORM_FIELDS,
                       lambda number: f"{format_phone(number.e164)} was added.", numbers_section.page_url(project))
    return response or render_template("questionnaire/number.html", project=project, form=creator.form,
                                       creator=creator, number=None)


@bp.route("/projects/<int:project_id>/questionnaire/numbers/<int:number_id>", methods=["GET", "POST"])
@project_view(*EDITORS, edit=True, readable=False, number_id=number_loader)
@keeps_drafts
def number(project, phone_number):
    editor = Editor(NumberForm, phone_number)
    if current_user.role not in STAFF_ROLES and (phone_number.e164 is None or phone_number.requested_area_code):
        del editor.form.e164  # a requested number gets the carrier's digits (staff enter them); any other's are
        # the customer's own, ported or new, and stay theirs to correct
    _number_choices(editor.form, project, phone_number)
    response = editor.submit(followed(project, services.update_number), title="The number",
                             saved="The number was saved.", next_url=numbers_section.page_url(project),
                             refusals=(services.NumberError,))
    return response or render_template("questionnaire/number.html", project=project, form=editor.form,
                                       editor=editor, number=phone_number)


@bp.route("/projects/<int:project_id>/questionnaire/numbers/request", methods=["GET", "POST"])
@project_view(*EDITORS, edit=True, readable=False)
@keeps_drafts
def request_numbers(project):
    creator = Creator(RequestNumbersForm)
    _number_choices(creator.form, project)
    response = created(project, creator, services.request_numbers, REQUEST_FIELDS,
                       lambda requested: f"{len(requested)} new numbers were requested; they show here once the "
                                         f"carrier assigns them.", numbers_section.page_url(project))
    return response or render_template("questionnaire/request_numbers.html", project=project, form=creator.form,
                                       creator=creator)
