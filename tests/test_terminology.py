"""Terminology rule TERM001: brand names and their near misses in prose only."""

from __future__ import annotations

from pathlib import Path

import pytest

from eulerdoc.article import parse_text
from eulerdoc.config import Config
from eulerdoc.diagnostic import Diagnostic
from eulerdoc.rules.context import LintContext
from eulerdoc.rules.fix import apply_fixes
from eulerdoc.rules.registry import load_rules
from eulerdoc.rules.terminology import check_terminology, distance, glossary_terms
from eulerdoc.site import Site
from tests.conftest import CORPUS, corpus_articles, requires_corpus

FRONT = "---\ntitle: '社区动态'\ndate: '2024-03-18'\n---\n\n"
BODY_LINE = FRONT.count("\n") + 1
SITE = Site(root=Path("site").resolve())
GLOSSARY = Config(glossary=["openEuler", "openGauss", "iSula", "A-Tune"])


def lint(text: str, config: Config | None = None) -> list[Diagnostic]:
    load_rules()
    article = parse_text(text, Path("site/news/a.md"))
    context = LintContext(article, config or Config(), SITE)
    return sorted(check_terminology(context), key=Diagnostic.sort_key)


def found(body: str, config: Config | None = None) -> list[tuple[int, int, str]]:
    """(line, column, text) of each finding, lines counted from the first line of ``body``."""
    out = []
    text = FRONT + body
    article = parse_text(text, Path("a.md"))
    for d in lint(text, config):
        line = article.line_text(d.line - 1)
        word = line[d.column - 1 :].split("的")[0]
        out.append((d.line - BODY_LINE + 1, d.column, word))
    return out


def fixed(body: str, config: Config | None = None) -> str:
    text = FRONT + body
    new, _count = apply_fixes(text, lint(text, config))
    return new[len(FRONT) :]


def test_glossary_terms() -> None:
    terms = glossary_terms(["openGauss", "A-Tune", "openeuler", "bad term!", " iSula "])
    assert [(t.text, t.key, t.parts) for t in terms] == [
        ("openEuler", "openeuler", 1),
        ("openGauss", "opengauss", 1),
        ("A-Tune", "atune", 2),
        ("iSula", "isula", 1),
    ]
    assert [t.max_distance for t in terms] == [2, 2, 0, 0]


def test_distance() -> None:
    assert distance("openeule", "openeuler", 2) == 1
    assert distance("opneeuler", "openeuler", 2) == 1  # a transposition
    assert distance("openeur", "openeuler", 2) == 2
    assert distance("euleros", "openeuler", 2) == 3  # capped
    assert distance("euler", "openeuler", 2) == 3


@pytest.mark.parametrize(
    ("body", "expected", "repaired"),
    [
        ("欢迎参加openEule技术分论坛", [(1, 5)], "欢迎参加openEuler技术分论坛"),
        ("总监、openEuer", [(1, 4)], "总监、openEuler"),
        ("OpenEuler 24.03 LTS is released.", [(1, 1)], "openEuler 24.03 LTS is released."),
        ("以OpenEuler为例", [(1, 2)], "以openEuler为例"),
        ("介绍了open Euler的进展", [(1, 4)], "介绍了openEuler的进展"),
        ("以及Openeuler的应用", [(1, 3)], "以及openEuler的应用"),
        ("OPENEULER 社区", [(1, 1)], "openEuler 社区"),
        ("an opneEuler typo", [(1, 4)], "an openEuler typo"),
        ("# 标题openEule\n\n正文", [(1, 5)], "# 标题openEuler\n\n正文"),
        (
            "[openEule文档](https://gitee.com/openEule)",
            [(1, 2)],
            "[openEuler文档](https://gitee.com/openEule)",
        ),
        ("![openEule合影](media/a.png)", [(1, 3)], "![openEuler合影](media/a.png)"),
        ("| a |\n|---|\n| openEule |", [(3, 3)], "| a |\n|---|\n| openEuler |"),
        ("> 引用openEule\n> 第二行", [(1, 5)], "> 引用openEuler\n> 第二行"),
        ("**openEule技术分论坛**", [(1, 3)], "**openEuler技术分论坛**"),
        ('<div class="x">openEule社区</div>', [(1, 16)], '<div class="x">openEuler社区</div>'),
        (
            "openEuler-20.03 与 OpenEuler-RaspberryPi",
            [(1, 19)],
            "openEuler-20.03 与 openEuler-RaspberryPi",
        ),
        ("加入openeuler社区", [(1, 3)], None),  # lowercase: reported, fixed by hand
    ],
)
def test_misspellings_are_reported_and_fixed(
    body: str, expected: list[tuple[int, int]], repaired: str | None
) -> None:
    assert [(line, column) for line, column, _word in found(body)] == expected
    assert fixed(body) == (body if repaired is None else repaired)
    if repaired is not None:
        assert found(repaired) == []


