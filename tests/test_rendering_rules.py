"""Rendering rules MD001-MD003: what markdown-it shows, exact positions, safe fixes."""

from __future__ import annotations

import html
import re
from pathlib import Path

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from eulerdoc.article import parse_text
from eulerdoc.article.load import ArticleLoadError
from eulerdoc.article.tokens import parser
from eulerdoc.config import Config
from eulerdoc.diagnostic import Diagnostic
from eulerdoc.rules import check_article
from eulerdoc.rules.context import LintContext
from eulerdoc.rules.fix import MAX_PASSES, apply_fixes
from eulerdoc.rules.registry import load_rules
from eulerdoc.rules.rendering import _scanner, check_rendering, inline_views, scan_inline
from eulerdoc.rules.terminology import check_terminology
from eulerdoc.site import Site
from tests.conftest import CORPUS, FIXTURES, corpus_articles, requires_corpus

FRONT = "---\ntitle: '社区动态'\ndate: '2024-03-18'\n---\n\n"
BODY_LINE = FRONT.count("\n") + 1  # the line where the body starts
CODES = ("MD001", "MD002", "MD003", "TERM001")
SITE = Site(root=Path("site").resolve())


def lint_text(text: str, codes: tuple[str, ...] = CODES) -> list[Diagnostic]:
    """The findings of the rendering and terminology checkers only (the others are slower)."""
    load_rules()
    article = parse_text(text, Path("site/news/a.md"))
    context = LintContext(article, Config(), SITE)
    found = [*check_rendering(context), *check_terminology(context)]
    return sorted((d for d in found if d.code in codes), key=Diagnostic.sort_key)


def test_the_checkers_are_registered() -> None:
    text = FRONT + "**注意：**正文 openEule \\_ [https://example.org]\n"
    article = parse_text(text, Path("site/news/a.md"))
    codes = {d.code for d in check_article(article, Config(), SITE)}
    assert {"MD001", "TERM001", "MD003"} <= codes


def found(body: str, code: str) -> list[tuple[int, int]]:
    """(line, column) of each finding, lines counted from the first line of ``body``."""
    return [(d.line - BODY_LINE + 1, d.column) for d in lint_text(FRONT + body, (code,))]


def fix_all(text: str, codes: tuple[str, ...] = CODES) -> str:
    """Apply the safe fixes the way ``eulerdoc lint --fix`` does: pass after pass."""
    for _pass in range(MAX_PASSES):
        fixable = [d for d in lint_text(text, codes) if d.fix is not None]
        new, applied = apply_fixes(text, fixable)
        if not applied or new == text:
            break
        text = new
    return text


def fixed_body(body: str, code: str) -> str:
    return fix_all(FRONT + body, (code,))[len(FRONT) :]


def block_shape(text: str) -> list[tuple[str, str, int, tuple[int, ...] | None]]:
    article = parse_text(text, Path("a.md"))
    return [
        (t.type, t.tag, t.nesting, tuple(t.map) if t.map else None)
        for t in article.tokens
        if t.type != "inline"
    ]


def visible(text: str) -> str:
    rendered = parser().render(text)
    return html.unescape(re.sub(r"<[^>]*>", "", rendered))


# --- MD001 -------------------------------------------------------------------------

MD001_CASES = [
    # (body, positions, fixed body or None when no automatic fix)
    ("**注意：**正文", [(1, 1)], "**注意**：正文"),
    ("前文**注意：**正文", [(1, 3)], "前文**注意**：正文"),
    ("**  8家伙伴发布商业版**2024年", [(1, 1)], "**8家伙伴发布商业版**2024年"),
    ("\u00a0**\u00a0\u00a09家单位签约**随后", [(1, 2)], "\u00a0**9家单位签约**随后"),
    ("当天，**20+**开发者参加", [(1, 4)], "当天，**20**+开发者参加"),
    ("前**“开源周”**开始", [(1, 2)], "前“**开源周**”开始"),
    ("*注意：*正文", [(1, 1)], "*注意*：正文"),
    ("中文__粗体__中文", [(1, 3)], "中文**粗体**中文"),
    (
        "> 引用**说明：**也一样\n> 第二处**备注：**同理",
        [(1, 5), (2, 6)],
        "> 引用**说明**：也一样\n> 第二处**备注**：同理",
    ),
    ("- 列表**步骤：**安装", [(1, 5)], "- 列表**步骤**：安装"),
    ("## 标题**注意：**正文 ##", [(1, 6)], "## 标题**注意**：正文 ##"),
    (
        "| a | b |\n|---|---|\n| 甲 | **时间：**周四 |",
        [(3, 7)],
        "| a | b |\n|---|---|\n| 甲 | **时间**：周四 |",
    ),
    ("| a |\n|---|\n| **构建****归档地址** |", [(3, 7)], "| a |\n|---|\n| **构建归档地址** |"),
    ("**[链接](https://example.org)**后文", [(1, 1)], None),
    ("段落\r\n第二行**注意：**正文\r\n", [(2, 4)], "段落\r\n第二行**注意**：正文\r\n"),
    ("**a**b**", [(1, 7)], None),
]


