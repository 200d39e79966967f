"""The PO syntax check: exact (one fast expression, then line by line) and linear time."""

from __future__ import annotations

import time

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from eulerdoc.l10n.catalog import _syntax_error_lines, syntax_error

PIECES = [
    "msgid ",
    "msgstr ",
    "msgctxt ",
    "msgstr[0] ",
    "msgid_plural ",
    '"',
    '""',
    '"text"',
    "\\",
    "\\n",
    "\\12",
    "\\x4f",
    "\\q",
    "#",
    "#~",
    "#~|",
    "#|",
    "#,",
    "#:",
    " ",
    "\t",
    "\u3000",
    "x",
    "中",
    "\n",
]


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(PIECES), max_size=30).map("".join))
def test_fast_check_agrees_with_line_by_line(text: str) -> None:
    assert syntax_error(text) == _syntax_error_lines(text)


def test_a_good_catalogue_passes() -> None:
    text = (
        '# comment\nmsgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n\n'
        '#. paragraph\n#: a.md:3\n#, fuzzy\n#| msgid "old"\nmsgctxt "title"\nmsgid "a \\"b\\""\n'
        'msgstr "\\t\\n\\r\\\\"\n\n#~ msgid "gone"\n#~ msgstr "weg"\n'
    )
    assert syntax_error(text) is None


UNREAD = (
    "unterminated string, or an escape eulerdoc does not read (\\a, \\', octal, hex): "
    "write the character itself"
)


def test_the_first_bad_line_is_named() -> None:
    text = 'msgid "a"\nmsgstr "b"\n\nmsgid "c\nmsgstr "d"\n'
    assert syntax_error(text) == (4, UNREAD)


@pytest.mark.parametrize("escape", ["\\101", "\\x42", "\\a", "\\?", "\\'"])
def test_escapes_polib_would_not_decode_are_refused(escape: str) -> None:
    # msgfmt reads them; polib would keep them as a backslash and text, and a rewrite
    # would change the translation ('\\101' instead of 'A').
    text = f'msgid "a"\nmsgstr "b {escape}"\n'
    assert syntax_error(text) == (2, UNREAD)


@pytest.mark.parametrize(
    "hostile",
    [
        'msgid "' + "\\12" * 20_000,  # was exponential: digits belonged to either part
        'msgid "\\x' + "a" * 200_000,  # was quadratic
        'msgid "' + " " * 200_000 + "x",
        " " * 200_000 + "x",
        "#~" + " " * 200_000 + "x",
        'msgid "a"' + " " * 200_000 + "x",
    ],
    ids=["octal-escapes", "hex-escape", "spaces-in-string", "spaces", "obsolete-spaces", "tail"],
)
def test_hostile_lines_are_rejected_quickly(hostile: str) -> None:
    start = time.monotonic()
    assert syntax_error(hostile) is not None
    assert time.monotonic() - start < 2.0
