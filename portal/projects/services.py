"""Writes to implementation projects. Services flush and audit; the request commits once."""
from __future__ import annotations

from datetime import date, datetime, timezone

from flask import url_for
from sqlalchemy import select

from portal.core import audit
from portal.core.business_days import add_business_days, holiday_name, is_business_day
from portal.core.features import is_derived, live_status, live_summary, skipped_by_hand
from portal.core.mail import queue_mail
from portal.core.request_cache import forget
from portal.core.versioning import Conflict, update_versioned
from portal.extensions import db
from portal.models.projects import (
    Anchor,
    Phase,
    PlanStep,
    Product,
    Project,
    ProjectTask,
    Side,
    TaskStatus,
    TemplateTask,
)
from portal.models.questionnaire import CallingPolicy, DialPlan, OtherRequirements, RecordingPolicy
from portal.models.telephony import Site
from portal.models.users import CONTACT_ROLES, Organization, User, UserStatus
from portal.projects import plan


class ProjectError(ValueError):
    """A change that cannot be made; the message is shown next to the field it concerns."""


def all_phases() -> list[Phase]:
    return list(db.session.scalars(select(Phase).order_by(Phase.position)))


def check_dates(started_on: date, go_live: date, kick_off: date | None = None) -> None:
    """Go-live comes after the kick-off (the scheduled one, else the one planned after the start)."""
    kick_off = kick_off or add_business_days(started_on, plan.KICK_OFF_AFTER_START)
    if go_live <= kick_off:
        raise ProjectError(f"The go-live date must come after the kick-off ({kick_off:%d %b %Y}).")


def create_project(organization: Organization, product: Product, ipm: User | None, started_on: date,
                   go_live: date, order_summary: str | None, sites: list, name: str | None = None) -> Project:
    """A new project with the provider's plan: the template tasks that apply to its product."""
    check_dates(started_on, go_live)
    project = Project(organization=organization, product=product, ipm=ipm, started_on=started_on,
                      target_go_live=go_live, order_summary=order_summary, sites=sites,
                      name=name or f"{product.name} for {organization.name}", phase=all_phases()[0])
    db.session.add(project)
    templates = db.session.scalars(select(TemplateTask).order_by(TemplateTask.position))
    project.tasks = [_task_from(template) for template in templates if template.applies_to(product)]
    for task in project.tasks:
        task.due_on = plan.planned_due(project, task)
    project.dial_plan = DialPlan()  # the questionnaire's answers about dialling, empty until given
    project.other_requirements = OtherRequirements()  # and its last section's, in the customer's words
    project.recording_policy = RecordingPolicy()  # how long call recordings are kept, and who hears them
    project.calling_policy = CallingPolicy()  # what outbound calls are blocked, who hears of emergencies
    db.session.flush()
    audit.record("project.created", project, note=f"{len(project.tasks)} tasks from the plan template")
    send_welcome(project)
    return project


def _task_from(template: TemplateTask) -> ProjectTask:
    return ProjectTask(template_task_id=template.id, step=template.step, **template.definition())


def customer_contacts(project: Project) -> list[User]:
    """The customer's main points of contact, including those still to accept their invitation."""
    return list(db.session.scalars(select(User).where(
        User.organization_id == project.organization_id, User.role.in_(CONTACT_ROLES),
        User.status.in_((UserStatus.ACTIVE, UserStatus.INVITED))).order_by(User.name)))


def send_welcome(project: Project) -> int:
    """The welcome letter of seed 000: the IPM's introduction and the questions to prepare.
    Returns how many contacts it went to (none yet: invite one, then send it from the project)."""
    recipients = [user.email for user in customer_contacts(project)]
    if recipients:
        queue_mail(recipients, f"Welcome to your {project.product.name} implementation", "welcome",
                   project=project, link=url_for("main.dashboard", _external=True))
        audit.record("project.welcome_sent", project, note=f"to {len(recipients)} contacts")
    return len(recipients)


def reschedule(project: Project) -> None:
    """Recompute every due date that follows its anchor (dates set by hand stay)."""
    for task in project.tasks:
        planned = plan.planned_due(project, task)
        if not task.due_set_by_hand and task.due_on != planned:
            task.due_on = planned
            task.version += 1  # a task form opened before sees the change as a conflict


def change_go_live(project: Project, seen_version: int | None, go_live: date) -> Conflict | None:
    check_dates(project.started_on, go_live, plan.kick_off_date(project))
    previous = project.target_go_live
    conflict = update_versioned(project, seen_version, {"target_go_live": go_live})
    if conflict is None:
        reschedule(project)
        audit.record("project.go_live_moved", project, from_state=previous.isoformat(),
                     to_state=go_live.isoformat())
    return conflict


