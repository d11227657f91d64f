"""Reading a project's plan: due dates, overdue tasks, progress and the phase the tasks are in."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from portal.core.business_days import add_business_days
from portal.core.features import effective_status
from portal.models.projects import Anchor, MeetingKind, Phase, Project, ProjectTask

KICK_OFF_AFTER_START = 3  # seed 001: the kick-off call within 2-3 business days after Initiate


def meeting(project: Project, key: MeetingKind | str):
    """The project's meeting of a key (a kind's value for the kick-off and the weekly meeting)."""
    key = key.value if isinstance(key, MeetingKind) else key
    return next((item for item in project.meetings if item.key == key), None)


def kick_off_date(project: Project) -> date:
    """The scheduled kick-off, or the planned one when it is not scheduled yet."""
    scheduled = meeting(project, MeetingKind.KICK_OFF)
    return scheduled.first_date if scheduled else add_business_days(project.started_on, KICK_OFF_AFTER_START)


def anchor_date(project: Project, anchor: Anchor) -> date:
    return {Anchor.START: lambda: project.started_on, Anchor.KICK_OFF: lambda: kick_off_date(project),
            Anchor.GO_LIVE: lambda: project.target_go_live}[anchor]()


def planned_due(project: Project, task: ProjectTask) -> date:
    """Business days from the anchor; days after an anchor on a weekend or holiday count from the
    next business day, so "go-live + 1" never lands on the go-live day itself."""
    anchor = anchor_date(project, task.anchor)
    if task.offset_days > 0:
        anchor = add_business_days(anchor, 0)
    return add_business_days(anchor, task.offset_days)


def is_overdue(task: ProjectTask, today: date) -> bool:
    return task.due_on is not None and task.due_on < today and not effective_status(task).is_closed


def belongs_after_go_live(task: ProjectTask) -> bool:
    return task.anchor == Anchor.GO_LIVE and task.offset_days > 0


def after_go_live_by_hand(task: ProjectTask) -> bool:
    """A date set by hand that now falls after go-live, for a task meant to be done before it."""
    return (task.due_set_by_hand and task.due_on is not None and not belongs_after_go_live(task)
            and task.due_on > task.project.target_go_live)


@dataclass(frozen=True)
class Progress:
    closed: int
    total: int

    @property
    def percent(self) -> int:
        return round(100 * self.closed / self.total) if self.total else 100


def progress(tasks: list[ProjectTask]) -> Progress:
    return Progress(sum(1 for task in tasks if effective_status(task).is_closed), len(tasks))


def tasks_by_step(project: Project) -> list[tuple]:
    """[(step, tasks of that step)] in plan order."""
    steps: dict = {}
    for task in sorted(project.tasks, key=lambda item: (item.step.number, item.side.value, item.position)):
        steps.setdefault(task.step, []).append(task)
    return sorted(steps.items(), key=lambda pair: pair[0].number)


def derived_phase(project: Project, phases: list[Phase]) -> Phase:
    """The first phase (in order) that still has an open task; the last one when all are closed."""
    open_steps = {task.step_id for task in project.tasks if not effective_status(task).is_closed}
    for phase in sorted(phases, key=lambda item: item.position):
        if any(step.id in open_steps for step in phase.steps):
            return phase
    return max(phases, key=lambda item: item.position)


@dataclass(frozen=True)
class NextDate:
    label: str
    day: date | None
    detail: str = ""


def next_dates(project: Project, today: date) -> list[NextDate]:
    """The dates a customer looks for on the dashboard: meetings with their time and link, the port
    request (the template's task counted 9 business days before go-live) and the go-live."""
    kick_off, weekly = meeting(project, MeetingKind.KICK_OFF), meeting(project, MeetingKind.WEEKLY)
    port = next((task.due_on for task in project.tasks if task.anchor == Anchor.GO_LIVE
                 and task.offset_days == -9), None)
    return [
        NextDate("Kick-off call", kick_off_date(project),
                 _when(kick_off) if kick_off else "planned; the invitation will follow"),
        NextDate("Weekly meeting", next_weekly(weekly, today) if weekly else None, _when(weekly) if weekly else ""),
        NextDate("Port request", port), NextDate("Go-live", project.target_go_live)]


def next_weekly(weekly, today: date) -> date:
    return max(weekly.first_date, today + timedelta(days=(weekly.first_date.weekday() - today.weekday()) % 7))


def _when(item) -> str:
    where = f", {item.location}" if item.location else ""
    return f"{item.start_time:%H:%M} {item.time_zone}{where}"
