"""The intake parts a customer completes before submitting a package for review (issue 20): the
worksheet, the questionnaire, the call flows and porting each register what they report to the
"Review and submit" page: whether the part is complete, and its findings, each with a stable address
that part 2's discrepancies share:

    section:<n>/<field>        a questionnaire answer
    node:<Destination id>      anything in a call flow (node:<id>/key:<k>, node:<id>/<branch>)
    seat:<id>/key:<k>          a phone key
    <kind>:<row id>/<column>   anything else (seat:12/extension, port_request:3/btn)

A blocking finding stops the submission; a warning is acknowledged.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

from portal.core.registry import register


@dataclass(frozen=True)
class IntakeFinding:
    address: str
    message: str
    url: str  # the page and field to fix it at
    blocking: bool = True


@dataclass(frozen=True)
class IntakePart:
    key: str  # the plan feature's key too
    title: str
    position: int
    complete: Callable[[object], bool]  # the part as a whole is done (or not applicable)
    findings: Callable[[object], list[IntakeFinding]]
    url_of: Callable[[object], str]
    to_complete: str  # what completing it takes, in words, when it is not complete


PARTS: dict[str, IntakePart] = {}


def register_intake_part(part: IntakePart) -> None:
    register(PARTS, part.key, part, "intake part")


def intake_parts() -> list[IntakePart]:
    return sorted(PARTS.values(), key=lambda part: part.position)
