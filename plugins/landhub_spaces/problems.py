"""The one shape every complaint about a space file takes."""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, order=True)
class Problem:
    """One problem in one file: where it is, which field, and how to fix it."""

    path: str  # as the contributor knows it, e.g. "spaces/cowork-klitmoeller.yaml"
    line: int  # 1-based; 1 where the problem concerns the whole file
    field: str  # dotted key path, e.g. "address.postcode" or "photos[0].alt"; "file" for the file itself
    message: str

    def __str__(self) -> str:
        return _printable(f"{self.path}:{self.line}: {self.field}: {self.message}")


def _printable(text: str) -> str:
    """Control, bidi and zero-width characters written as \\uXXXX: a stranger's key or value
    must not rewrite a terminal line or a CI log."""
    return "".join(ch if ch.isprintable() else f"\\u{ord(ch):04x}" for ch in text)


class BuildStopped(Exception):
    """A problem that stops the build with a plain message and no traceback (build.py)."""


class SpaceFilesInvalid(BuildStopped):
    """Raised by the build once, after every problem has been logged."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        count = len(problems)
        noun = "problem" if count == 1 else "problems"
        files = len({p.path for p in problems})
        super().__init__(
            f"{count} {noun} in {files} space file(s); "
            "fix them (see the lines above) and build again"
        )
