"""Report formats for diagnostics: text, JSON, SARIF 2.1.0, GitHub workflow commands.

Every formatter takes the diagnostics already sorted and returns a string; writing it
is the caller's business. Colours are used only for text on a terminal, never when
``NO_COLOR`` is set (https://no-color.org).
"""

from __future__ import annotations

import json
import os
from collections import Counter
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO
from urllib.parse import quote

from eulerdoc.diagnostic import Diagnostic, Severity, printable
from eulerdoc.i18n import _

if TYPE_CHECKING:
    from eulerdoc.rules.registry import Rule

FORMATS = ("text", "json", "sarif", "github")
SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
SARIF_VERSION = "2.1.0"
DEFAULT_INFORMATION_URI = "https://www.openeuler.org/"

_RESET = "\x1b[0m"
_BOLD = "\x1b[1m"
_RED = "\x1b[31m"
_YELLOW = "\x1b[33m"
_CYAN = "\x1b[36m"


def use_color(stream: TextIO) -> bool:
    if os.environ.get("NO_COLOR"):
        return False
    isatty = getattr(stream, "isatty", None)
    return bool(isatty and isatty())


def _paint(text: str, *styles: str, color: bool) -> str:
    return "".join(styles) + text + _RESET if color else text


# --- text -----------------------------------------------------------------------------


def format_text(diagnostic: Diagnostic, color: bool = False) -> str:
    """``path:line:col: CODE [*] message`` (``[*]``: ``--fix`` can correct it)."""
    where = printable(f"{diagnostic.path}:{diagnostic.line}:{diagnostic.column}:")
    tone = _RED if diagnostic.severity == Severity.ERROR else _YELLOW
    parts = [_paint(where, _BOLD, color=color), _paint(diagnostic.code, _BOLD, tone, color=color)]
    if diagnostic.fix is not None:
        parts.append(_paint("[*]", _CYAN, color=color))
    parts.append(printable(diagnostic.message))
    return " ".join(parts)


def _errors(count: int) -> str:
    return (_("{count} error") if count == 1 else _("{count} errors")).format(count=count)


def _warnings(count: int) -> str:
    return (_("{count} warning") if count == 1 else _("{count} warnings")).format(count=count)


def summary(errors: int, warnings: int, fixable: int, *, fixing: bool = False) -> str:
    """The last line: 'Found 3 errors, 1 warning (2 fixable with --fix).' or 'All checks passed.'."""
    if not errors and not warnings:
        return _("All checks passed.")
    parts = []
    if errors:
        parts.append(_errors(errors))
    if warnings:
        parts.append(_warnings(warnings))
    # "{errors}, {warnings}" is a message of its own: Chinese joins them with '，'
    found = (
        _("{errors}, {warnings}").format(errors=parts[0], warnings=parts[1])
        if len(parts) == 2
        else parts[0]
    )
    if fixable and not fixing:
        return _("Found {findings} ({count} fixable with --fix).").format(
            findings=found, count=fixable
        )
    return _("Found {findings}.").format(findings=found)


def unchecked_summary(files: int) -> str:
    """In place of 'All checks passed.' when some files could not be checked."""
    if files == 1:
        return _("1 file could not be checked (internal error, see above).")
    return _("{files} files could not be checked (internal error, see above).").format(files=files)


def fixed_summary(fixed: int, files: int) -> str:
    if fixed == 1 and files == 1:
        return _("Fixed 1 finding in 1 file.")
    if files == 1:
        return _("Fixed {fixed} findings in 1 file.").format(fixed=fixed)
    return _("Fixed {fixed} findings in {files} files.").format(fixed=fixed, files=files)


def would_fix_summary(fixed: int, files: int) -> str:
    if not fixed:
        return _("No fixes available.")
    if fixed == 1 and files == 1:
        return _("Would fix 1 finding in 1 file.")
    if files == 1:
        return _("Would fix {fixed} findings in 1 file.").format(fixed=fixed)
    return _("Would fix {fixed} findings in {files} files.").format(fixed=fixed, files=files)


def hidden_summary(hidden: int) -> str:
    if hidden == 1:
        return _("1 finding hidden by baseline.")
    return _("{count} findings hidden by baseline.").format(count=hidden)


# --- statistics -------------------------------------------------------------------------


def statistics(diagnostics: Iterable[Diagnostic], rules: dict[str, Rule]) -> list[dict[str, Any]]:
    """Count per code, the most frequent first."""
    counts = Counter(d.code for d in diagnostics)
    fixable = {d.code for d in diagnostics if d.fix is not None}
    rows = []
    for code, count in sorted(counts.items(), key=lambda item: (-item[1], item[0])):
        rule = rules.get(code)
        rows.append(
            {
                "code": code,
                "name": rule.name if rule else "",
                "count": count,
                "fixable": code in fixable,
            }
        )
    return rows


