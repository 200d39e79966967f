"""eulerdoc: lint, translate and rebuild the openEuler website's Markdown articles.

The stable Python API is exactly what ``__all__`` lists::

    import eulerdoc

    article = eulerdoc.load_article("docs/zh/news/2024/a.md")
    for diagnostic in eulerdoc.lint(article):
        print(diagnostic.format())
    eulerdoc.update(article, "locale/en/news/2024/a.po", lang="en")
    result = eulerdoc.build(article, "locale/en/news/2024/a.po", "docs/en/news/2024/a.md")

Names are imported on first use, so ``import eulerdoc`` stays cheap (the command line
tool imports it on every commit).
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

if TYPE_CHECKING:
    from eulerdoc.api import build, extract, lint, load_article, load_config, update
    from eulerdoc.article.model import Article
    from eulerdoc.config import Config
    from eulerdoc.diagnostic import Diagnostic, Edit, Fix, Severity
    from eulerdoc.errors import ConfigError, EulerdocError, InputError
    from eulerdoc.l10n.build import BuildResult
    from eulerdoc.l10n.update import UpdateReport

__all__ = [
    "Article",
    "BuildResult",
    "Config",
    "ConfigError",
    "Diagnostic",
    "Edit",
    "EulerdocError",
    "Fix",
    "InputError",
    "Severity",
    "UpdateReport",
    "__version__",
    "build",
    "extract",
    "lint",
    "load_article",
    "load_config",
    "update",
]

_WHERE = {
    "build": "eulerdoc.api",
    "extract": "eulerdoc.api",
    "lint": "eulerdoc.api",
    "load_article": "eulerdoc.api",
    "load_config": "eulerdoc.api",
    "update": "eulerdoc.api",
    "Article": "eulerdoc.article.model",
    "Config": "eulerdoc.config",
    "Diagnostic": "eulerdoc.diagnostic",
    "Edit": "eulerdoc.diagnostic",
    "Fix": "eulerdoc.diagnostic",
    "Severity": "eulerdoc.diagnostic",
    "ConfigError": "eulerdoc.errors",
    "EulerdocError": "eulerdoc.errors",
    "InputError": "eulerdoc.errors",
    "BuildResult": "eulerdoc.l10n.build",
    "UpdateReport": "eulerdoc.l10n.update",
}


def __getattr__(name: str) -> Any:
    module = _WHERE.get(name)
    if module is None:
        raise AttributeError(f"module 'eulerdoc' has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(__all__)
