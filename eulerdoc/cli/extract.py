"""`eulerdoc extract [ARTICLE ...] [-o OUT.pot]`: articles → catalogue templates.

With one ARTICLE and ``-o`` no configuration is needed (``-o -`` prints the template);
otherwise each template goes to its place in the catalogue layout. With no ARTICLE,
every configured article is extracted (``--jobs N``, a progress bar on a terminal).
``--check`` (the ``eulerdoc-extract`` pre-commit hook) exits 1 when a template changed,
or would change with ``--dry-run``.
"""

from __future__ import annotations

import argparse
import sys
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from eulerdoc.config import Config


def add_arguments(parser: argparse.ArgumentParser) -> None:
    from eulerdoc.i18n import _

    parser.add_argument(
        "articles",
        nargs="*",
        metavar="ARTICLE",
        help=_("articles or folders (default: the configured content)"),
    )
    parser.add_argument(
        "-o",
        "--output",
        metavar="OUT.pot",
        help=_("write the template of the one ARTICLE to this file ('-': standard output)"),
    )
    parser.add_argument(
        "--check",
        action="store_true",
        help=_("exit 1 when a template changed (or would change, with --dry-run)"),
    )
    parser.add_argument(
        "--dry-run", action="store_true", help=_("write nothing, report what would change")
    )
    parser.add_argument(
        "--tracked-only",
        action="store_true",
        help=_(
            "in a git work tree, only the articles git tracks (staged ones included): "
            "drafts not yet added get no template (for a pre-commit hook)"
        ),
    )
    parser.add_argument(
        "-j", "--jobs", type=int, default=1, metavar="N", help=_("parallel processes")
    )


def language_code(value: str) -> str:
    """A catalogue language (``en``, ``pt-BR``): it names a folder, so no path is accepted."""
    import re

    from eulerdoc.config import LANGUAGE_PATTERN
    from eulerdoc.i18n import _

    if not re.match(LANGUAGE_PATTERN, value):
        raise argparse.ArgumentTypeError(
            _("not a language code: {value!r} (for example en, ja, pt-BR)").format(value=value)
        )
    return value


def lang_option(parser: argparse.ArgumentParser, help: str) -> None:
    """``--lang LANG`` as the catalogues' language (``args.catalogue_lang``).

    It takes over the sub-command's hidden ``--lang`` (eulerdoc's message language,
    which stays available before the command name: ``eulerdoc --lang zh_CN update``).
    """
    parser.conflict_handler = "resolve"
    group = parser.add_argument_group()
    group.add_argument(
        "--lang", dest="catalogue_lang", metavar="LANG", type=language_code, help=help
    )
    parser.conflict_handler = "error"


@dataclass(frozen=True)
class ExtractJob:
    article: str
    output: str | None  # None: the layout's template path; "-": standard output
    config: Config
    dry_run: bool = False


@dataclass(frozen=True)
class ExtractResult:
    output: str = ""
    changed: bool = False
    messages: int = 0
    text: str | None = None  # the template, for standard output
    error: str | None = None


def extract_one(job: ExtractJob) -> ExtractResult:
    """Extract one article (module level: run in worker processes)."""
    from pathlib import Path

    from eulerdoc.article.load import load_site_article
    from eulerdoc.errors import EulerdocError
    from eulerdoc.l10n.catalog import DATE_FIELD, catalogue_text, timestamp, write_catalogue
    from eulerdoc.l10n.extract import extract
    from eulerdoc.l10n.layout import check_layout_output, shown, template_path

    try:
        article = load_site_article(job.article, job.config)
        catalogue = extract(article, config=job.config)
        if job.output == "-":
            catalogue.metadata[DATE_FIELD] = timestamp()
            return ExtractResult("-", False, len(catalogue), catalogue_text(catalogue))
        if job.output:
            output = Path(job.output)
        else:
            article_path = Path(job.article)
            output = check_layout_output(
                template_path(article_path, job.config), job.config, article_path
            )
        changed = write_catalogue(catalogue, output, dry_run=job.dry_run)
        return ExtractResult(shown(output), changed, len(catalogue))
    except EulerdocError as exc:
        return ExtractResult(error=str(exc))


def run(args: argparse.Namespace) -> int:
    from pathlib import Path

    from eulerdoc.batch import run_batch
    from eulerdoc.config import load_config
    from eulerdoc.diagnostic import printable
    from eulerdoc.errors import UsageError
    from eulerdoc.i18n import _
    from eulerdoc.l10n.layout import configured_articles, expand_articles

    config = load_config(file=Path(args.config) if args.config else None)
    if args.articles:
        articles = expand_articles(args.articles)
    else:
        if not config.content:
            raise UsageError(_("no ARTICLE given and no content folders configured"))
        articles = configured_articles(config)
    if args.tracked_only:
        from eulerdoc.site import Site, resolved

        tracked = Site.discover(config).tracked_files()
        if tracked is not None:
            articles = [a for a in articles if resolved(a) in tracked]
    if args.output is not None:
        if len(articles) != 1:
            raise UsageError(_("-o/--output needs exactly one ARTICLE"))
        if args.output != "-" and Path(args.output).resolve() == articles[0].resolve():
            raise UsageError(_("the output file is the article itself"))
    jobs = [ExtractJob(str(a), args.output, config, args.dry_run) for a in articles]
    results = run_batch(extract_one, jobs, max(1, args.jobs), label="extract")
    failed = changed = 0
    for result in results:
        if result.error is not None:
            failed += 1
            print("eulerdoc: " + printable(str(result.error)), file=sys.stderr)
        elif result.text is not None:
            sys.stdout.write(result.text)
        elif result.changed:
            changed += 1
            message = (
                _("{path}: would change ({count} messages)")
                if args.dry_run
                else _("{path}: written ({count} messages)")
            )
            print(message.format(path=result.output, count=result.messages))
    if args.output != "-":
        print(
            _("{changed} of {total} templates changed, {failed} failed").format(
                changed=changed, total=len(results), failed=failed
            )
        )
    return 1 if failed or (args.check and changed) else 0
