"""`eulerdoc update [ARTICLE ...] [--po FILE.po] [--lang LANG]`: merge into catalogues.

Each article is extracted again and merged into its catalogue (msgmerge semantics,
see :mod:`eulerdoc.l10n.update`); a missing catalogue is created with empty
translations. One line per catalogue reports what happened. A catalogue that cannot
be read is reported with its path and line and left untouched.
"""

from __future__ import annotations

import argparse
import sys
from dataclasses import dataclass
from typing import TYPE_CHECKING

from eulerdoc.cli.extract import lang_option

if TYPE_CHECKING:
    from eulerdoc.config import Config
    from eulerdoc.l10n.update import UpdateReport


def add_arguments(parser: argparse.ArgumentParser) -> None:
    from eulerdoc.i18n import _

    parser.add_argument(
        "articles",
        nargs="*",
        metavar="ARTICLE",
        help=_("articles or folders (default: the configured content)"),
    )
    parser.add_argument(
        "--po", metavar="FILE.po", help=_("the catalogue of the one ARTICLE (default: layout)")
    )
    lang_option(
        parser,
        _("language of the catalogues (default: the configured target language)"),
    )
    parser.add_argument(
        "--check",
        action="store_true",
        help=_("exit 1 when a catalogue changed (or would change, with --dry-run)"),
    )
    parser.add_argument(
        "--dry-run", action="store_true", help=_("write nothing, report what would change")
    )
    parser.add_argument(
        "-j", "--jobs", type=int, default=1, metavar="N", help=_("parallel processes")
    )


@dataclass(frozen=True)
class UpdateJob:
    article: str
    po: str | None
    lang: str
    config: Config
    dry_run: bool = False


@dataclass(frozen=True)
class UpdateResult:
    po: str = ""
    changed: bool = False
    created: bool = False
    report: UpdateReport | None = None
    error: str | None = None


def update_one(job: UpdateJob) -> UpdateResult:
    """Merge one article into its catalogue (module level: run in worker processes)."""
    from pathlib import Path

    from eulerdoc.article.load import load_site_article
    from eulerdoc.errors import EulerdocError
    from eulerdoc.l10n.catalog import (
        DATE_FIELD,
        new_catalogue,
        read_catalogue,
        stamped_text,
        write_catalogue,
    )
    from eulerdoc.l10n.extract import extract
    from eulerdoc.l10n.layout import (
        catalogue_path,
        check_layout_output,
        check_site_input,
        leaves_site,
        reference_path,
        shown,
        template_path,
    )
    from eulerdoc.l10n.update import update

    try:
        article = load_site_article(job.article, job.config)
        if job.po:
            po_path = Path(job.po)
        else:
            po_path = check_layout_output(
                catalogue_path(Path(job.article), job.config, job.lang),
                job.config,
                Path(job.article),
            )
        created = not po_path.exists()
        if created:
            old = new_catalogue(job.lang, reference_path(Path(job.article), job.config))
        else:
            old = read_catalogue(check_site_input(po_path, job.config))
        template = extract(article, config=job.config)
        if not job.po:  # the template's date when the layout's .pot is up to date
            pot = template_path(Path(job.article), job.config)
            try:
                existing: bytes | None = None if leaves_site(pot, job.config) else pot.read_bytes()
            except OSError:
                existing = None
            if existing is None or stamped_text(template, existing).encode("utf-8") != existing:
                template.metadata.pop(DATE_FIELD, None)
        merged, report = update(template, old, lang=job.lang)
        changed = write_catalogue(merged, po_path, dry_run=job.dry_run)
        return UpdateResult(shown(po_path), changed, created, report)
    except EulerdocError as exc:
        return UpdateResult(error=str(exc))


def run(args: argparse.Namespace) -> int:
    from pathlib import Path

    from eulerdoc.batch import run_batch
    from eulerdoc.config import load_config
    from eulerdoc.diagnostic import printable
    from eulerdoc.errors import UsageError
    from eulerdoc.i18n import _
    from eulerdoc.l10n.layout import configured_articles, expand_articles

    config = load_config(file=Path(args.config) if args.config else None)
    lang = args.catalogue_lang or config.target_lang
    if args.articles:
        articles = expand_articles(args.articles)
    else:
        if not config.content:
            raise UsageError(_("no ARTICLE given and no content folders configured"))
        articles = configured_articles(config)
    if args.po is not None:
        if len(articles) != 1:
            raise UsageError(_("--po needs exactly one ARTICLE"))
        if Path(args.po).resolve() == articles[0].resolve():
            raise UsageError(_("the catalogue file is the article itself"))
    jobs = [UpdateJob(str(a), args.po, lang, config, args.dry_run) for a in articles]
    results = run_batch(update_one, jobs, max(1, args.jobs), label="update")
    failed = changed = 0
    for result in results:
        if result.error is not None or result.report is None:
            failed += 1
            print("eulerdoc: " + printable(str(result.error)), file=sys.stderr)
            continue
        changed += result.changed
        if result.created:
            state = _("would be created") if args.dry_run else _("created")
        elif result.changed:
            state = _("would change") if args.dry_run else _("updated")
        else:
            state = _("unchanged")
        print(f"{result.po}: {state}; {result.report.summary()}")
    return 1 if failed or (args.check and changed) else 0
