"""The finding record shared by every stage: lint rules, catalogue checks, build."""

from __future__ import annotations

import enum
import re
from dataclasses import dataclass, field

# C0 and C1 control characters, DEL, and the bidirectional overrides and isolates:
# quoted from an article or a catalogue into a message, they could rewrite the reader's
# terminal (ESC sequences), forge output lines or reorder what is shown.
_UNPRINTABLE = re.compile("[\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def printable(text: str) -> str:
    """``text`` with control and bidirectional characters written as escapes (``\\x1b``)."""
    return _UNPRINTABLE.sub(lambda m: m.group().encode("unicode_escape").decode("ascii"), text)


class Severity(str, enum.Enum):
    """How serious a finding is. Only errors make ``eulerdoc lint`` exit 1."""

    ERROR = "error"
    WARNING = "warning"

    def __str__(self) -> str:
        return self.value


@dataclass(frozen=True, slots=True)
class Edit:
    """Replace ``text[start:end]`` of the article's decoded text with ``replacement``."""

    start: int
    end: int
    replacement: str


@dataclass(frozen=True, slots=True)
class Fix:
    """A safe, automatic correction: one or more non-overlapping edits."""

    edits: tuple[Edit, ...]
    description: str = ""


@dataclass(frozen=True, slots=True)
class Diagnostic:
    """One finding at ``path:line:column`` (both 1-based; column counts characters)."""

    path: str
    line: int
    column: int
    code: str
    message: str
    severity: Severity = Severity.ERROR
    fix: Fix | None = field(default=None, compare=False)

    def sort_key(self) -> tuple[str, int, int, str]:
        return (self.path, self.line, self.column, self.code)

    def format(self) -> str:
        return printable(f"{self.path}:{self.line}:{self.column}: {self.code} {self.message}")

    def to_dict(self) -> dict[str, object]:
        return {
            "path": self.path,
            "line": self.line,
            "column": self.column,
            "code": self.code,
            "severity": self.severity.value,
            "message": self.message,
            "fixable": self.fix is not None,
        }
