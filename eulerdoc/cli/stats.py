"""`eulerdoc stats [--lang LANG] [--format text|json|html] [PO ...]`: translation progress.

Without PO, every catalogue under the locale folder (``<locale>/<lang>/**/*.po``,
templates excluded; only LANG with ``--lang``). Unreadable catalogues are reported
and make the exit code 1; the others are still counted.
"""

from __future__ import annotations

import argparse
import sys
from typing import TYPE_CHECKING

from eulerdoc.cli.extract import lang_option

if TYPE_CHECKING:
    from pathlib import Path

    from eulerdoc.config import Config


def add_arguments(parser: argparse.ArgumentParser) -> None:
    from eulerdoc.i18n import _

    parser.add_argument(
        "catalogues",
        nargs="*",
        metavar="PO",
        help=_("catalogues or folders (default: every catalogue under the locale folder)"),
    )
    lang_option(
        parser,
        _("only the catalogues of this language"),
    )
    parser.add_argument(
        "--format", choices=("text", "json", "html"), default="text", help=_("output format")
    )


def _po_files(folder: Path) -> list[Path]:
    return sorted(p for p in folder.rglob("*.po") if p.is_file())


def find_catalogues(config: Config, lang: str | None) -> list[Path]:
    from eulerdoc.l10n.layout import locale_root

    root = locale_root(config)
    if lang:
        return _po_files(root / lang)
    if not root.is_dir():
        return []
    found: list[Path] = []
    for folder in sorted(root.iterdir()):
        if folder.is_dir() and folder.name != "templates" and not folder.name.startswith("."):
            found += _po_files(folder)
    return found


def _language(path: Path, config: Config, header: str | None) -> str:
    from eulerdoc.l10n.layout import locale_root

    if header:
        return header
    try:
        return path.resolve().relative_to(locale_root(config).resolve()).parts[0]
    except (ValueError, IndexError):
        return ""


def run(args: argparse.Namespace) -> int:
    from pathlib import Path

    from eulerdoc.config import load_config
    from eulerdoc.diagnostic import printable
    from eulerdoc.errors import EulerdocError
    from eulerdoc.l10n.catalog import catalogue_messages, parse_po, read_bytes
    from eulerdoc.l10n.layout import check_site_input, shown
    from eulerdoc.l10n.stats import catalogue_stats, format_html, format_json, format_text

    config = load_config(file=Path(args.config) if args.config else None)
    lang: str | None = args.catalogue_lang
    if args.catalogues:
        paths: list[Path] = []
        for name in args.catalogues:
            path = Path(name)
            paths += _po_files(path) if path.is_dir() else [path]
    else:
        paths = find_catalogues(config, lang)
    stats = []
    failed = 0
    for path in paths:
        try:
            catalogue = parse_po(read_bytes(check_site_input(path, config)), str(path))
            messages = catalogue_messages(catalogue, str(path))
            header = catalogue.metadata.get("Language")
        except EulerdocError as exc:
            failed += 1
            print("eulerdoc: " + printable(str(exc)), file=sys.stderr)
            continue
        language = _language(path, config, header)
        if lang and args.catalogues and language and language != lang:
            continue
        stats.append(catalogue_stats(shown(path), language, messages))
    formatter = {"text": format_text, "json": format_json, "html": format_html}[args.format]
    sys.stdout.write(formatter(stats))
    return 1 if failed else 0
