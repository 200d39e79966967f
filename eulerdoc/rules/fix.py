"""Apply the safe fixes attached to diagnostics.

Fixes are applied in order of position; a fix whose edits overlap an edit already
accepted in this pass is skipped (the runner lints again and picks it up in a later
pass). Identical fixes proposed by several diagnostics are applied once.
"""

from __future__ import annotations

from collections.abc import Iterable
from itertools import pairwise

from eulerdoc.diagnostic import Diagnostic, Edit, Fix

MAX_PASSES = 5


def _overlaps(edit: Edit, accepted: list[Edit]) -> bool:
    for other in accepted:
        if edit.start < other.end and other.start < edit.end:
            return True
        # Two insertions at the same place, or an insertion inside a replacement.
        if edit.start == edit.end and other.start <= edit.start < other.end:
            return True
        if other.start == other.end and edit.start <= other.start < edit.end:
            return True
        if edit.start == edit.end == other.start == other.end:
            return True
    return False


def _valid(fix: Fix, text: str) -> bool:
    """Edits inside the text, not overlapping each other, and changing something."""
    edits = sorted(fix.edits, key=lambda e: (e.start, e.end))
    if not edits or any(not 0 <= e.start <= e.end <= len(text) for e in edits):
        return False
    if any(_overlaps(b, [a]) for a, b in pairwise(edits)):
        return False
    return any(text[e.start : e.end] != e.replacement for e in edits)


def apply_fixes(text: str, diagnostics: Iterable[Diagnostic]) -> tuple[str, int]:
    """Apply every non-overlapping fix; returns the new text and how many findings it fixed."""
    candidates = [d.fix for d in diagnostics if d.fix is not None]
    candidates.sort(key=lambda f: min((e.start, e.end) for e in f.edits) if f.edits else (0, 0))
    accepted: list[Edit] = []
    seen: set[tuple[Edit, ...]] = set()
    applied = 0
    for fix in candidates:
        key = tuple(sorted(fix.edits, key=lambda e: (e.start, e.end)))
        if key in seen:
            applied += 1
            continue
        if not _valid(fix, text) or any(_overlaps(e, accepted) for e in fix.edits):
            continue
        seen.add(key)
        accepted.extend(fix.edits)
        applied += 1
    if not accepted:
        return text, 0
    parts: list[str] = []
    position = 0
    for edit in sorted(accepted, key=lambda e: (e.start, e.end)):
        parts.append(text[position : edit.start])
        parts.append(edit.replacement)
        position = edit.end
    parts.append(text[position:])
    return "".join(parts), applied
