"""Section 4 of the questionnaire: the key layouts, a phone model's default and each seat's own."""
from __future__ import annotations

from flask import abort, current_app, flash, render_template, request, url_for

from forms.base import ActionForm, select_choices
from forms.questionnaire import CopyKeysForm, key_form
from portal.core.permissions import EDITORS, project_view
from portal.core.views import keeps_drafts, see_other_url, ticked_versions
from portal.extensions import db
from portal.projects.access import seat_loader
from portal.projects.services import follow_feature
from portal.questionnaire import keys as keys_section
from portal.questionnaire import services
from portal.questionnaire.access import catalog_model_loader
from portal.questionnaire.views import bp
from portal.questionnaire.views.common import project_answer, section_findings
from portal.worksheet.queries import worksheet_page


@bp.get("/projects/<int:project_id>/questionnaire/keys")
@project_view()
def keys(project):
    sheet = worksheet_page(project.id, page=request.args.get("page", 1, type=int), sort="extension")
    own = {layout.seat_id: layout for layout in keys_section.layouts_of(project.id) if layout.seat_id}
    defaults = {layout.phone_model_id for layout in keys_section.layouts_of(project.id) if not layout.seat_id}
    return render_template("questionnaire/keys.html", project=project, sheet=sheet, own=own, defaults=defaults,
                           models=keys_section.models_in_use(project.id),
                           findings=section_findings(project, keys_section.KEY))


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
    """The grid of a phone's keys: the model's default (saved, back to the list of layouts), or a
    seat's keys over it (saved, the page stays: its keys can be copied to other seats next)."""
    def prepare(form) -> None:
        form.label_width, form.country = view.model.label_width, current_app.config["DEFAULT_COUNTRY"]
        form.extensions = frozenset(keys_section.extensions_of(project.id))
    after = request.path if view.seat is not None else keys_section.page_url(project)
    editor, response = project_answer(project, key_form(view.model.keys), view, services.save_keys, prepare,
                                      title=f"The keys of {view.name}", saved=f"The keys of {view.name} were saved.",
                                      next_url=after)
    if response is not None:
        return response
    _describe_keys(editor.form, view)
    return render_template("questionnaire/key_layout.html", project=project, view=view, editor=editor,
                           form=editor.form, starter=view.starter and request.method == "GET" and not editor.draft,
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
