"""Implementation projects: create, the project page with its plan and timeline, dates, phase,
meetings, tasks, the plan PDF and the calendar files."""
from __future__ import annotations

from datetime import date

from flask import Blueprint, abort, flash, render_template, request, url_for
from flask_login import current_user

from forms.base import select_choices
from forms.projects import (
    GoLiveForm,
    KickOffForm,
    NewTaskForm,
    PhaseForm,
    ProjectEditForm,
    ProjectForm,
    TaskForm,
    TaskStatusForm,
    WeeklyMeetingForm,
)
from portal.core import once
from portal.core.editing import Editor
from portal.core.features import effective_status, is_derived
from portal.core.pdf import render_pdf
from portal.core.permissions import MANAGERS, can_edit, organization_view, project_view
from portal.core.views import keeps_drafts, keeps_input, see_other, see_other_url
from portal.extensions import db
from portal.models.projects import MeetingKind, PlanStep, Product, Side, TaskStatus
from portal.models.users import CONTACT_ROLES, Role, User
from portal.projects import meetings, plan, queries, services
from portal.projects.access import task_loader
from portal.projects.timeline import build_timeline

bp = Blueprint("projects", __name__)
CUSTOMER_STATUSES = (TaskStatus.IN_PROGRESS, TaskStatus.DONE)


def _project_url(project) -> str:
    return url_for("projects.show", project_id=project.id)


@bp.route("/organizations/<int:organization_id>/projects/new", methods=["GET", "POST"])
@organization_view(*MANAGERS, note=False)  # IPMs start projects for any customer
@keeps_input
def new(organization):
    form = ProjectForm(ipm=current_user.id if current_user.role == Role.IPM else None)
    _project_choices(form, organization)
    if form.validate_on_submit():
        claim = once.claim(form.once_token.data, form.once_purpose)
        if claim.repeated:
            return claim.replay()
        try:
            project = services.create_project(
                organization, db.session.get(Product, form.product.data), db.session.get(User, form.ipm.data),
                form.started_on.data, form.target_go_live.data, form.order_summary.data or None,
                [site for site in _sites(organization) if site.id in form.sites.data], form.name.data or None)
        except services.ProjectError as error:
            db.session.rollback()
            form.target_go_live.errors.append(str(error))
        else:
            claim.finish(_project_url(project))
            db.session.commit()
            flash(f"The project was created with {len(project.tasks)} tasks. {_welcome_outcome(project)}",
                  "success")
            return see_other_url(_project_url(project))
    return render_template("projects/new.html", form=form, organization=organization)


def _welcome_outcome(project) -> str:
    sent = len(services.customer_contacts(project))
    if sent:
        return f"The welcome letter went to {sent} customer contact{'s' if sent != 1 else ''}."
    return "No customer contact yet: invite one, then send the welcome letter from the project page."


def _sites(organization):
    from portal.sites.queries import organization_sites
    return organization_sites(organization.id)


def _project_choices(form, organization) -> None:
    form.product.choices = [(p.id, p.name) for p in db.session.scalars(
        db.select(Product).order_by(Product.position))]
    form.ipm.choices = [(u.id, u.name) for u in queries.staff_members(Role.IPM, Role.ADMIN)]
    form.sites.choices = [(s.id, s.name) for s in _sites(organization)]
    if request.method == "GET" and not form.started_on.data:
        form.started_on.data = date.today()


@bp.get("/projects/<int:project_id>")
@project_view()
def show(project):
    project = queries.project_with_plan(project.id)
    return render_template("projects/show.html", project=project, steps=plan.tasks_by_step(project),
                           phases=queries.phases(), timeline=build_timeline(project, queries.phases(), date.today()),
                           activity=queries.project_activity(project), contacts=services.customer_contacts(project),
                           today=date.today(), go_live_form=GoLiveForm(obj=project), phase_form=_phase_form(project),
                           can_manage=can_edit() and current_user.role in MANAGERS)


def _phase_form(project) -> PhaseForm:
    form = PhaseForm(phase=project.phase_id)
    form.phase.choices = [(phase.id, phase.name) for phase in queries.phases()]
    return form


