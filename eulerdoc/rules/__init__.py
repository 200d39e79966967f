"""Lint: rules over an Article that return Diagnostics."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from eulerdoc.diagnostic import Diagnostic

if TYPE_CHECKING:
    from eulerdoc.article.model import Article
    from eulerdoc.config import Config
    from eulerdoc.site import Site


def check_article(article: Article, config: Config, site: Site) -> list[Diagnostic]:
    """Run every checker on one article; every code, default severities, no filtering."""
    from eulerdoc.rules.context import LintContext
    from eulerdoc.rules.registry import CHECKERS, load_rules

    load_rules()
    context = LintContext(article, config, site)
    found: list[Diagnostic] = []
    for _codes, check in CHECKERS:
        found.extend(check(context))
    found.sort(key=Diagnostic.sort_key)
    return found


def check_path(path: Path, config: Config, site: Site) -> tuple[Article | None, list[Diagnostic]]:
    """Load and check one file; unreadable input becomes a diagnostic."""
    from eulerdoc.article.load import ArticleLoadError, load_site_article
    from eulerdoc.rules.registry import RULES, load_rules

    load_rules()
    try:
        article = load_site_article(path, config, [str(site.root)])
    except ArticleLoadError as exc:
        rule = RULES[exc.code]
        return None, [
            Diagnostic(str(path), exc.line or 1, exc.column, exc.code, exc.message, rule.severity)
        ]
    return article, check_article(article, config, site)
