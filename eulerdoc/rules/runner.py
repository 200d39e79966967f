"""Lint many files: expand paths, select rules, suppress, fix, compare with a baseline.

One file is checked by :func:`lint_file`, a module-level function so that ``--jobs N``
can run it in worker processes; everything it receives and returns is picklable.
The results are sorted by path, line, column and code, whatever the number of jobs.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING

from eulerdoc.diagnostic import Diagnostic, Severity
from eulerdoc.errors import ConfigError, InputError, UsageError
from eulerdoc.i18n import _
from eulerdoc.rules.baseline import Baseline, Finding, fingerprint

if TYPE_CHECKING:
    from eulerdoc.article.model import Article
    from eulerdoc.config import Config
    from eulerdoc.rules.registry import Rule
    from eulerdoc.site import Site

SKIP_DIRS = frozenset({"node_modules", "__pycache__"})
INPUT_PREFIX = "IN"  # unreadable input: reported whatever --select says (--ignore can hide it)
AUTO_JOBS_THRESHOLD = 16


def all_rules() -> dict[str, Rule]:
    """Load every rule family, the suppression rule included."""
    import eulerdoc.rules.suppress  # noqa: F401  (registers SUP001)
    from eulerdoc.rules.registry import load_rules

    return dict(load_rules())


# --- selection ----------------------------------------------------------------


def split_codes(values: Iterable[str] | None) -> list[str]:
    """``["IMG,FM001", "TRM"]`` → ``["IMG", "FM001", "TRM"]`` (commas or spaces)."""
    out: list[str] = []
    for value in values or ():
        out.extend(part.strip().upper() for part in value.replace(",", " ").split())
    return [part for part in out if part]


def _specificity(pattern: str) -> int:
    return 0 if pattern == "ALL" else len(pattern)


def _codes_matching(pattern: str, codes: Iterable[str]) -> set[str]:
    if pattern == "ALL":
        return set(codes)
    return {code for code in codes if code.startswith(pattern)}


@dataclass(frozen=True)
class Selection:
    """Which codes are reported, and with which severity when the config overrides it."""

    enabled: frozenset[str]
    severity: tuple[tuple[str, Severity], ...] = ()

    def apply(self, diagnostics: Iterable[Diagnostic]) -> list[Diagnostic]:
        overrides = dict(self.severity)
        out = []
        for diagnostic in diagnostics:
            if diagnostic.code not in self.enabled:
                continue
            severity = overrides.get(diagnostic.code)
            if severity is not None and severity != diagnostic.severity:
                diagnostic = replace(diagnostic, severity=severity)
            out.append(diagnostic)
        return out


def resolve_selection(
    config: Config, select: Sequence[str] = (), ignore: Sequence[str] = ()
) -> Selection:
    """Ruff-style selection: the config's ``select``/``ignore``, then the command line's.

    Within one layer, patterns apply from the least to the most specific (``ALL``, then
    ``IMG``, then ``IMG001``), an ignore after a select of the same specificity; a
    non-empty ``select`` starts the layer from nothing. Unknown codes are errors.
    """
    codes = set(all_rules())
    source = config.source

    def check(patterns: Sequence[str], where: str, cli: bool) -> list[str]:
        cleaned = split_codes(patterns)
        for pattern in cleaned:
            if pattern != "ALL" and not _codes_matching(pattern, codes):
                message = _("unknown rule code or prefix '{code}' in {where}").format(
                    code=pattern, where=where
                )
                raise UsageError(message) if cli else ConfigError(message, source)
        return cleaned

    layers = [
        (check(config.select, "select", False), check(config.ignore, "ignore", False)),
        (check(select, "--select", True), check(ignore, "--ignore", True)),
    ]
    overrides: dict[str, str] = {}
    for pattern, level in config.severity.items():
        key = pattern.strip().upper()
        if not _codes_matching(key, codes):
            raise ConfigError(
                _("unknown rule code or prefix '{code}' in severity").format(code=pattern), source
            )
        overrides[key] = level

    enabled = set(codes)
    ignored: set[str] = set()
    for selected, ignored_patterns in layers:
        if selected:
            enabled = set()
        steps = [(_specificity(p), 0, p) for p in selected]
        steps += [(_specificity(p), 1, p) for p in ignored_patterns]
        for _rank, kind, pattern in sorted(steps):
            hit = _codes_matching(pattern, codes)
            if kind == 0:
                enabled |= hit
                ignored -= hit
            else:
                enabled -= hit
                ignored |= hit
    levels: dict[str, str] = {}
    for pattern in sorted(overrides, key=_specificity):  # the most specific pattern wins
        for code in _codes_matching(pattern, codes):
            levels[code] = overrides[pattern]
    enabled |= {c for c in codes if c.startswith(INPUT_PREFIX) and c not in ignored}
    enabled -= {c for c, level in levels.items() if level == "off"}
    severity = {c: Severity(level) for c, level in levels.items() if level != "off"}
    return Selection(frozenset(enabled), tuple(sorted(severity.items())))


# --- paths -----------------------------------------------------------------------


def _walk(folder: Path) -> Iterator[Path]:
    for dirpath, dirnames, filenames in os.walk(folder):
        dirnames[:] = sorted(d for d in dirnames if not d.startswith(".") and d not in SKIP_DIRS)
        for name in sorted(filenames):
            if name.lower().endswith(".md") and not name.startswith("."):
                yield Path(dirpath) / name


def _display(path: Path) -> Path:
    """A configured path as the user would type it: relative to the current directory."""
    try:
        return path.resolve().relative_to(Path.cwd().resolve())
    except (ValueError, OSError):
        return path


def expand_paths(
    paths: Sequence[str | Path], config: Config, *, content_only: bool = False
) -> list[Path]:
    """Files to lint: explicit files as given, directories searched for ``*.md``.

    With no paths, the configured ``content`` (relative to the configuration file's
    folder); a configured entry that does not exist is a configuration error. A path
    given that does not exist is kept: linting it reports IN001, and so is a folder
    named like a Markdown file (``x.md/``) with no article inside, which is almost
    certainly a mistake (a shell glob, a pre-commit file list) rather than a site folder.
    With ``content_only`` (and ``content`` configured), files outside the content are
    left out: a pre-commit hook passes every Markdown file of a commit, the README and
    built translations included.
    """
    if paths:
        given = [Path(p) for p in paths]
    elif config.content:
        from eulerdoc.l10n.layout import content_locations

        given = [_display(location) for location in content_locations(config)]
    else:
        raise UsageError(
            _(
                "no PATH given and no 'content' configured: pass files or folders to lint, "
                'or set content = ["docs"] under [tool.eulerdoc] in pyproject.toml'
            )
        )
    files: list[Path] = []
    seen: set[str] = set()
    for path in given:
        found = sorted(_walk(path)) if path.is_dir() else [path]
        if not found and path.name.lower().endswith(".md"):
            found = [path]
        for file in found:
            key = os.path.normcase(os.path.abspath(file))
            if key not in seen:
                seen.add(key)
                files.append(file)
    if content_only and paths:
        from eulerdoc.l10n.layout import only_content

        files = only_content(files, config)
    return files


# --- one file ------------------------------------------------------------------------


@dataclass(frozen=True)
class Task:
    path: Path
    config: Config
    site: Site
    selection: Selection
    fix: bool = False


@dataclass
class FileResult:
    path: str
    findings: list[Finding] = field(default_factory=list)
    fixed: int = 0  # findings fixed
    original: str | None = None  # decoded text before fixing, when fixes changed it
    fixed_text: str | None = None  # decoded text after fixing
    data: bytes | None = None  # bytes to write (BOM restored)
    error: str | None = None  # an internal error while checking this file


def _findings(article: Article | None, diagnostics: Iterable[Diagnostic]) -> list[Finding]:
    out = []
    for diagnostic in diagnostics:
        text = ""
        if article is not None and 0 < diagnostic.line <= article.line_count():
            text = article.line_text(diagnostic.line - 1)
        out.append(Finding(diagnostic, fingerprint(text)))
    return out


def _filter(article: Article, found: list[Diagnostic], task: Task) -> list[Diagnostic]:
    """Selected codes with their configured severity, minus the suppressed ones."""
    from eulerdoc.rules.suppress import Suppressions

    found = task.selection.apply(found)
    suppressions = Suppressions.of(article)
    return suppressions.filter(found) if suppressions else found


def _lint_file(task: Task) -> FileResult:
    from eulerdoc.article.load import parse_text
    from eulerdoc.rules import check_article, check_path
    from eulerdoc.rules.fix import MAX_PASSES, apply_fixes

    all_rules()
    path = str(task.path)
    article, found = check_path(task.path, task.config, task.site)
    if article is None:  # unreadable input: never fixed
        return FileResult(path, _findings(None, task.selection.apply(found)))
    found = _filter(article, found, task)
    result = FileResult(path)
    if task.fix:
        original = article.text
        for _pass in range(MAX_PASSES):
            fixable = [d for d in found if d.fix is not None]
            if not fixable:
                break
            text, applied = apply_fixes(article.text, fixable)
            if not applied or text == article.text:
                break
            result.fixed += applied
            article = parse_text(text, article.path, bom=article.bom, newline=article.newline)
            found = _filter(article, check_article(article, task.config, task.site), task)
        if article.text != original:
            result.original = original
            result.fixed_text = article.text
            result.data = article.encode()
    result.findings = _findings(article, found)
    return result


def lint_file(task: Task) -> FileResult:
    """Check one file; never raises for bad input (an internal error is recorded)."""
    try:
        return _lint_file(task)
    except Exception as exc:
        if os.environ.get("EULERDOC_DEBUG"):
            raise
        return FileResult(str(task.path), error=f"{exc.__class__.__name__}: {exc}")


# --- many files ----------------------------------------------------------------------


@dataclass
class LintResult:
    files: list[FileResult]
    findings: list[Finding]  # reported, sorted
    hidden: list[Finding] = field(default_factory=list)  # matched by the baseline
    fixing: bool = False

    @property
    def diagnostics(self) -> list[Diagnostic]:
        return [f.diagnostic for f in self.findings]

    @property
    def all_findings(self) -> list[Finding]:
        """Reported and baseline-hidden findings, sorted (what ``--write-baseline`` records)."""
        return sorted([*self.findings, *self.hidden], key=lambda f: f.diagnostic.sort_key())

    @property
    def errors(self) -> int:
        return sum(1 for d in self.diagnostics if d.severity == Severity.ERROR)

    @property
    def warnings(self) -> int:
        return sum(1 for d in self.diagnostics if d.severity == Severity.WARNING)

    @property
    def fixable(self) -> int:
        return sum(1 for d in self.diagnostics if d.fix is not None)

    @property
    def fixed(self) -> int:
        return sum(f.fixed for f in self.files if f.data is not None)

    @property
    def changed_files(self) -> list[FileResult]:
        return [f for f in self.files if f.data is not None]

    @property
    def internal_errors(self) -> list[FileResult]:
        return [f for f in self.files if f.error is not None]

    @property
    def failed(self) -> bool:
        return bool(self.errors or self.internal_errors)


def lint_paths(
    paths: Sequence[str | Path],
    config: Config,
    *,
    select: Sequence[str] = (),
    ignore: Sequence[str] = (),
    jobs: int | None = 1,
    fix: bool = False,
    write: bool = True,
    baseline: Baseline | None = None,
    site: Site | None = None,
    progress: bool | None = None,
    content_only: bool = False,
) -> LintResult:
    """Lint files and folders (with ``content_only``, only those in the configured
    content: see :func:`expand_paths`).

    ``fix`` applies safe fixes (up to five passes, re-linting in between); they are
    written only when ``write`` is true (``--diff`` passes false and shows them).
    ``jobs=None`` picks a number of processes from the number of files.
    """
    from eulerdoc.batch import default_jobs, run_batch
    from eulerdoc.fsio import write_atomic
    from eulerdoc.site import Site

    selection = resolve_selection(config, select, ignore)
    files = expand_paths(paths, config, content_only=content_only)
    if site is None:
        site = Site.discover(config)
    if jobs is None:
        jobs = default_jobs() if len(files) >= AUTO_JOBS_THRESHOLD else 1
    tasks = [Task(path, config, site, selection, fix) for path in files]
    results = run_batch(lint_file, tasks, jobs, label="eulerdoc lint", progress=progress)
    if fix and write:
        for file in results:
            if file.data is not None:
                try:
                    write_atomic(Path(file.path), file.data)
                except OSError as exc:
                    raise InputError(
                        _("cannot write file: {reason}").format(reason=exc.strerror or exc),
                        file.path,
                    ) from None
    findings = sorted(
        (f for file in results for f in file.findings), key=lambda f: f.diagnostic.sort_key()
    )
    hidden: list[Finding] = []
    if baseline is not None:
        findings, hidden = baseline.split(findings, site.root)
    return LintResult(results, findings, hidden, fixing=fix)
