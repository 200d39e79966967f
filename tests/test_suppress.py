"""Inline suppression comments: ranges, lines, files, front matter, and SUP001."""

from __future__ import annotations

from pathlib import Path

import pytest

from eulerdoc.article import parse_text
from eulerdoc.cli import main
from eulerdoc.config import Config
from eulerdoc.diagnostic import Diagnostic
from eulerdoc.i18n import set_language
from eulerdoc.rules import check_article
from eulerdoc.rules.runner import all_rules
from eulerdoc.rules.suppress import Suppressions, find_directives
from eulerdoc.site import Site

FRONT = "---\ntitle: '标题'\n---\n"  # lines 1-3


@pytest.fixture(autouse=True)
def _english(monkeypatch: pytest.MonkeyPatch) -> None:
    for var in ("LANGUAGE", "LC_ALL", "LC_MESSAGES"):
        monkeypatch.delenv(var, raising=False)
    monkeypatch.setenv("LANG", "C")
    set_language(None)
    all_rules()


def kept(body: str, *found: tuple[str, int], front: str = FRONT) -> list[tuple[str, int]]:
    """Which of the (code, line) findings survive the article's suppression comments."""
    article = parse_text(front + body, Path("a.md"))
    diagnostics = [Diagnostic("a.md", line, 1, code, "m") for code, line in found]
    return [(d.code, d.line) for d in Suppressions.of(article).filter(diagnostics)]


def sup001(text: str) -> list[tuple[int, int, str]]:
    article = parse_text(text, Path("blog/a.md"))
    found = check_article(article, Config(), Site(root=Path.cwd()))
    return [(d.line, d.column, d.message) for d in found if d.code == "SUP001"]


# Body lines below start at line 4.


def test_disable_until_enable() -> None:
    body = "a\n<!-- eulerdoc-disable FM020 -->\nb\n<!-- eulerdoc-enable FM020 -->\nc\n"
    found = [("FM020", 4), ("FM020", 6), ("FM001", 6), ("FM020", 8)]
    assert kept(body, *found) == [("FM020", 4), ("FM001", 6), ("FM020", 8)]


def test_disable_until_the_end() -> None:
    body = "a\n\n<!-- eulerdoc-disable FM020 -->\n\nb\n\nc\n"
    assert kept(body, ("FM020", 4), ("FM020", 8), ("FM020", 10)) == [("FM020", 4)]


def test_disable_without_code_is_every_rule() -> None:
    body = "a\n\n<!-- eulerdoc-disable -->\n\nb\n\n<!-- eulerdoc-enable -->\n\nc\n"
    found = [("FM020", 8), ("IN001", 8), ("FM001", 12)]
    assert kept(body, *found) == [("FM001", 12)]


def test_enable_one_code_inside_a_general_disable() -> None:
    body = "<!-- eulerdoc-disable -->\n\na\n\n<!-- eulerdoc-enable FM020 -->\n\nb\n"
    assert kept(body, ("FM020", 10), ("FM001", 10)) == [("FM020", 10)]


def test_disable_next_line() -> None:
    body = "<!-- eulerdoc-disable-next-line FM020 -->\nb\nc\n"
    assert kept(body, ("FM020", 5), ("FM001", 5), ("FM020", 6)) == [("FM001", 5), ("FM020", 6)]
    body = "<!-- eulerdoc-disable-next-line -->\nb\nc\n"
    assert kept(body, ("FM020", 5), ("FM001", 5), ("FM020", 6)) == [("FM020", 6)]


def test_disable_next_line_after_a_multiline_comment() -> None:
    body = "<!-- eulerdoc-disable-next-line FM020\n     because of reasons -->\nb\n"
    assert kept(body, ("FM020", 5), ("FM020", 6)) == [("FM020", 5)]


def test_disable_line_inline_in_a_paragraph() -> None:
    body = "文字 <!-- eulerdoc-disable-line FM020 --> 文字\n下一行\n"
    assert kept(body, ("FM020", 4), ("FM020", 5)) == [("FM020", 5)]


def test_disable_file_from_anywhere() -> None:
    body = "a\n\nb\n\n<!-- eulerdoc-disable-file FM010, FM020 -->\n"
    found = [("FM010", 1), ("FM020", 2), ("FM001", 2)]
    assert kept(body, *found) == [("FM001", 2)]


def test_prefixes_names_and_lists() -> None:
    body = "<!-- eulerdoc-disable-next-line FM0 -->\nb\n"
    assert kept(body, ("FM020", 5), ("IN001", 5)) == [("IN001", 5)]
    body = "<!-- eulerdoc-disable-next-line unknown-key -->\nb\n"
    assert kept(body, ("FM020", 5), ("FM010", 5)) == [("FM010", 5)]
    body = "<!-- eulerdoc-disable-next-line fm020,in001 -->\nb\n"
    assert kept(body, ("FM020", 5), ("IN001", 5), ("FM010", 5)) == [("FM010", 5)]
    body = "<!-- eulerdoc-disable-next-line ALL -->\nb\n"
    assert kept(body, ("FM020", 5), ("IN001", 5)) == []