def statistics_text(rows: Sequence[dict[str, Any]]) -> str:
    if not rows:
        return ""
    width = max(len(str(row["count"])) for row in rows)
    code_width = max(len(row["code"]) for row in rows)
    lines = [
        f"{row['count']:>{width}}  {row['code']:<{code_width}}  "
        f"{'[*] ' if row['fixable'] else '    '}{row['name']}"
        for row in rows
    ]
    return "\n".join(lines) + "\n"


# --- JSON ---------------------------------------------------------------------------


def to_json(diagnostics: Iterable[Diagnostic]) -> str:
    return json.dumps([d.to_dict() for d in diagnostics], ensure_ascii=False, indent=2) + "\n"


# --- SARIF --------------------------------------------------------------------------


def relative_path(path: str) -> str:
    """``path`` relative to the current directory with forward slashes; absolute outside it."""
    absolute = Path(os.path.abspath(path))
    try:
        return absolute.relative_to(Path(os.path.abspath(os.getcwd()))).as_posix()
    except ValueError:
        return absolute.as_posix()


def relative_uri(path: str) -> str:
    """A URI reference for ``path``: relative to the current directory, else ``file://``."""
    relative = relative_path(path)
    if relative.startswith("/"):
        return Path(relative).as_uri()
    return quote(relative)


def _level(severity: Severity) -> str:
    return "error" if severity == Severity.ERROR else "warning"


def information_uri() -> str:
    """The project's home page from the installed metadata, else the website it serves."""
    from importlib.metadata import PackageNotFoundError, metadata

    try:
        meta = metadata("eulerdoc")
    except PackageNotFoundError:
        return DEFAULT_INFORMATION_URI
    for entry in meta.get_all("Project-URL") or []:
        url = str(entry).split(",", 1)[-1].strip()
        if url.startswith(("http://", "https://")):
            return url
    home = str(meta["Home-page"] or "") if "Home-page" in meta else ""
    return home if home.startswith(("http://", "https://")) else DEFAULT_INFORMATION_URI


def to_sarif(diagnostics: Sequence[Diagnostic], rules: dict[str, Rule], version: str) -> str:
    """A SARIF 2.1.0 log with one run; the driver lists every rule."""
    codes = sorted(rules)
    index = {code: i for i, code in enumerate(codes)}
    driver_rules = []
    for code in codes:
        rule = rules[code]
        short, full = rule.summary_text(), rule.doc_text()
        driver_rules.append(
            {
                "id": code,
                "name": rule.name,
                "shortDescription": {"text": short},
                "fullDescription": {"text": full or short},
                "help": {"text": full or short},
                "defaultConfiguration": {"level": _level(rule.severity)},
                "properties": {"fixable": rule.fixable},
            }
        )
    results = []
    for diagnostic in diagnostics:
        result: dict[str, Any] = {
            "ruleId": diagnostic.code,
            "level": _level(diagnostic.severity),
            "message": {"text": diagnostic.message},
            "locations": [
                {
                    "physicalLocation": {
                        "artifactLocation": {"uri": relative_uri(diagnostic.path)},
                        "region": {
                            "startLine": max(1, diagnostic.line),
                            "startColumn": max(1, diagnostic.column),
                        },
                    }
                }
            ],
        }
        if diagnostic.code in index:
            result["ruleIndex"] = index[diagnostic.code]
        results.append(result)
    log = {
        "$schema": SARIF_SCHEMA,
        "version": SARIF_VERSION,
        "runs": [
            {
                "tool": {
                    "driver": {
                        "name": "eulerdoc",
                        "version": version,
                        "informationUri": information_uri(),
                        "rules": driver_rules,
                    }
                },
                "columnKind": "unicodeCodePoints",
                "results": results,
            }
        ],
    }
    return json.dumps(log, ensure_ascii=False, indent=2) + "\n"


# --- GitHub workflow commands --------------------------------------------------------


def escape_data(text: str) -> str:
    """Escape a workflow command's message."""
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    """Escape a workflow command's property value (``file=``, ``title=``)."""
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def to_github(diagnostics: Iterable[Diagnostic]) -> str:
    """``::error file=…,line=…,col=…,title=CODE::message``, one line per finding."""
    lines = []
    for d in diagnostics:
        command = "error" if d.severity == Severity.ERROR else "warning"
        file = escape_property(printable(relative_path(d.path)))
        lines.append(
            f"::{command} file={file},line={d.line},col={d.column},"
            f"title={escape_property(d.code)}::{printable(escape_data(d.message))}"
        )
    return "".join(line + "\n" for line in lines)
