"""Text helpers shared by segmentation, lint and build: widths, soft-break joining."""

from __future__ import annotations

import re
import unicodedata

_HARD_BREAK_RE = re.compile(r"(?:  +|(?<!\\)(?:\\\\)*\\)$")


def is_wide(char: str) -> bool:
    """East Asian wide or full-width: CJK ideographs, kana, full-width punctuation."""
    return bool(char) and unicodedata.east_asian_width(char) in ("W", "F")


def display_width(text: str) -> int:
    return sum(2 if is_wide(c) else 1 for c in text)


def ends_with_hard_break(line: str) -> bool:
    return bool(_HARD_BREAK_RE.search(line))


def join_soft_breaks(content: str) -> str:
    """Join the lines of a block's inline content the way a reader sees them.

    A soft line break disappears between two wide characters and becomes one space
    otherwise; hard breaks (two trailing spaces or a backslash) stay as they are.
    """
    if "\n" not in content:
        return content
    lines = content.split("\n")
    out = lines[0]
    for nxt in lines[1:]:
        nxt = nxt.lstrip(" \t")
        if ends_with_hard_break(out):
            out = out + "\n" + nxt
            continue
        out = out.rstrip(" \t")
        if not out or not nxt:
            out += nxt
        elif is_wide(out[-1]) and is_wide(nxt[0]):
            out += nxt
        else:
            out += " " + nxt
    return out


def has_letters(text: str) -> bool:
    return any(unicodedata.category(c).startswith("L") for c in text)


def continuation_prefix(first_line_prefix: str) -> str:
    """The prefix a continuation line needs inside the same containers.

    Block-quote markers and indentation are kept; list markers become spaces.
    """
    return "".join(c if c in "> \t" else " " for c in first_line_prefix)
