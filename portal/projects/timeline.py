"""The project timeline as a Gantt picture drawn on the server (SVG), with its text alternative."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Callable

from portal.core.features import effective_status
from portal.models.projects import Phase, Project
from portal.projects import plan

WIDTH, LABEL_WIDTH, ROW_HEIGHT, HEADER = 960, 250, 26, 54


@dataclass(frozen=True)
class Mark:
    x: float
    label: str
    state: str  # done, overdue, open


@dataclass(frozen=True)
class Row:
    y: float
    label: str
    x: float
    width: float
    start: date
    end: date
    marks: list[Mark]
    overdue: int


@dataclass
class Timeline:
    width: int
    height: int
    label_width: int
    phases: list[dict] = field(default_factory=list)
    rows: list[Row] = field(default_factory=list)
    ticks: list[tuple[float, str]] = field(default_factory=list)
    today_x: float | None = None
    go_live_x: float | None = None
    milestones: list[tuple[float, str]] = field(default_factory=list)  # (x, label) of features' dates
    summary: str = ""


# Features' dates on the timeline (porting's FOC): functions of a project giving (date, label) pairs.
MILESTONES: list[Callable[[Project], list[tuple[date, str]]]] = []


def register_milestones(milestones_of: Callable[[Project], list[tuple[date, str]]]) -> None:
    if milestones_of not in MILESTONES:
        MILESTONES.append(milestones_of)


class _Scale:
    def __init__(self, start: date, end: date):
        self.start, self.days = start, max((end - start).days, 1)

    def x(self, day: date) -> float:
        return round(LABEL_WIDTH + (WIDTH - LABEL_WIDTH - 10) * (day - self.start).days / self.days, 1)


def build_timeline(project: Project, phases: list[Phase], today: date) -> Timeline:
    steps = [(step, tasks) for step, tasks in plan.tasks_by_step(project) if any(t.due_on for t in tasks)]
    milestones = sorted(found for milestones_of in MILESTONES for found in milestones_of(project))
    dates = [t.due_on for _, tasks in steps for t in tasks if t.due_on] + [project.started_on, project.target_go_live] \
        + [day for day, _ in milestones]
    scale = _Scale(min(dates) - timedelta(days=2), max(dates) + timedelta(days=3))
    timeline = Timeline(WIDTH, HEADER + ROW_HEIGHT * len(steps) + 24, LABEL_WIDTH)
    timeline.rows = [_row(scale, index, step, tasks, today) for index, (step, tasks) in enumerate(steps)]
    timeline.phases = _phase_bands(scale, phases, timeline.rows, steps)
    timeline.ticks = _ticks(scale, scale.start, max(dates) + timedelta(days=3))
    if scale.start <= today <= scale.start + timedelta(days=scale.days):
        timeline.today_x = scale.x(today)
    timeline.go_live_x = scale.x(project.target_go_live)
    timeline.milestones = [(scale.x(day), label) for day, label in milestones]
    overdue = sum(row.overdue for row in timeline.rows)
    timeline.summary = (f"Timeline of {project.name} from {min(dates):%d %b %Y} to {max(dates):%d %b %Y}: "
                        f"{len(timeline.rows)} steps, go-live on {project.target_go_live:%d %b %Y}, "
                        + "".join(f"{label} on {day:%d %b %Y}, " for day, label in milestones) +
                        f"{overdue} overdue task{'s' if overdue != 1 else ''}.")
    return timeline


def _row(scale: _Scale, index: int, step, tasks, today: date) -> Row:
    dated = [task for task in tasks if task.due_on]
    start, end = min(t.due_on for t in dated), max(t.due_on for t in dated)
    marks = [Mark(scale.x(task.due_on), task.title, _state(task, today)) for task in dated]
    x = scale.x(start)
    return Row(HEADER + index * ROW_HEIGHT, f"{step.number}. {step.title}", x, max(scale.x(end) - x, 6),
               start, end, marks, sum(1 for mark in marks if mark.state == "overdue"))


def _state(task, today: date) -> str:
    if effective_status(task).is_closed:
        return "done"
    return "overdue" if plan.is_overdue(task, today) else "open"


def _phase_bands(scale: _Scale, phases: list[Phase], rows: list[Row], steps) -> list[dict]:
    by_step = {step.id: row for (step, _), row in zip(steps, rows, strict=True)}
    bands = []
    for phase in sorted(phases, key=lambda item: item.position):
        covered = [by_step[step.id] for step in phase.steps if step.id in by_step]
        if covered:
            start, end = min(row.start for row in covered), max(row.end for row in covered)
            bands.append({"name": phase.name, "x": scale.x(start),
                          "width": max(scale.x(end) - scale.x(start), 6), "position": phase.position})
    return bands


def _ticks(scale: _Scale, start: date, end: date) -> list[tuple[float, str]]:
    day, ticks = start - timedelta(days=start.weekday()), []
    step = 7 if (end - start).days <= 120 else 28
    while day <= end:
        if day >= start:
            ticks.append((scale.x(day), f"{day:%d %b}"))
        day += timedelta(days=step)
    return ticks