@pytest.mark.parametrize(("body", "positions", "repaired"), MD001_CASES)
def test_md001_reports_literal_markers(
    body: str, positions: list[tuple[int, int]], repaired: str | None
) -> None:
    assert found(body, "MD001") == positions
    result = fixed_body(body, "MD001")
    assert result == (body if repaired is None else repaired)
    assert found(result, "MD001") == ([] if repaired is not None else positions)


@pytest.mark.parametrize(
    "body",
    [
        "**注意**：正文",
        "**提示：** 正文",
        "见**注意！**。",
        "`**注意：**正文` 在代码里",
        "\\*\\*注意：\\*\\*正文",
        "计算 2**10 的值",
        "写 a * b * c 或 x ** 2",
        "文件 __init__.py 与 file_name 与 a__b__c",
        "见 https://example.org/**/index.html 页面",
        "注：*为必填项",
        "3*4*5",
        '<span title="**注意：**正文">x</span>',
        "```\n**注意：**正文\n```",
        "    **注意：**缩进代码",
        "<div>\n**注意：**正文\n</div>",
    ],
)
def test_md001_not_reported(body: str) -> None:
    assert found(body, "MD001") == []


def test_md001_message_names_the_cause() -> None:
    (diagnostic,) = lint_text(FRONT + "**注意：**正文", ("MD001",))
    assert "'：'" in diagnostic.message and "**" in diagnostic.message
    (diagnostic,) = lint_text(FRONT + "**  注意**正文", ("MD001",))
    assert "space" in diagnostic.message


def test_md001_fix_never_breaks_working_emphasis() -> None:
    # The lone '2**10' must not be paired with the bold that works.
    body = "2**10 和 **粗体** 以及 **注意：**正文"
    assert fixed_body(body, "MD001") == "2**10 和 **粗体** 以及 **注意**：正文"


@requires_corpus
def test_md001_ground_truth_on_seeds() -> None:
    from eulerdoc.rules.runner import lint_paths

    result = lint_paths([CORPUS / "seeds"], Config(), select=["MD001"], progress=False)
    places = sorted((Path(d.path).name, d.line) for d in result.diagnostics)
    assert places == [
        ("001_dab2b9fc6be8bfb7.md", 44),
        ("001_dab2b9fc6be8bfb7.md", 58),
        ("001_dab2b9fc6be8bfb7.md", 66),
        ("001_dab2b9fc6be8bfb7.md", 80),
        ("003_3415d0f2cd7d6be8.md", 108),
    ]
    for diagnostic in result.diagnostics:
        line = Path(diagnostic.path).read_text(encoding="utf-8").splitlines()[diagnostic.line - 1]
        assert line[diagnostic.column - 1 : diagnostic.column + 1] == "**"
        assert diagnostic.fix is not None


# --- MD002 -------------------------------------------------------------------------


MD002_CASES = [
    ("openEuler\\_24.03\\_LTS", [(1, 10), (1, 17)], "openEuler_24.03_LTS"),
    ('简称\\"openEuler\\"', [(1, 3), (1, 14)], '简称"openEuler"'),
    ("吞吐1x\\~2.5x", [(1, 5)], "吞吐1x~2.5x"),
    ("时刻\\...敬请期待", [(1, 3)], "时刻...敬请期待"),
    ("\\[北京，2024年\\] 开幕", [(1, 1), (1, 11)], "[北京，2024年] 开幕"),
    ("接口 file-\\>write", [(1, 9)], "接口 file->write"),
    ("It\\'s 开源", [(1, 3)], "It's 开源"),
    ("![社区\\_合影](a.png)", [(1, 5)], "![社区_合影](a.png)"),
    ("a\n\\=\\=\\=", [(2, 1), (2, 3)], "a\n==\\="),
]


