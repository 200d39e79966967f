"""What a checker sees: the article, the configuration, the site, and a diagnostic factory."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from eulerdoc.diagnostic import Diagnostic, Fix
from eulerdoc.rules.registry import RULES

if TYPE_CHECKING:
    from eulerdoc.article.model import Article
    from eulerdoc.config import Config
    from eulerdoc.site import Site


@dataclass
class LintContext:
    article: Article
    config: Config
    site: Site
    diagnostics: list[Diagnostic] = field(default_factory=list)

    @property
    def path(self) -> str:
        return self.article.display_path

    def at_offset(self, code: str, offset: int, message: str, fix: Fix | None = None) -> Diagnostic:
        line, column = self.article.position(offset)
        return self.at(code, line, column, message, fix)

    def at(
        self, code: str, line: int, column: int, message: str, fix: Fix | None = None
    ) -> Diagnostic:
        """A diagnostic at a 1-based line and column with the rule's default severity."""
        rule = RULES[code]
        return Diagnostic(self.path, line, column, code, message, rule.severity, fix)
