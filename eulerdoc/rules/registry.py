"""The ordered rule registry.

A *rule* is metadata with a stable code (``IMG001``), a default severity, a one-line
summary and documentation (What it does / Why / Example / Fix) printed by
``eulerdoc rule CODE``. Summary and documentation are English literals marked with
``N_()`` for the message catalogues; :meth:`Rule.summary_text` and :meth:`Rule.doc_text`
translate them when they are shown. A *checker* is a function over a :class:`LintContext` that may
emit diagnostics for one or more codes. Family modules register both at import time;
:func:`load_rules` imports every family in a fixed order.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from eulerdoc.diagnostic import Severity

if TYPE_CHECKING:
    from eulerdoc.diagnostic import Diagnostic
    from eulerdoc.rules.context import LintContext

FAMILIES = (
    "eulerdoc.rules.input",
    "eulerdoc.rules.frontmatter",
    "eulerdoc.rules.images",
    "eulerdoc.rules.rendering",
    "eulerdoc.rules.terminology",
    "eulerdoc.rules.suppress",
)


def clean_doc(text: str) -> str:
    """A rule's documentation as shown: without the blank lines around it."""
    return text.strip()


@dataclass(frozen=True, slots=True)
class Rule:
    """A rule; ``summary`` and ``doc`` are the English texts (``doc`` cleaned)."""

    code: str
    name: str
    summary: str
    severity: Severity
    doc: str
    fixable: bool = False
    doc_msgid: str = ""
    """The documentation exactly as written in the source: the catalogues' msgid."""

    def summary_text(self) -> str:
        """The summary in the current message language."""
        from eulerdoc.i18n import _

        return _(self.summary) if self.summary else self.summary

    def doc_text(self) -> str:
        """The documentation in the current message language."""
        from eulerdoc.i18n import _

        return clean_doc(_(self.doc_msgid)) if self.doc_msgid else self.doc


Check = Callable[["LintContext"], Iterable["Diagnostic"]]

RULES: dict[str, Rule] = {}
CHECKERS: list[tuple[tuple[str, ...], Check]] = []


def define_rule(
    code: str,
    name: str,
    summary: str,
    doc: str,
    severity: Severity = Severity.ERROR,
    fixable: bool = False,
) -> Rule:
    if code in RULES:
        raise ValueError(f"rule {code} is defined twice")
    rule = Rule(code, name, summary, severity, clean_doc(doc), fixable, doc)
    RULES[code] = rule
    return rule


def checker(*codes: str) -> Callable[[Check], Check]:
    """Register a check function that emits diagnostics with the given codes."""

    def register(function: Check) -> Check:
        CHECKERS.append((codes, function))
        return function

    return register


_loaded = False


def load_rules() -> dict[str, Rule]:
    global _loaded
    if not _loaded:
        import importlib

        for module in FAMILIES:
            importlib.import_module(module)
        _loaded = True
    return RULES


def find_rule(code_or_name: str) -> Rule | None:
    rules = load_rules()
    key = code_or_name.strip()
    if key.upper() in rules:
        return rules[key.upper()]
    return next((r for r in rules.values() if r.name == key.lower()), None)


def matches(code: str, patterns: Iterable[str]) -> bool:
    """Ruff-style selection: ``IMG`` selects ``IMG001``; ``ALL`` selects everything."""
    return any(p == "ALL" or code.startswith(p.upper()) for p in patterns)
