"""What the "Review and submit" page gathers (issue 20): each intake part registered in
portal.core.intake, whether it is complete, and its findings; submitting needs every part complete
and nothing blocking, and the warnings acknowledged."""
from __future__ import annotations

from dataclasses import dataclass

from portal.core.intake import IntakeFinding, IntakePart, intake_parts


@dataclass(frozen=True)
class PartState:
    part: IntakePart
    complete: bool
    findings: tuple[IntakeFinding, ...]

    @property
    def blocking(self) -> list[IntakeFinding]:
        return [finding for finding in self.findings if finding.blocking]

    @property
    def warnings(self) -> list[IntakeFinding]:
        return [finding for finding in self.findings if not finding.blocking]


@dataclass(frozen=True)
class Readiness:
    parts: tuple[PartState, ...]

    @property
    def can_submit(self) -> bool:
        return all(state.complete and not state.blocking for state in self.parts)

    @property
    def warnings(self) -> list[IntakeFinding]:
        return [finding for state in self.parts for finding in state.warnings]

    @property
    def blocking_count(self) -> int:
        return sum(len(state.blocking) + (not state.complete) for state in self.parts)


def readiness(project) -> Readiness:
    return Readiness(tuple(PartState(part, part.complete(project), tuple(part.findings(project)))
                           for part in intake_parts()))
