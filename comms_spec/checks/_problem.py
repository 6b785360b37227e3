from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class SpecProblem:
    """One problem of the spec document: which check found it, where in the spec (a JSON
    pointer), and what. (A conformance `Finding` is the target's, not the spec's.)"""

    check: str
    where: str
    message: str

    def __str__(self) -> str:
        return f"[{self.check}] {self.where}: {self.message}"
