"""The Client Worksheet page: the project's seats, with their problems; add, edit and delete a seat."""
from __future__ import annotations

from flask import Blueprint, abort, flash, g, render_template, request

from forms.base import ActionForm, select_choices
from forms.worksheet import NewSeatForm, SeatForm
from portal.core.creating import Creator
from portal.core.editing import Editor
from portal.core.permissions import EDITORS, can_edit, project_view
from portal.core.spreadsheets import to_csv, to_xlsx
from portal.core.views import attachment, keeps_drafts, keeps_input, see_other_url, ticked_rows, ticked_versions
from portal.extensions import db
from portal.files.downloads import document_download
from portal.imports.queries import waiting_imports
from portal.models.telephony import RecordingMode
from portal.projects.access import seat_loader
from portal.worksheet import export, queries, services
from portal.worksheet.feature import worksheet_changed, worksheet_url
from portal.worksheet.imports import SEATS

bp = Blueprint("worksheet", __name__)
FORM_FIELDS = (*services.ROUTING, *services.SEAT_COLUMNS)


def _int_arg(name: str) -> int | None:
    return _int_of(request.args.get(name, ""))


@bp.get("/projects/<int:project_id>/worksheet")
@project_view()
def index(project):
    return _index_page(project)


def _index_page(project, ticked: frozenset = frozenset(), chosen: str = ""):
    """The worksheet's list; `ticked` seats and the `chosen` bulk change shown as the person left them."""
    page = queries.worksheet_page(project.id, page=_int_arg("page") or 1, sort=request.args.get("sort", "name"),
                                  **_filters(request.args))
    args = {key: request.args[key] for key in ("q", "site", "type", "sort", "problems") if request.args.get(key)}
    return render_template("worksheet/index.html", project=project, sheet=page, choices=queries.choices(
        project.organization_id), args=args, switches=SWITCHES,
                           recording_modes=list(RecordingMode), waiting=waiting_imports(project.id, SEATS.key)
                           if can_edit() else [], ticked=ticked, chosen=chosen, bulk_shown=services.bulk_shown)


def _filters(values) -> dict:
    """The list's filters, from its address (or the bulk form, which carries them along)."""
    return {"site_id": _int_of(values.get("site")), "seat_type_id": _int_of(values.get("type")),
            "problems_only": bool(values.get("problems")), "search": values.get("q", "")}


def _int_of(value) -> int | None:
    return int(value) if value and value.isdecimal() and len(value) < 10 else None


def _seat_form_choices(form, organization_id: int) -> None:
    options = queries.choices(organization_id)
    form.seat_type_id.choices = select_choices((t.id, t.name) for t in options["seat_types"])
    form.site_id.choices = select_choices([("", "No site")] + [(s.id, s.name) for s in options["sites"]])
    form.phone_model_id.choices = select_choices([("", "None or not known yet")] +
                                                 [(m.id, m.title) for m in options["phone_models"]])


@bp.route("/projects/<int:project_id>/worksheet/new", methods=["GET", "POST"])
@project_view(*EDITORS, edit=True, readable=False)
@keeps_drafts
def new(project):
    creator = Creator(NewSeatForm, version=1, teams_calling=services.uses_teams(project))
    _seat_form_choices(creator.form, project.organization_id)
    response = creator.submit(lambda: _add_seat(project, creator.form), next_url=worksheet_url(project),
                              saved=lambda seat: f"{seat.label} was added to the worksheet.",
                              refusals=(services.SeatError,))
    return response or render_template("worksheet/seat.html", form=creator.form, creator=creator, project=project,
                                       seat=None)


def _add_seat(project, form):
    values = {name: None if form[name].data == "" else form[name].data for name in FORM_FIELDS
              if name in form and name != "seat_type_id"}
    seat = services.create_seat(project, None, seat_type_id=form.seat_type_id.data, **values)
    worksheet_changed(project)
    return seat


@bp.route("/seats/<int:seat_id>", methods=["GET", "POST"])
@project_view(*EDITORS, edit=True, readable=False, seat_id=seat_loader)
@keeps_drafts
def edit(project, seat):
    editor = Editor(SeatForm, seat)
    _seat_form_choices(editor.form, project.organization_id)
    response = editor.submit(_seat_saver(project), title=f"The seat {seat.label}", saved=f"{seat.label} was saved.",
                             next_url=worksheet_url(project), refusals=(services.SeatError,))
    return response or render_template("worksheet/seat.html", editor=editor, form=editor.form, project=project,
                                       seat=seat)


def _seat_saver(project):
    """The seat writer, then the plan's worksheet task brought up to date."""
    def save(seat, seen_version: int | None, changes: dict):
        conflict = services.update_seat(seat, seen_version, changes)
        if conflict is None:
            worksheet_changed(project)
        return conflict
    return save


