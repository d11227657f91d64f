"""The questionnaire's item in the plan: its task is done when every section is completed."""
from __future__ import annotations

from flask import url_for

from portal.core.intake import IntakeFinding, IntakePart
from portal.models.projects import TaskStatus
from portal.questionnaire.sections import SECTIONS, SectionStatus, findings, overview


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


def review_findings(project) -> list[IntakeFinding]:
    """The check page's findings, at `section:<n>/<field>` or the address a finding has of its own (a
    phone key's `seat:<id>/key:<k>`), each linked to its field; the call flows' (`node:...`) are the
    call flows part's."""
    return [IntakeFinding(_address(finding), f"Section {SECTIONS[finding.section].number}: {finding.message}",
                          finding.url, finding.blocking)
            for finding in findings(project) if not finding.address.startswith("node:")]


def _address(finding) -> str:
    return finding.address or f"section:{SECTIONS[finding.section].number}/{finding.anchor or 'section'}"


def questionnaire_done(project) -> bool:
    return questionnaire_status(project) == TaskStatus.DONE


INTAKE = IntakePart("questionnaire", "The Programming Data Questionnaire", 2, questionnaire_done, review_findings,
                    questionnaire_url, "Complete every section: answer it, fix what blocks it, and mark it complete.")