def refresh_phase(project: Project) -> None:
    """The phase follows the tasks, but never back before a phase the IPM moved it to by hand."""
    derived = plan.derived_phase(project, all_phases())
    if derived.position <= project.phase.position:  # never backwards on its own; the IPM can move it
        return
    if derived.id != project.phase_id:
        audit.record("project.phase_changed", project, from_state=project.phase.name, to_state=derived.name,
                     note="follows the tasks")
        project.phase, project.phase_set_by_hand = derived, False


def move_phase(project: Project, phase: Phase, note: str) -> None:
    if phase.id == project.phase_id:
        raise ProjectError(f"The project is in the {phase.name} phase already.")
    audit.record("project.phase_changed", project, from_state=project.phase.name, to_state=phase.name, note=note)
    project.phase, project.phase_set_by_hand = phase, True


def set_task_status(task: ProjectTask, status: TaskStatus, note: str | None = None) -> None:
    """Tick a task by hand; tasks whose feature reports their status cannot be ticked."""
    if is_derived(task):
        raise ProjectError("This task follows its form's own progress and cannot be ticked by hand.")
    if status == TaskStatus.SKIPPED and not note:
        raise ProjectError("Say why the task does not apply.")
    audit.transition(task, "status", status, action="task.status_changed", note=note)
    task.skip_reason = note if status == TaskStatus.SKIPPED else None
    task.completed_at = datetime.now(timezone.utc) if status.is_closed else None
    db.session.flush()
    refresh_phase(task.project)


def follow_feature(project: Project, key: str) -> None:
    """Store a feature's own status on its tasks after its data changed, so that what is read in SQL
    (the IPM dashboard's overdue and next-due columns) agrees with what the plan shows."""
    forget(project.id)  # what this request read before the write is out of date
    for task in project.tasks:
        if task.feature_key != key or skipped_by_hand(task) or not is_derived(task):
            continue
        status, task.summary = live_status(task), (live_summary(task) or "")[:200] or None
        if status != task.status:
            audit.record("task.followed_feature", task, from_state=task.status, to_state=status)
            task.status = status
            task.completed_at = datetime.now(timezone.utc) if status.is_closed else None
    db.session.flush()
    refresh_phase(project)


def followed_by(keys: str | tuple[str, ...], project: Project, writer, projects=None):
    """A form's writer (record, seen version, changes -> conflict), then the plan's tasks of `keys`
    brought up to date (follow_feature) in every project the record belongs to (`projects()`, else
    `project`)."""
    def write(record, seen_version, changes):
        conflict = writer(record, seen_version, changes)
        if conflict is None:
            for each in projects() if projects else [project]:
                for key in (keys,) if isinstance(keys, str) else keys:
                    follow_feature(each, key)
        return conflict
    return write


def due_date_warnings(task: ProjectTask, due_on: date | None) -> list[str]:
    """Allowed, but worth a word: a holiday or weekend, or a date after go-live."""
    warnings = []
    if due_on and not is_business_day(due_on):
        warnings.append(f"{due_on:%d %b %Y} is {holiday_name(due_on) or 'a weekend day'}, not a business day.")
    if due_on and due_on > task.project.target_go_live and not plan.belongs_after_go_live(task):
        warnings.append("This date is after the go-live date.")
    return warnings


def update_task(task: ProjectTask, seen_version: int | None, changes: dict) -> Conflict | None:
    """The IPM edits a task: title, side, assignee, due date (set by hand, or back to the plan)."""
    if changes.get("due_on") is None:
        changes = {**changes, "due_on": plan.planned_due(task.project, task), "due_set_by_hand": False}
    elif changes["due_on"] != task.due_on:
        changes = {**changes, "due_set_by_hand": True}
    conflict = update_versioned(task, seen_version, changes)
    if conflict is None:
        audit.record("task.updated", task)
    return conflict


def add_task(project: Project, step: PlanStep, side: Side, title: str, due_on: date | None,
             assignee: User | None) -> ProjectTask:
    task = ProjectTask(project=project, step=step, step_id=step.id, side=side, title=title,
                       anchor=Anchor.START, offset_days=0, assignee=assignee,
                       position=1000 + len(project.tasks))
    task.due_on = due_on or add_business_days(max(date.today(), project.started_on), 0)
    task.due_set_by_hand = due_on is not None
    db.session.add(task)
    db.session.flush()
    audit.record("task.added", task)
    refresh_phase(project)
    return task


def update_project(project: Project, seen_version: int | None, changes: dict) -> Conflict | None:
    """The IPM edits the project's name, manager, order summary and sites."""
    sites = list(db.session.scalars(select(Site).where(Site.id.in_(changes.pop("site_ids") or []),
                                                       Site.organization_id == project.organization_id)))
    conflict = update_versioned(project, seen_version, {**changes, "sites": sites})
    if conflict is None:
        audit.record("project.updated", project)
    return conflict
