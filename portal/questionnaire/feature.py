"""The questionnaire's item in the plan: its task is done when every section is completed."""
from __future__ import annotations

from flask import url_for

from portal.models.projects import TaskStatus
from portal.questionnaire.sections import SectionStatus, overview


def questionnaire_url(project) -> str:
    return url_for("questionnaire.index", project_id=project.id)


def questionnaire_status(project) -> TaskStatus:
    """The plan's questionnaire task: not started, in progress, done when every section is completed."""
    found = overview(project)
    if found.count(SectionStatus.NOT_STARTED) == len(found.rows):
        return TaskStatus.NOT_STARTED
    return TaskStatus.DONE if found.count(SectionStatus.COMPLETED) == len(found.rows) else TaskStatus.IN_PROGRESS


def questionnaire_summary(project) -> str:
    found = overview(project)
    return f"{found.count(SectionStatus.COMPLETED)} of {len(found.rows)} sections completed"