def test_directives_in_code_are_text() -> None:
    body = (
        "`<!-- eulerdoc-disable -->`\n\n"
        "```\n<!-- eulerdoc-disable -->\n```\n\n"
        "    <!-- eulerdoc-disable -->\n\nx\n"
    )
    assert kept(body, ("FM020", 14)) == [("FM020", 14)]
    assert find_directives(parse_text(FRONT + body, Path("a.md"))) == []


def test_directive_inside_a_block_quote() -> None:
    body = "> <!-- eulerdoc-disable-next-line FM020 -->\n> b\n"
    assert kept(body, ("FM020", 5)) == []


def test_unknown_code_suppresses_nothing_and_is_reported() -> None:
    body = "<!-- eulerdoc-disable-next-line FM0200 -->\nb\n"
    assert kept(body, ("FM020", 5)) == [("FM020", 5)]
    assert sup001(FRONT + body) == [(4, 1, "unknown rule code 'FM0200' in suppression comment")]


def test_known_codes_of_a_partly_wrong_directive_still_apply() -> None:
    body = "<!-- eulerdoc-disable-next-line FM020 NOPE -->\nb\n"
    assert kept(body, ("FM020", 5)) == []
    assert [m for _l, _c, m in sup001(FRONT + body)] == [
        "unknown rule code 'NOPE' in suppression comment"
    ]


def test_unknown_keyword_is_reported() -> None:
    body = "x <!-- eulerdoc-disabled FM020 -->\n"
    assert kept(body, ("FM020", 4)) == [("FM020", 4)]
    [(line, column, message)] = sup001(FRONT + body)
    assert (line, column) == (4, 3)
    assert "eulerdoc-disabled" in message


# --- front matter ---------------------------------------------------------------------


def test_front_matter_yaml_comments() -> None:
    front = (
        "---\n"
        "title: '标题'  # eulerdoc-disable-line FM020\n"  # 2
        "# eulerdoc-disable-next-line unknown-key\n"  # 3
        "tages: x\n"  # 4
        "descr: y  # <!-- eulerdoc-disable-line FM020 -->\n"  # 5
        "sumary: 'not # eulerdoc-disable-line FM020'\n"  # 6: inside a quoted value
        "other: |\n"  # 7
        "  # eulerdoc-disable-next-line FM020\n"  # 8: inside a block value
        "foo: z\n"  # 9
        "---\n"
    )
    found = [("FM020", n) for n in (2, 4, 5, 6, 9)]
    assert kept("正文。\n", *found, front=front) == [("FM020", 6), ("FM020", 9)]


def test_front_matter_directive_with_unknown_code_is_reported() -> None:
    text = "---\ntitle: x  # eulerdoc-disable-line FM999\n---\n"
    assert sup001(text) == [(2, 11, "unknown rule code 'FM999' in suppression comment")]


def test_body_disable_does_not_reach_back_into_the_front_matter() -> None:
    assert kept("<!-- eulerdoc-disable -->\n", ("FM020", 2), ("FM020", 5)) == [("FM020", 2)]


# --- through the command line ---------------------------------------------------------

ARTICLE = """\
---
title: '测试文章'
date: '2024-03-18'
tags:
  - 测试
author: '张三'
summary: '一篇测试文章。'
tages: x  # eulerdoc-disable-line FM020
# eulerdoc-disable-next-line FM020
sumary: y
descr: z
---

正文。
"""


def test_cli_front_matter_suppression(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "blog").mkdir()
    path = tmp_path / "blog" / "a.md"
    path.write_text(ARTICLE, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    assert main(["lint", "--select", "FM,SUP", "blog"]) == 0
    out = capsys.readouterr().out
    assert out.splitlines() == [
        "blog/a.md:11:1: FM020 unknown front-matter key 'descr'; the site ignores it",
        "Found 1 warning.",
    ]
    # A missing field points at the opening line: disable-file is the way to silence it.
    path.write_text(
        ARTICLE.replace("author: '张三'\n", "") + "\n<!-- eulerdoc-disable-file FM010 FM020 -->\n",
        encoding="utf-8",
    )
    assert main(["lint", "--select", "FM,SUP", "blog"]) == 0
    assert capsys.readouterr().out == "All checks passed.\n"


def test_cli_unknown_suppression_is_a_warning(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "blog").mkdir()
    text = ARTICLE.replace("descr: z\n", "") + "\n<!-- eulerdoc-disable IMG0001 -->\n"
    (tmp_path / "blog" / "a.md").write_text(text, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    assert main(["lint", "--select", "FM,SUP", "blog"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines == [
        "blog/a.md:15:1: SUP001 unknown rule code 'IMG0001' in suppression comment",
        "Found 1 warning.",
    ]
