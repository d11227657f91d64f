"""The questionnaire's pages: the overview of its sections, each section, "Check your answers"."""
from __future__ import annotations

from dataclasses import dataclass

from flask import Blueprint, abort, current_app, flash, g, make_response, render_template, request, session, url_for
from flask_login import current_user

from forms.base import ActionForm, select_choices
from forms.questionnaire import (
    MAX_ATTACHMENT,
    AttachmentForm,
    CallingPolicyForm,
    CopyKeysForm,
    DialPlanForm,
    MoveMemberForm,
    NumberForm,
    NumberRoutingForm,
    OtherRequirementsForm,
    QueueForm,
    RecordingPolicyForm,
    RequestNumbersForm,
    RingGroupForm,
    SeatConfigurationForm,
    SectionProgressForm,
    SiteHoursForm,
    VoicemailBoxForm,
    key_form,
)
from portal.core.editing import Editor
from portal.core.permissions import EDITORS, PIN_READERS, can_edit, fresh_login_required, project_view
from portal.core.storage import ATTACHMENT, UploadRejected, store_upload
from portal.core.views import keeps_drafts, keeps_input, see_other_url, ticked_versions
from portal.extensions import db
from portal.files.views import document_download
from portal.imports.queries import waiting_imports
from portal.models.projects import TaskStatus
from portal.models.telephony import CallerIdPresentation, DestinationKind, NumberSource, RecordingMode
from portal.models.users import STAFF_ROLES
from portal.projects.access import seat_loader, site_loader
from portal.projects.features import register_feature
from portal.projects.services import follow_feature
from portal.questionnaire import call_center as call_center_section
from portal.questionnaire import calling as calling_section
from portal.questionnaire import dial_plan as dial_plan_section
from portal.questionnaire import (
    document,  # noqa: F401 (registers the PDF)
    number_import,  # noqa: F401 (registers the import of numbers)
    services,
)
from portal.questionnaire import extensions as extensions_section
from portal.questionnaire import keys as keys_section
from portal.questionnaire import numbers as numbers_section
from portal.questionnaire import other as other_section
from portal.questionnaire import recording as recording_section
from portal.questionnaire.access import (
    attachment_loader,
    catalog_model_loader,
    destination_loader,
    number_loader,
)
from portal.questionnaire.sections import SECTIONS, SectionStatus, overview
from portal.templating import format_phone
from portal.worksheet.queries import choices, worksheet_page
from portal.worksheet.services import SeatError

bp = Blueprint("questionnaire", __name__)
NUMBER_FIELDS = ("e164", "site_id", "kind", "source", "destination_id", "caller_id_name")
REQUEST_FIELDS = ("site_id", "area_code", "kind", "quantity", "destination_id", "caller_id_name")


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


REFUSED_ANSWER = "questionnaire.refused_answer"  # shown once by the section page the person goes back to


def _refused(project, section, error: str):
    """Back to the section's foot, where the refusal shows next to the radios with the choice kept."""
    session[REFUSED_ANSWER] = {"key": section.key, "choice": request.form.get("completed"), "error": error}
    return see_other_url(section.url_of(project) + "#progress")


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
        conflict = services.mark_section(project, section, form.completed.data == "yes", form.version.data,
                                         current_user)
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


def _followed(project, writer, projects=None):
    """The writer, then the plan's questionnaire task brought up to date (follow_feature), in every
    project the record belongs to (a site's hours count in each project at that site)."""
    def write(record, seen_version, changes):
        conflict = writer(record, seen_version, changes)
        if conflict is None:
            for each in projects() if projects else [project]:
                follow_feature(each, "questionnaire")
        return conflict
    return write


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