@bp.post("/projects/<int:project_id>/go-live")
@project_view(*MANAGERS, edit=True)
def go_live(project):
    form = GoLiveForm()
    if form.validate_on_submit():
        try:
            conflict = services.change_go_live(project, form.version.data, form.target_go_live.data)
        except services.ProjectError as error:
            form.target_go_live.errors.append(str(error))
        else:
            if conflict is None:
                db.session.commit()
                flash("The go-live date moved; due dates counted from it moved too.", "success")
                return see_other_url(_project_url(project))
            form.target_go_live.errors.append("Someone else changed this project meanwhile; check the date "
                                              "shown now and save again.")
    db.session.rollback()
    flash(" ".join(form.target_go_live.errors + form.version.errors + form.form_errors) or "Check the date.",
          "error")
    return see_other_url(_project_url(project))


@bp.post("/projects/<int:project_id>/phase")
@project_view(*MANAGERS, edit=True)
def phase(project):
    form = _phase_form(project)
    if form.validate_on_submit():
        try:
            services.move_phase(project, next(p for p in queries.phases() if p.id == form.phase.data),
                                form.note.data)
        except services.ProjectError as error:
            flash(str(error), "error")
        else:
            db.session.commit()
            flash(f"The project is now in the {project.phase.name} phase.", "success")
    else:
        flash(" ".join(message for _, message in form.error_list), "error")
    return see_other_url(_project_url(project))


@bp.post("/projects/<int:project_id>/welcome")
@project_view(*MANAGERS, edit=True)
def welcome(project):
    sent = services.send_welcome(project)
    db.session.commit()
    flash(_welcome_outcome(project) if sent else "No customer contact yet: invite one first.",
          "success" if sent else "warning")
    return see_other_url(_project_url(project))


@bp.route("/projects/<int:project_id>/meetings/<kind>", methods=["GET", "POST"])
@project_view(*MANAGERS, edit=True, readable=False)
@keeps_input
def meeting(project, kind: str):
    meeting_kind = _meeting_kind(kind)
    existing = plan.meeting(project, meeting_kind)
    form_class = KickOffForm if meeting_kind == MeetingKind.KICK_OFF else WeeklyMeetingForm
    form = form_class(obj=existing, weekday=existing.first_date.weekday() if existing else 1)
    if form.validate_on_submit() and _kick_off_fits(project, meeting_kind, form):
        first = form.first_date.data if meeting_kind == MeetingKind.KICK_OFF else \
            meetings.first_weekday_on_or_after(form.starting.data or date.today(), form.weekday.data)
        meetings.schedule_meeting(project, meeting_kind, first, form.start_time.data, form.time_zone.data,
                                  form.location.data or None, form.duration_minutes.data)
        db.session.commit()
        flash(f"The {meeting_kind.title.lower()} is set for {first:%A %d %B %Y}; the customer's contacts "
              "received the invitation.", "success")
        return see_other_url(_project_url(project))
    return render_template("projects/meeting.html", form=form, project=project, kind=meeting_kind,
                           existing=existing)


def _kick_off_fits(project, kind: MeetingKind, form) -> bool:
    if kind == MeetingKind.KICK_OFF and form.first_date.data >= project.target_go_live:
        form.first_date.errors.append(f"The kick-off must come before the go-live date "
                                      f"({project.target_go_live:%d %b %Y}); move the go-live first if needed.")
        return False
    return True


def _meeting_kind(kind: str) -> MeetingKind:
    """The kick-off call or the weekly meeting (a review call is scheduled from its round's page)."""
    try:
        found = MeetingKind(kind.replace("-", "_"))
    except ValueError:
        abort(404)
    return found if found in (MeetingKind.KICK_OFF, MeetingKind.WEEKLY) else abort(404)


@bp.get("/projects/<int:project_id>/meetings/<kind>.ics")
@project_view()
def calendar_file(project, kind: str):
    """A meeting's calendar file, by its key ("kick-off", "weekly", "review-12")."""
    wanted = f"{kind.replace('_', '-')}.ics"  # "kick_off" as the links of old e-mails say it, too
    existing = next((meeting for meeting in project.meetings if meetings.ics_filename(meeting) == wanted),
                    None) or abort(404)
    return meetings.ics_bytes(project, existing), 200, {
        "Content-Type": "text/calendar; charset=utf-8",
        "Content-Disposition": f'attachment; filename="{meetings.ics_filename(existing)}"'}


@bp.get("/projects/<int:project_id>/plan.pdf")
@project_view()
def plan_pdf(project):
    project = queries.project_with_plan(project.id)
    pdf = render_pdf("pdf/plan.html", project=project, steps=plan.tasks_by_step(project),
                     timeline=build_timeline(project, queries.phases(), date.today()),
                     contacts=services.customer_contacts(project), today=date.today())
    filename = f"plan-{project.id}.pdf"
    return pdf, 200, {"Content-Type": "application/pdf", "Content-Disposition": f'attachment; filename="{filename}"'}


