"""The plan template editor: every new project copies the active tasks that apply to its product."""
from __future__ import annotations

from flask import Blueprint, flash, render_template, url_for
from flask_login import login_required
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from forms.projects import TemplateTaskForm
from portal.core.editing import Editor
from portal.core.permissions import loads, roles_required
from portal.core.views import keeps_drafts, keeps_input, see_other
from portal.extensions import db
from portal.models.projects import PlanStep, Product, TemplateTask
from portal.models.users import Role
from portal.plan_admin import services
from portal.projects.access import template_task_loader

bp = Blueprint("plan_admin", __name__, url_prefix="/admin/plan")
FIELDS = ("step_id", "side", "title", "description", "anchor", "offset_days", "feature_key", "product_keys",
          "active")


def _choices(form) -> None:
    form.step_id.choices = [(step.id, f"{step.number}. {step.title}")
                            for step in db.session.scalars(select(PlanStep).order_by(PlanStep.number))]
    form.product_keys.choices = [(product.key, product.name)
                                 for product in db.session.scalars(select(Product).order_by(Product.position))]


@bp.get("")
@login_required
@roles_required(Role.ADMIN)
def index():
    steps = db.session.scalars(select(PlanStep).options(selectinload(PlanStep.phase)).order_by(PlanStep.number))
    tasks = db.session.scalars(select(TemplateTask).order_by(TemplateTask.step_id, TemplateTask.side,
                                                             TemplateTask.position)).all()
    products = {product.key: product.name for product in db.session.scalars(select(Product))}
    return render_template("plan_admin/index.html", steps=list(steps), tasks=tasks, products=products)


@bp.route("/tasks/new", methods=["GET", "POST"])
@login_required
@roles_required(Role.ADMIN)
@keeps_input
def new():
    form = TemplateTaskForm(version=1, active=True)
    _choices(form)
    if form.validate_on_submit():
        services.add_template_task({name: form[name].data for name in FIELDS})
        db.session.commit()
        flash("The task was added to the plan template; new projects get it.", "success")
        return see_other("plan_admin.index")
    return render_template("plan_admin/task.html", form=form, task=None)


@bp.route("/tasks/<int:template_task_id>", methods=["GET", "POST"])
@login_required
@loads(template_task_id=template_task_loader)
@roles_required(Role.ADMIN)
@keeps_drafts
def edit(template_task):
    editor = Editor(TemplateTaskForm, template_task)
    _choices(editor.form)
    response = editor.submit(services.update_template_task, title=f"The template task “{template_task.title}”",
                             saved="The template task was saved; projects created from now on use it.",
                             next_url=url_for("plan_admin.index"))
    return response or render_template("plan_admin/task.html", form=editor.form, editor=editor, task=template_task)
