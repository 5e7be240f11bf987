"""Explicit state machines (DESIGN.md convention 4): one table of allowed moves per record,
and one function that is the only writer of ``status``."""

from dataclasses import dataclass
from typing import Any


class InvalidTransition(Exception):
    """A move the record's transition table does not allow."""

    def __init__(self, record: str, current: str, target: str):
        super().__init__(f"{record} cannot go from {current} to {target}")
        self.current = current
        self.target = target


@dataclass(frozen=True)
class StateMachine:
    name: str
    transitions: dict[str, frozenset[str]]

    @property
    def states(self) -> frozenset[str]:
        return frozenset(self.transitions)

    def can(self, current: str, target: str) -> bool:
        return target in self.transitions.get(current, frozenset())

    def move(self, record: Any, target: str) -> tuple[str, str]:
        """Set ``record.status`` to ``target`` if allowed; returns (before, after) for the audit."""
        current = record.status
        if not self.can(current, target):
            raise InvalidTransition(self.name, current, target)
        record.status = target
        return current, target
