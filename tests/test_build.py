"""``build``: translated segments keep their block structure, untrusted translations are
refused, output is written atomically and only when complete enough; the CLI forms."""

from __future__ import annotations

import os
import shutil
from pathlib import Path
from urllib.parse import unquote

import pytest

from eulerdoc.article import Article, load_article, load_bytes
from eulerdoc.article.tokens import render
from eulerdoc.cli import main
from eulerdoc.l10n.build import build
from eulerdoc.l10n.catalog import Message, catalogue_text, read_po
from eulerdoc.l10n.extract import extract
from tests.conftest import CORPUS, requires_corpus
from tests.test_check_po import (
    ARTICLE,
    HOSTILE,
    TRANSLATIONS,
    Hostile,
    entry_line,
    msgfmt_accepts,
    write_site,
)


def article_of(text: str, name: str = "zh/news/a.md") -> Article:
    return load_bytes(text.encode("utf-8"), Path(name))


def translate(text: str, translations: dict[str, str], **options: object) -> str:
    """Build ``text`` with ``translations`` (msgid → msgstr; the rest identical)."""
    article = article_of(text)
    messages = [
        Message(s.msgid, translations.get(s.msgid, s.msgid), s.context, line=n + 1)
        for n, s in enumerate(article.segments)
    ]
    result = build(article, messages, min_completion=0, **options)  # type: ignore[arg-type]
    assert result.diagnostics == [], [d.format() for d in result.diagnostics]
    return result.text


# --- hostile translations ------------------------------------------------------------------


