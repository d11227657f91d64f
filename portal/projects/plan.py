"""Reading a project's plan: due dates, overdue tasks, progress and the phase the tasks are in."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from portal.core.business_days import add_business_days
from portal.models.projects import Anchor, MeetingKind, Phase, Project, ProjectTask
from portal.projects.features import effective_status

KICK_OFF_AFTER_START = 3  # seed 001: the kick-off call within 2-3 business days after Initiate


def meeting(project: Project, kind: MeetingKind):
    return next((item for item in project.meetings if item.kind == kind), None)


def kick_off_date(project: Project) -> date:
    """The scheduled kick-off, or the planned one when it is not scheduled yet."""
    scheduled = meeting(project, MeetingKind.KICK_OFF)
    return scheduled.first_date if scheduled else add_business_days(project.started_on, KICK_OFF_AFTER_START)


def anchor_date(project: Project, anchor: Anchor) -> date:
    return {Anchor.START: lambda: project.started_on, Anchor.KICK_OFF: lambda: kick_off_date(project),
            Anchor.GO_LIVE: lambda: project.target_go_live}[anchor]()


def planned_due(project: Project, task: ProjectTask) -> date:
    return add_business_days(anchor_date(project, task.anchor), task.offset_days)


def is_overdue(task: ProjectTask, today: date) -> bool:
    return task.due_on is not None and task.due_on < today and not effective_status(task).is_closed


def after_go_live_by_hand(task: ProjectTask) -> bool:
    """A date set by hand that the go-live date has since overtaken (shown as a warning)."""
    return (task.due_set_by_hand and task.due_on is not None and task.anchor != Anchor.GO_LIVE
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


def next_dates(project: Project) -> list[tuple[str, date | None]]:
    """The dates a customer looks for on the dashboard."""
    port = next((task.due_on for task in project.tasks if "port request" in task.title.lower()), None)
    weekly = meeting(project, MeetingKind.WEEKLY)
    return [("Kick-off call", kick_off_date(project)), ("Weekly meeting", weekly.first_date if weekly else None),
            ("Port request", port), ("Go-live", project.target_go_live)]
