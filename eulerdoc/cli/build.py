"""`eulerdoc build [ARTICLE ...] [--po FILE.po] [-o OUT.md] [--lang LANG] [--min-completion PCT]`.

Article + catalogue → translated article (see :mod:`eulerdoc.l10n.build`). With one
ARTICLE, ``--po`` and ``-o`` work without any configuration (``-o -`` prints the
article); otherwise the catalogue and the output come from the layout
(``locale/<lang>/<key>.po`` → ``.../<lang>/<key>.md``). With no ARTICLE, every
configured article that has a catalogue is built (``--jobs N``, a progress bar on a
terminal); articles without a catalogue are skipped.

Exit status 1 when a catalogue or article cannot be read, when a translation is
rejected (the source text is used for it and the output is still written), or when an
article is below ``--min-completion`` (then nothing is written for it).
"""

from __future__ import annotations

import argparse
import sys
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from eulerdoc.cli.extract import lang_option

if TYPE_CHECKING:
    from eulerdoc.config import Config
    from eulerdoc.diagnostic import Diagnostic


STDOUT = "-"


def _percent(value: str) -> float:
    from eulerdoc.i18n import _

    try:
        number = float(value)
    except ValueError:
        raise argparse.ArgumentTypeError(_("not a number: {value!r}").format(value=value)) from None
    if not 0 <= number <= 100:
        raise argparse.ArgumentTypeError(_("must be between 0 and 100"))
    return number


def _positive(value: str) -> int:
    from eulerdoc.i18n import _

    try:
        number = int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(_("not a number: {value!r}").format(value=value)) from None
    if number < 1:
        raise argparse.ArgumentTypeError(_("must be at least 1"))
    return number


def add_arguments(parser: argparse.ArgumentParser) -> None:
    from eulerdoc.i18n import _

    parser.add_argument(
        "articles",
        nargs="*",
        metavar="ARTICLE",
        help=_("source articles or folders (default: the configured content)"),
    )
    parser.add_argument(
        "--po", metavar="FILE.po", help=_("the catalogue of the one ARTICLE (default: layout)")
    )
    parser.add_argument(
        "-o",
        "--output",
        metavar="OUT.md",
        help=_("write the one translated ARTICLE to this file ('-': standard output)"),
    )
    lang_option(parser, _("language of the translation (default: the configured target language)"))
    parser.add_argument(
        "--min-completion",
        type=_percent,
        metavar="PCT",
        help=_(
            "write nothing for an article with fewer translated segments than this percentage "
            "(default: the configuration's, else 80)"
        ),
    )
    parser.add_argument(
        "--wrap",
        type=_positive,
        metavar="N",
        help=_("wrap translated paragraphs at N columns (default: one line per paragraph)"),
    )
    parser.add_argument(
        "--images",
        choices=("rewrite", "keep"),
        default="rewrite",
        help=_(
            "rewrite relative image paths so that they resolve from the output's folder "
            "(default), or keep them as written"
        ),
    )
    parser.add_argument(
        "-j", "--jobs", type=_positive, default=1, metavar="N", help=_("parallel processes")
    )


@dataclass(frozen=True)
class BuildJob:
    article: str
    po: str | None  # None: the layout's catalogue
    output: str | None  # None: the layout's translated article; "-": standard output
    lang: str
    config: Config
    min_completion: float
    wrap: int | None = None
    images: str = "rewrite"
    optional: bool = False  # a missing layout catalogue skips the article


@dataclass(frozen=True)
class BuildOutcome:
    article: str = ""
    output: str = ""
    po: str = ""
    skipped: bool = False  # no catalogue (batch mode)
    complete: bool = False
    written: bool = False
    completion: float = 0.0
    translated: int = 0
    total: int = 0
    fuzzy: int = 0
    rejected: int = 0
    data: bytes | None = None  # the article, for standard output
    diagnostics: list[Diagnostic] = field(default_factory=list)
    error: str | None = None


def build_one(job: BuildJob) -> BuildOutcome:
    """Build one article (module level: run in worker processes)."""
    import os
    from pathlib import Path

    from eulerdoc.article.load import load_site_article
    from eulerdoc.errors import EulerdocError
    from eulerdoc.i18n import _
    from eulerdoc.l10n.build import build
    from eulerdoc.l10n.catalog import read_po
    from eulerdoc.l10n.layout import (
        catalogue_path,
        check_layout_output,
        check_site_input,
        shown,
        target_article_path,
    )

    article_path = Path(job.article)
    try:
        po_path = Path(job.po) if job.po else catalogue_path(article_path, job.config, job.lang)
        if job.output == STDOUT:
            output: Path | None = None
        elif job.output:
            output = Path(job.output)
        else:
            output = target_article_path(article_path, job.config, job.lang)
        if output is not None and os.path.abspath(output) == os.path.abspath(article_path):
            return BuildOutcome(
                shown(article_path),
                error=_("{path}: the output would overwrite the article itself").format(
                    path=shown(article_path)
                ),
            )
        if job.optional and not job.po and not po_path.exists():
            return BuildOutcome(shown(article_path), po=shown(po_path), skipped=True)
        if output is not None and not job.output:
            check_layout_output(output, job.config, article_path)
        article = load_site_article(article_path, job.config)
        messages = read_po(check_site_input(po_path, job.config))
        result = build(
            article,
            messages,
            min_completion=job.min_completion,
            wrap=job.wrap,
            output_path=output,
            images=job.images,
            po_path=shown(po_path),
            front_matter_keys=tuple(job.config.front_matter_keys),
        )
    except EulerdocError as exc:
        return BuildOutcome(shown(article_path), error=str(exc))
    except OSError as exc:
        return BuildOutcome(
            shown(article_path),
            error=_("{path}: cannot write: {reason}").format(
                path=shown(exc.filename or article_path), reason=exc.strerror or exc
            ),
        )
    return BuildOutcome(
        article=shown(article_path),
        output=shown(output) if output is not None else STDOUT,
        po=shown(po_path),
        complete=result.complete,
        written=result.written,
        completion=result.completion,
        translated=result.translated,
        total=result.total,
        fuzzy=result.fuzzy,
        rejected=result.rejected,
        data=result.data if output is None and result.complete else None,
        diagnostics=result.diagnostics,
    )