@bp.route("/projects/<int:project_id>/questionnaire/dial-plan", methods=["GET", "POST"])
@project_view(edit=True)
@keeps_drafts
def dial_plan(project):
    editor, response = _project_answer(project, DialPlanForm, project.dial_plan, services.save_dial_plan,
                                       title="The dial plan", saved="The dial plan was saved.",
                                       next_url=dial_plan_section.page_url(project))
    return response or render_template("questionnaire/dial_plan.html", project=project, editor=editor,
                                       form=editor.form)


def _project_answer(project, form_class, record, writer, prepare=None, **submit):
    """(editor, response) of a project-wide answer: everyone who reads sees it, editors write it;
    `prepare(form)` gives the form what it validates against before it does."""
    editor = Editor(form_class, record)
    if prepare is not None:
        prepare(editor.form)
    return editor, editor.submit(_followed(project, writer), **submit)


@bp.route("/projects/<int:project_id>/questionnaire/sites/<int:site_id>", methods=["GET", "POST"])
@project_view(*EDITORS, edit=True, readable=False, site_id=site_loader)
@keeps_drafts
def site_hours(project, site):
    if site not in project.sites:
        abort(404)
    editor = Editor(SiteHoursForm, site)
    write = _followed(project, services.save_site_hours, lambda: dial_plan_section.projects_at(site))
    response = editor.submit(write, title=f"The hours of {site.name}",
                             saved=f"The business hours of {site.name} were saved.",
                             next_url=dial_plan_section.page_url(project))
    return response or render_template("questionnaire/site_hours.html", project=project, site=site, editor=editor,
                                       form=editor.form)


@bp.get("/projects/<int:project_id>/questionnaire/extensions")
@project_view()
def extensions(project):
    sheet = worksheet_page(project.id, page=request.args.get("page", 1, type=int), sort="extension")
    return render_template("questionnaire/extensions.html", project=project, sheet=sheet,
                           features=extensions_section.features_of,
                           findings=_by_seat(_found(project, extensions_section.KEY)),
                           can_reveal=current_user.role in PIN_READERS)


def _found(project, key: str) -> list:
    """A section's findings, from the overview the page's foot reads anyway (checks run once)."""
    return next(found for section, _, found in overview(project).rows if section.key == key)


def _by_seat(found) -> dict[int, list]:
    return _grouped(found, "seat_id")