@bp.route("/tasks/<int:task_id>", methods=["GET", "POST"])
@project_view(*MANAGERS, edit=True, readable=False, task_id=task_loader)
@keeps_drafts
def edit_task(task):
    editor = Editor(TaskForm, task)
    editor.form.assignee_id.choices = _assignee_choices(task.project)
    response = editor.submit(_update_task_noting_dates, title=f"The task “{task.title}”", saved="The task was saved.",
                             next_url=_project_url(task.project))
    return response or render_template("projects/task.html", editor=editor, task=task,
                                       warnings=services.due_date_warnings(task, editor.form.due_on.data),
                                       status_form=TaskStatusForm(status=task.status), derived=is_derived(task))


def _update_task_noting_dates(task, seen_version, changes):
    """Save the task; a date set by hand on a holiday or after go-live is saved with a word about it."""
    conflict = services.update_task(task, seen_version, changes)
    if conflict is None:
        for warning in services.due_date_warnings(task, task.due_on if task.due_set_by_hand else None):
            flash(f"Saved, but note: {warning}", "warning")
    return conflict


def _assignee_choices(project) -> list[tuple]:
    people = services.customer_contacts(project) + queries.staff_members(Role.IPM, Role.ENGINEER, Role.ADMIN)
    return [("", "Nobody in particular")] + [(str(person.id), person.name) for person in people]


@bp.post("/tasks/<int:task_id>/status")
@project_view(*MANAGERS, *CONTACT_ROLES, edit=True, task_id=task_loader)
def task_status(task):
    """Tick a task: the IPM any task, a customer contact the customer's own tasks."""
    if current_user.role in CONTACT_ROLES and task.side != Side.CUSTOMER:
        abort(403)
    form = TaskStatusForm()
    if current_user.role in CONTACT_ROLES and form.status.data not in CUSTOMER_STATUSES:
        abort(403)  # skipping and review outcomes are the project manager's
    if form.validate_on_submit():
        try:
            services.set_task_status(task, form.status.data, form.note.data or None)
        except (services.ProjectError, ValueError) as error:
            db.session.rollback()
            flash(str(error), "error")
        else:
            db.session.commit()
            flash(f"“{task.title}” is now {effective_status(task).title.lower()}.", "success")
    else:
        flash(" ".join(message for _, message in form.error_list), "error")
    target = request.form.get("back") == "dashboard"
    return see_other("main.dashboard") if target else see_other_url(_project_url(task.project))


@bp.route("/projects/<int:project_id>/tasks/new", methods=["GET", "POST"])
@project_view(*MANAGERS, edit=True, readable=False)
@keeps_input
def add_task(project):
    form = NewTaskForm()
    form.step.choices = [(step.id, f"{step.number}. {step.title}") for step in db.session.scalars(
        db.select(PlanStep).order_by(PlanStep.number))]
    form.assignee_id.choices = _assignee_choices(project)
    if form.validate_on_submit():
        claim = once.claim(form.once_token.data, form.once_purpose)
        if claim.repeated:
            return claim.replay()
        services.add_task(project, db.session.get(PlanStep, form.step.data), form.side.data, form.title.data,
                          form.due_on.data, db.session.get(User, form.assignee_id.data) if form.assignee_id.data
                          else None)
        claim.finish(_project_url(project))
        db.session.commit()
        flash("The task was added to the plan.", "success")
        return see_other_url(_project_url(project))
    return render_template("projects/add_task.html", form=form, project=project)


@bp.route("/projects/<int:project_id>/edit", methods=["GET", "POST"])
@project_view(*MANAGERS, edit=True, readable=False)
@keeps_drafts
def edit(project):
    editor = Editor(ProjectEditForm, project)
    editor.form.ipm_id.choices = select_choices((u.id, u.name) for u in queries.staff_members(Role.IPM, Role.ADMIN))
    editor.form.site_ids.choices = select_choices((site.id, site.name) for site in _sites(project.organization))
    response = editor.submit(services.update_project, title=f"The project {project.name}",
                             saved="The project was saved.", next_url=_project_url(project))
    return response or render_template("projects/edit.html", editor=editor, project=project)