@pytest.mark.parametrize(
    "body",
    [
        "openEuler 社区欢迎你，openEuler的发展。",
        "EulerOS 与 Euler 与 open source 与 Open Source",
        "openEulerOS 和 openEulers 这样的组合词",
        "仓库 src-openeuler 与包 openeuler-release",
        "https://gitee.com/openeuler/community 与 www.openeuler.org/zh 与 gitee.com/openEule/x",
        "邮件 dev@openeuler.org 与 infra@openEule.org",
        "文件 openEuler_test.md 与 openeule.repo 与 /home/openeule/x",
        "参数 --openeule 与 #openEule",
        "`openEule` 与 `OpenEuler`",
        "```\nOpenEuler openEule\n```",
        "    OpenEuler 缩进代码",
        "[链接](https://openEule.org/OpenEuler)",
        "<https://openEule.org>",
        '<img src="openEule.png" alt="logo">',
        '<span title="OpenEuler">文字</span>',
        "<!-- OpenEuler -->",
        "默认密码：openeuler。用户名（root）和密码（openeuler）登录。",
        "the password is openeuler",
        "[OpenEuler]: https://example.org",
        "行内 <code>OpenEuler</code> 与 <kbd>openEule</kbd> 与 <samp>OpenEuler</samp>",
        "&#79;penEuler 与 &#x4f;PENEULER 社区",  # the reader sees another word than the source
        "<div>\n&#79;penEuler 社区\n</div>",
    ],
)
def test_not_reported(body: str) -> None:
    assert found(body) == []


@pytest.mark.parametrize(
    "body",
    [
        # The text of a '[label]' reference link is its label: changed, it no longer
        # matches the definition, and the link would be gone.
        "见[open Euler]。\n\n[open Euler]: https://example.org",
        "见[Open Euler社区][]。\n\n[open euler社区]: https://example.org",
    ],
)
def test_reported_without_a_fix_when_the_fix_would_change_the_page(body: str) -> None:
    findings = lint(FRONT + body)
    assert [d.code for d in findings] == ["TERM001"]
    assert findings[0].fix is None


def test_fix_in_link_text_keeps_the_link() -> None:
    body = "[OpenEuler][doc] 与 [OpenEuler](https://example.org)\n\n[doc]: https://example.org/d"
    assert fixed(body) == body.replace("[OpenEuler]", "[openEuler]")


def test_front_matter_title_and_summary_are_prose() -> None:
    text = (
        "---\ntitle: 'OpenEuler 月度动态'\nsummary: >\n  本月 openEule 社区\n"
        "tags:\n  - openeuler\n  - OpenEuler\nauthor: OpenEuler\n---\n\n正文。\n"
    )
    diagnostics = lint(text)
    assert [(d.line, d.column) for d in diagnostics] == [(2, 9), (4, 6)]
    new, count = apply_fixes(text, diagnostics)
    assert count == 2
    assert "title: 'openEuler 月度动态'" in new and "本月 openEuler 社区" in new
    assert "  - OpenEuler\nauthor: OpenEuler" in new


def test_configured_glossary() -> None:
    body = "OpenGauss 与 opengaus 与 ISula 与 isula 与 ATune 与 A-tune 与 A-Tune 与 iSulad"
    words = [word.split(" ")[0] for _line, _column, word in found(body, GLOSSARY)]
    assert words == ["OpenGauss", "opengaus", "ISula", "isula", "ATune", "A-tune"]
    assert fixed(body, GLOSSARY) == (
        "openGauss 与 opengaus 与 iSula 与 isula 与 A-Tune 与 A-Tune 与 A-Tune 与 iSulad"
    )
    # Short terms have no near misses, and English words are not split brand names.
    assert found("Isolate 与 a tune 与 usual 与 Sula", GLOSSARY) == []


def test_openeuler_is_always_checked() -> None:
    assert found("欢迎openEule", Config(glossary=["openGauss"])) == [(1, 3, "openEule")]


def test_messages() -> None:
    (near,) = lint(FRONT + "openEule")
    (case,) = lint(FRONT + "OpenEuler")
    (lower,) = lint(FRONT + "openeuler社区")
    assert "openEule" in near.message and "'openEuler'" in near.message
    assert "OpenEuler" in case.message
    assert lower.fix is None and "backticks" in lower.message
    assert near.fix is not None and case.fix is not None


@requires_corpus
def test_ground_truth_on_seeds() -> None:
    places = []
    for path in sorted((CORPUS / "seeds").glob("*.md")):
        text = path.read_text(encoding="utf-8")
        article = parse_text(text, path)
        for d in lint(text):
            line = article.line_text(d.line - 1)
            places.append((path.name[:3], d.line, line[d.column - 1 : d.column + 7]))
    assert places == [
        ("003", 17, "openEule"),
        ("003", 104, "openEule"),
        ("004", 107, "openEuer"),
    ]


@pytest.mark.parametrize("path", corpus_articles(), ids=lambda p: p.name)
def test_corpus_findings_are_brand_spellings(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    article = parse_text(text, path)
    for d in lint(text):
        line = article.line_text(d.line - 1)
        word = line[d.column - 1 :]
        assert word[0] in "oO" and not word.startswith("openEuler"), (d, line)
    fixed_text, _count = apply_fixes(text, lint(text))
    assert [d for d in lint(fixed_text) if d.fix is not None] == []