@pytest.mark.parametrize("case", HOSTILE, ids=lambda c: c.name)
def test_build_refuses_hostile_translations(
    case: Hostile,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    _, po_path = write_site(tmp_path, case)
    monkeypatch.chdir(tmp_path)
    out = Path("en/news/article.md")
    code = main(
        ["build", "zh/news/article.md", "--po", "locale/en/news/article.po", "-o", str(out)]
    )
    captured = capsys.readouterr()
    assert code == 1
    line = entry_line(po_path, case.msgid)
    assert f"locale/en/news/article.po:{line}:1: {case.code} " in captured.out
    assert "Traceback" not in captured.out + captured.err
    built = out.read_text(encoding="utf-8")
    source_text = case.msgid.replace("./media/", "../../zh/news/media/")
    assert source_text in built  # the source text stands in for the refused translation
    assert case.mark not in built
    assert "Last paragraph." in built  # the other translations are used
    assert "evil" not in built.replace(source_text, "")


def test_a_clean_catalogue_builds_with_exit_0(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    write_site(tmp_path)
    monkeypatch.chdir(tmp_path)
    args = ["build", "zh/news/article.md", "--po", "locale/en/news/article.po"]
    assert main([*args, "-o", "en/news/article.md"]) == 0
    built = Path("en/news/article.md").read_text(encoding="utf-8")
    for msgstr in TRANSLATIONS.values():
        assert msgstr.replace("./media/", "../../zh/news/media/") in built
    assert "author: 王五" in built
    assert "written (100% translated" in capsys.readouterr().out


# --- block structure -----------------------------------------------------------------------


def test_setext_underline_follows_the_display_width_of_the_translation() -> None:
    text = "社区年度报告\n============\n\n第二部分\n---\n\n正文。\n"
    out = translate(text, {"社区年度报告": "Annual community report", "第二部分": "社区二"})
    assert out == "Annual community report\n=======================\n\n社区二\n------\n\n正文。\n"


def test_setext_heading_in_a_block_quote_and_on_several_lines() -> None:
    out = translate("> 引用标题\n> ---\n", {"引用标题": "Quoted"})
    assert out == "> Quoted\n> ------\n"
    out = translate("第一行\n第二行\n===\n", {"第一行第二行": "One line heading"})
    assert out == "One line heading\n================\n"


def test_atx_heading_keeps_its_markers_and_escapes_a_trailing_hash() -> None:
    out = translate("## 标题 ##\n\n### 语言\n", {"标题": "Title", "语言": "About C #"})
    assert out == "## Title ##\n\n### About C \\#\n"
    assert "<h3>About C #</h3>" in render(out)


def test_list_items_keep_markers_and_indentation() -> None:
    text = "- 第一项\n  续行文字\n  - 嵌套项\n10. 第十项\n    续行\n"
    out = translate(
        text,
        {
            "第一项续行文字": "First item\\\nafter a hard break",
            "嵌套项": "Nested",
            "第十项续行": "Tenth",
        },
    )
    assert out == "- First item\\\n  after a hard break\n  - Nested\n10. Tenth\n"


def test_block_quote_prefixes_stay_on_continuation_lines() -> None:
    out = translate(
        "> 引用第一行，\n> 第二行。\n>\n> > 嵌套\n",
        {
            "引用第一行，第二行。": "Quoted  \nsecond line.",
            "嵌套": "Nested",
        },
    )
    assert out == "> Quoted  \n> second line.\n>\n> > Nested\n"


def test_table_pipes_are_escaped() -> None:
    text = "| 名称 | 说明 |\n| --- | --- |\n| 管道 | 甲 \\| 乙 |\n"
    out = translate(text, {"名称": "a | b", "甲 \\| 乙": "A \\| B", "管道": "Pipe"})
    assert out.splitlines()[0] == "| a \\| b | 说明 |"
    assert out.splitlines()[2] == "| Pipe | A \\| B |"


def test_translated_text_is_on_one_line_unless_wrap() -> None:
    text = (
        "第一行[长段落](https://www.openeuler.org/zh/)文字，\n"
        "第二行`inline code that must stay whole`文字，\n第三行文字。\n"
    )
    msgid = article_of(text).segments[0].msgid
    long = (
        "The first words of a [long paragraph](https://www.openeuler.org/zh/) with "
        "`inline code that must stay whole` and many more words to wrap."
    )
    assert translate(text, {msgid: long}) == long + "\n"
    wrapped = translate(text, {msgid: long}, wrap=30)
    lines = wrapped.splitlines()
    assert len(lines) > 3
    assert "[long paragraph](https://www.openeuler.org/zh/)" in lines
    assert "`inline code that must stay whole`" in lines
    assert all(len(line) <= 30 for line in lines if not line.startswith(("[", "`")))
    assert render(wrapped).replace("\n", " ") == render(long).replace("\n", " ")
    indented = "- " + text.replace("\n第", "\n  第")
    listed = translate(indented, {msgid: long}, wrap=40)
    assert listed.startswith("- The first")
    assert all(line.startswith("  ") for line in listed.splitlines()[1:])


def test_wrap_from_the_command_line(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    article_path, po_path = write_site(tmp_path)
    monkeypatch.chdir(tmp_path)
    out = tmp_path / "en.md"
    args = ["build", str(article_path), "--po", str(po_path), "-o", str(out), "--wrap", "20"]
    assert main(args) == 0
    assert "This text has an\n" in out.read_text(encoding="utf-8")


FRONT_MATTER = """\
---
# 注释在开头
title: '单引号标题'
date: 2024-05-20   # 日期注释
summary: "双引号摘要"
author: 张三
tags: [社区, 发布]
# 键之间的注释
plain: 其他
---

正文。
"""


def test_front_matter_only_translated_keys_change() -> None:
    out = translate(
        FRONT_MATTER,
        {"单引号标题": "It's a title: with a colon", "双引号摘要": 'A "quoted" summary \\ here'},
    )
    source_lines = FRONT_MATTER.splitlines()
    out_lines = out.splitlines()
    assert out_lines[2] == "title: 'It''s a title: with a colon'"
    assert out_lines[4] == 'summary: "A \\"quoted\\" summary \\\\ here"'
    for number, line in enumerate(source_lines):
        if number not in (2, 4):
            assert out_lines[number] == line
    built = article_of(out)
    assert built.front_matter is not None
    assert built.front_matter.data["title"] == "It's a title: with a colon"
    assert built.front_matter.data["summary"] == 'A "quoted" summary \\ here'


def test_plain_front_matter_values_are_quoted_only_when_needed() -> None:
    text = "---\ntitle: 标题\nsummary: 摘要\n---\n\n正文。\n"
    out = translate(text, {"标题": "Plain title", "摘要": "yes"})
    assert out.startswith("---\ntitle: Plain title\nsummary: 'yes'\n---\n")
    assert article_of(out).front_matter.data["summary"] == "yes"  # type: ignore[union-attr]


def test_image_alt_of_a_reference_image_keeps_the_label() -> None:
    text = "![流程][]\n\n![架构]\n\n[流程]: media/flow.png\n[架构]: media/arch.png\n"
    out = translate(text, {"流程": "Flow", "架构": "Architecture"})
    assert out.startswith("![Flow][流程]\n\n![Architecture][架构]\n")
    images = [t for t in article_of(out).tokens if t.type == "inline"]
    sources = [c.attrGet("src") for t in images for c in t.children or [] if c.type == "image"]
    assert sources == ["media/flow.png", "media/arch.png"]


def test_html_alt_attributes_are_escaped() -> None:
    text = '<p><img src="a.png" alt="示意图说明"></p>\n'
    out = translate(text, {"示意图说明": "Tom's & Jerry's diagram"})
    assert "alt=\"Tom's &amp; Jerry's diagram\"" in out


@pytest.mark.parametrize(
    "text",
    [
        '<img title=\'图 alt="内嵌的说明"\' src="a.png">\n',  # an HTML block
        '<div>\n<img title=\'图 alt="内嵌的说明"\' src="a.png">\n</div>\n',
        '前文\n\n<img title=\'图 alt="内嵌的说明"\' src="a.png"> <img src="b.png">\n',
    ],
)
def test_alt_written_inside_another_attribute_is_not_an_alt(text: str) -> None:
    # As a browser reads the tag, 'alt="…"' inside the quoted title is part of the title:
    # it is no entry, and a translation of it cannot open a new attribute.
    article = article_of(text)
    assert "内嵌的说明" not in [s.msgid for s in article.segments]
    messages = [Message(s.msgid, s.msgid) for s in article.segments]
    messages.append(Message("内嵌的说明", "x' onerror=alert(document.domain) z='"))
    result = build(article, messages, min_completion=0)
    assert "onerror" not in result.text


def test_crlf_articles_get_crlf_in_translated_lines() -> None:
    data = "---\r\ntitle: 标题\r\n---\r\n\r\n- 第一项\r\n  续行\r\n".encode()
    article = load_bytes(b"\xef\xbb\xbf" + data, Path("a.md"))
    messages = [Message("第一项续行", "First  \nitem"), Message("标题", "Title", "title")]
    result = build(article, messages)
    assert result.data == b"\xef\xbb\xbf---\r\ntitle: Title\r\n---\r\n\r\n- First  \r\n  item\r\n"


# --- what is published ---------------------------------------------------------------------


def test_fuzzy_and_obsolete_entries_are_never_published() -> None:
    article = article_of("# 标题\n\n正文。\n")
    messages = [
        Message("标题", "Title", fuzzy=True),
        Message("正文。", "Body.", obsolete=True),
    ]
    result = build(article, messages, min_completion=0)
    assert result.text == "# 标题\n\n正文。\n"
    assert (result.fuzzy, result.translated, result.completion) == (1, 0, 0.0)


def _partial_site(tmp_path: Path) -> tuple[Path, Path]:
    article_path, po_path = write_site(tmp_path)
    catalogue = extract(load_article(article_path), lang="en", reference="zh/news/article.md")
    for entry in catalogue:
        entry.msgstr = "Community news" if entry.msgid == "社区动态" else ""
    po_path.write_text(catalogue_text(catalogue), encoding="utf-8")
    return article_path, po_path


def test_below_min_completion_nothing_is_written_and_exit_1(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    article_path, po_path = _partial_site(tmp_path)
    monkeypatch.chdir(tmp_path)
    out = tmp_path / "en" / "article.md"
    args = ["build", str(article_path), "--po", str(po_path), "-o", str(out)]
    assert main(args) == 1
    message = capsys.readouterr().out
    assert "not built" in message and "below the minimum of 80%" in message
    assert not out.exists()
    out.parent.mkdir()
    out.write_text("previous version", encoding="utf-8")
    assert main(args) == 1
    assert out.read_text(encoding="utf-8") == "previous version"
    assert main([*args, "--min-completion", "5"]) == 0
    assert "# Community news" in out.read_text(encoding="utf-8")


def test_min_completion_from_the_configuration(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    article_path, po_path = _partial_site(tmp_path)
    (tmp_path / "eulerdoc.toml").write_text("min-completion = 5\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    out = tmp_path / "out.md"
    assert main(["build", str(article_path), "--po", str(po_path), "-o", str(out)]) == 0
    assert out.exists()


def test_min_completion_must_be_a_percentage(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["build", "a.md", "--min-completion", "120"]) == 2
    assert main(["build", "a.md", "--min-completion", "lots"]) == 2
    assert main(["build", "a.md", "--wrap", "0"]) == 2


# --- image paths ---------------------------------------------------------------------------

IMAGES = """\
# 图片

![合影](./media/a.png "标题")

请看![图标](media/a.png)和[链接](../other.md)。

没有翻译的段落![图标](./media/a.png)。

![带空格](<media/my image.png>)

![站点图片](/img/banner.png)

![远程](https://www.openeuler.org/img/logo.png)

<div align="center">
  <img src="./media/a.png" alt="网页图片">
  <img src='media/a.png'>
</div>

![引用图片][pic]

```
![代码中](./media/code.png)
```

[pic]: ./media/a.png
"""


def _image_site(tmp_path: Path) -> Path:
    folder = tmp_path / "docs" / "zh" / "news"
    (folder / "media").mkdir(parents=True)
    for name in ("a.png", "my image.png"):
        (folder / "media" / name).write_bytes(b"\x89PNG\r\n\x1a\n")
    article = folder / "a.md"
    article.write_text(IMAGES, encoding="utf-8")
    return article


def _sources(article: Article) -> list[str]:
    import re

    found = []
    for token in article.tokens:
        for child in token.children or []:
            if child.type == "image":
                found.append(str(child.attrGet("src")))
        if token.type == "html_block":
            found += re.findall(r"src=[\"']([^\"']+)", token.content)
    return found


def test_relative_image_paths_follow_the_output(tmp_path: Path) -> None:
    source = load_article(_image_site(tmp_path))
    out = tmp_path / "docs" / "en" / "news" / "a.md"
    translations = {
        "合影": "Group photo",
        "请看![图标](media/a.png)和[链接](../other.md)。": (
            "See ![icon](media/a.png) and [link](../other.md)."
        ),
        "网页图片": "Web image",
        "图片": "Images",
    }
    messages = [
        Message(s.msgid, translations.get(s.msgid, s.msgid), s.context) for s in source.segments
    ]
    result = build(source, messages, output_path=out, min_completion=0)
    assert result.written
    text = out.read_text(encoding="utf-8")
    assert '![Group photo](../../zh/news/media/a.png "标题")' in text
    assert "See ![icon](../../zh/news/media/a.png) and [link](../other.md)." in text
    assert "没有翻译的段落![图标](../../zh/news/media/a.png)。" in text
    assert "<../../zh/news/media/my image.png>" in text
    assert '<img src="../../zh/news/media/a.png" alt="Web image">' in text
    assert "<img src='../../zh/news/media/a.png'>" in text
    assert "[pic]: ../../zh/news/media/a.png" in text
    assert "](/img/banner.png)" in text and "(https://www.openeuler.org/img/logo.png)" in text
    assert "![代码中](./media/code.png)" in text
    built = load_article(out)
    relative = [s for s in _sources(built) if not s.startswith(("/", "http"))]
    assert len(relative) == 7
    for src in relative:
        assert (out.parent / unquote(src)).is_file(), src


def test_images_keep_and_same_folder_outputs_leave_paths_alone(tmp_path: Path) -> None:
    source = load_article(_image_site(tmp_path))
    identity = [Message(s.msgid, s.msgid, s.context) for s in source.segments]
    elsewhere = tmp_path / "docs" / "en" / "news" / "a.md"
    kept = build(source, identity, output_path=elsewhere, images="keep")
    assert kept.text == IMAGES
    beside = build(source, identity, output_path=source.path.with_name("a.en.md"))
    assert beside.text == IMAGES
    assert (
        main(
            [
                "build",
                str(source.path),
                "--po",
                str(_po_of(source, tmp_path)),
                "-o",
                str(elsewhere),
                "--images",
                "keep",
            ]
        )
        == 0
    )
    assert elsewhere.read_text(encoding="utf-8") == IMAGES


def _po_of(article: Article, folder: Path) -> Path:
    catalogue = extract(article, lang="en", reference="a.md")
    for entry in catalogue:
        entry.msgstr = entry.msgid
    path = folder / "identity.po"
    path.write_text(catalogue_text(catalogue), encoding="utf-8")
    return path


# --- writing -------------------------------------------------------------------------------


def test_an_unchanged_output_is_not_rewritten(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    article_path, po_path = write_site(tmp_path)
    out = tmp_path / "out.md"
    args = ["build", str(article_path), "--po", str(po_path), "-o", str(out)]
    assert main(args) == 0
    os.utime(out, ns=(1_000_000_000, 1_000_000_000))
    before = out.stat()
    assert main(args) == 0
    after = out.stat()
    assert (after.st_mtime_ns, after.st_ino) == (before.st_mtime_ns, before.st_ino)
    assert "unchanged" in capsys.readouterr().out.splitlines()[-1]


def test_a_failed_write_leaves_the_previous_file_whole(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    article_path, po_path = write_site(tmp_path)
    out = tmp_path / "en" / "out.md"
    out.parent.mkdir()
    out.write_text("previous version", encoding="utf-8")

    def fail(source: object, target: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", fail)
    assert main(["build", str(article_path), "--po", str(po_path), "-o", str(out)]) == 1
    captured = capsys.readouterr()
    assert "No space left on device" in captured.err
    assert "Traceback" not in captured.err
    assert out.read_text(encoding="utf-8") == "previous version"
    assert sorted(p.name for p in out.parent.iterdir()) == ["out.md"]


# --- command-line forms --------------------------------------------------------------------


def test_single_article_without_configuration_to_standard_output(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capfdbinary: pytest.CaptureFixture[bytes]
) -> None:
    article_path, po_path = write_site(tmp_path)
    monkeypatch.chdir(tmp_path)
    assert main(["build", str(article_path), "--po", str(po_path), "-o", "-"]) == 0
    captured = capfdbinary.readouterr()
    assert captured.out.decode("utf-8").startswith("---\ntitle: ")
    assert "# Community news" in captured.out.decode("utf-8")
    assert b"100% translated" in captured.err


def test_the_layout_gives_catalogue_and_output(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write_site(tmp_path)
    monkeypatch.chdir(tmp_path)
    assert main(["build", "zh/news/article.md"]) == 0
    assert "# Community news" in (tmp_path / "en" / "news" / "article.md").read_text("utf-8")
    assert main(["build", "zh/news/article.md", "--lang", "fr"]) == 1  # no French catalogue


def test_batch_mode_over_the_configured_articles(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    write_site(tmp_path)
    (tmp_path / "zh" / "news" / "untranslated.md").write_text("# 未翻译\n", encoding="utf-8")
    (tmp_path / "zh" / "news" / "second.md").write_text(ARTICLE, encoding="utf-8")
    shutil.copy(tmp_path / "locale/en/news/article.po", tmp_path / "locale/en/news/second.po")
    (tmp_path / "eulerdoc.toml").write_text('content = ["zh"]\n', encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    assert main(["build", "--jobs", "2"]) == 0
    out = capsys.readouterr().out
    assert "2 written, 0 unchanged, 0 below the minimum completion, 1 without a catalogue" in out
    assert (tmp_path / "en/news/second.md").read_text("utf-8") == (
        tmp_path / "en/news/article.md"
    ).read_text("utf-8")
    assert not (tmp_path / "en/news/untranslated.md").exists()


def test_usage_errors(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    article_path, po_path = write_site(tmp_path)
    monkeypatch.chdir(tmp_path)
    (tmp_path / "zh" / "b.md").write_text("# 乙\n", encoding="utf-8")
    assert main(["build", "zh", "--po", str(po_path)]) == 2
    assert main(["build", "zh", "-o", "x.md"]) == 2
    assert main(["build"]) == 2  # no ARTICLE and no configuration
    assert main(["build", str(article_path), "--po", str(po_path), "-o", str(article_path)]) == 1
    assert article_path.read_text(encoding="utf-8") == ARTICLE


def test_unreadable_inputs_are_errors_not_tracebacks(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    article_path, po_path = write_site(tmp_path)
    monkeypatch.chdir(tmp_path)
    assert main(["build", "missing.md", "--po", str(po_path), "-o", "x.md"]) == 1
    po_path.write_text('msgid ""\nmsgstr ""\n\nmsgid "a\n', encoding="utf-8")
    assert main(["build", str(article_path), "--po", str(po_path), "-o", "x.md"]) == 1
    err = capsys.readouterr().err
    assert "missing.md" in err and "article.po:4:" in err
    assert "Traceback" not in err


# --- real articles, as a user would --------------------------------------------------------


@requires_corpus
def test_corpus_site_extract_update_identity_build(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    import polib

    site = tmp_path / "website-v2"
    shutil.copytree(CORPUS / "website-v2", site)
    (site / "eulerdoc.toml").write_text('content = ["web-ui/docs/zh"]\n', encoding="utf-8")
    monkeypatch.chdir(site)
    assert main(["extract", "--jobs", "2"]) == 0
    assert main(["update"]) == 0
    catalogues = sorted((site / "locale" / "en").rglob("*.po"))
    sources = sorted((site / "web-ui/docs/zh").rglob("*.md"))
    assert len(catalogues) == len(sources) >= 40
    for path in catalogues:
        msgfmt_accepts(path)
        catalogue = polib.pofile(str(path), wrapwidth=0)
        for entry in catalogue:
            entry.msgstr = entry.msgid
        catalogue.save()
        msgfmt_accepts(path)
    assert main(["check-po"]) == 0
    capsys.readouterr()
    assert main(["build", "--jobs", "2", "--images", "keep"]) == 0
    assert f"{len(sources)} written" in capsys.readouterr().out
    zh, en = site / "web-ui/docs/zh", site / "web-ui/docs/en"
    for source in sources:
        assert (en / source.relative_to(zh)).read_bytes() == source.read_bytes(), source
    # with image paths rewritten, every image that resolved from zh resolves from en
    assert main(["build"]) == 0
    for source in sources:
        target = en / source.relative_to(zh)
        before = _sources(load_article(source))
        after = _sources(load_article(target))
        assert len(before) == len(after)
        for old, new in zip(before, after, strict=True):
            if old.startswith(("/", "http", "data:")) or "://" in old:
                assert new == old
            elif (source.parent / unquote(old)).is_file():
                assert (target.parent / unquote(new)).resolve() == (
                    source.parent / unquote(old)
                ).resolve()
    # a second build changes nothing
    capsys.readouterr()
    assert main(["build"]) == 0
    assert f"0 written, {len(sources)} unchanged" in capsys.readouterr().out
    assert read_po(catalogues[0])  # the catalogues are still readable


def test_translations_that_break_only_in_place_are_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from tests.test_check_po import write_in_place_site

    article_path, po_path = write_in_place_site(tmp_path)
    monkeypatch.chdir(tmp_path)
    args = ["build", "zh/a.md", "--po", "a.po", "-o", "zh/a.en.md", "--min-completion", "0"]
    assert main(args) == 1
    assert f"a.po:{entry_line(po_path, '乙图片')}:1: PO108 " in capsys.readouterr().out
    built = (tmp_path / "zh" / "a.en.md").read_text(encoding="utf-8")
    assert built.startswith("![a `b](./media/a.png) ![乙图片](./media/b.png)\n")
    source = load_article(article_path)
    assert [t.type for t in load_article(tmp_path / "zh" / "a.en.md").tokens] == [
        t.type for t in source.tokens
    ]


def test_the_structure_check_costs_nothing_for_identity_catalogues(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import eulerdoc.article.tokens as tokens

    article = article_of(ARTICLE)
    calls: list[str] = []
    original = tokens.parse

    def counting(text: str, env: dict[str, object] | None = None) -> object:
        calls.append(text)
        return original(text, env)

    monkeypatch.setattr(tokens, "parse", counting)
    identity = [Message(s.msgid, s.msgid, s.context) for s in article.segments]
    assert build(article, identity).text == ARTICLE
    assert calls == []


def test_completion_is_rounded_down_in_messages() -> None:
    from eulerdoc.cli.build import _percent_text

    assert [_percent_text(v) for v in (79.96, 100.0, 12.5, 0.0)] == ["79.9", "100", "12.5", "0"]
