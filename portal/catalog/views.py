"""The phone-model catalog editor: the models every worksheet offers, kept by administrators."""
from __future__ import annotations

from flask import Blueprint, flash, render_template, url_for
from flask_login import login_required

from forms.base import ActionForm
from forms.catalog import PhoneModelForm
from portal.catalog import queries, services
from portal.catalog.access import phone_model_loader
from portal.core.editing import Editor
from portal.core.permissions import loads, roles_required
from portal.core.views import keeps_drafts, keeps_input, see_other, see_other_url
from portal.extensions import db
from portal.models.users import Role

bp = Blueprint("catalog", __name__, url_prefix="/admin/phone-models")
FIELDS = ("vendor", "model", "keys", "label_width", "active")


@bp.get("")
@login_required
@roles_required(Role.ADMIN)
def index():
    return render_template("catalog/index.html", models=queries.models_with_seat_counts())


@bp.route("/new", methods=["GET", "POST"])
@login_required
@roles_required(Role.ADMIN)
@keeps_input
def new():
    form = PhoneModelForm(version=1)
    if form.validate_on_submit():
        try:
            phone_model = services.add_phone_model({name: form[name].data for name in FIELDS})
        except services.CatalogError as error:
            db.session.rollback()
            form[error.field].errors.append(str(error))
        else:
            db.session.commit()
            flash(f"{phone_model.title} was added to the catalog.", "success")
            return see_other("catalog.index")
    return render_template("catalog/form.html", form=form, phone_model=None)


@bp.route("/<int:phone_model_id>", methods=["GET", "POST"])
@login_required
@loads(phone_model_id=phone_model_loader)
@roles_required(Role.ADMIN)
@keeps_drafts
def edit(phone_model):
    editor = Editor(PhoneModelForm, phone_model)
    response = editor.submit(services.update_phone_model, title=f"The phone model {phone_model.title}",
                             saved="The phone model was saved.", next_url=url_for("catalog.index"),
                             refusals=(services.CatalogError,), refusal_field="model")
    return response or render_template("catalog/form.html", form=editor.form, editor=editor,
                                       phone_model=phone_model, seats=queries.seat_count(phone_model))


@bp.post("/<int:phone_model_id>/retire")
@login_required
@loads(phone_model_id=phone_model_loader)
@roles_required(Role.ADMIN)
def retire(phone_model):
    return _run(services.retire_phone_model, phone_model,
                f"{phone_model.title} was retired: worksheets no longer offer it; seats that have it keep it.")


@bp.post("/<int:phone_model_id>/restore")
@login_required
@loads(phone_model_id=phone_model_loader)
@roles_required(Role.ADMIN)
def restore(phone_model):
    return _run(services.restore_phone_model, phone_model, f"{phone_model.title} is offered in the worksheets again.")


@bp.route("/<int:phone_model_id>/delete", methods=["GET", "POST"])
@login_required
@loads(phone_model_id=phone_model_loader)
@roles_required(Role.ADMIN)
def delete(phone_model):
    form = ActionForm()
    if form.validate_on_submit():
        return _run(services.delete_phone_model, phone_model, f"{phone_model.title} was deleted from the catalog.")
    return render_template("catalog/delete.html", form=form, phone_model=phone_model,
                           seats=queries.seat_count(phone_model))


def _run(action, phone_model, success: str):
    """Call one catalog service, then commit and go back to the list, or say why not on the model's page."""
    model_page = url_for("catalog.edit", phone_model_id=phone_model.id)
    try:
        action(phone_model)
    except services.CatalogError as error:
        db.session.rollback()
        flash(str(error), "error")
        return see_other_url(model_page)
    db.session.commit()
    flash(success, "success")
    return see_other("catalog.index")
