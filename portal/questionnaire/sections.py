"""The questionnaire's sections and checks, registered by whoever owns them, so that the overview,
the "Check your answers" page, the task list and the PDF list every section and every finding
without being edited when a section or a feature adds its own.

A section says whether it is started and answered, and where it is edited; it is completed when the
person said so ("Have you completed this section?", the GOV.UK task-list pattern), every question
has an answer and nothing in it blocks. A check reads the project and returns findings: blocking
errors and warnings, each linking to the field it concerns.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable

from flask import url_for
from sqlalchemy import select

from portal.core.enums import TitledEnum
from portal.core.registry import register
from portal.core.request_cache import cached
from portal.extensions import db
from portal.models.projects import Project
from portal.models.questionnaire import SectionProgress


class SectionStatus(TitledEnum):
    NOT_STARTED = ("not_started", "Not started")
    IN_PROGRESS = ("in_progress", "In progress")
    COMPLETED = ("completed", "Completed")


@dataclass(frozen=True)
class Finding:
    """One thing to fix (blocking) or to look at (a warning), with the page and field it concerns;
    the address is built when shown, so checks run anywhere (a status in a command, a background job)."""

    section: str  # the key of the section it belongs to
    message: str
    endpoint: str
    arguments: dict = field(default_factory=dict)
    anchor: str = ""  # the id of the field on that page
    blocking: bool = True  # an error blocks submission; a warning is acknowledged
    address: str = ""  # a finding's own address where it has one (a phone key's, a call flow's `node:<id>`)

    @property
    def url(self) -> str:
        return url_for(self.endpoint, **self.arguments) + (f"#{self.anchor}" if self.anchor else "")


@dataclass(frozen=True)
class Section:
    key: str
    number: int
    title: str
    url_of: Callable[[Project], str]
    started: Callable[[Project], bool]
    answered: Callable[[Project], bool]  # every question has an answer (findings aside)
    pdf_template: str | None = None  # its part of the questionnaire PDF (templates/pdf/questionnaire/...)
    pdf_context: Callable[[object], dict] | None = None  # what that part shows, from a snapshot (frozen.Frozen)
    # what blocks it, when not the questionnaire's checks (the call flows answer the same question)
    blocking_of: Callable[[Project], list[Finding]] | None = None


SECTIONS: dict[str, Section] = {}
CHECKS: dict[str, Callable[[Project], list[Finding]]] = {}  # by the check's module and name


def register_section(section: Section) -> None:
    register(SECTIONS, section.key, section, "section")


def register_check(check: Callable[[Project], list[Finding]]) -> None:
    register(CHECKS, f"{check.__module__}.{check.__qualname__}", check, "check")


def sections() -> list[Section]:
    return sorted(SECTIONS.values(), key=lambda section: section.number)


def findings(project: Project) -> list[Finding]:
    return [finding for check in CHECKS.values() for finding in check(project)]


def blocking_in(section_key: str, found: list[Finding]) -> list[Finding]:
    return [finding for finding in found if finding.blocking and finding.section == section_key]


def status_of(section: Section, project: Project, found: list[Finding], marked: bool) -> SectionStatus:
    """Completed when the person marked it so, every question is answered and nothing blocks; else
    in progress once started (or marked), else not started."""
    if marked and section.answered(project) and not blocking_in(section.key, found):
        return SectionStatus.COMPLETED
    return SectionStatus.IN_PROGRESS if marked or section.started(project) else SectionStatus.NOT_STARTED


@dataclass(frozen=True)
class Overview:
    rows: list[tuple[Section, SectionStatus, list[Finding]]]
    progress: dict[str, SectionProgress]  # each section's answer, where the person gave one

    @property
    def errors(self) -> list[Finding]:
        return [finding for _, _, found in self.rows for finding in found if finding.blocking]

    @property
    def warnings(self) -> list[Finding]:
        return [finding for _, _, found in self.rows for finding in found if not finding.blocking]

    def count(self, status: SectionStatus) -> int:
        return sum(1 for _, each, _ in self.rows if each == status)

    @property
    def completed(self) -> int:
        return self.count(SectionStatus.COMPLETED)


def overview(project: Project) -> Overview:
    """Every section with its status and findings (once per request: the task list asks often)."""
    return cached("questionnaire", project.id, lambda: _overview(project))


def _overview(project: Project) -> Overview:
    found = findings(project)
    progress = progress_of(project)
    return Overview([(section, status_of(section, project, found, _marked(progress.get(section.key))),
                      [finding for finding in found if finding.section == section.key]) for section in sections()],
                    progress)


def progress_of(project: Project) -> dict[str, SectionProgress]:
    return {row.section: row for row in db.session.scalars(
        select(SectionProgress).where(SectionProgress.project_id == project.id))}


def _marked(progress: SectionProgress | None) -> bool:
    return progress is not None and progress.completed