def _percent_text(value: float) -> str:
    """A percentage rounded down to one decimal: 79.96 is never shown as 80."""
    import math

    return f"{math.floor(value * 10) / 10:g}"


def _write_stdout(data: bytes) -> None:
    sys.stdout.flush()
    buffer = getattr(sys.stdout, "buffer", None)
    if buffer is None:
        sys.stdout.write(data.decode("utf-8"))
    else:
        buffer.write(data)
        buffer.flush()


def _details(outcome: BuildOutcome) -> str:
    from eulerdoc.i18n import _

    text = _("{percent}% translated, {translated} of {total} segments").format(
        percent=_percent_text(outcome.completion),
        translated=outcome.translated,
        total=outcome.total,
    )
    if outcome.fuzzy:
        text += _("; {count} fuzzy not used").format(count=outcome.fuzzy)
    if outcome.rejected:
        text += _("; {count} rejected").format(count=outcome.rejected)
    return text


def run(args: argparse.Namespace) -> int:
    from pathlib import Path

    from eulerdoc.batch import run_batch
    from eulerdoc.config import load_config
    from eulerdoc.diagnostic import printable
    from eulerdoc.errors import UsageError
    from eulerdoc.i18n import _
    from eulerdoc.l10n.layout import configured_articles, expand_articles

    config = load_config(file=Path(args.config) if args.config else None)
    lang: str = args.catalogue_lang or config.target_lang
    minimum = config.min_completion if args.min_completion is None else args.min_completion
    if args.articles:
        articles = expand_articles(args.articles)
        if not articles:
            raise UsageError(_("no article found in {paths}").format(paths=" ".join(args.articles)))
    else:
        if not config.content:
            raise UsageError(_("no ARTICLE given and no content folders configured"))
        articles = configured_articles(config)
    if args.po is not None and len(articles) != 1:
        raise UsageError(_("--po needs exactly one ARTICLE"))
    if args.output is not None and len(articles) != 1:
        raise UsageError(_("-o/--output needs exactly one ARTICLE"))
    if args.po is not None and Path(args.po).resolve() == articles[0].resolve():
        raise UsageError(_("the catalogue file is the article itself"))
    optional = len(articles) > 1 or not args.articles
    jobs = [
        BuildJob(
            str(article),
            args.po,
            args.output,
            lang,
            config,
            minimum,
            args.wrap,
            args.images,
            optional,
        )
        for article in articles
    ]
    results = run_batch(build_one, jobs, args.jobs, label="build")
    report = sys.stderr if args.output == STDOUT else sys.stdout
    failed = written = unchanged = incomplete = skipped = rejected = 0
    for outcome in results:
        if outcome.error is not None:
            failed += 1
            print("eulerdoc: " + printable(str(outcome.error)), file=sys.stderr)
            continue
        if outcome.skipped:
            skipped += 1
            continue
        for diagnostic in outcome.diagnostics:
            print(diagnostic.format(), file=report)
        rejected += bool(outcome.rejected)
        if not outcome.complete:
            incomplete += 1
            print(
                _(
                    "{article}: not built: {percent}% translated in {po}, below the "
                    "minimum of {minimum:g}% (--min-completion)"
                ).format(
                    article=outcome.article,
                    percent=_percent_text(outcome.completion),
                    po=outcome.po,
                    minimum=minimum,
                ),
                file=report,
            )
            continue
        if outcome.data is not None:
            _write_stdout(outcome.data)
            print(
                _("{article}: {details}").format(
                    article=outcome.article, details=_details(outcome)
                ),
                file=report,
            )
            continue
        if outcome.written:
            written += 1
            state = _("{output}: written ({details})")
        else:
            unchanged += 1
            state = _("{output}: unchanged ({details})")
        print(state.format(output=outcome.output, details=_details(outcome)), file=report)
    if len(results) > 1:
        print(
            _(
                "{written} written, {unchanged} unchanged, {incomplete} below the minimum "
                "completion, {skipped} without a catalogue, {failed} failed"
            ).format(
                written=written,
                unchanged=unchanged,
                incomplete=incomplete,
                skipped=skipped,
                failed=failed,
            ),
            file=report,
        )
    return 1 if failed or incomplete or rejected else 0
