"""Exceptions for the cases where eulerdoc cannot continue.

Findings about an article are values (:class:`eulerdoc.diagnostic.Diagnostic`);
exceptions are reserved for "cannot continue" and carry a path and a line so that
the CLI's single error boundary can print ``path:line: message``.
"""

from __future__ import annotations


class EulerdocError(Exception):
    """Base class of every error eulerdoc raises on purpose."""

    exit_code = 1

    def __init__(self, message: str, path: str | None = None, line: int | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.path = path
        self.line = line

    def __str__(self) -> str:
        where = ""
        if self.path:
            where = self.path + (f":{self.line}" if self.line else "") + ": "
        return where + self.message


class InputError(EulerdocError):
    """An input file (article, catalogue) cannot be read or understood."""


class ConfigError(EulerdocError):
    """The configuration is invalid (exit code 2)."""

    exit_code = 2


class UsageError(EulerdocError):
    """The command line is invalid (exit code 2)."""

    exit_code = 2
