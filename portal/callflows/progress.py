"""“Have you completed the call flows?” (issue 16): the questionnaire's answer to the same question,
refused while a flow has a blocking problem; with the flows' state it is the plan's "Fill out the
call flows" task (Done once completed and nothing blocks)."""
from __future__ import annotations

from flask import url_for

from portal.callflows.flows import check, project_flows
from portal.models.projects import Project, TaskStatus
from portal.questionnaire.sections import Section, progress_of

KEY = "call_flows"


def page_url(project: Project) -> str:
    return url_for("callflows.index", project_id=project.id)


def _blocking(project: Project) -> list:
    return [finding for finding in check(project) if finding.blocking]


def _started(project: Project) -> bool:
    flows = project_flows(project)
    return bool(flows.flows or flows.others)


SECTION = Section(KEY, 0, "Call flows", page_url, _started, lambda project: True, blocking_of=_blocking)


def answer(project: Project):
    """The person's answer, if any (a questionnaire progress row keyed "call_flows")."""
    return progress_of(project).get(KEY)


def status(project: Project) -> TaskStatus:
    given = answer(project)
    if given is not None and given.completed and not _blocking(project):
        return TaskStatus.DONE
    return TaskStatus.IN_PROGRESS if given is not None or _started(project) else TaskStatus.NOT_STARTED


def summary(project: Project) -> str:
    """The plan task's words: how many flows numbers enter, and what blocks."""
    flows = project_flows(project)
    if not (flows.flows or flows.others):
        return "No call flow yet"
    count = len(flows.flows)
    return f"{count} {'flow' if count == 1 else 'flows'}" + (f", {flows.blocking} to fix" if flows.blocking else "")
