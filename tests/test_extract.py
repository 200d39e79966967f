"""extract: article → catalogue template (DESIGN §4 "extract", the CLI contract)."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

import polib
import pytest

from eulerdoc.article import load_article, load_bytes
from eulerdoc.cli import main
from eulerdoc.config import load_config
from eulerdoc.l10n.catalog import (
    CatalogError,
    catalogue_text,
    read_po,
    read_po_bytes,
    write_catalogue,
)
from eulerdoc.l10n.extract import extract
from eulerdoc.l10n.update import update
from tests.conftest import FIXTURES, corpus_articles, requires_corpus

L10N = FIXTURES / "l10n"
MSGFMT = shutil.which("msgfmt")
requires_msgfmt = pytest.mark.skipif(MSGFMT is None, reason="GNU msgfmt is not installed")

NEWS = """---
title: 社区新闻标题
summary: 这是一篇新闻的摘要。
date: 2024-03-18
category: news
---

# 社区新闻标题

社区发布了新的版本，
欢迎大家下载试用。

## 下载

- 社区发布了新的版本，
  欢迎大家下载试用。
- 第二项
"""

BLOG = """---
title: 博客文章
---

博客正文的第一段。

![系统架构图](./media/arch.png)
"""


@pytest.fixture(autouse=True)
def _english(monkeypatch: pytest.MonkeyPatch) -> None:
    for var in ("LANGUAGE", "LC_ALL", "LC_MESSAGES"):
        monkeypatch.delenv(var, raising=False)
    monkeypatch.setenv("LANG", "C")
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1710720000")  # 2024-03-18 00:00 UTC


def run(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    code = main(argv)
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def make_site(root: Path) -> Path:
    """A small site: pyproject with content folders, zh articles in two folders."""
    root.mkdir(parents=True, exist_ok=True)
    (root / "pyproject.toml").write_text(
        '[tool.eulerdoc]\ncontent = ["docs/zh"]\n', encoding="utf-8"
    )
    news = root / "docs" / "zh" / "news" / "2024"
    news.mkdir(parents=True)
    (news / "a.md").write_text(NEWS, encoding="utf-8")
    blog = root / "docs" / "zh" / "blog" / "author"
    blog.mkdir(parents=True)
    (blog / "b.md").write_text(BLOG, encoding="utf-8")
    hidden = root / "docs" / "zh" / ".vuepress"
    hidden.mkdir()
    (hidden / "skipped.md").write_text("# 不处理\n", encoding="utf-8")
    (root / "docs" / "en").mkdir()
    return root


def msgfmt_check(path: Path) -> None:
    assert MSGFMT is not None
    result = subprocess.run(
        [MSGFMT, "-c", "-o", os.devnull, str(path)], capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0, result.stderr
    assert "error" not in result.stderr.replace("warning", ""), result.stderr


def header(text: str) -> dict[str, str]:
    return dict(re.findall(r'^"([\w-]+): (.*)\\n"$', text, re.MULTILINE))


# --- the template -------------------------------------------------------------------


def test_template_entries_references_and_comments() -> None:
    article = load_bytes(NEWS.encode("utf-8"), Path("docs/zh/news/a.md"))
    catalogue = extract(article, reference="docs/zh/news/a.md")
    entries = [(e.msgctxt, e.msgid, e.occurrences, e.comment) for e in catalogue]
    where = "docs/zh/news/a.md"
    assert entries == [
        ("title", "社区新闻标题", [(where, "2")], "front matter: title"),
        ("summary", "这是一篇新闻的摘要。", [(where, "3")], "front matter: summary"),
        # the same text as the title, without a context: its own entry
        (None, "社区新闻标题", [(where, "8")], "heading"),
        # the same paragraph twice: one entry, two references, both kinds
        (
            None,
            "社区发布了新的版本，欢迎大家下载试用。",
            [(where, "10"), (where, "15")],
            "paragraph, list item",
        ),
        (None, "下载", [(where, "13")], "heading"),
        (None, "第二项", [(where, "17")], "list item"),
    ]
    text = catalogue_text(catalogue)
    assert "#: docs/zh/news/a.md:10 docs/zh/news/a.md:15\n" in text
    assert '#. front matter: title\n#: docs/zh/news/a.md:2\nmsgctxt "title"\n' in text


def test_template_header() -> None:
    catalogue = extract(load_article(L10N / "basic.md"), reference="basic.md")
    fields = header(catalogue_text(catalogue))
    assert fields["Project-Id-Version"] == "basic.md"
    assert fields["Language"] == ""
    assert fields["Content-Type"] == "text/plain; charset=UTF-8"
    assert fields["Content-Transfer-Encoding"] == "8bit"
    assert fields["MIME-Version"] == "1.0"
    assert fields["Plural-Forms"] == "nplurals=2; plural=(n != 1);"
    assert "POT-Creation-Date" not in fields  # stamped when written
    catalogue = extract(load_article(L10N / "basic.md"), lang="zh_CN", reference="basic.md")
    fields = header(catalogue_text(catalogue))
    assert fields["Language"] == "zh_CN"
    assert fields["Plural-Forms"] == "nplurals=1; plural=0;"


def test_output_is_deterministic_and_has_no_wrapping() -> None:
    article = load_article(L10N / "basic.md")
    first = catalogue_text(extract(article, reference="basic.md"))
    second = catalogue_text(extract(load_article(L10N / "basic.md"), reference="basic.md"))
    assert first == second
    long = [line for line in first.splitlines() if line.startswith('msgid "这是第一段文字')]
    assert len(long) == 1  # a long paragraph stays on one line
    # a hard break splits the string after its newline, as GNU tools do
    assert (
        'msgid ""\n"第二段有硬换行：两个空格  \\n"\n"然后是反斜杠\\\\\\n"\n"最后一行。"\n' in first
    )


def test_catalogue_text_reads_back_identically(tmp_path: Path) -> None:
    for path in sorted(L10N.glob("*.md")):
        catalogue = extract(load_article(path), reference=path.name)
        text = catalogue_text(catalogue)
        messages = read_po_bytes(text.encode("utf-8"), "x.pot")
        assert [(m.msgctxt, m.msgid) for m in messages] == [(e.msgctxt, e.msgid) for e in catalogue]
        assert catalogue_text(polib.pofile(text, wrapwidth=0)) == text


# --- writing: date, only when changed, atomic ---------------------------------------


def test_written_only_when_changed_and_date_follows_content(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    article_path = tmp_path / "a.md"
    article_path.write_text(NEWS, encoding="utf-8")
    pot = tmp_path / "out" / "a.pot"
    assert write_catalogue(extract(load_article(article_path), reference="a.md"), pot)
    first = pot.read_text(encoding="utf-8")
    assert header(first)["POT-Creation-Date"] == "2024-03-18 00:00+0000"
    past = 1_000_000_000
    os.utime(pot, (past, past))
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1720000000")  # later
    # nothing changed: same bytes, file untouched, date kept
    assert not write_catalogue(extract(load_article(article_path), reference="a.md"), pot)
    assert pot.stat().st_mtime == past
    assert pot.read_text(encoding="utf-8") == first
    # the article changed: new content, new date
    article_path.write_text(NEWS + "\n新增的一段。\n", encoding="utf-8")
    assert write_catalogue(extract(load_article(article_path), reference="a.md"), pot)
    second = pot.read_text(encoding="utf-8")
    assert header(second)["POT-Creation-Date"] == "2024-07-03 09:46+0000"
    assert "新增的一段。" in second
    assert [p.name for p in pot.parent.iterdir()] == ["a.pot"]  # no temporary files


def test_dry_run_writes_nothing(tmp_path: Path) -> None:
    pot = tmp_path / "a.pot"
    catalogue = extract(load_bytes(NEWS.encode("utf-8"), Path("a.md")), reference="a.md")
    assert write_catalogue(catalogue, pot, dry_run=True)
    assert not pot.exists()


def test_failed_write_leaves_the_old_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    pot = tmp_path / "a.pot"
    pot.write_text("旧的内容\n", encoding="utf-8")

    def fail(*args: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", fail)
    catalogue = extract(load_bytes(NEWS.encode("utf-8"), Path("a.md")), reference="a.md")
    with pytest.raises(CatalogError, match="No space left"):
        write_catalogue(catalogue, pot)
    assert pot.read_text(encoding="utf-8") == "旧的内容\n"
    assert [p.name for p in tmp_path.iterdir()] == ["a.pot"]


# --- reading broken catalogues -------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "line", "words"),
    [
        ('msgid "a"\nmsgstr "b\n', 2, "unterminated"),
        ('msgid "a"\nmsgstr "b"\n"c\n', 3, "unterminated"),
        ('msgid "a" msgstr "b"\n', 1, "after the string"),
        ('msgid "\\q"\nmsgstr ""\n', 1, "escape"),
        ("msgid a\nmsgstr b\n", 1, "unexpected"),
        ('msgid "a"\nmsgstr "b"\n\nmsgid "a"\nmsgstr "c"\n', 4, "duplicate"),
        ('msgid "a"\nmsgstr[0] "b"\n', 1, "msgid_plural"),
        ('msgid "a"\nmsgid "b"\nmsgstr ""\n', 2, "syntax"),
    ],
)
def test_broken_catalogue_is_an_error_with_its_line(
    tmp_path: Path, text: str, line: int, words: str
) -> None:
    path = tmp_path / "bad.po"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(CatalogError) as caught:
        read_po(path)
    assert caught.value.line == line
    assert words in caught.value.message.lower()
    assert str(caught.value).startswith(f"{path}:{line}: ")


def test_non_utf8_catalogue(tmp_path: Path) -> None:
    path = tmp_path / "bad.po"
    path.write_bytes(b'msgid "a"\nmsgstr "\xff"\n')
    with pytest.raises(CatalogError, match="UTF-8") as caught:
        read_po(path)
    assert caught.value.line == 2


# --- GNU msgfmt accepts everything written -------------------------------------------


def _translated(catalogue: polib.POFile) -> polib.POFile:
    """A plausible catalogue: some translated, one fuzzy, one obsolete."""
    po, _report = update(catalogue, extract_empty(catalogue), lang="en")
    for index, entry in enumerate(po):
        if index % 3 == 0:
            entry.msgstr = entry.msgid  # identity keeps newlines at both ends
        elif index % 3 == 1 and not entry.msgid.endswith("\n"):
            entry.msgstr = "EN " + entry.msgid.replace("\n", " ")
            entry.flags.append("fuzzy")
            entry.previous_msgid = entry.msgid + "（旧）"
    po.append(polib.POEntry(msgid="删除的段落", msgstr="Removed paragraph", obsolete=True))
    return po


def extract_empty(template: polib.POFile) -> polib.POFile:
    from eulerdoc.l10n.catalog import new_catalogue

    return new_catalogue("en", "test")


@requires_msgfmt
@pytest.mark.parametrize("path", sorted(L10N.glob("*.md")), ids=lambda p: p.name)
def test_msgfmt_accepts_fixture_catalogues(tmp_path: Path, path: Path) -> None:
    template = extract(load_article(path), reference=f"docs/zh/{path.name}")
    pot = tmp_path / "t.pot"
    write_catalogue(template, pot)
    msgfmt_check(pot)
    po = tmp_path / "en.po"
    write_catalogue(_translated(template), po)
    msgfmt_check(po)


@requires_msgfmt
def test_msgfmt_accepts_awkward_strings(tmp_path: Path) -> None:
    text = (
        '---\ntitle: "带\\"引号\\"和\\\\反斜杠\\t制表符"\n---\n\n'
        "路径 C:\\\\Windows\\\\ 和 \"引号\" 以及 'single'。\n\n"
        "硬换行  \n第二行\n\n"
        "结尾的反斜杠\\\n下一行\n"
    )
    catalogue = extract(load_bytes(text.encode("utf-8"), Path("my docs/a b.md")))
    assert any("\u2068" in line for line in catalogue_text(catalogue).splitlines())
    pot = tmp_path / "t.pot"
    write_catalogue(catalogue, pot)
    msgfmt_check(pot)
    po = tmp_path / "en.po"
    write_catalogue(_translated(catalogue), po)
    msgfmt_check(po)


@requires_msgfmt
@requires_corpus
def test_msgfmt_accepts_every_corpus_catalogue(tmp_path: Path) -> None:
    articles = corpus_articles()
    assert articles
    assert MSGFMT is not None
    paths = []
    for index, path in enumerate(articles):
        template = extract(load_article(path), reference=path.name)
        pot = tmp_path / f"{index}.pot"
        write_catalogue(template, pot)
        po = tmp_path / f"{index}.po"
        write_catalogue(_translated(template), po)
        paths += [pot, po]
    for path in paths:  # one msgfmt per file: its diagnostics name the file
        msgfmt_check(path)


# --- command line ------------------------------------------------------------------


def test_cli_one_article_without_any_configuration(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    assert load_config().source is None
    (tmp_path / "a.md").write_text(NEWS, encoding="utf-8")
    code, out, err = run(["extract", "a.md", "-o", "out/a.pot"], capsys)
    assert (code, err) == (0, "")
    assert "out/a.pot: written (6 messages)" in out
    text = (tmp_path / "out" / "a.pot").read_text(encoding="utf-8")
    assert "#: a.md:10 a.md:15\n" in text
    assert header(text)["POT-Creation-Date"] == "2024-03-18 00:00+0000"
    # standard output
    code, out, err = run(["extract", "a.md", "-o", "-"], capsys)
    assert (code, err) == (0, "")
    assert out == text
    # default place: locale/templates/<name>.pot beside the current directory
    code, out, err = run(["extract", "a.md"], capsys)
    assert code == 0
    assert (tmp_path / "locale" / "templates" / "a.pot").read_text(encoding="utf-8") == text


def test_cli_usage_errors(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "a.md").write_text(NEWS, encoding="utf-8")
    (tmp_path / "b.md").write_text(BLOG, encoding="utf-8")
    code, _out, err = run(["extract"], capsys)
    assert code == 2 and "no ARTICLE" in err
    code, _out, err = run(["extract", "a.md", "b.md", "-o", "x.pot"], capsys)
    assert code == 2 and "exactly one ARTICLE" in err
    code, _out, err = run(["extract", "a.md", "-o", "a.md"], capsys)
    assert code == 2
    assert (tmp_path / "a.md").read_text(encoding="utf-8") == NEWS
    code, _out, err = run(["extract", "missing.md", "-o", "x.pot"], capsys)
    assert code == 1 and "missing.md" in err and "Traceback" not in err


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_cli_batch_with_configured_layout(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], jobs: str
) -> None:
    site = make_site(tmp_path / "site")
    monkeypatch.chdir(site / "docs")  # the configuration is found from a subfolder
    code, out, err = run(["extract", "--jobs", jobs], capsys)
    assert (code, err) == (0, "")
    templates = site / "locale" / "templates"
    found = sorted(p.relative_to(templates).as_posix() for p in templates.rglob("*"))
    assert found == [
        "blog",
        "blog/author",
        "blog/author/b.pot",
        "news",
        "news/2024",
        "news/2024/a.pot",
    ]
    text = (templates / "news" / "2024" / "a.pot").read_text(encoding="utf-8")
    assert "#: docs/zh/news/2024/a.md:2\n" in text  # relative to the configuration root
    assert "2 of 2 templates changed, 0 failed" in out
    # second run: nothing changes, --check passes
    code, out, _err = run(["extract", "--check", "--jobs", jobs], capsys)
    assert code == 0
    assert "0 of 2 templates changed" in out


def test_cli_check_fails_when_a_template_changed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    site = make_site(tmp_path / "site")
    monkeypatch.chdir(site)
    assert run(["extract"], capsys)[0] == 0
    article = site / "docs" / "zh" / "blog" / "author" / "b.md"
    article.write_text(BLOG + "\n新加的一段。\n", encoding="utf-8")
    pot = site / "locale" / "templates" / "blog" / "author" / "b.pot"
    before = pot.read_bytes()
    code, out, _err = run(["extract", "--check", "--dry-run"], capsys)
    assert code == 1 and "would change" in out
    assert pot.read_bytes() == before
    code, out, _err = run(["extract", "--check"], capsys)
    assert code == 1
    assert "locale/templates/blog/author/b.pot: written" in out
    assert "新加的一段。" in pot.read_text(encoding="utf-8")
    assert run(["extract", "--check"], capsys)[0] == 0  # refreshed: the hook passes now


def test_cli_unreadable_article_in_batch(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    site = make_site(tmp_path / "site")
    (site / "docs" / "zh" / "news" / "bad.md").write_bytes(b"\xff\xfe\x00bad")
    monkeypatch.chdir(site)
    code, out, err = run(["extract"], capsys)
    assert code == 1
    assert "bad.md" in err and "Traceback" not in err
    assert "2 of 3 templates changed, 1 failed" in out


# --- the real site --------------------------------------------------------------------


@requires_corpus
def test_cli_on_a_copy_of_the_real_site(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    import json

    from tests.conftest import CORPUS

    source = CORPUS / "website-v2"
    if not source.is_dir():
        pytest.skip("website-v2 is not in the corpus")
    site = tmp_path / "site"

    def only_markdown(folder: str, names: list[str]) -> list[str]:
        return [n for n in names if Path(folder, n).is_file() and not n.endswith(".md")]

    shutil.copytree(source, site, ignore=only_markdown)
    (site / "pyproject.toml").write_text(
        '[tool.eulerdoc]\ncontent = ["web-ui/docs/zh"]\n', encoding="utf-8"
    )
    monkeypatch.chdir(site)
    articles = sorted((site / "web-ui" / "docs" / "zh").rglob("*.md"))
    code, out, err = run(["extract", "--jobs", "2"], capsys)
    assert (code, err) == (0, "")
    assert f"{len(articles)} of {len(articles)} templates changed, 0 failed" in out
    templates = sorted((site / "locale" / "templates").rglob("*.pot"))
    assert len(templates) == len(articles)
    code, out, err = run(["update", "--jobs", "2"], capsys)
    assert (code, err) == (0, "")
    assert out.count(": created; kept 0, fuzzy 0, new ") == len(articles)
    catalogues = sorted((site / "locale" / "en").rglob("*.po"))
    assert len(catalogues) == len(articles)
    if MSGFMT is not None:
        for path in templates + catalogues:
            msgfmt_check(path)

    # a translator translates one article; its author then edits a paragraph
    article = next((p for p in articles if p.name == "20200930.md"), articles[0])
    relative = article.relative_to(site / "web-ui" / "docs" / "zh").with_suffix(".po")
    po_path = site / "locale" / "en" / relative
    po = polib.pofile(str(po_path), wrapwidth=0)
    for entry in po:
        entry.msgstr = "EN " + entry.msgid.replace("\n", " ")
    po_path.write_text(catalogue_text(po), encoding="utf-8")
    first = next(e for e in po if e.msgctxt is None and "\n" not in e.msgid)
    text = article.read_text(encoding="utf-8")
    assert first.msgid in text
    article.write_text(text.replace(first.msgid, first.msgid + "（修订）", 1), encoding="utf-8")

    code, out, _err = run(["extract", "--check"], capsys)
    assert code == 1 and f"1 of {len(articles)} templates changed" in out
    assert run(["extract", "--check"], capsys)[0] == 0
    code, out, err = run(["update"], capsys)
    assert (code, err) == (0, "")
    shown = f"locale/en/{relative.as_posix()}"
    line = next(line for line in out.splitlines() if line.startswith(shown + ":"))
    assert line.endswith("fuzzy 1, new 0, obsolete 0") and ": updated;" in line
    assert out.count(": unchanged;") == len(articles) - 1
    merged = read_po(po_path)
    fuzzy = [m for m in merged if m.fuzzy]
    assert [(m.previous_msgid, m.msgstr) for m in fuzzy] == [(first.msgid, "EN " + first.msgid)]

    code, out, _err = run(["stats", "--format", "json"], capsys)
    assert code == 0
    stats = {d["path"]: d for d in json.loads(out)}
    assert len(stats) == len(articles)
    row = stats[shown]
    assert (row["fuzzy"], row["untranslated"]) == (1, 0)
    assert row["translated"] == row["total"] - 1
    assert all(d["translated"] == 0 for p, d in stats.items() if p != shown)
    code, out, _err = run(["stats"], capsys)
    assert code == 0 and out.splitlines()[-1].split()[-1] == "total"