@pytest.mark.parametrize(("body", "positions", "repaired"), MD002_CASES)
def test_md002_reports_each_unneeded_escape(
    body: str, positions: list[tuple[int, int]], repaired: str
) -> None:
    assert found(body, "MD002") == positions
    result = fixed_body(body, "MD002")
    assert result == repaired
    assert parser().render(FRONT + result) == parser().render(FRONT + body)
    assert found(result, "MD002") == []


@pytest.mark.parametrize(
    "body",
    [
        "\\*不是强调\\*",
        "\\_也不是\\_",
        "\\*\\*\\*",
        "\\# 不是标题",
        "\\- 不是列表",
        "\\+ 不是列表",
        "1\\. 不是有序列表",
        "\\> 不是引用",
        "\\<div> 不是 HTML",
        "\\[x]: https://example.org",
        "反斜杠 \\\\ 与 a\\|b",
        "`a\\_b` 代码",
        "```\na\\_b\n```",
        "a\\\nb",
        "&amp; 与 \\&amp;",
        "\\`代码\\`",
        "a\n\\=",
        "[a](https://example.org/x\\_y)",
        "<https://example.org/x\\_y>",
    ],
)
def test_md002_not_reported(body: str) -> None:
    assert found(body, "MD002") == []


# --- MD003 -------------------------------------------------------------------------


MD003_CASES = [
    (
        "见[https://gitee.com/openeuler/community]。",
        [(1, 2)],
        "见<https://gitee.com/openeuler/community>。",
    ),
    ("见[https://example.org/a\\_b]", [(1, 2)], "见<https://example.org/a_b>"),
    (
        "| a |\n|---|\n| [http://example.org/] |",
        [(3, 3)],
        "| a |\n|---|\n| <http://example.org/> |",
    ),
    ("**链接：**[https://example.org/x]", [(1, 8)], "**链接：**<https://example.org/x>"),
    # An entity is decoded in brackets and not in an autolink: reported, not fixed.
    (
        "详见[https://example.org/?a=1&amp;b=2]。",
        [(1, 3)],
        "详见[https://example.org/?a=1&amp;b=2]。",
    ),
    ("见[https://example.org/?a=1&b=2]", [(1, 2)], "见<https://example.org/?a=1&b=2>"),
]


@pytest.mark.parametrize(("body", "positions", "repaired"), MD003_CASES)
def test_md003_reports_bracketed_urls(
    body: str, positions: list[tuple[int, int]], repaired: str
) -> None:
    assert found(body, "MD003") == positions
    assert fixed_body(body, "MD003") == repaired


@pytest.mark.parametrize(
    "body",
    [
        "[https://example.org](https://example.org)",
        "[https://example.org][ref]\n\n[ref]: https://example.org",
        "[https://example.org]\n\n[https://example.org]: https://example.org",
        "`[https://example.org]`",
        "\\[https://example.org]",
        "[[https://example.org]](https://example.com)",
        "```\n[https://example.org]\n```",
        "[链接文字] 不是网址",
    ],
)
def test_md003_not_reported(body: str) -> None:
    assert found(body, "MD003") == []


# --- the instrumented parser and positions ---------------------------------------------


def test_scan_records_constructs_with_positions() -> None:
    src = "a `c*d` **b：**c [t](u) <https://x.org> \\_ &amp; <br>"
    scan = scan_inline(src)
    kinds = {s.kind: src[s.start : s.end] for s in scan.spans}
    assert kinds["code"] == "`c*d`"
    assert kinds["link"] == "[t](u)"
    assert kinds["autolink"] == "<https://x.org>"
    assert kinds["entity"] == "&amp;"
    assert kinds["html"] == "<br>"
    assert [src[i : i + 2] for i in scan.escapes] == ["\\_"]
    assert [(src[r.pos : r.end], r.literal) for r in scan.runs] == [("**", True), ("**", True)]