def _grouped(found, argument: str) -> dict[int | None, list]:
    """Findings by the record they concern (None: the section as a whole)."""
    grouped: dict[int | None, list] = {}
    for finding in found:
        grouped.setdefault(finding.arguments.get(argument), []).append(finding)
    return grouped


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
    response = editor.submit(_followed(project, extensions_section.save_configuration), title=f"The seat {seat.label}",
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


@bp.get("/projects/<int:project_id>/questionnaire/numbers")
@project_view()
def numbers(project):
    return render_template("questionnaire/numbers.html", project=project,
                           numbers=numbers_section.project_numbers(project.id),
                           findings=_by_number(_found(project, numbers_section.KEY)),
                           waiting=waiting_imports(project.id, "numbers") if can_edit() else [])


def _by_number(found) -> dict[int | None, list]:
    return _grouped(found, "number_id")


@bp.route("/projects/<int:project_id>/questionnaire/numbers/new", methods=["GET", "POST"])
@project_view(*EDITORS, edit=True, readable=False)
@keeps_input
def new_number(project):
    form = NumberForm(version=1)
    _number_choices(form, project)
    response = _created(project, form, services.add_number, NUMBER_FIELDS,
                        lambda number: f"{format_phone(number.e164)} was added.")
    return response or render_template("questionnaire/number.html", project=project, form=form, number=None)


def _created(project, form, write, fields: tuple, message, next_url: str | None = None):
    """Validate, write through the service, bring the plan's task up to date, commit, flash and go
    back to the list (the numbers unless told); None shows the form again with its errors."""
    if not form.validate_on_submit():
        return None
    try:
        made = write(project, {name: form[name].data or None for name in fields})
    except (services.NumberError, services.CallGroupError) as error:
        db.session.rollback()
        form[error.field].errors.append(str(error))
        return None
    follow_feature(project, "questionnaire")
    db.session.commit()
    flash(message(made), "success")
    return see_other_url(next_url or numbers_section.page_url(project))


@bp.route("/projects/<int:project_id>/questionnaire/numbers/<int:number_id>", methods=["GET", "POST"])
@project_view(*EDITORS, edit=True, readable=False, number_id=number_loader)
@keeps_drafts
def number(project, phone_number):
    editor = Editor(NumberForm, phone_number)
    if current_user.role not in STAFF_ROLES and (phone_number.e164 is None or phone_number.source == NumberSource.NEW):
        del editor.form.e164  # the carrier assigns new numbers; staff enter them
    _number_choices(editor.form, project, phone_number)
    response = editor.submit(_followed(project, services.update_number), title="The number",
                             saved="The number was saved.", next_url=numbers_section.page_url(project),
                             refusals=(services.NumberError,))
    return response or render_template("questionnaire/number.html", project=project, form=editor.form,
                                       editor=editor, number=phone_number)


@bp.route("/projects/<int:project_id>/questionnaire/numbers/request", methods=["GET", "POST"])
@project_view(*EDITORS, edit=True, readable=False)
@keeps_input
def request_numbers(project):
    form = RequestNumbersForm()
    _number_choices(form, project)
    response = _created(project, form, services.request_numbers, REQUEST_FIELDS,
                        lambda requested: f"{len(requested)} new numbers were requested; they show here once the "
                                          f"carrier assigns them.")
    return response or render_template("questionnaire/request_numbers.html", project=project, form=form)


@bp.route("/projects/<int:project_id>/questionnaire/other", methods=["GET", "POST"])
@project_view(edit=True)
@keeps_drafts
def other(project):
    editor, response = _project_answer(project, OtherRequirementsForm, project.other_requirements,
                                       other_section.save_requirements, title="Anything else",
                                       saved="Your other requirements were saved.",
                                       next_url=other_section.page_url(project))
    return response or _other_page(project, editor)


def _other_page(project, editor=None, upload_form=None, status: int = 200):
    editor = editor or Editor(OtherRequirementsForm, project.other_requirements, key=other_section.page_url(project),
                              formdata=None)  # shown as saved beside a refused upload (a draft returns on reload)
    return render_template("questionnaire/other.html", project=project, editor=editor, form=editor.form,
                           upload_form=upload_form or AttachmentForm(),
                           attachments=other_section.attachments_of(project.id)), status


@bp.post("/projects/<int:project_id>/questionnaire/other/attachments")
@project_view(*EDITORS, edit=True)
@keeps_input
def attach(project):
    form = AttachmentForm()
    if form.validate_on_submit():
        upload = form.document.data
        try:
            stored = store_upload(upload.stream, upload.filename, kind=ATTACHMENT, max_bytes=MAX_ATTACHMENT,
                                  organization=project.organization, uploader=current_user)
        except UploadRejected as error:
            db.session.rollback()
            form.document.errors.append(str(error))
        else:
            other_section.add_attachment(project, stored, form.description.data or None, current_user)
            follow_feature(project, "questionnaire")
            db.session.commit()
            flash(f"{stored.original_name} was attached.", "success")
            return see_other_url(other_section.page_url(project) + "#attachments")
    return _other_page(project, upload_form=form)


@bp.route("/projects/<int:project_id>/questionnaire/attachments/<int:attachment_id>/remove", methods=["GET", "POST"])
@project_view(*EDITORS, edit=True, readable=False, attachment_id=attachment_loader)
def remove_attachment(project, attachment):
    form = ActionForm()
    if form.validate_on_submit():
        name = attachment.stored_file.original_name
        other_section.remove_attachment(attachment)
        follow_feature(project, "questionnaire")
        db.session.commit()
        flash(f"{name} was removed from the questionnaire.", "success")
        return see_other_url(other_section.page_url(project) + "#attachments")
    return render_template("questionnaire/remove_attachment.html", project=project, attachment=attachment, form=form)


@bp.get("/projects/<int:project_id>/questionnaire/keys")
@project_view()
def keys(project):
    sheet = worksheet_page(project.id, page=request.args.get("page", 1, type=int), sort="extension")
    own = {layout.seat_id: layout for layout in keys_section.layouts_of(project.id) if layout.seat_id}
    defaults = {layout.phone_model_id for layout in keys_section.layouts_of(project.id) if not layout.seat_id}
    return render_template("questionnaire/keys.html", project=project, sheet=sheet, own=own, defaults=defaults,
                           models=keys_section.models_in_use(project.id), findings=_found(project, keys_section.KEY))


@bp.route("/projects/<int:project_id>/questionnaire/keys/models/<int:phone_model_id>", methods=["GET", "POST"])
@project_view(edit=True, phone_model_id=catalog_model_loader)
@keeps_drafts
def model_keys(project, catalog_model):
    if catalog_model.id not in {model.id for model, _ in keys_section.models_in_use(project.id)}:
        abort(404)
    return _key_page(project, keys_section.LayoutView(project, catalog_model))


@bp.route("/projects/<int:project_id>/questionnaire/keys/seats/<int:seat_id>", methods=["GET", "POST"])
@project_view(edit=True, seat_id=seat_loader)
@keeps_drafts
def seat_keys(project, seat):
    if seat.phone_model is None or seat.phone_model.is_softphone:
        abort(404)
    return _key_page(project, keys_section.LayoutView(project, seat.phone_model, seat))


def _key_page(project, view):
    """The grid of a phone's keys: the model's default, or a seat's keys over it."""
    def prepare(form) -> None:
        form.label_width, form.country = view.model.label_width, current_app.config["DEFAULT_COUNTRY"]
        form.extensions = frozenset(keys_section.extensions_of(project.id))
    editor, response = _project_answer(project, key_form(view.model.keys), view, services.save_keys, prepare,
                                       title=f"The keys of {view.name}", saved=f"The keys of {view.name} were saved.",
                                       next_url=request.path)
    if response is not None:
        return response
    _describe_keys(editor.form, view)
    return render_template("questionnaire/key_layout.html", project=project, view=view, editor=editor,
                           form=editor.form,
                           copy_form=_copy_form(view) if view.seat is not None else None)


def _describe_keys(form, view) -> None:
    """One fieldset per key, saying whether it is the default's or the seat's own."""
    form.field_groups, form.group_classes = {}, {}
    for key in view.keys:
        legend = f"Key {key.position}" + (" · changed for this seat" if key.changed else
                                          " · from the default" if view.seat is not None else "")
        form.field_groups[legend] = tuple(f"key_{key.position}_{part}" for part in keys_section.PARTS)
        form.group_classes[legend] = "key-changed" if key.changed else ""


def _copy_form(view):
    form = CopyKeysForm(formdata=None)
    form.seats.choices = select_choices(keys_section.copy_choices(view))
    return form


@bp.post("/projects/<int:project_id>/questionnaire/keys/seats/<int:seat_id>/copy")
@project_view(*EDITORS, edit=True, seat_id=seat_loader)
def copy_seat_keys(project, seat):
    """This seat's keys given to the ticked seats with the same phone, each at the version listed."""
    back = see_other_url(url_for("questionnaire.seat_keys", project_id=project.id, seat_id=seat.id) + "#copy")
    ticked = ticked_versions(request.form.getlist("seats"))
    if seat.phone_model is None or not ActionForm().validate_on_submit() or not ticked:
        flash("Tick at least one seat to copy the keys to." if ticked == [] else "The page had expired; tick the "
              "seats again.", "error")
        return back
    copied, conflicts = services.copy_keys(keys_section.LayoutView(project, seat.phone_model, seat), ticked)
    follow_feature(project, "questionnaire")
    db.session.commit()
    message = f"The keys of {seat.label} were copied to {len(copied)} {'seat' if len(copied) == 1 else 'seats'}."
    if conflicts:
        message += f" {', '.join(conflicts)} changed meanwhile and kept their keys; look at them and copy again."
    flash(message, "warning" if conflicts else "success")
    return back



# ---- Section 7, call center -----------------------------------------------------------------------

GROUP_FORMS = {"queue": QueueForm, "group": RingGroupForm, "box": VoicemailBoxForm}


@bp.get("/projects/<int:project_id>/questionnaire/call-center")
@project_view()
def call_center(project):
    return render_template("questionnaire/call_center.html", project=project,
                           kinds=[(kind, call_center_section.settings_of(project.id, kind))
                                  for kind in call_center_section.KINDS.values()],
                           findings=_grouped(_found(project, call_center_section.KEY), "destination_id"),
                           names=call_center_section.member_names(project.id))


@bp.route("/projects/<int:project_id>/questionnaire/call-center/new/<group_kind>", methods=["GET", "POST"])
@project_view(*EDITORS, edit=True, readable=False)
@keeps_input
def new_call_group(project, group_kind):
    kind = call_center_section.KINDS.get(group_kind) or abort(404)
    form = GROUP_FORMS[kind.key](version=1)
    _group_choices(form, project)
    response = _created(project, form, lambda project, values: services.create_call_group(project, kind, values),
                        tuple(name for name in form.data if name not in ("csrf_token", "version")),
                        lambda settings: f"{settings.name} was added.", next_url=call_center_section.page_url(project))
    return response or render_template("questionnaire/call_group.html", project=project, form=form, kind=kind,
                                       settings=None, can_edit=True)


@bp.route("/projects/<int:project_id>/questionnaire/call-center/<int:destination_id>", methods=["GET", "POST"])
@project_view(edit=True, destination_id=destination_loader)
@keeps_drafts
def call_group(project, destination):
    settings, kind = _call_group_of(project, destination)
    editor, response = _project_answer(
        project, GROUP_FORMS[kind.key], settings, services.save_call_group,
        lambda form: _group_choices(form, project, destination.id), title=settings.name,
        saved=f"{settings.name} was saved.", next_url=call_center_section.page_url(project),
        refusals=(services.CallGroupError,))
    return response or render_template("questionnaire/call_group.html", project=project, form=editor.form,
                                       editor=editor, kind=kind, settings=settings)


def _call_group_of(project, destination):
    settings = call_center_section.settings_for(destination)
    if settings is None:
        abort(404)
    return settings, call_center_section.BY_DESTINATION[destination.kind]


def _group_choices(form, project, own_id: int | None = None) -> None:
    """The seats it can have and the destinations it can send calls to (never itself)."""
    seats = select_choices(call_center_section.seat_choices(project.id))
    for name in ("agents", "supervisors", "members", "recipients"):
        if name in form:
            form[name].choices = seats
    places = select_choices([("", "Nowhere yet")] + call_center_section.destination_choices(project.id, own_id))
    for name in ("overflow_destination_id", "timeout_destination_id", "no_answer_destination_id"):
        if name in form:
            form[name].choices = places
    form.own_destination_id = own_id


@bp.route("/projects/<int:project_id>/questionnaire/call-center/<int:destination_id>/remove",
          methods=["GET", "POST"])
@project_view(*EDITORS, edit=True, readable=False, destination_id=destination_loader)
def remove_call_group(project, destination):
    settings, kind = _call_group_of(project, destination)
    form = ActionForm()
    if form.validate_on_submit():
        name = settings.name
        services.remove_call_group(settings)
        follow_feature(project, "questionnaire")
        db.session.commit()
        flash(f"{name} was removed.", "success")
        return see_other_url(call_center_section.page_url(project))
    return render_template("questionnaire/remove_call_group.html", project=project, settings=settings, kind=kind,
                           form=form)


@bp.post("/projects/<int:project_id>/questionnaire/call-center/<int:destination_id>/order")
@project_view(*EDITORS, edit=True, destination_id=destination_loader)
def move_member(project, destination):
    """A seat one place earlier or later in a queue's agents or a group's members."""
    settings, kind = _call_group_of(project, destination)
    back = see_other_url(url_for("questionnaire.call_group", project_id=project.id, destination_id=destination.id)
                         + "#order")
    form = MoveMemberForm()
    role = next((role for role in kind.roles.values() if role.value == request.form.get("role")), None)
    seat_id = request.form.get("seat", "")
    if not form.validate_on_submit() or role is None or not seat_id.isdecimal():
        flash("The page had expired; try again.", "error")
        return back
    if services.move_member(settings, form.version.data, int(seat_id), role, request.form.get("move") == "up"):
        db.session.rollback()
        flash(f"{settings.name} was changed by someone else meanwhile; here it is as it is now.", "warning")
        return back
    db.session.commit()
    return back


# ---- Section 6, call recording --------------------------------------------------------------------

@bp.route("/projects/<int:project_id>/questionnaire/recording", methods=["GET", "POST"])
@project_view(edit=True)
@keeps_drafts
def recording(project):
    def prepare(form) -> None:
        form.listeners.choices = select_choices(call_center_section.seat_choices(project.id))
    editor, response = _project_answer(project, RecordingPolicyForm, project.recording_policy,
                                       recording_section.save_policy, prepare, title="Call recording",
                                       saved="The call-recording answers were saved.",
                                       next_url=recording_section.page_url(project))
    return response or render_template(
        "questionnaire/recording.html", project=project, editor=editor, form=editor.form, recorded=recording_section.recorded(project.id),
        seats=recording_section.recorded_seats(project.id), modes=list(RecordingMode),
        queues=call_center_section.settings_of(project.id, call_center_section.QUEUE),
        findings=_found(project, recording_section.KEY))


# ---- Section 5, calling patterns ------------------------------------------------------------------

@bp.route("/projects/<int:project_id>/questionnaire/calling", methods=["GET", "POST"])
@project_view(edit=True)
@keeps_drafts
def calling(project):
    editor, response = _project_answer(project, CallingPolicyForm, project.calling_policy, calling_section.save_policy,
                                       title="Calling patterns", saved="The calling patterns were saved.",
                                       next_url=calling_section.page_url(project))
    return response or render_template(
        "questionnaire/calling.html", project=project, editor=editor, form=editor.form, inbound=calling_section.inbound(project.id),
        caller_ids=calling_section.caller_ids(project.id), caller_id_modes=list(CallerIdPresentation),
        e911=calling_section.e911(project.id),
        findings=_found(project, calling_section.KEY))


@bp.route("/projects/<int:project_id>/questionnaire/calling/numbers/<int:number_id>", methods=["GET", "POST"])
@project_view(*EDITORS, edit=True, readable=False, number_id=number_loader)
@keeps_drafts
def number_routing(project, phone_number):
    if phone_number.e164 is None:
        abort(404)

    def prepare(form) -> None:
        places = call_center_section.destination_choices(project.id, kinds=False)
        form.open_destination_id.choices = select_choices([("", "Nothing yet")] + places)
        form.closed_destination_id.choices = select_choices([("", "The same as during business hours")] + places)
    editor, response = _project_answer(project, NumberRoutingForm, calling_section.RoutingView(phone_number),
                                       calling_section.route_number, prepare,
                                       title=f"Where {format_phone(phone_number.e164)} rings",
                                       saved=f"Where {format_phone(phone_number.e164)} rings was saved.",
                                       next_url=calling_section.page_url(project))
    return response or render_template("questionnaire/number_routing.html", project=project, editor=editor,
                                       number=phone_number)
