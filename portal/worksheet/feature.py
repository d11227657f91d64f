"""The worksheet's item in the plan: the task with the "worksheet" feature key follows the seats."""
from __future__ import annotations

from flask import url_for

from portal.core.intake import IntakeFinding, IntakePart
from portal.core.request_cache import cached
from portal.models.projects import Project, TaskStatus
from portal.projects.services import follow_feature
from portal.worksheet import queries
from portal.worksheet.checks import duplicate_emails, problems_by_seat, seat_findings


def worksheet_url(project) -> str:
    return url_for("worksheet.index", project_id=project.id)


def _counts(project) -> tuple[int, int]:
    """(seats, seats with problems), read once per request however often the page asks."""
    return cached("worksheet", project.id, lambda: _count(project))


def _count(project) -> tuple[int, int]:
    problems = problems_by_seat(queries.problem_facts(project.id))
    return len(problems), sum(1 for items in problems.values() if items)


def worksheet_status(project) -> TaskStatus:
    """Not started, in progress while any seat has a problem, done when every seat is complete."""
    seats, troubled = _counts(project)
    if not seats:
        return TaskStatus.NOT_STARTED
    return TaskStatus.IN_PROGRESS if troubled else TaskStatus.DONE


def worksheet_summary(project) -> str:
    seats, troubled = _counts(project)
    return f"{seats} seats" + (f", {troubled} with problems" if troubled else "")


def worksheet_changed(project: Project) -> None:
    """After seats were written: count again and store the task's new status (see follow_feature)."""
    follow_feature(project, "worksheet")  # it forgets what this request counted before the write
    follow_feature(project, "questionnaire")  # its extensions and numbers are the same seats



def review_findings(project) -> list[IntakeFinding]:
    """Each seat's problems for the "Review and submit" page, at `seat:<id>/<column>`, each linked to
    the seat's form."""
    seats = queries.problem_facts(project.id)
    duplicates = duplicate_emails(seats)
    return [IntakeFinding(f"seat:{seat.id}/{column}", f"{_label(seat)}: {message}",
                          url_for("worksheet.edit", seat_id=seat.id) + f"#{column}")
            for seat in seats for column, message in seat_findings(seat, duplicates)]


def _label(seat) -> str:
    return " ".join(filter(None, (seat.first_name, seat.last_name))) or seat.device_label or f"Seat {seat.id}"


def worksheet_done(project) -> bool:
    return worksheet_status(project) == TaskStatus.DONE


INTAKE = IntakePart("worksheet", "The Client Worksheet", 1, worksheet_done, review_findings, worksheet_url,
                    "Add the users, each with a name, an emergency address and a phone model from the catalog.")