def _inline_texts() -> list[tuple[str, dict[str, object]]]:
    out = []
    for path in [*corpus_articles(), *sorted((FIXTURES / "rules").glob("*/*.md"))]:
        try:
            article = parse_text(path.read_text(encoding="utf-8"), path)
        except (UnicodeDecodeError, ArticleLoadError):  # input-rule fixtures
            continue
        out.extend((t.content, article.env) for t in article.tokens if t.type == "inline")
    return out


def test_instrumented_parser_renders_like_the_site() -> None:
    for content, env in _inline_texts():
        assert _scanner().renderInline(content, dict(env)) == parser().renderInline(
            content, dict(env)
        )


def _articles() -> list[Path]:
    paths = [*corpus_articles(), *sorted((FIXTURES / "rules").glob("*/*.md"))]
    out = []
    for path in paths:
        try:
            parse_text(path.read_text(encoding="utf-8"), path)
        except (UnicodeDecodeError, ArticleLoadError):  # input-rule fixtures
            continue
        out.append(path)
    return out


def test_inline_views_map_back_to_the_source() -> None:
    for path in _articles():
        article = parse_text(path.read_text(encoding="utf-8"), path)
        for view in inline_views(article):
            for line_start in view.line_starts():
                length = view.src.find("\n", line_start)
                length = len(view.src) if length < 0 else length
                begin = view.offset(line_start)
                assert (
                    article.text[begin : begin + length - line_start] == view.src[line_start:length]
                )


@pytest.mark.parametrize("path", _articles(), ids=lambda p: p.name)
def test_positions_point_at_the_problem(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    article = parse_text(text, path)
    for diagnostic in lint_text(text, ("MD001", "MD002", "MD003")):
        line = article.line_text(diagnostic.line - 1)
        char = line[diagnostic.column - 1]
        expected = {"MD001": "*_", "MD002": "\\", "MD003": "["}[diagnostic.code]
        assert char in expected, (diagnostic, line)


# --- fix safety ----------------------------------------------------------------------------


@pytest.mark.parametrize("path", _articles(), ids=lambda p: p.name)
def test_fixes_keep_the_structure_and_are_idempotent(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    fixed = fix_all(text)
    assert block_shape(fixed) == block_shape(text)
    assert [d for d in lint_text(fixed) if d.fix is not None] == []
    # MD002 alone never changes what is rendered; MD001 only removes markers and spaces.
    assert parser().render(fix_all(text, ("MD002",))) == parser().render(text)
    emphasis = fix_all(text, ("MD001",))
    strip = re.compile(r"[*_\s\u00a0\u3000]")
    assert strip.sub("", visible(emphasis)) == strip.sub("", visible(text))


_PIECES = st.sampled_from(
    ["**", "*", "__", "_", "：", "。", "“", "”", "+", "注意", "正文", "ab", "1", " ", "\u00a0",
     "\\", "\\_", "\\*", '\\"', "\\~", "\\.", "\\[", "\\]", "[", "]", "(", ")", "`", "\n",
     "\n\n", "> ", "- ", "1. ", "#", "=", "-", "    ", "~~", "|", "<b>", "![a](b)", "[t](u)",
     "https://example.org/x", "[https://example.org]", "openEule", "Open Euler"]
)  # fmt: skip


@settings(max_examples=150, deadline=None)
@given(st.lists(_PIECES, max_size=24).map("".join))
@example("> **\n\\*")  # unescaped, the lazy '*' line would end the quote: a list item
@example("- a\n\\- b")  # the same in a list item
def test_fixes_are_safe_on_any_input(body: str) -> None:
    text = FRONT + body
    article = parse_text(text, Path("a.md"))
    for diagnostic in lint_text(text):
        char = article.line_text(diagnostic.line - 1)[diagnostic.column - 1]
        expected = {"MD001": "*_", "MD002": "\\", "MD003": "[", "TERM001": "oO"}
        assert char in expected[diagnostic.code]
    fixed = fix_all(text)
    assert block_shape(fixed) == block_shape(text)
    assert [d for d in lint_text(fixed) if d.fix is not None] == []
    assert parser().render(fix_all(text, ("MD002",))) == parser().render(text)
    strip = re.compile(r"[*_\s\u00a0\u3000]")
    emphasis = fix_all(text, ("MD001",))
    assert strip.sub("", visible(emphasis)) == strip.sub("", visible(text))
