"""`eulerdoc check-po [PO ...] [--format text|json]`: are the translations safe to publish?

Every translated entry is compared with its msgid (see :mod:`eulerdoc.l10n.check`):
``po:line:col: PO1xx message``, one line per finding, then a summary. The catalogue's
article is the one whose catalogue it is in the configured layout, else the one named
in its ``#:`` references (inside the configuration root, the git work tree or the
current directory). When it is found, its reference definitions and block kinds are
used, and each translation is also tried in its place in the article exactly as
``eulerdoc build`` does. Otherwise the ``#.`` comments give the kinds, but comments are
the translator's to edit: an entry said to be HTML text is checked as Markdown too.

A catalogue that cannot be read (syntax error, undeclared or non-UTF-8 charset,
duplicate entries, binary or empty file) is a ``PO100`` error at the offending line.
With no PO, every catalogue under the locale folder is checked (templates excluded).
Exit status 1 when any error is found, 0 otherwise (warnings alone pass).
"""

from __future__ import annotations

import argparse
import sys
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from pathlib import Path

    from eulerdoc.article.model import Article
    from eulerdoc.config import Config
    from eulerdoc.diagnostic import Diagnostic
    from eulerdoc.l10n.catalog import Message


CATALOGUE_ERROR = "PO100"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    from eulerdoc.i18n import _

    parser.add_argument(
        "catalogues",
        nargs="*",
        metavar="PO",
        help=_("catalogues or folders (default: every catalogue under the locale folder)"),
    )
    parser.add_argument(
        "--format", choices=("text", "json"), default="text", help=_("report format")
    )
    parser.add_argument(
        "-q", "--quiet", action="store_true", help=_("print the findings only, no summary")
    )


def _catalogues(names: list[str]) -> list[Path]:
    from pathlib import Path

    found: list[Path] = []
    for name in names:
        path = Path(name)
        if path.is_dir():
            found += sorted(p for p in path.rglob("*.po") if p.is_file())
        else:
            found.append(path)
    return list(dict.fromkeys(found))


def _inside(path: Path, folder: Path) -> bool:
    try:
        path.relative_to(folder)
    except ValueError:
        return False
    return True


def _layout_article(
    po_path: Path, config: Config, cache: dict[str, dict[Path, Path]]
) -> Path | None:
    """The configured article whose catalogue ``po_path`` is (``locale/<lang>/…``)."""
    from eulerdoc.errors import EulerdocError
    from eulerdoc.l10n.layout import catalogue_path, configured_articles, locale_root

    if not config.root:
        return None
    target = po_path.resolve()
    try:
        parts = target.relative_to(locale_root(config).resolve()).parts
    except ValueError:
        return None
    if len(parts) < 2:
        return None
    lang = parts[0]
    if lang not in cache:
        try:
            cache[lang] = {
                catalogue_path(article, config, lang).resolve(): article
                for article in configured_articles(config)
            }
        except (EulerdocError, OSError):
            cache[lang] = {}
    return cache[lang].get(target)


def find_article(
    po_path: Path,
    messages: list[Message],
    config: Config,
    cache: dict[str, dict[Path, Path]] | None = None,
) -> Article | None:
    """The article a catalogue was extracted from: the one it belongs to in the
    configured layout, else the one its ``#:`` references name.

    A ``#:`` path is looked up relative to the configuration root, the catalogue's git
    work tree and the current directory, and never outside the folder it was resolved in.
    """
    from pathlib import Path

    from eulerdoc.article import load_article
    from eulerdoc.errors import EulerdocError
    from eulerdoc.site import git_toplevel

    configured = _layout_article(po_path, config, {} if cache is None else cache)
    if configured is not None:
        try:
            return load_article(configured)
        except EulerdocError:
            return None
    reference = next(
        (path for message in messages for path, _line in message.occurrences if path), None
    )
    if reference is None or not reference.lower().endswith(".md"):
        return None
    bases: list[Path] = []
    if config.root:
        bases.append(Path(config.root))
    top = git_toplevel(po_path.resolve().parent)
    if top is not None:
        bases.append(Path(top))
    bases.append(Path.cwd())
    for base in bases:
        folder = base.resolve()
        candidate = (folder / reference).resolve()
        if _inside(candidate, folder) and candidate.is_file():
            try:
                return load_article(candidate)
            except EulerdocError:
                return None
    return None


def check_file(
    path: Path, config: Config, cache: dict[str, dict[Path, Path]] | None = None
) -> list[Diagnostic]:
    """Every finding of one catalogue; an unreadable one is a single PO100 error."""
    from eulerdoc.diagnostic import Diagnostic, Severity
    from eulerdoc.errors import EulerdocError
    from eulerdoc.i18n import _
    from eulerdoc.l10n.catalog import catalogue_messages, parse_po, read_bytes
    from eulerdoc.l10n.check import check_messages
    from eulerdoc.l10n.layout import check_site_input, shown

    where = shown(path)
    try:
        data = read_bytes(check_site_input(path, config))
        if not data.strip():
            return [
                Diagnostic(
                    where,
                    1,
                    1,
                    CATALOGUE_ERROR,
                    _("empty file: a catalogue needs at least a header entry"),
                    Severity.ERROR,
                )
            ]
        catalogue = parse_po(data, where)
        messages = catalogue_messages(catalogue, where, strict=True)
        if "Content-Type" not in catalogue.metadata:
            return [
                Diagnostic(
                    where,
                    1,
                    1,
                    CATALOGUE_ERROR,
                    _(
                        "no header entry declaring 'Content-Type: text/plain; charset=UTF-8' "
                        "(msgfmt refuses the file)"
                    ),
                    Severity.ERROR,
                )
            ]
    except EulerdocError as exc:
        return [
            Diagnostic(
                where, max(exc.line or 1, 1), 1, CATALOGUE_ERROR, exc.message, Severity.ERROR
            )
        ]
    article = find_article(path, messages, config, cache)
    diagnostics = check_messages(article, messages, where)
    if article is not None:
        # what only the translation's place in the article reveals, as build sees it
        from eulerdoc.l10n.build import build

        seen = {(d.line, d.code) for d in diagnostics}
        result = build(
            article,
            messages,
            min_completion=0,
            po_path=where,
            front_matter_keys=tuple(config.front_matter_keys),
        )
        diagnostics += [d for d in result.diagnostics if (d.line, d.code) not in seen]
    return diagnostics


def run(args: argparse.Namespace) -> int:
    from pathlib import Path

    from eulerdoc.cli.output import summary, to_json
    from eulerdoc.cli.stats import find_catalogues
    from eulerdoc.config import load_config
    from eulerdoc.diagnostic import Diagnostic, Severity

    config = load_config(file=Path(args.config) if args.config else None)
    paths = _catalogues(args.catalogues) if args.catalogues else find_catalogues(config, None)
    diagnostics: list[Diagnostic] = []
    cache: dict[str, dict[Path, Path]] = {}  # the configured articles, by catalogue
    for path in paths:
        diagnostics += check_file(path, config, cache)
    diagnostics.sort(key=Diagnostic.sort_key)
    errors = sum(d.severity is Severity.ERROR for d in diagnostics)
    warnings = len(diagnostics) - errors
    if args.format == "json":
        sys.stdout.write(to_json(diagnostics))
    else:
        for diagnostic in diagnostics:
            print(diagnostic.format())
        if not args.quiet:
            print(summary(errors, warnings, 0))
    return 1 if errors else 0
