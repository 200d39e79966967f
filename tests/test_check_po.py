"""Translations are untrusted input: ``eulerdoc check-po`` and the checks behind it.

Every hostile kind of translation is one case of :data:`HOSTILE`; test_build.py runs
the same cases through ``eulerdoc build``.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

import pytest

from eulerdoc.article import load_article
from eulerdoc.article.segments import HTML
from eulerdoc.cli import main
from eulerdoc.l10n.catalog import catalogue_text, read_po
from eulerdoc.l10n.check import check_messages, find_problems
from eulerdoc.l10n.extract import extract

ARTICLE = """\
---
title: 社区新闻标题
summary: 这是一篇测试用的摘要
author: 王五
---

# 社区动态

这是一段包含[官网链接](https://www.openeuler.org/zh/)、`代码`和**重点**的文字。

请看下图![示意图](./media/a.png)的说明。

参考[社区文档][docs]获取更多信息。

| 列一 | 列二 |
| --- | --- |
| 单元格文字 | 其他内容 |

<div>网页块中的文字</div>

<div>
<p>请访问 <a href="https://www.openeuler.org/zh/">官网</a> 获取更多</p>
</div>

![架构示意图](./media/arch.png)

结尾段落。

[docs]: https://docs.openeuler.org/zh/
[other]: https://www.openeuler.org/zh/other/
"""

PARAGRAPH = "这是一段包含[官网链接](https://www.openeuler.org/zh/)、`代码`和**重点**的文字。"
GOOD = "This text has an [official link](https://www.openeuler.org/zh/), `代码` and **key point**."
MARK = "This text has"

TRANSLATIONS = {
    PARAGRAPH: GOOD,
    "社区动态": "Community news",
    "请看下图![示意图](./media/a.png)的说明。": "See the figure ![diagram](./media/a.png) below.",
    "参考[社区文档][docs]获取更多信息。": "See the [community docs][docs] for more.",
    "单元格文字": "Cell text",
    "网页块中的文字": "Text in an HTML block",
    '请访问 <a href="https://www.openeuler.org/zh/">官网</a> 获取更多': (
        'Visit the <a href="https://www.openeuler.org/zh/">website</a> for more'
    ),
    "架构示意图": "Architecture diagram",
    "结尾段落。": "Last paragraph.",
}


@dataclass(frozen=True)
class Hostile:
    name: str
    msgid: str  # the entry that gets the hostile translation
    msgstr: str
    code: str  # the finding expected (others may come with it)
    mark: str = MARK  # must not appear in a built article


def _p(name: str, msgstr: str, code: str, mark: str = MARK) -> Hostile:
    return Hostile(name, PARAGRAPH, msgstr, code, mark)


HOSTILE = [
    _p("script", GOOD + " <script>alert(1)</script>", "PO105"),
    _p("img-onerror", GOOD + ' <img src="x" onerror="alert(1)">', "PO105"),
    _p("iframe", GOOD + ' <iframe src="https://www.openeuler.org/"></iframe>', "PO105"),
    _p("html-comment", GOOD + " <!-- hidden -->", "PO105"),
    _p(
        "javascript-url",
        GOOD.replace("https://www.openeuler.org/zh/", "javascript:alert(1)"),
        "PO106",
    ),
    _p("javascript-entity", GOOD + " [x](jav&#x61;script:alert(1))", "PO106"),
    _p("data-url", GOOD + " [x](data:text/html;base64,PHNjcmlwdD4=)", "PO106"),
    _p("vbscript-url", GOOD + " [x](vbscript:msgbox(1))", "PO106"),
    _p("new-host", GOOD + " See https://evil.example.com/ for more.", "PO107"),
    _p("www-host", GOOD + " Or www.evil.example today.", "PO107"),
    _p("bare-url", GOOD + " http://evil.example/x", "PO107"),
    _p("added-link", GOOD + " [more](https://www.openeuler.org/zh/more/)", "PO101"),
    _p("removed-link", "This text has an official link, `代码` and **key point**.", "PO101"),
    _p("changed-link", GOOD.replace("/zh/", "/en/"), "PO101"),
    _p("autolink", GOOD + " <http://evil.example>", "PO101"),
    _p("autolink-email", GOOD + " <evil@evil.example>", "PO101"),
    _p("added-image", GOOD + " ![x](https://www.openeuler.org/x.png)", "PO102"),
    Hostile(
        "changed-image",
        "请看下图![示意图](./media/a.png)的说明。",
        "See the figure ![diagram](./media/b.png) below.",
        "PO102",
        "See the figure",
    ),
    _p("code-changed", GOOD.replace("`代码`", "`rm -rf /`"), "PO103"),
    _p("emphasis-removed", GOOD.replace("**key point**", "key point"), "PO104"),
    _p("emphasis-added", GOOD + " *Really*.", "PO104"),
    _p("blank-line", GOOD + "\n\nAn injected paragraph.", "PO108"),
    _p("heading", "# " + GOOD, "PO108"),
    _p("dash-list", "- " + GOOD, "PO108"),
    _p("star-list", "* " + GOOD, "PO108"),
    _p("plus-list", "+ " + GOOD, "PO108"),
    _p("ordered-list", "1. " + GOOD, "PO108"),
    _p("block-quote", "> " + GOOD, "PO108"),
    _p("table", GOOD + "\n| a | b |\n| --- | --- |", "PO108"),
    _p("backtick-fence", GOOD + "\n```\ncode\n```", "PO108"),
    _p("tilde-fence", GOOD + "\n~~~\ncode\n~~~", "PO108"),
    _p("setext-underline", GOOD + "\n===", "PO108"),
    _p("thematic-break", GOOD + "\n***", "PO108"),
    _p("html-block", GOOD + "\n<div>injected</div>", "PO108"),
    _p("reference-definition", "[docs]: https://docs.openeuler.org/zh/phish\n" + GOOD, "PO108"),
    _p("entity-lt", GOOD + " &lt;script&gt;alert(1)&lt;/script&gt;", "PO105"),
    _p("entity-numeric-lt", GOOD + " &#60;img src=x onerror=alert(1)&#62;", "PO105"),
    _p("mustache", GOOD + " {{ constructor.constructor('alert(1)')() }}", "PO117"),
    # markdown-it decodes escapes and entities: '{{' on the page, where Vue runs it.
    _p("mustache-escaped", GOOD + " \\{\\{ 7+7 \\}\\}", "PO117"),
    _p("mustache-entities", GOOD + " &#123;&#123; 6+6 &#125;&#125;", "PO117"),
    _p("mustache-named-entities", GOOD + " &lbrace;&lcub; 6+6 &rcub;&rbrace;", "PO117"),
    _p("host-after-userinfo", GOOD + " https://www.openeuler.org@evil.example/x", "PO107"),
    _p("host-in-another-script", GOOD + " https://évil.example/x", "PO107"),
    _p("host-other-scheme", GOOD + " ftp://evil.example/x", "PO107"),
    _p("host-scheme-relative", GOOD + " //evil.example/x", "PO107"),
    _p(
        "host-in-link-title",
        GOOD.replace("/zh/)", '/zh/ "log in at https://evil.example")'),
        "PO107",
    ),
    Hostile(
        "html-text-tags-reordered",
        '请访问 <a href="https://www.openeuler.org/zh/">官网</a> 获取更多',
        'Visit </a> the <a href="https://www.openeuler.org/zh/">site',
        "PO105",
        "Visit </a>",
    ),
    _p("bidi-override", GOOD + " \u202eevil", "PO111"),
    _p("blank", "   ", "PO115", mark="\n   \n"),
    Hostile(
        "reference-relabelled",
        "参考[社区文档][docs]获取更多信息。",
        "See the [community docs][other] for more.",
        "PO101",
        "See the [community docs]",
    ),
    Hostile("heading-newline", "社区动态", "Community\nnews", "PO109", "Community"),
    Hostile("cell-backslash", "单元格文字", "Cell text\\", "PO110", "Cell text"),
    Hostile("html-text-tag", "网页块中的文字", "Text <b onclick=x>in</b> HTML", "PO110", "onclick"),
    Hostile(
        "alt-breakout",
        "架构示意图",
        "diagram](javascript:alert(1)) ![x",
        "PO110",
        "javascript",
    ),
    Hostile("front-matter-newline", "社区新闻标题", "News\nlayout: evil", "PO109", "evil"),
]


def write_site(folder: Path, hostile: Hostile | None = None) -> tuple[Path, Path]:
    """The article and its catalogue, every entry translated (``hostile`` replacing one)."""
    article_path = folder / "zh" / "news" / "article.md"
    article_path.parent.mkdir(parents=True, exist_ok=True)
    article_path.write_text(ARTICLE, encoding="utf-8")
    (article_path.parent / "media").mkdir(exist_ok=True)
    for name in ("a.png", "arch.png"):
        (article_path.parent / "media" / name).write_bytes(b"\x89PNG\r\n\x1a\n")
    article = load_article(article_path)
    catalogue = extract(article, lang="en", reference="zh/news/article.md")
    for entry in catalogue:
        entry.msgstr = TRANSLATIONS.get(entry.msgid, entry.msgid)
        if hostile is not None and entry.msgid == hostile.msgid:
            entry.msgstr = hostile.msgstr
    po_path = folder / "locale" / "en" / "news" / "article.po"
    po_path.parent.mkdir(parents=True, exist_ok=True)
    po_path.write_text(catalogue_text(catalogue), encoding="utf-8")
    return article_path, po_path


def entry_line(po_path: Path, msgid: str) -> int:
    return next(m.line for m in read_po(po_path) if m.msgid == msgid)


def msgfmt_accepts(po_path: Path) -> None:
    """GNU ``msgfmt -c`` accepts the catalogue (skipped without gettext)."""
    msgfmt = shutil.which("msgfmt")
    if msgfmt is None:
        return
    done = subprocess.run(
        [msgfmt, "-c", "-o", "/dev/null", str(po_path)], capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr


def test_hostile_cases_cover_every_rejection_code() -> None:
    codes = {case.code for case in HOSTILE}
    expected = {f"PO1{n:02d}" for n in range(1, 12)} | {"PO115", "PO117"}
    assert expected <= codes


def test_the_good_translations_pass(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    _, po_path = write_site(tmp_path)
    monkeypatch.chdir(tmp_path)
    assert main(["check-po", str(po_path)]) == 0
    assert capsys.readouterr().out.strip() == "All checks passed."
    msgfmt_accepts(po_path)


@pytest.mark.parametrize("case", HOSTILE, ids=lambda c: c.name)
def test_find_problems_rejects(case: Hostile) -> None:
    article = load_article_text(ARTICLE)
    kinds = [s.kind for s in article.segments if s.msgid == case.msgid]
    problems = find_problems(case.msgid, case.msgstr, kind=kinds[0], env=article.env)
    assert case.code in [p.code for p in problems if p.severity == "error"]


@pytest.mark.parametrize("case", HOSTILE, ids=lambda c: c.name)
def test_check_po_reports_path_line_and_code(
    case: Hostile,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    _, po_path = write_site(tmp_path, case)
    monkeypatch.chdir(tmp_path)
    assert main(["check-po", "locale/en/news/article.po"]) == 1
    out = capsys.readouterr().out
    line = entry_line(po_path, case.msgid)
    assert f"locale/en/news/article.po:{line}:1: {case.code} " in out
    assert "Traceback" not in out


def load_article_text(text: str, name: str = "zh/news/article.md"):  # type: ignore[no-untyped-def]
    from eulerdoc.article import load_bytes

    return load_bytes(text.encode("utf-8"), Path(name))


# --- the checks themselves ---------------------------------------------------------------


def test_checking_never_changes_the_articles_reference_definitions() -> None:
    article = load_article_text(ARTICLE)
    before = json.dumps(article.env, sort_keys=True, default=str)
    find_problems(
        "参考[社区文档][docs]获取更多信息。",
        "[evil]: https://evil.example/\n[docs]: https://evil.example/\nSee [docs][evil].",
        env=article.env,
    )
    assert json.dumps(article.env, sort_keys=True, default=str) == before


def test_a_translation_equal_to_its_msgid_is_always_accepted() -> None:
    hostile = "<script>alert(1)</script> javascript:x {{ y }}"
    assert find_problems(hostile, hostile) == []


def test_linkify_is_off_so_bare_urls_stay_text_but_new_hosts_are_still_rejected() -> None:
    from eulerdoc.article.tokens import parse

    tokens = parse("see http://evil.example/x and www.evil.example")
    assert [c.type for c in tokens[1].children or []] == ["text"]
    codes = [p.code for p in find_problems("参见官网。", "See http://evil.example/x.")]
    assert codes == ["PO107"]


def test_hosts_the_source_links_to_may_be_written_out() -> None:
    msgid = "参考[社区文档](https://docs.openeuler.org/zh/)。"
    msgstr = "See the [docs](https://docs.openeuler.org/zh/) (docs.openeuler.org)."
    assert find_problems(msgid, msgstr) == []


def test_entities_the_source_has_may_stay_and_literal_brackets_may_become_entities() -> None:
    assert find_problems("延迟 &lt;50ms。", "Latency &lt;50ms.") == []
    assert find_problems("延迟 <50ms。", "Latency &lt;50ms.") == []


def test_markup_in_a_source_with_the_same_markup_is_fine() -> None:
    msgid = "按<kbd>Ctrl</kbd>键，见 https://gitee.com/openeuler 。"
    msgstr = "Press <kbd>Ctrl</kbd>, see https://gitee.com/openeuler ."
    assert find_problems(msgid, msgstr) == []


def test_backticks_and_asterisks_in_html_text_are_literal_and_may_be_translated() -> None:
    # In an HTML block nothing is Markdown: the reader sees the backticks themselves.
    msgid = "填写 `openEuler 社区` 与 **重点**"
    msgstr = "fill in `openEuler community` and **key**"
    assert find_problems(msgid, msgstr, kind=HTML) == []
    assert [p.code for p in find_problems(msgid, msgstr)] == ["PO103"]  # a paragraph


def test_link_syntax_in_html_text_is_literal_and_may_be_translated() -> None:
    env = {"references": {"参考": {"href": "https://docs.openeuler.org/", "title": ""}}}
    msgid, msgstr = "- [参考][]社区 ![图](a.png)", "- [Reference][] community ![pic](b.png)"
    assert find_problems(msgid, msgstr, kind=HTML, env=env) == []
    codes = [p.code for p in find_problems(msgid, msgstr, env=env)]  # a paragraph
    assert "PO101" in codes and "PO102" in codes
    # Real links in HTML text are tags, compared as raw HTML.
    tagged = find_problems(
        '<a href="https://a.org">社区</a>', '<a href="https://b.org">c</a>', kind=HTML
    )
    assert "PO105" in [p.code for p in tagged]


def test_a_tag_hidden_in_backticks_of_html_text_is_still_markup() -> None:
    # '<项目ID>' is text to a browser; '<projectID>' is an element, code span or not.
    problems = find_problems("填写 `<项目ID>` 即可", "fill in `<projectID>`", kind=HTML)
    assert [p.code for p in problems] == ["PO105"]
    assert find_problems("填写 `<项目ID>` 即可", "fill in `&lt;project ID&gt;`", kind=HTML) == []


def test_whitespace_differences_are_warnings_only() -> None:
    problems = find_problems("社区。", " Community. ")
    assert [(p.code, str(p.severity)) for p in problems] == [("PO113", "warning")]


def test_check_messages_warns_about_fuzzy_entries(tmp_path: Path) -> None:
    from eulerdoc.l10n.catalog import read_po_bytes

    data = (
        'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n\n'
        '#, fuzzy\nmsgid "社区"\nmsgstr "<script>x</script>"\n'
    ).encode()
    diagnostics = check_messages(None, read_po_bytes(data, "a.po"), "a.po")
    assert [(d.line, d.code, str(d.severity)) for d in diagnostics] == [(5, "PO114", "warning")]


# --- the command -------------------------------------------------------------------------

HEADER = 'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n\n'

BROKEN = {
    "syntax-error": (HEADER + 'msgid "a"\nmsgstr "b"\n\nmsgid "c"\nmsgstr "d\n', 9, "syntax"),
    "unknown-keyword": (
        HEADER + 'msgid "a"\nmsgstr "b"\n\nmsgid "c"\nbogus "d"\n',
        9,
        "unexpected",
    ),
    "not-po-at-all": ("hello world\n", 1, "syntax"),
    "wrong-charset": (HEADER.replace("UTF-8", "GBK") + 'msgid "a"\nmsgstr "b"\n', 1, "charset"),
    "duplicate-entries": (
        HEADER + 'msgid "a"\nmsgstr "b"\n\nmsgid "a"\nmsgstr "c"\n',
        8,
        "duplicate",
    ),
    "duplicate-with-obsolete": (
        HEADER + 'msgid "a"\nmsgstr "b"\n\n#~ msgid "a"\n#~ msgstr "c"\n',
        8,
        "duplicate",
    ),
    "empty-file": ("", 1, "empty"),
    "blank-file": ("\n\n  \n", 1, "empty"),
    "no-header": ('msgid "a"\nmsgstr "b"\n', 1, "header"),
}


@pytest.mark.parametrize("name", sorted(BROKEN))
def test_broken_catalogues_are_a_clear_error_with_the_line(
    name: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    text, line, words = BROKEN[name]
    (tmp_path / "broken.po").write_text(text, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    assert main(["check-po", "broken.po"]) == 1
    captured = capsys.readouterr()
    assert f"broken.po:{line}:1: PO100 " in captured.out
    assert words in captured.out.lower()
    assert "Traceback" not in captured.out + captured.err


@pytest.mark.parametrize(
    "data",
    [
        b"\x00\x01\x02binary\xff",
        b'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n\nmsgid "\xe4\xb8"\n',
        b"\xff\xfem\x00s\x00g\x00",
    ],
    ids=["binary", "bad-utf8", "utf16"],
)
def test_unreadable_bytes_are_a_clear_error(
    data: bytes, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "bad.po").write_bytes(data)
    monkeypatch.chdir(tmp_path)
    assert main(["check-po", "bad.po"]) == 1
    out = capsys.readouterr().out
    assert "bad.po:" in out and " PO100 " in out


def test_a_missing_catalogue_is_an_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    assert main(["check-po", "missing.po"]) == 1
    assert "missing.po:1:1: PO100 " in capsys.readouterr().out


def test_json_format(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    case = next(c for c in HOSTILE if c.name == "script")
    _, po_path = write_site(tmp_path, case)
    (tmp_path / "broken.po").write_text("", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    assert main(["check-po", "--format", "json", "locale", "broken.po"]) == 1
    report = json.loads(capsys.readouterr().out)
    assert {"path", "line", "column", "code", "severity", "message"} <= set(report[0])
    found = {(r["path"], r["line"], r["code"], r["severity"]) for r in report}
    assert ("broken.po", 1, "PO100", "error") in found
    line = entry_line(po_path, PARAGRAPH)
    assert ("locale/en/news/article.po", line, "PO105", "error") in found


def test_json_format_of_a_clean_catalogue_is_an_empty_list(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    write_site(tmp_path)
    monkeypatch.chdir(tmp_path)
    assert main(["check-po", "--format", "json", "locale/en/news/article.po"]) == 0
    assert json.loads(capsys.readouterr().out) == []


def test_without_arguments_every_catalogue_of_the_locale_folder_is_checked(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    case = next(c for c in HOSTILE if c.name == "mustache")
    write_site(tmp_path, case)
    (tmp_path / "locale" / "templates").mkdir()
    (tmp_path / "locale" / "templates" / "x.po").write_text("garbage", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    assert main(["check-po"]) == 1
    out = capsys.readouterr().out
    assert "PO117" in out and "templates" not in out


def test_fuzzy_entries_are_warnings_and_pass(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "f.po").write_text(
        HEADER + '#, fuzzy\nmsgid "社区"\nmsgstr "Community"\n', encoding="utf-8"
    )
    monkeypatch.chdir(tmp_path)
    assert main(["check-po", "f.po"]) == 0
    assert "f.po:5:1: PO114 " in capsys.readouterr().out


def test_the_article_found_through_the_references_gives_its_link_definitions(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    case = next(c for c in HOSTILE if c.name == "reference-relabelled")
    _, po_path = write_site(tmp_path, case)
    monkeypatch.chdir(tmp_path)
    assert main(["check-po", str(po_path)]) == 1
    assert " PO101 " in capsys.readouterr().out
    # without the article, [text][other] is plain text: nothing to compare
    (tmp_path / "zh" / "news" / "article.md").unlink()
    assert main(["check-po", str(po_path)]) == 0


def without_references(po_path: Path, html_kind: str | None = None) -> None:
    """What a translator can do to a catalogue: drop its '#:' lines, relabel a '#.'."""
    lines = po_path.read_text(encoding="utf-8").splitlines(keepends=True)
    kept = [line for line in lines if not line.startswith("#:")]
    if html_kind is not None:
        kept = [f"#. {html_kind}\n" if line.startswith("#. ") else line for line in kept]
    po_path.write_text("".join(kept), encoding="utf-8")


def test_the_configured_layout_finds_the_article_without_references(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    case = next(c for c in HOSTILE if c.name == "reference-relabelled")
    _, po_path = write_site(tmp_path, case)
    without_references(po_path)
    (tmp_path / "pyproject.toml").write_text(
        '[tool.eulerdoc]\ncontent = ["zh"]\nsource-lang = "zh"\n', encoding="utf-8"
    )
    monkeypatch.chdir(tmp_path)
    assert main(["check-po", str(po_path)]) == 1
    assert " PO101 " in capsys.readouterr().out


def test_without_its_article_an_entry_said_to_be_html_is_checked_as_markdown_too(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    case = next(c for c in HOSTILE if c.name == "changed-link")
    _, po_path = write_site(tmp_path, case)
    without_references(po_path, html_kind=HTML)
    monkeypatch.chdir(tmp_path)
    assert main(["check-po", str(po_path)]) == 1
    assert " PO101 " in capsys.readouterr().out


def test_a_reference_outside_the_folder_is_never_opened(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import eulerdoc.article as article_module

    site = tmp_path / "site"
    site.mkdir()
    (tmp_path / "outside.md").write_text("# 外部\n", encoding="utf-8")
    (site / "a.po").write_text(
        HEADER + '#: ../outside.md:1\nmsgid "外部"\nmsgstr "Outside"\n', encoding="utf-8"
    )
    opened: list[str] = []
    original = article_module.load_article

    def spy(path: object) -> object:
        opened.append(str(path))
        return original(path)  # type: ignore[arg-type]

    monkeypatch.setattr(article_module, "load_article", spy)
    monkeypatch.chdir(site)
    assert main(["check-po", "a.po"]) == 0
    assert opened == []


def test_check_po_accepts_what_update_writes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    article_path, _ = write_site(tmp_path)
    po_path = tmp_path / "fresh.po"
    monkeypatch.chdir(tmp_path)
    assert main(["update", str(article_path), "--po", str(po_path)]) == 0
    assert main(["check-po", str(po_path)]) == 0
    msgfmt_accepts(po_path)


# --- what only the translation's place in the article shows ------------------------------

IN_PLACE = "![甲图片](./media/a.png) ![乙图片](./media/b.png)\n\n- 第一项\n  续行\n"
IN_PLACE_TRANSLATIONS = {"甲图片": "a `b", "乙图片": "c` d"}


def write_in_place_site(folder: Path) -> tuple[Path, Path]:
    article_path = folder / "zh" / "a.md"
    article_path.parent.mkdir(parents=True)
    article_path.write_text(IN_PLACE, encoding="utf-8")
    catalogue = extract(load_article(article_path), lang="en", reference="zh/a.md")
    for entry in catalogue:
        entry.msgstr = IN_PLACE_TRANSLATIONS.get(entry.msgid, entry.msgid)
    po_path = folder / "a.po"
    po_path.write_text(catalogue_text(catalogue), encoding="utf-8")
    return article_path, po_path


def test_each_alt_text_alone_is_fine_but_together_they_open_a_code_span(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    for msgid, msgstr in IN_PLACE_TRANSLATIONS.items():
        assert find_problems(msgid, msgstr, kind="image alt") == []
    _, po_path = write_in_place_site(tmp_path)
    monkeypatch.chdir(tmp_path)
    assert main(["check-po", "a.po"]) == 1
    out = capsys.readouterr().out
    assert f"a.po:{entry_line(po_path, '乙图片')}:1: PO108 " in out
    assert f"a.po:{entry_line(po_path, '甲图片')}:1:" not in out


def test_indented_continuation_lines_are_checked_as_build_writes_them() -> None:
    codes = [p.code for p in find_problems("第一项续行", "Item\n    # Heading", kind="list item")]
    assert "PO108" in codes
    codes = [p.code for p in find_problems("第一项续行", "Item\n    - injected", kind="list item")]
    assert "PO108" in codes
    assert find_problems("第一项续行", "Item  \n    continued", kind="list item") == []
