"""Text helpers shared by segmentation, lint and build: widths, soft-break joining."""

from __future__ import annotations

import itertools
import re
import unicodedata


def is_wide(char: str) -> bool:
    """East Asian wide or full-width: CJK ideographs, kana, full-width punctuation."""
    return bool(char) and unicodedata.east_asian_width(char) in ("W", "F")


def display_width(text: str) -> int:
    return sum(2 if is_wide(c) else 1 for c in text)


def _odd_backslashes(text: str) -> bool:
    return (len(text) - len(text.rstrip("\\"))) % 2 == 1


def ends_with_hard_break(line: str) -> bool:
    """Two or more trailing spaces, or an odd run of trailing backslashes (the last one
    escapes the line break). Looks at the end of the line only.

    As in markdown-it, a backslash before a space escapes that space, which then no
    longer counts: ``\\`` + two spaces is a soft break, ``\\`` + three a hard one.
    """
    stripped = line.rstrip(" ")
    spaces = len(line) - len(stripped)
    if spaces == 0:
        return _odd_backslashes(line)
    return spaces - _odd_backslashes(stripped) >= 2


def _is_hangul(char: str) -> bool:
    code = ord(char)
    return (
        0x1100 <= code <= 0x11FF
        or 0x3130 <= code <= 0x318F
        or 0xA960 <= code <= 0xA97F
        or 0xAC00 <= code <= 0xD7FF
        or 0xFFA0 <= code <= 0xFFDC
    )


def _closed_up(char: str) -> bool:
    """Written without spaces between words: wide/half-width East Asian, not Hangul."""
    return unicodedata.east_asian_width(char) in ("W", "F", "H") and not _is_hangul(char)


def _east_asian_punctuation(char: str) -> bool:
    """Ambiguous-width punctuation that Chinese text uses as full-width (“”‘’…—·)."""
    return unicodedata.east_asian_width(char) == "A" and unicodedata.category(char)[0] == "P"


def joins_without_space(before: str, after: str) -> bool:
    """Whether a soft line break between two characters disappears.

    It does between two East Asian characters written without spaces (CJK ideographs,
    kana, full-width punctuation; not Hangul, which separates words with spaces, as
    in CSS Text's segment-break rules), and between such a character and an
    ambiguous-width punctuation mark (Chinese quotation marks, ellipsis, dash).
    """
    if _closed_up(before):
        return _closed_up(after) or _east_asian_punctuation(after)
    return _east_asian_punctuation(before) and _closed_up(after)


def join_soft_breaks(content: str, *, hard_breaks: bool = True) -> str:
    """Join the lines of a block's inline content the way a reader sees them.

    A soft line break disappears between two East Asian characters (see
    :func:`joins_without_space`) and becomes one space otherwise; indentation at
    the start of a continuation line and spaces before a soft break go. Hard breaks
    (two trailing spaces or a backslash) stay as they are, unless ``hard_breaks`` is
    false (HTML text, where every line break is white space).
    """
    if "\n" not in content:
        return content
    lines = content.split("\n")
    parts = [lines[0]]  # joined at the end: growing one string is quadratic
    for previous, line in itertools.pairwise(lines):
        nxt = line.lstrip(" \t")
        if hard_breaks and ends_with_hard_break(previous):
            parts += ("\n", nxt)
            continue
        _rstrip(parts)
        if parts and nxt and joins_without_space(parts[-1][-1], nxt[0]):
            parts.append(nxt)
        elif parts and nxt:
            parts += (" ", nxt)
        else:
            parts.append(nxt)
    return "".join(parts)


def _rstrip(parts: list[str]) -> None:
    """Strip spaces and tabs from the end of the text that ``parts`` make up."""
    while parts:
        stripped = parts[-1].rstrip(" \t")
        if stripped:
            parts[-1] = stripped
            return
        parts.pop()


_WORD_CHAR = re.compile(r"[^\W\d_]")  # letters, and a few numerals such as '²'


def has_letters(text: str) -> bool:
    """Whether ``text`` has a letter (Unicode category L*, which is what ``isalpha`` tests)."""
    return any(match.group().isalpha() for match in _WORD_CHAR.finditer(text))


def continuation_prefix(first_line_prefix: str) -> str:
    """The prefix a continuation line needs inside the same containers.

    Block-quote markers and indentation are kept; list markers become spaces.
    """
    return "".join(c if c in "> \t" else " " for c in first_line_prefix)


_AUTO_ALT_PREFIX = (
    r"clip[\s_\\\-]*image|image|images|img|pic|picture|photo|figure|fig|screenshot|"
    r"screen[\s_\\\-]*shot|snipaste|wps|untitled|graphic|media|"
    r"图片|图像|图|截图|截屏|屏幕截图|微信图片|企业微信截图|未命名"
)
_MEANINGLESS_ALT = re.compile(
    rf"^(?:(?:{_AUTO_ALT_PREFIX})?[\s_\\\-.:()（）\d]*"
    r"|[\w\-. ]+\.(?:png|jpe?g|gif|bmp|svg|webp|tiff?|emf|wmf))$",
    re.IGNORECASE,
)


def is_meaningless_alt(alt: str) -> bool:
    """Alt text that says nothing: empty, ``image2``, ``IMG_256``, a file name."""
    return bool(_MEANINGLESS_ALT.match(alt.strip().replace("\\_", "_")))


# One HTML attribute, as a browser reads a start tag: a name, then optionally '=' and a
# value that is double-quoted, single-quoted or bare. 'alt="x"' inside another
# attribute's quoted value is part of that value, not an attribute.
_ATTRIBUTE = re.compile(r"""[\s/]*([^\s"'>/=][^\s"'>/=]*)(?:\s*=\s*("[^"]*"|'[^']*'|[^\s>]*))?""")


def quoted_attribute(attributes: str, name: str) -> tuple[int, int] | None:
    """Where the quoted value of attribute ``name`` lies in ``attributes`` (what follows
    the tag name in a start tag), quotes excluded; ``None`` when the tag has no such
    attribute or its value is not quoted. Like a browser, the first one counts."""
    position = 0
    wanted = name.lower()
    while position < len(attributes):
        match = _ATTRIBUTE.match(attributes, position)
        if match is None or match.end() == position:
            break
        position = match.end()
        if match.group(1).lower() != wanted:
            continue
        value = match.group(2)
        if not value or value[0] not in "\"'":
            return None
        return match.start(2) + 1, match.end(2) - 1
    return None