@bp.route("/seats/<int:seat_id>/delete", methods=["GET", "POST"])
@project_view(*EDITORS, edit=True, readable=False, seat_id=seat_loader)
def delete(project, seat):
    form = ActionForm()
    if form.validate_on_submit():
        label = seat.label
        services.delete_seat(seat)
        worksheet_changed(project)
        db.session.commit()
        flash(f"{label} was removed from the worksheet.", "success")
        return see_other_url(worksheet_url(project))
    return render_template("worksheet/delete.html", form=form, seat=seat, project=project)


@bp.get("/projects/<int:project_id>/worksheet/export.<fmt>")
@project_view()
def download(project, fmt: str):
    """All seats in the portal's own layout (CSV or XLSX), or the blank template (fmt "template.xlsx")."""
    rows = [export.seat_row(seat) for seat in queries.project_seats(project.id)]
    if fmt == "csv":
        return attachment(to_csv(export.HEADERS, rows), "text/csv; charset=utf-8", f"worksheet-{project.id}.csv")
    if fmt == "xlsx":
        return attachment(to_xlsx([("Seats", export.HEADERS, rows)]), XLSX, f"worksheet-{project.id}.xlsx")
    if fmt == "template.xlsx":
        return attachment(to_xlsx([("Seats", export.HEADERS, export.EXAMPLES),
                              ("How to fill it in", ["Column", "What to enter"], export.explanation_rows())]),
                     XLSX, "worksheet-template.xlsx")
    abort(404)


XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


SWITCHES = {"voicemail_enabled": "Voicemail", "voicemail_to_email": "Voicemail to e-mail",
            "fax_to_email": "Fax to e-mail", "softphone": "Softphone or mobile app", "teams_calling": "Teams calling"}


@bp.post("/projects/<int:project_id>/worksheet/bulk")
@project_view(*EDITORS, edit=True)
@keeps_input
def bulk(project):
    """Set one value on the ticked seats, each only if it is still the version the list showed."""
    if g.get("csrf_failed"):  # the page had expired: shown again as the person left it
        flash("Your session had expired, so nothing was changed. The seats you ticked are still ticked: "
              "apply the change again.", "warning")
        ticked = frozenset(seat_id for seat_id, _ in ticked_versions(request.form.getlist("seat")))
        return _index_page(project, ticked, request.form.get("change", ""))
    try:
        if not ActionForm().validate_on_submit():
            raise ValueError("The page had expired; tick the seats again.")
        label, changes = _bulk_change(project, request.form.get("change", ""))
        result = services.bulk_set(project, _chosen_rows(project), changes, label)
        worksheet_changed(project)
    except ValueError as error:
        db.session.rollback()
        flash(str(error), "error")
        return see_other_url(worksheet_url(project))
    db.session.commit()
    message = f"{label} was set on {len(result.updated)} seats."
    if result.conflicts:
        message += f" {len(result.conflicts)} seats were changed by someone else meanwhile and were left as they are."
    flash(message, "warning" if result.conflicts else "success")
    return see_other_url(worksheet_url(project))


def _chosen_rows(project) -> list[tuple[int, int, str]]:
    """The ticked seats, or every seat matching the list's filters when the person chose so."""
    if request.form.get("scope") == "matching":
        return [(seat_id, version, "") for seat_id, version in queries.matching_versions(
            project.id, **_filters(request.form))]
    ticked = ticked_rows(request.form.getlist("seat"))
    if not ticked:
        raise ValueError("Tick at least one seat, or choose all the seats the list shows.")
    return ticked


def _bulk_change(project, choice: str) -> tuple[str, dict]:
    """The chosen change ("site_id:3", "site_id:" for no site, "softphone:yes", "recording_mode:always")
    as (what the person reads, the seat columns it sets)."""
    field, _, raw = choice.partition(":")
    if field in SWITCHES and raw in ("yes", "no"):
        return f"{SWITCHES[field]}: {'Yes' if raw == 'yes' else 'No'}", {field: raw == "yes"}
    if field == "recording_mode" and raw in {mode.value for mode in RecordingMode}:
        mode = RecordingMode(raw)
        return f"Call recording: {mode.title}", {field: mode}
    options = queries.choices(project.organization_id)
    known = {"site_id": ("Site", options["sites"]), "seat_type_id": ("User type", options["seat_types"]),
             "phone_model_id": ("Phone model", options["phone_models"])}
    if field not in known:
        raise ValueError("Choose what to set on the ticked seats.")
    title, items = known[field]
    if not raw and field != "seat_type_id":  # no site, no phone model
        return f"{title}: none", {field: None, **({"phone_model_raw": None} if field == "phone_model_id" else {})}
    chosen = next((item for item in items if raw.isdecimal() and item.id == int(raw)), None)
    if chosen is None:
        raise ValueError("Choose one of the listed values.")
    return f"{title}: {getattr(chosen, 'title', None) or chosen.name}", {field: chosen.id}


@bp.get("/projects/<int:project_id>/worksheet.pdf")
@project_view()
def pdf(project):
    return document_download(project, "worksheet")
