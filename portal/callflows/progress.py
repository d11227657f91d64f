"""“Have you completed the call flows?” (issue 16): the questionnaire's answer to the same question,
refused while a flow has a blocking problem; with the flows' state it is the plan's "Fill out the
call flows" task (Done once completed and nothing blocks). And the "Provide the auto-attendant
recordings" task: Done once every greeting set to a recording has one, Not applicable while none is."""
from __future__ import annotations

from flask import url_for
from sqlalchemy import select

from portal.callflows.flows import check, project_flows
from portal.core.intake import IntakeFinding, IntakePart
from portal.extensions import db
from portal.models.callflows import Announcement, AutoAttendant, GreetingMode
from portal.models.projects import Project, TaskStatus
from portal.models.telephony import Destination
from portal.projects.services import follow_feature
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


def follow(project: Project) -> None:
    """After a change of the project's call flows: both of their plan tasks follow."""
    follow_feature(project, KEY)
    follow_feature(project, "recordings")


def recordings_of(project: Project) -> list[tuple[int, str, bool]]:
    """The project's greetings set to a recording, by name: (node id, name, whether it is uploaded)."""
    found = []
    for model in (AutoAttendant, Announcement):
        found += db.session.execute(
            select(Destination.id, Destination.name, model.greeting_file_id.is_not(None))
            .join(Destination, Destination.id == model.destination_id)
            .where(Destination.project_id == project.id, model.greeting_mode == GreetingMode.RECORDING)).all()
    return sorted((tuple(row) for row in found), key=lambda row: row[1].casefold())


def _counts(project: Project) -> tuple[int, int]:
    found = recordings_of(project)
    return len(found), sum(1 for *_, uploaded in found if uploaded)


def recordings_status(project: Project) -> TaskStatus:
    wanted, uploaded = _counts(project)
    if not wanted:
        return TaskStatus.SKIPPED
    return TaskStatus.DONE if uploaded == wanted else TaskStatus.IN_PROGRESS if uploaded else TaskStatus.NOT_STARTED


def recordings_summary(project: Project) -> str:
    wanted, uploaded = _counts(project)
    if not wanted:
        return "No greeting is set to a recording: every greeting is read aloud"
    return f"{uploaded} of {wanted} recordings uploaded"


def review_findings(project: Project) -> list[IntakeFinding]:
    """Every flow's problems at their `node:<id>` addresses, each linked to its node's form."""
    return [IntakeFinding(problem.address, problem.message, url_for("callflows.node", project_id=project.id,
                                                                    destination_id=problem.node_id), problem.blocking)
            for problem in project_flows(project).problems]


def done(project: Project) -> bool:
    return status(project) == TaskStatus.DONE


INTAKE = IntakePart(KEY, "The call flows", 3, done, review_findings, page_url,
                    "Fix what blocks the flows, then answer “Have you completed the call flows?” with yes.")
