"""Baseline files: adopt eulerdoc on a legacy site, fail only on new findings.

A baseline records each known finding as (path relative to the site root, rule code,
fingerprint of the offending line's text) with a count. The fingerprint ignores the
line number and surrounding whitespace, so a finding stays matched when lines are
added or removed elsewhere in the file, and a new finding of the same kind on another
line is still reported. The file is JSON, sorted, and written atomically::

    {
      "version": 1,
      "findings": {
        "docs/zh/news/a.md": {"IMG001": {"3fa2c1d09e4b7a65": 2}}
      }
    }
"""

from __future__ import annotations

import hashlib
import json
import os
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from eulerdoc.diagnostic import Diagnostic
from eulerdoc.errors import ConfigError, UsageError
from eulerdoc.i18n import _

VERSION = 1

Key = tuple[str, str, str]


def fingerprint(line_text: str) -> str:
    """A short, stable hash of a line's text (surrounding whitespace ignored)."""
    return hashlib.sha256(line_text.strip().encode("utf-8")).hexdigest()[:16]


def relative_path(path: str, root: Path) -> str:
    """``path`` relative to the site root, with forward slashes; absolute when outside."""
    absolute = os.path.abspath(path)
    # Resolve the folder (a symlinked working directory, /tmp on macOS) but not the
    # file itself: a symlinked article keeps its own name.
    resolved = Path(os.path.realpath(os.path.dirname(absolute))) / os.path.basename(absolute)
    for candidate, base in ((resolved, root.resolve()), (Path(absolute), root)):
        try:
            return candidate.relative_to(base).as_posix()
        except ValueError:
            continue
    return resolved.as_posix()


@dataclass(frozen=True, slots=True)
class Finding:
    """A diagnostic with the fingerprint of the line it points at."""

    diagnostic: Diagnostic
    fingerprint: str


@dataclass
class Baseline:
    counts: Counter[Key] = field(default_factory=Counter)

    @classmethod
    def from_findings(cls, findings: Iterable[Finding], root: Path) -> Baseline:
        counts: Counter[Key] = Counter()
        for finding in findings:
            counts[_key(finding, root)] += 1
        return cls(counts)

    def split(self, findings: Sequence[Finding], root: Path) -> tuple[list[Finding], list[Finding]]:
        """(reported, hidden): the first ``count`` findings of each key are hidden."""
        remaining = Counter(self.counts)
        reported: list[Finding] = []
        hidden: list[Finding] = []
        for finding in findings:
            key = _key(finding, root)
            if remaining[key] > 0:
                remaining[key] -= 1
                hidden.append(finding)
            else:
                reported.append(finding)
        return reported, hidden

    def to_json(self) -> str:
        tree: dict[str, dict[str, dict[str, int]]] = {}
        for (path, code, print_), count in self.counts.items():
            tree.setdefault(path, {}).setdefault(code, {})[print_] = count
        document = {"version": VERSION, "findings": tree}
        return json.dumps(document, ensure_ascii=False, indent=2, sort_keys=True) + "\n"


def _key(finding: Finding, root: Path) -> Key:
    diagnostic = finding.diagnostic
    return relative_path(diagnostic.path, root), diagnostic.code, finding.fingerprint


def read_baseline(path: Path) -> Baseline:
    """Load a baseline file; a missing or malformed file is a configuration error."""

    def invalid(reason: str) -> ConfigError:
        return ConfigError(_("invalid baseline file: {reason}").format(reason=reason), str(path))

    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ConfigError(
            _("baseline file not found; create it with --write-baseline"), str(path)
        ) from None
    except (OSError, UnicodeDecodeError) as exc:
        raise invalid(str(exc)) from None
    try:
        document = json.loads(text)
    except json.JSONDecodeError as exc:
        raise ConfigError(
            _("invalid baseline file: {reason}").format(reason=exc.msg), str(path), exc.lineno
        ) from None
    if not isinstance(document, dict) or document.get("version") != VERSION:
        raise invalid(_('expected a JSON object with "version": {version}').format(version=VERSION))
    tree = document.get("findings", {})
    counts: Counter[Key] = Counter()
    if not isinstance(tree, dict):
        raise invalid(_('"findings" must be an object'))
    for file, codes in tree.items():
        if not isinstance(codes, dict):
            raise invalid(_('"findings" must be an object'))
        for code, prints in codes.items():
            if not isinstance(prints, dict):
                raise invalid(_('"findings" must be an object'))
            for print_, count in prints.items():
                if not isinstance(count, int) or isinstance(count, bool) or count < 0:
                    raise invalid(_("counts must be non-negative integers"))
                counts[(str(file), str(code), str(print_))] += count
    return Baseline(counts)


def write_baseline(path: Path, findings: Iterable[Finding], root: Path) -> bool:
    """Write the findings as a baseline (atomically). Returns True when the file changed.

    A file that cannot be written is a :class:`UsageError` (the command line named it).
    """
    from eulerdoc.fsio import write_atomic

    baseline = Baseline.from_findings(findings, root)
    try:
        return write_atomic(path, baseline.to_json().encode("utf-8"))
    except OSError as exc:
        raise UsageError(
            _("cannot write baseline file: {reason}").format(reason=exc.strerror or exc), str(path)
        ) from None
