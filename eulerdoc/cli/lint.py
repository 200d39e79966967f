"""`eulerdoc lint`: check articles and report problems.

Exit status: 0 when no error-severity finding is reported (warnings alone pass), 1 when
there are error findings or unreadable input, 2 for usage or configuration errors.
``--diff`` exits 1 when fixes are available; ``--write-baseline`` always exits 0.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from eulerdoc.config import Config
    from eulerdoc.rules.runner import LintResult


def _jobs(value: str) -> int:
    try:
        number = int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number: {value!r}") from None
    if number < 1:
        raise argparse.ArgumentTypeError("must be at least 1")
    return number


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "paths",
        nargs="*",
        metavar="PATH",
        help="files or folders to check (folders: every *.md inside); "
        "default: the configured content",
    )
    parser.add_argument(
        "--content-only",
        action="store_true",
        help="skip the PATHs outside the configured content (a pre-commit hook passes "
        "every Markdown file: the README, built translations)",
    )
    parser.add_argument(
        "--select",
        action="append",
        metavar="CODES",
        help="only these rule codes or prefixes, comma-separated (ALL: every rule)",
    )
    parser.add_argument(
        "--ignore",
        action="append",
        metavar="CODES",
        help="skip these rule codes or prefixes, comma-separated",
    )
    fixing = parser.add_mutually_exclusive_group()
    fixing.add_argument("--fix", action="store_true", help="apply safe fixes to the files")
    fixing.add_argument(
        "--diff",
        action="store_true",
        help="print the fixes as a unified diff without writing (exit 1 when there are any)",
    )
    parser.add_argument(
        "--format",
        choices=("text", "json", "sarif", "github"),
        default="text",
        help="report format (default: text)",
    )
    parser.add_argument(
        "-o", "--output-file", metavar="FILE", help="write the report to FILE instead of stdout"
    )
    parser.add_argument(
        "--baseline",
        metavar="FILE",
        help="hide the findings recorded in FILE (default: 'baseline' in the configuration)",
    )
    parser.add_argument("--no-baseline", action="store_true", help="ignore the configured baseline")
    parser.add_argument(
        "--write-baseline",
        metavar="FILE",
        help="record the current findings in FILE and exit 0",
    )
    parser.add_argument(
        "-j",
        "--jobs",
        type=_jobs,
        metavar="N",
        help="check files in N processes (default: chosen from the number of files)",
    )
    parser.add_argument(
        "-q", "--quiet", action="store_true", help="print the findings only, no summary"
    )
    parser.add_argument(
        "--exit-zero",
        action="store_true",
        help="exit 0 even when errors are found (usage errors still exit 2)",
    )
    parser.add_argument(
        "--statistics", action="store_true", help="print the number of findings per rule"
    )
    # Also accepted after the command name (eulerdoc lint --config FILE ...).
    parser.add_argument(
        "--config",
        metavar="FILE",
        default=argparse.SUPPRESS,
        help="configuration file (same as 'eulerdoc --config FILE lint')",
    )


def _baseline_path(args: argparse.Namespace, config: Config) -> Path | None:
    if args.baseline:
        return Path(args.baseline)
    if config.baseline and not args.no_baseline:
        base = Path(config.root) if config.root else Path.cwd()
        return base / config.baseline
    return None


def _diff(result: LintResult) -> str:
    import difflib

    from eulerdoc.article.decode import line_starts

    def lines(text: str) -> list[str]:
        starts = line_starts(text)
        ends = [*starts[1:], len(text)]
        return [text[a:b] for a, b in zip(starts, ends, strict=True) if a < b]

    chunks: list[str] = []
    for file in result.changed_files:
        assert file.original is not None and file.fixed_text is not None
        for line in difflib.unified_diff(
            lines(file.original), lines(file.fixed_text), fromfile=file.path, tofile=file.path
        ):
            chunks.append(
                line if line.endswith(("\n", "\r")) else line + "\n\\ No newline at end of file\n"
            )
    return "".join(chunks)


def _emit(args: argparse.Namespace, text: str) -> None:
    """The report (or diff) to ``--output-file`` when given, else to standard output."""
    if not args.output_file:
        sys.stdout.write(text)
        return
    from pathlib import Path

    from eulerdoc.errors import UsageError
    from eulerdoc.fsio import write_atomic
    from eulerdoc.i18n import _

    try:
        write_atomic(Path(args.output_file), text.encode("utf-8"), only_if_changed=False)
    except OSError as exc:
        raise UsageError(
            _("cannot write the report: {reason}").format(reason=exc.strerror or exc),
            args.output_file,
        ) from None


def _report(args: argparse.Namespace, result: LintResult, color: bool) -> str:
    from eulerdoc.cli import output, version
    from eulerdoc.rules.registry import RULES

    diagnostics = result.diagnostics
    if args.statistics:
        rows = output.statistics(diagnostics, RULES)
        if args.format == "json":
            import json

            return json.dumps(rows, ensure_ascii=False, indent=2) + "\n"
        text = output.statistics_text(rows)
    elif args.format == "json":
        return output.to_json(diagnostics)
    elif args.format == "sarif":
        return output.to_sarif(diagnostics, RULES, version())
    elif args.format == "github":
        return output.to_github(diagnostics)
    else:
        text = "".join(output.format_text(d, color) + "\n" for d in diagnostics)
    if args.quiet:
        return text
    lines = []
    if result.fixing and result.fixed:
        lines.append(output.fixed_summary(result.fixed, len(result.changed_files)))
    if result.internal_errors and not (result.errors or result.warnings):
        lines.append(output.unchecked_summary(len(result.internal_errors)))
    else:
        lines.append(
            output.summary(result.errors, result.warnings, result.fixable, fixing=result.fixing)
        )
    if result.hidden:
        lines.append(output.hidden_summary(len(result.hidden)))
    return text + "".join(line + "\n" for line in lines)


def run(args: argparse.Namespace) -> int:
    from eulerdoc.cli import output
    from eulerdoc.config import load_config
    from eulerdoc.i18n import _
    from eulerdoc.rules.baseline import read_baseline, write_baseline
    from eulerdoc.rules.runner import lint_paths
    from eulerdoc.site import Site

    config = load_config(file=Path(args.config) if args.config else None)
    site = Site.discover(config)
    baseline_file = None if args.write_baseline else _baseline_path(args, config)
    baseline = read_baseline(baseline_file) if baseline_file is not None else None
    result = lint_paths(
        args.paths,
        config,
        select=args.select or (),
        ignore=args.ignore or (),
        jobs=args.jobs,
        fix=args.fix or args.diff,
        write=not args.diff,
        baseline=baseline,
        site=site,
        content_only=args.content_only,
    )
    for file in result.internal_errors:
        print(
            _("eulerdoc: internal error while checking {path}: {error}").format(
                path=file.path, error=file.error
            ),
            file=sys.stderr,
        )
    if not result.files and not args.quiet:
        print(_("eulerdoc: no Markdown files found"), file=sys.stderr)

    if args.write_baseline:
        if result.internal_errors:  # a baseline without their findings would hide them
            print(
                _(
                    "eulerdoc: no baseline written: {path} would miss the findings of files "
                    "that could not be checked"
                ).format(path=args.write_baseline),
                file=sys.stderr,
            )
            return 1
        findings = result.all_findings
        write_baseline(Path(args.write_baseline), findings, site.root)
        if not args.quiet:
            message = (
                _("Wrote 1 finding to {path}.")
                if len(findings) == 1
                else _("Wrote {count} findings to {path}.")
            )
            print(message.format(count=len(findings), path=args.write_baseline), file=sys.stderr)
        return 0

    if args.diff:
        _emit(args, _diff(result))
        if not args.quiet:
            print(
                output.would_fix_summary(result.fixed, len(result.changed_files)),
                file=sys.stderr,
            )
        return 1 if result.changed_files else 0

    if args.output_file:
        _emit(args, _report(args, result, color=False))
    else:
        sys.stdout.write(_report(args, result, color=output.use_color(sys.stdout)))
    if args.exit_zero:
        return 0
    return 1 if result.failed else 0
