"""Segmentation (DESIGN §4 "extract"): which text becomes a message, and its msgid."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from eulerdoc.article import load_article, load_bytes
from eulerdoc.article.segments import (
    BLOCK_QUOTE,
    FRONT_MATTER,
    HEADING,
    HTML,
    IMAGE_ALT,
    LIST_ITEM,
    PARAGRAPH,
    TABLE_CELL,
    Segment,
    is_meaningless_alt,
    is_url_only,
    segment_article,
)
from eulerdoc.article.text import join_soft_breaks, joins_without_space
from tests.conftest import FIXTURES, corpus_articles, requires_corpus

L10N = FIXTURES / "l10n"

Row = tuple[object, ...]


def rows(segments: list[Segment]) -> list[Row]:
    return [
        (s.line, s.kind, s.msgid) if s.context is None else (s.line, s.kind, s.context, s.msgid)
        for s in segments
    ]


def fixture(name: str) -> list[Row]:
    return rows(load_article(L10N / name).segments)


def of(text: str) -> list[Row]:
    return rows(load_bytes(text.encode("utf-8"), Path("a.md")).segments)


def msgids(text: str) -> list[str]:
    return [s.msgid for s in load_bytes(text.encode("utf-8"), Path("a.md")).segments]


# --- the fixtures, message by message ------------------------------------------------


def test_basic_fixture() -> None:
    assert fixture("basic.md") == [
        (3, FRONT_MATTER, "title", "欢迎使用 openEuler 社区"),
        (4, FRONT_MATTER, "summary", "这是“单引号”风格的摘要，包含 '转义' 引号"),
        (22, HEADING, "openEuler 社区发布新版本"),
        (
            24,
            PARAGRAPH,
            "这是第一段文字，包含**粗体**和*斜体*，以及`代码片段`。"
            "这一行是软换行，和上一行之间没有空格。 English words wrap with a space between lines.",
        ),
        (29, PARAGRAPH, "第二段有硬换行：两个空格  \n然后是反斜杠\\\n最后一行。"),
        (33, HEADING, "设置标题一"),
        (36, HEADING, "设置标题二，比较长的中文标题"),
        (39, PARAGRAPH, "实体：&nbsp;空格、&#x4e2d;文、&copy; 以及 \\*转义\\* 字符。"),
        (41, HEADING, "中文标题"),
        (
            43,
            PARAGRAPH,
            '欢迎访问[官方网站](https://www.openeuler.org/zh/ "标题")和<https://gitee.com/openeuler>。',
        ),
        (47, PARAGRAPH, "最后一段没有链接。"),
    ]


def test_code_and_html_fixture() -> None:
    # never: fenced and indented code, <script>, comments, auto alt text, reference
    # definitions; but the text of an HTML block and meaningful alt texts are messages
    assert fixture("code.md") == [
        (1, HEADING, "代码和 HTML"),
        (16, HTML, "HTML 块中的文字"),
        (17, IMAGE_ALT, "社区活动现场照片"),
        (26, PARAGRAPH, "参考链接：[openEuler 官网][site]和[文档][]。"),
        (28, IMAGE_ALT, "社区合影"),
        (32, IMAGE_ALT, "参考图片"),
    ]


def test_lists_and_quotes_fixture() -> None:
    assert fixture("lists.md") == [
        (1, HEADING, "列表和引用"),
        (3, LIST_ITEM, "第一项"),
        (4, LIST_ITEM, "第二项，包含软换行的文字"),
        (6, LIST_ITEM, "嵌套的第一项"),
        (7, LIST_ITEM, "嵌套的第二项  \n带硬换行"),
        (9, LIST_ITEM, "第三项"),
        (11, LIST_ITEM, "第三项的第二段。"),
        (13, LIST_ITEM, "有序列表第一项"),
        (14, LIST_ITEM, "有序列表第二项"),
        (15, LIST_ITEM, "嵌套有序第一项"),
        (16, LIST_ITEM, "嵌套有序第二项"),
        (18, LIST_ITEM, "星号列表"),
        (19, LIST_ITEM, "加号列表"),
        (21, BLOCK_QUOTE, "引用第一段，惰性续行的文字。"),
        (24, BLOCK_QUOTE, "引用第二段\\\n硬换行后面的文字。"),
        (27, LIST_ITEM, "引用中的列表项"),
        (28, LIST_ITEM, "另一项"),
        (30, BLOCK_QUOTE, "嵌套引用中的文字"),
        (32, BLOCK_QUOTE, "列表中的引用继续引用"),
        (35, LIST_ITEM, "从十开始的列表"),
        (36, LIST_ITEM, "第十一项"),
    ]


def test_nested_containers_fixture() -> None:
    assert fixture("nested.md") == [
        (1, HEADING, "引用中的设置标题"),
        (4, HEADING, "列表中的标题"),
        (7, HEADING, "列表中的 ATX 标题"),
        (9, LIST_ITEM, "第一项"),
        (15, LIST_ITEM, "第一项的第二段，包含 [链接](../other.md)。"),
    ]


def test_tables_fixture() -> None:
    # cells without letters ("1.0", "0.95（0.13）") are not messages; a pipe inside a
    # code span splits the cell, as GFM (and the site's renderer) says
    assert fixture("tables.md") == [
        (1, HEADING, "表格"),
        (3, TABLE_CELL, "名称"),
        (3, TABLE_CELL, "说明"),
        (3, TABLE_CELL, "数值"),
        (5, TABLE_CELL, "第一行"),
        (5, TABLE_CELL, "包含 \\| 竖线"),
        (6, TABLE_CELL, "`代码"),
        (6, TABLE_CELL, "竖线`"),
        (6, TABLE_CELL, "**粗体** 单元格"),
        (7, TABLE_CELL, "空单元格之后"),
        (9, TABLE_CELL, "名称"),
        (9, TABLE_CELL, "无外侧竖线"),
        (11, TABLE_CELL, "左边"),
        (11, TABLE_CELL, "右边的文字"),
    ]


def test_html_fixture() -> None:
    assert fixture("seg_html.md") == [
        (1, HEADING, "HTML 块"),
        # phrasing tags stay inside one message; the wrapping <p> does not
        (4, HTML, '这是一段<b>加粗</b>的说明，包含<a href="https://example.org/">链接</a>。'),
        (6, HTML, "第一部分"),
        # one link per line: one message each, without the <a> wrapper
        (10, HTML, "第一节"),
        (11, HTML, "第二节"),
        # <p><code>make install</code></p> has no text of its own
        (16, HTML, "运行 <code>make</code> 命令即可。"),
        (18, IMAGE_ALT, "系统架构示意图"),
        # alt="IMG_256", the comment, <style> and <pre>, &nbsp; and <br>: nothing
        (32, HTML, "名称"),
        (32, HTML, "版本号"),
        (37, HTML, "列表中的 HTML 文字"),
        (40, HTML, "引用中的 HTML 文字，第二行"),
    ]


def test_images_fixture() -> None:
    assert fixture("seg_images.md") == [
        (1, HEADING, "图片"),
        (3, IMAGE_ALT, "系统整体架构"),
        # image1, IMG\_256, clip_image002, image-2020…, empty alt: generated, not messages
        (15, IMAGE_ALT, "项目徽标"),  # an image inside a link is still only an image
        (19, PARAGRAPH, "图片前面的文字 ![内联图片说明](./media/inline.png) 后面的文字。"),
        (21, IMAGE_ALT, "内联网页图片"),
        (25, IMAGE_ALT, "视频封面"),  # inline <img alt> in a paragraph without text
        # bare URLs, autolinks, e-mail autolinks, [url](url), "[1] url": nothing to translate
        (37, PARAGRAPH, "参考：https://example.org/reference"),
        # `make install` alone and the `--force` cell: code only
        (41, TABLE_CELL, "参数"),
        (41, TABLE_CELL, "说明"),
        (43, TABLE_CELL, "强制执行"),
    ]


# --- soft and hard line breaks ------------------------------------------------------


def test_soft_breaks_fixture() -> None:
    assert fixture("seg_softbreaks.md") == [
        # no space between Chinese characters, full-width and Chinese punctuation
        (1, PARAGRAPH, "中文第一行中文第二行，“引号开头的行”继续写。"),
        # one space between Latin words
        (6, PARAGRAPH, "English words wrap with one space between lines."),
        (10, PARAGRAPH, "中文和English 混合的行 mixed text."),
        # hard breaks stay: two trailing spaces, backslash
        (14, PARAGRAPH, "两个空格的硬换行  \n第二行保留换行。"),
        (17, PARAGRAPH, "反斜杠的硬换行\\\n第二行也保留。"),
        (20, PARAGRAPH, "全角标点结尾：下一行（括号）《书名》结束。"),
        # Korean separates words with spaces
        (25, PARAGRAPH, "한국어 문장은 띄어 씁니다."),
        (28, LIST_ITEM, "列表中的软换行"),
        (31, BLOCK_QUOTE, "引用中的软换行"),
    ]


@pytest.mark.parametrize(
    ("before", "after", "joined"),
    [
        ("中", "文", True),
        ("。", "下", True),  # U+3002, wide
        ("，", "下", True),  # U+FF0C, full-width
        ("中", "（", True),
        ("文", "“", True),  # Chinese quotation marks are ambiguous-width punctuation
        ("”", "继", True),
        ("…", "中", True),
        ("ア", "イ", True),  # kana
        ("a", "b", False),
        ("中", "a", False),
        ("a", "中", False),
        ("”", "a", False),
        ("a", "“", False),
        ("한", "국", False),
        ("中", "1", False),
    ],
)
def test_joins_without_space(before: str, after: str, joined: bool) -> None:
    assert joins_without_space(before, after) is joined


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        ("第一行\n第二行", "第一行第二行"),
        ("第一行。\n第二行", "第一行。第二行"),
        ("one\ntwo", "one two"),
        ("one   \n   two", "one   \ntwo"),  # two or more trailing spaces: hard break
        ("one \n two", "one two"),  # one trailing space: soft
        ("一\\\n二", "一\\\n二"),  # backslash: hard break
        ("一\\\\\n二", "一\\\\ 二"),  # an escaped backslash is not a break
        ("一\n\t二", "一二"),
        ("单行", "单行"),
    ],
)
def test_join_soft_breaks(content: str, expected: str) -> None:
    assert join_soft_breaks(content) == expected


_LINE = st.text(alphabet=["中", "a", " ", "\\", "。", "\t"], min_size=1, max_size=8).filter(
    lambda line: bool(line.strip(" \t")) and not line.startswith(("    ", "\t"))
)


@settings(max_examples=300, deadline=None)
@given(st.lists(_LINE, min_size=1, max_size=6))
@example(["a\\  ", "b"])  # '\\ ' escapes the first space: one space is left, a soft break
@example(["a\\   ", "b"])  # three: two are left, a hard break
@example(["a\\\\  ", "b"])  # an escaped backslash escapes no space
def test_hard_breaks_are_the_ones_markdown_it_sees(lines: list[str]) -> None:
    """Each line break that stays in the joined text is a hard break for markdown-it."""
    from eulerdoc.article.tokens import parse

    inline = [t for t in parse("x\n\n" + "\n".join(lines) + "\n") if t.type == "inline"][-1]
    breaks = sum(1 for child in inline.children or () if child.type == "hardbreak")
    assert join_soft_breaks(inline.content).count("\n") == breaks


def test_joining_many_lines_is_linear() -> None:
    """Each line's end is looked at alone (searching the text joined so far for a hard
    break made a long paragraph quadratic)."""
    content = "\n".join(f"第{i}行  " if i % 7 == 0 else f"第{i}行" for i in range(50_000))
    joined = join_soft_breaks(content)
    assert joined.count("\n") == len(range(0, 49_999, 7))
    assert joined.startswith("第0行  \n第1行第2行")


def test_html_text_has_no_hard_breaks() -> None:
    assert join_soft_breaks("一  \n二", hard_breaks=False) == "一二"


_CJK_WORDS = st.text(
    alphabet="社区版本发布开源软件系统内核生态合作伙伴，。、：（）“”", min_size=1, max_size=6
)
_LATIN_WORDS = st.text(alphabet="abcdefghijklmnopqrstuvwxyz", min_size=1, max_size=8)


@st.composite
def _sentences(draw: st.DrawFn) -> tuple[str, str]:
    """A one-line sentence and the same sentence wrapped at random places where a
    wrap is allowed (a space, or between two Chinese characters)."""
    words = draw(st.lists(st.one_of(_CJK_WORDS, _LATIN_WORDS), min_size=1, max_size=12))
    sentence = ""
    for word in words:
        if sentence and (sentence[-1].isascii() or word[0].isascii()):
            sentence += " "
        sentence += word
    sentence = sentence.strip("，。、：（）“” ") or "社区"
    sentence = "开始" + sentence
    wrapped = []
    for index, char in enumerate(sentence):
        if char == " " and draw(st.booleans()):
            wrapped.append("\n")
            continue
        wrapped.append(char)
        nxt = sentence[index + 1 : index + 2]
        if nxt and joins_without_space(char, nxt) and draw(st.booleans()):
            wrapped.append("\n")
    return sentence, "".join(wrapped)


@given(_sentences())
@settings(max_examples=100, deadline=None)
def test_wrapping_does_not_change_the_msgid(pair: tuple[str, str]) -> None:
    sentence, wrapped = pair
    assert msgids(wrapped + "\n") == [sentence]
    assert msgids("- " + wrapped.replace("\n", "\n  ") + "\n") == [sentence]
    assert msgids("> " + wrapped.replace("\n", "\n> ") + "\n") == [sentence]


# --- what is a message -------------------------------------------------------------


def test_headings_atx_and_setext() -> None:
    text = (
        "# 标题一 #\n\n## 标题二 ##   \n\n### 末尾的 \\#\n\n#\n\n多行\n设置标题\n===\n\n二级\n---\n"
    )
    assert of(text) == [
        (1, HEADING, "标题一"),
        (3, HEADING, "标题二"),
        (5, HEADING, "末尾的 \\#"),
        (9, HEADING, "多行设置标题"),
        (13, HEADING, "二级"),
    ]


def test_never_code_or_link_reference_definitions() -> None:
    text = (
        "```\n代码块\n```\n\n    缩进的代码\n\n~~~\n波浪线代码\n~~~\n\n"
        '[定义]: https://example.org/ "定义的标题"\n\n正文。\n'
    )
    assert of(text) == [(13, PARAGRAPH, "正文。")]


def test_front_matter_lines_count_and_keys() -> None:
    text = (
        "---\n"
        "title: 标题\n"
        "date: 2024-03-18\n"
        "summary: >\n"
        "  折叠的摘要\n"
        "tags:\n"
        "  - 标签\n"
        "author: 作者\n"
        "---\n"
        "\n"
        "正文第一段。\n"
    )
    article = load_bytes(text.encode("utf-8"), Path("a.md"))
    assert rows(article.segments) == [
        (2, FRONT_MATTER, "title", "标题"),
        (11, PARAGRAPH, "正文第一段。"),
    ]
    assert rows(segment_article(article, ("author", "title", "tags", "date"))) == [
        (8, FRONT_MATTER, "author", "作者"),
        (2, FRONT_MATTER, "title", "标题"),
        (11, PARAGRAPH, "正文第一段。"),
    ]


def test_url_only_text() -> None:
    assert is_url_only("https://example.org/a?b=c")
    assert is_url_only("<https://example.org/>")
    assert is_url_only("[https://example.org/](https://example.org/)")
    assert is_url_only("[1] https://example.org/ [2] www.example.org")
    assert is_url_only("<team@example.org>")
    assert not is_url_only("参考：https://example.org/")
    assert not is_url_only("https://example.org/了解更多")
    assert not is_url_only("[官网](https://example.org/)")


@pytest.mark.parametrize(
    "alt",
    [
        "",
        " ",
        "image",
        "image2",
        "IMG_256",
        "IMG\\_256",
        "img",
        "image-20200521203551777",
        "clip_image002",
        "Snipaste_2020-05-06_15-24-26",
        "微信图片_20200101",
        "图1",
        "截图 (3)",
        "12",
        "a.png",
        "屏幕截图.jpg",
    ],
)
def test_meaningless_alt(alt: str) -> None:
    assert is_meaningless_alt(alt)


@pytest.mark.parametrize(
    "alt", ["系统架构", "图1 系统架构", "arch", "Docker架构图", "imagination", "photo of the team"]
)
def test_meaningful_alt(alt: str) -> None:
    assert not is_meaningless_alt(alt)


def test_inline_markdown_escapes_and_entities_stay_verbatim() -> None:
    text = '**粗体** *斜体* ~~删除~~ `代码` [链接](https://example.org/ "标题") \\_下划线\\_ &amp; &#x4e2d; <span>标签</span>\n'
    assert msgids(text) == [text.rstrip("\n")]


def test_html_tags_that_do_not_pair_up_fall_back_to_text_pieces() -> None:
    text = "<div>\n前面<b>没有闭合\n</div>\n"
    assert of(text) == [(2, HTML, "前面"), (2, HTML, "没有闭合")]


def test_crlf_and_bom_give_the_same_messages() -> None:
    data = (L10N / "lists.md").read_bytes()
    plain = rows(load_bytes(data, Path("a.md")).segments)
    crlf = b"\xef\xbb\xbf" + data.replace(b"\n", b"\r\n")
    assert rows(load_bytes(crlf, Path("a.md")).segments) == plain
    html = (L10N / "seg_html.md").read_bytes()
    assert rows(load_bytes(html.replace(b"\n", b"\r\n"), Path("a.md")).segments) == rows(
        load_bytes(html, Path("a.md")).segments
    )


# --- spans: what build replaces ------------------------------------------------------


def _check_spans(article_path: Path) -> None:
    data = article_path.read_bytes()
    article = load_bytes(data, article_path)
    previous_end = -1
    body = [s for s in article.segments if s.kind != FRONT_MATTER]
    for segment in article.segments:
        region = article.text[segment.start : segment.end]
        assert 0 <= segment.start < segment.end <= len(article.text)
        assert region == region.strip(" \t\r\n"), (segment, region)
        assert article.line_of(segment.start) + 1 == segment.line
        if (
            "\n" not in region
            and "\r" not in region
            and segment.kind
            in (
                HEADING,
                PARAGRAPH,
                LIST_ITEM,
                BLOCK_QUOTE,
                TABLE_CELL,
                HTML,
                IMAGE_ALT,
            )
        ):
            assert region == segment.msgid, (segment, region)
    for segment in body:  # in document order, never overlapping
        assert segment.start >= previous_end, segment
        previous_end = segment.end


@pytest.mark.parametrize("path", sorted(L10N.glob("*.md")), ids=lambda p: p.name)
def test_fixture_spans(path: Path) -> None:
    _check_spans(path)


@requires_corpus
def test_corpus_spans() -> None:
    articles = corpus_articles()
    assert articles
    for path in articles:
        _check_spans(path)
