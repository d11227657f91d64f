"""The questionnaire's sections and checks, registered by whoever owns them, so that the overview,
the "Check your answers" page, the task list and the PDF list every section and every finding
without being edited when a section or a feature adds its own.

A section says how far it is (not started, in progress, completed) and where it is edited. A check
reads the project and returns findings: blocking errors and warnings, each linking to the field it
concerns.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable

from flask import url_for

from portal.core.enums import TitledEnum
from portal.core.request_cache import cached
from portal.models.projects import Project


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
    pdf_context: Callable[[Project], dict] | None = None  # what that part shows


SECTIONS: dict[str, Section] = {}
CHECKS: list[Callable[[Project], list[Finding]]] = []


def register_section(section: Section) -> None:
    SECTIONS[section.key] = section


def register_check(check: Callable[[Project], list[Finding]]) -> None:
    CHECKS.append(check)


def sections() -> list[Section]:
    return sorted(SECTIONS.values(), key=lambda section: section.number)


def findings(project: Project) -> list[Finding]:
    return [finding for check in CHECKS for finding in check(project)]


def status_of(section: Section, project: Project, found: list[Finding]) -> SectionStatus:
    """Completed when every question is answered and nothing blocks; else started or not."""
    if not section.started(project):
        return SectionStatus.NOT_STARTED
    blocked = any(finding.blocking and finding.section == section.key for finding in found)
    return SectionStatus.COMPLETED if section.answered(project) and not blocked else SectionStatus.IN_PROGRESS


@dataclass(frozen=True)
class Overview:
    rows: list[tuple[Section, SectionStatus, list[Finding]]]

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
    return Overview([(section, status_of(section, project, found),
                      [finding for finding in found if finding.section == section.key]) for section in sections()])
