"""Workflow status enums: a display title per member and one transition table per enum."""
from __future__ import annotations

import enum
from typing import ClassVar


class TransitionError(ValueError):
    """A status change outside the enum's transition table; views show its message to the person."""


class TitledEnum(str, enum.Enum):
    """A string enum whose members carry a human-readable title: `Member = ("value", "Title")`."""

    def __new__(cls, value: str, title: str):
        member = str.__new__(cls, value)
        member._value_ = value
        member.title = title
        return member

    def __str__(self) -> str:
        return self.value


class StatusEnum(TitledEnum):
    """A workflow status; subclasses set TRANSITIONS = {from: {allowed to, ...}} after the class."""

    TRANSITIONS: ClassVar[dict]

    def can_become(self, target: StatusEnum) -> bool:
        return target in type(self).TRANSITIONS.get(self, frozenset())

    def check_transition(self, target: StatusEnum) -> None:
        if not self.can_become(target):
            raise TransitionError(f"Cannot change from {self.title} to {target.title}.")
