"""The Python API: what release tooling imports (re-exported by :mod:`eulerdoc`).

Every function takes paths or an already loaded :class:`~eulerdoc.article.model.Article`,
returns values, and raises :class:`~eulerdoc.errors.EulerdocError` only when it cannot
continue (an unreadable article or catalogue, a file that cannot be written). Findings
are :class:`~eulerdoc.diagnostic.Diagnostic` values.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Union

if TYPE_CHECKING:
    from eulerdoc.article.model import Article
    from eulerdoc.config import Config
    from eulerdoc.diagnostic import Diagnostic
    from eulerdoc.l10n.build import BuildResult
    from eulerdoc.l10n.update import UpdateReport
    from eulerdoc.site import Site

PathLike = Union[str, "os.PathLike[str]"]
ArticleLike = Union["Article", str, "os.PathLike[str]"]


def load_article(path: PathLike) -> Article:
    """Read and parse one article.

    Raises :class:`~eulerdoc.errors.InputError` (an ``EulerdocError``) when the file
    cannot be read as a UTF-8 text article; its ``code`` is the lint rule (``IN00x``).
    """
    from eulerdoc.article.load import load_article as _load

    return _load(Path(path))


def load_config(start: PathLike | None = None, file: PathLike | None = None) -> Config:
    """The configuration found by walking up from ``start`` (default: the current
    directory), or read from ``file``; defaults when there is none.

    Raises :class:`~eulerdoc.errors.ConfigError` for an invalid configuration.
    """
    from eulerdoc.config import load_config as _load

    return _load(
        Path(start) if start is not None else None, Path(file) if file is not None else None
    )


def _article(article: ArticleLike) -> Article:
    from eulerdoc.article.model import Article

    return article if isinstance(article, Article) else load_article(article)


def lint(
    target: ArticleLike,
    *,
    config: Config | None = None,
    select: Sequence[str] = (),
    ignore: Sequence[str] = (),
    site: Site | None = None,
) -> list[Diagnostic]:
    """Check one article, as ``eulerdoc lint`` does: the configured and given rule
    selection, configured severities and inline suppression comments applied.

    ``target`` is a path or a loaded article. Unreadable input is a diagnostic
    (``IN00x``), not an exception.
    """
    from eulerdoc.rules import check_article, check_path
    from eulerdoc.rules.runner import resolve_selection
    from eulerdoc.rules.suppress import Suppressions
    from eulerdoc.site import Site

    if config is None:
        config = load_config()
    if site is None:
        site = Site.discover(config)
    selection = resolve_selection(config, select, ignore)
    article: Article | None
    if isinstance(target, (str, os.PathLike)):
        article, found = check_path(Path(target), config, site)
    else:
        article = target
        found = check_article(article, config, site)
    found = selection.apply(found)
    if article is not None:
        suppressions = Suppressions.of(article)
        if suppressions:
            found = suppressions.filter(found)
    return found


def extract(
    article: ArticleLike,
    output: PathLike | None = None,
    *,
    lang: str | None = None,
    config: Config | None = None,
) -> str:
    """The catalogue of one article as PO text: a template, or with ``lang`` an empty
    catalogue for that language. With ``output`` it is also written there (atomically,
    only when its content changed)."""
    from eulerdoc.l10n.catalog import catalogue_text, write_catalogue
    from eulerdoc.l10n.extract import extract as _extract

    catalogue = _extract(_article(article), lang=lang, config=config)
    if output is not None:
        write_catalogue(catalogue, Path(output))
    return catalogue_text(catalogue)


def update(
    article: ArticleLike,
    po: PathLike,
    *,
    lang: str | None = None,
    config: Config | None = None,
    dry_run: bool = False,
) -> UpdateReport:
    """Merge the article's current text into the catalogue ``po`` (created when missing),
    with msgmerge semantics: no translation is ever lost. Written atomically, only when
    it changed (never with ``dry_run``)."""
    from eulerdoc.l10n.catalog import new_catalogue, read_catalogue, write_catalogue
    from eulerdoc.l10n.extract import extract as _extract
    from eulerdoc.l10n.layout import reference_path
    from eulerdoc.l10n.update import update as _update

    source = _article(article)
    po_path = Path(po)
    if po_path.exists():
        old = read_catalogue(po_path)
    else:
        old = new_catalogue(lang, reference_path(Path(source.path), config))
    merged, report = _update(_extract(source, config=config), old, lang=lang)
    write_catalogue(merged, po_path, dry_run=dry_run)
    return report


def build(
    article: ArticleLike,
    po: PathLike,
    output: PathLike | None = None,
    *,
    min_completion: float = 80.0,
    wrap: int | None = None,
    config: Config | None = None,
) -> BuildResult:
    """Translate ``article`` with the catalogue ``po``.

    Untranslated, fuzzy and rejected (unsafe) translations fall back to the source text;
    rejections are in ``result.diagnostics``. With ``output`` the article is written there
    atomically when ``result.complete`` (completion ≥ ``min_completion`` percent).
    """
    from eulerdoc.l10n.build import build as _build
    from eulerdoc.l10n.catalog import read_po

    keys = tuple(config.front_matter_keys) if config is not None else None
    return _build(
        _article(article),
        read_po(po),
        min_completion=min_completion,
        wrap=wrap,
        output_path=output,
        po_path=str(po),
        front_matter_keys=keys,
    )
