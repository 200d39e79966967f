"""Front matter in the simple subset is read without ruamel.yaml, exactly as ruamel.yaml
reads it: same values (and types), same key and value positions and styles."""

from __future__ import annotations

from typing import Any

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from eulerdoc import yamlio
from eulerdoc.schema.models import plain

KEYS = ["title", "date", "tags", "a-b", "_x", "x1", "yes", "null", "True", "y", "1a", "k k"]
SEPARATORS = [": ", ":  ", ":", " : ", ":\t"]
SCALARS = [
    "openEuler 社区",
    "A-Tune让系统调优更智能",
    "a, b",
    "C#",
    "a # b",
    "a: b",
    "a:",
    "-x",
    "- x",
    "? x",
    "@x",
    "`x`",
    "%x",
    "!x",
    "&a",
    "*a",
    "[x]",
    "{x}",
    "<<",
    "=",
    "~",
    "1",
    "-1",
    "1.5",
    "20.09",
    "0x1F",
    "1_000",
    ".inf",
    "2020-06-24",
    "2020-6-24",
    "2025-13-45",
    "2020-02-30",
    "0000-01-01",
    "2020-06",
    "2020-06-24 10:00:00",
    "true",
    "True",
    "NO",
    "null",
    "'quoted'",
    "'it''s'",
    "'''",
    "''",
    "'a' b",
    '"double"',
    '""',
    '"a\\"b"',
    '"a\\nb"',
    '"a" b',
    "img/banners/x.jpg?t=1",
    "8月29日",
    "x\u2028y",
    "x\x85y",
    "x\ufeff",
    "x\x00",
    "tab\there",
    "",
    " ",
]
INDENTS = ["", "  ", "    ", " "]


GOOD_KEYS = ["title", "date", "tags", "a-b", "_x", "x1", "summary"]
GOOD_SCALARS = [
    "openEuler 社区",
    "a, b",
    "C#",
    "2020-06-24",
    "2020-06",
    "2020-02-30",
    "'it''s'",
    "''",
    '"double"',
    "x y z",
    "Linux内核发展史-3",
    "img/a.png",
]


@st.composite
def subset_front_matter(draw: st.DrawFn) -> str:
    """Mostly inside the subset, sometimes one piece outside it."""
    lines = []
    used: set[str] = set()
    for _ in range(draw(st.integers(1, 6))):
        key = draw(st.sampled_from(GOOD_KEYS))
        if key in used and draw(st.booleans()):
            continue
        used.add(key)
        scalars = st.sampled_from(GOOD_SCALARS * 6 + SCALARS)
        if draw(st.booleans()):
            lines.append(key + draw(st.sampled_from([": ", ":  "])) + draw(scalars))
        else:
            lines.append(key + draw(st.sampled_from([":", ": "])))
            indent = draw(st.sampled_from(INDENTS))
            for _ in range(draw(st.integers(1, 3))):
                lines.append(indent + draw(st.sampled_from(["- ", "-  "])) + draw(scalars))
        if draw(st.integers(0, 5)) == 0:
            lines.append("")
    return "\n" + "\n".join(lines) + "\n"


@st.composite
def front_matter(draw: st.DrawFn) -> str:
    lines = []
    for _ in range(draw(st.integers(0, 6))):
        kind = draw(st.sampled_from(["pair", "list", "blank", "junk"]))
        key = draw(st.sampled_from(KEYS))
        if kind == "pair":
            lines.append(key + draw(st.sampled_from(SEPARATORS)) + draw(st.sampled_from(SCALARS)))
        elif kind == "list":
            lines.append(key + draw(st.sampled_from([":", ": ", ":  "])))
            indent = draw(st.sampled_from(INDENTS))
            for _ in range(draw(st.integers(0, 3))):
                lines.append(indent + "- " + draw(st.sampled_from(SCALARS)))
            if draw(st.booleans()):
                lines.append(draw(st.sampled_from(INDENTS)) + "- " + draw(st.sampled_from(SCALARS)))
        elif kind == "blank":
            lines.append(draw(st.sampled_from(["", " ", "# comment", "---", "..."])))
        else:
            lines.append(draw(st.sampled_from(["  continued", "key", "- top", "%YAML 1.1"])))
    newline = draw(st.sampled_from(["\n", "\n", "\r\n"]))
    return (
        draw(st.sampled_from(["", "\n"])) + newline.join(lines) + draw(st.sampled_from(["", "\n"]))
    )


def _typed(value: Any) -> Any:
    """Values with their types, so that 1 and '1' or a date and its text differ."""
    if isinstance(value, dict):
        return {k: _typed(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_typed(v) for v in value]
    return (type(value).__name__, value)


@settings(max_examples=800, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(front_matter() | subset_front_matter())
@example("\ntitle: 'x'\ndate: '2024-07-24'\ncategory: news\ntags:\n  - openEuler\n")
@example("\ntitle: x\ndate: 2020-06-24\ntags:\n- a\n- 'b'\narchives: 2020-06\n")
def test_the_subset_reads_as_ruamel_reads(text: str) -> None:
    simple = yamlio._load_simple(text)
    if simple is None:
        return  # not in the subset: ruamel.yaml reads it
    full = yamlio.load_with_ruamel(text)
    assert isinstance(full, yamlio.YamlDocument), full
    assert _typed(plain(simple.data)) == _typed(plain(full.data))
    assert simple.keys == full.keys


def test_common_front_matter_is_in_the_subset() -> None:
    text = (
        "\ntitle: '激发创新火花'\ndate: 2024-07-24\ncategory: news\ntags:\n  - openEuler\n"
        "  - 'SIG'\nbanner: img/banners/a.jpg\nauthor: openEuler\narchives: 2024-07\n"
        'summary: "线上聊千遍。"\n'
    )
    simple = yamlio._load_simple(text)
    assert simple is not None
    assert yamlio.load(text) == simple


def test_outside_the_subset_ruamel_decides() -> None:
    for text in ("a: 1\n", "a: 2025-13-45\n", "a: &x b\nc: *x\n", "a: x\na: y\n", "a: [1]\n"):
        assert yamlio._load_simple(text) is None
        assert type(yamlio.load(text)) is type(yamlio.load_with_ruamel(text))
