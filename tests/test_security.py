"""The trust boundaries of the security review (README "Security"), one test per finding.

Contributors control article paths, the folder tree (symbolic links) and the site's
configuration; translators control ``.po`` files; both control text that eulerdoc
quotes back in messages. None of them may make eulerdoc read or write outside the
site, or rewrite the terminal of the person reading its output.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from eulerdoc.article.load import ArticleLoadError, load_site_article
from eulerdoc.config import Config, load_config
from eulerdoc.diagnostic import Diagnostic, Severity, printable
from eulerdoc.errors import ConfigError
from eulerdoc.l10n.catalog import CatalogError, parse_po
from tests.test_extract import _english, make_site, run

__all__ = ["_english"]  # the autouse fixture: messages in English

needs_symlinks = pytest.mark.skipif(not hasattr(os, "symlink"), reason="no symbolic links")

SECRET = "机密内容不应出现"
SECRET_ARTICLE = f"---\ntitle: {SECRET}\n---\n\n{SECRET}。\n"
SECRET_PO = f'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n\n# {SECRET}\n'


@pytest.fixture
def site(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A configured site in ``tmp_path/site``, the current directory; ``tmp_path/outside``
    holds files that must never be read or written."""
    root = make_site(tmp_path / "site")
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "secret.md").write_text(SECRET_ARTICLE, encoding="utf-8")
    (outside / "secret.po").write_text(SECRET_PO, encoding="utf-8")
    monkeypatch.chdir(root)
    return root


def outside(site: Path) -> Path:
    return site.parent / "outside"


def snapshot(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*") if p.is_file()
    }


# --- article paths ----------------------------------------------------------------------


@needs_symlinks
def test_an_article_linked_outside_the_site_is_not_read(
    site: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    link = site / "docs" / "zh" / "news" / "leak.md"
    link.symlink_to(outside(site) / "secret.md")
    for argv in (
        ["lint"],
        ["lint", "docs/zh/news/leak.md"],
        ["lint", "--format", "json", "docs/zh"],
        ["extract"],
        ["extract", "docs/zh/news/leak.md", "-o", "-"],
        ["update", "--lang", "en"],
    ):
        code, out, err = run(argv, capsys)
        assert code == 1, argv
        assert "a symbolic link leads outside the site" in out + err, argv
        assert SECRET not in out + err, argv
    assert not list(site.rglob("*leak*.po*"))
    assert not (site / "docs" / "en" / "news" / "leak.md").exists()


@needs_symlinks
def test_load_site_article_refuses_without_opening(site: Path) -> None:
    link = site / "docs" / "zh" / "leak.md"
    link.symlink_to(outside(site) / "secret.md")
    with pytest.raises(ArticleLoadError) as caught:
        load_site_article(link, load_config())
    assert caught.value.path == str(link) and SECRET not in str(caught.value)
    # a link that stays inside the site is fine
    inner = site / "docs" / "zh" / "same.md"
    inner.symlink_to(site / "docs" / "zh" / "news" / "2024" / "a.md")
    assert load_site_article(inner, load_config()).segments


def test_an_article_named_outside_the_site_is_the_callers_choice(
    site: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # A path written on the command line outside the site is read as given: the
    # contributor named it. Only links hidden in the tree are refused.
    code, out, _ = run(["extract", str(outside(site) / "secret.md"), "-o", "-"], capsys)
    assert code == 0 and SECRET in out


# --- catalogues ---------------------------------------------------------------------------


@needs_symlinks
@pytest.mark.parametrize(
    "argv",
    [
        ["check-po", "locale/en/news/2024/a.po"],
        ["check-po"],
        ["stats", "--lang", "en"],
        ["update", "--lang", "en"],
        ["build", "--lang", "en", "--min-completion", "0"],
    ],
)
def test_a_catalogue_linked_outside_the_site_is_not_read(
    site: Path, capsys: pytest.CaptureFixture[str], argv: list[str]
) -> None:
    po = site / "locale" / "en" / "news" / "2024" / "a.po"
    po.parent.mkdir(parents=True)
    po.symlink_to(outside(site) / "secret.po")
    before = snapshot(outside(site))
    code, out, err = run(argv, capsys)
    assert code == 1, out + err
    # not read ("a symbolic link leads outside the site"), and never written through
    assert "outside the site" in out + err
    assert SECRET not in out + err
    assert snapshot(outside(site)) == before


@needs_symlinks
@pytest.mark.parametrize(
    ("linked", "argv", "written"),
    [
        ("locale/templates", ["extract"], "news/2024/a.pot"),
        ("locale/en", ["update", "--lang", "en"], "news/2024/a.po"),
        ("docs/en", ["build", "--lang", "en", "--min-completion", "0"], "news/2024/a.md"),
    ],
)
def test_a_folder_linked_outside_the_site_is_never_written_into(
    site: Path, capsys: pytest.CaptureFixture[str], linked: str, argv: list[str], written: str
) -> None:
    if argv[0] == "build":
        assert run(["update", "--lang", "en"], capsys)[0] == 0
    target = site / linked
    if target.exists():
        target.rmdir()
    target.parent.mkdir(parents=True, exist_ok=True)
    target.symlink_to(outside(site), target_is_directory=True)
    before = snapshot(outside(site))
    code, out, err = run(argv, capsys)
    assert code == 1, out + err
    assert "refusing to write" in err and "outside the site" in err
    assert snapshot(outside(site)) == before
    assert not (outside(site) / written).exists()


def test_an_explicit_output_is_the_callers_choice(
    site: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = outside(site) / "chosen.pot"
    code, _, err = run(["extract", "docs/zh/news/2024/a.md", "-o", str(target)], capsys)
    assert code == 0, err
    assert target.is_file()


def test_a_catalogue_with_lone_cr_line_ends_is_refused_with_its_line() -> None:
    text = 'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n\nmsgid "a"\rmsgstr "b"\r'
    with pytest.raises(CatalogError) as caught:
        parse_po(text.encode("utf-8"), "x.po")
    assert caught.value.line == 5
    assert "carriage return" in caught.value.message
    # CRLF is fine: it is read as LF
    crlf = text.replace("\r", "\n").replace("\n", "\r\n")
    assert [e.msgstr for e in parse_po(crlf.encode("utf-8"), "x.po")] == ["b"]


# --- configuration ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("key", "value"),
    [
        ("locale-dir", '"../.."'),
        ("locale-dir", '"/etc"'),
        ("locale-dir", '"a/../../b"'),
        ("public", '"/"'),
        ("public", '"C:\\\\Windows"'),
        ("content", '["docs/zh", "../other"]'),
        ("baseline", '"..\\\\..\\\\x.json"'),
    ],
)
def test_configured_paths_stay_inside_the_configurations_folder(
    site: Path, capsys: pytest.CaptureFixture[str], key: str, value: str
) -> None:
    (site / "pyproject.toml").write_text(
        f'[tool.eulerdoc]\ncontent = ["docs/zh"]\n{key} = {value}\n'.replace(
            'content = ["docs/zh"]\ncontent', "content"
        ),
        encoding="utf-8",
    )
    with pytest.raises(ConfigError) as caught:
        load_config()
    assert key in str(caught.value) and "inside the configuration's folder" in str(caught.value)
    code, _, err = run(["extract"], capsys)
    assert code == 2 and "pyproject.toml" in err


def test_inner_relative_paths_are_accepted() -> None:
    config = Config.model_validate({"locale-dir": "site/../locale", "public": "./docs/public"})
    assert config.locale_dir == "site/../locale"


@pytest.mark.parametrize("lang", ["../../etc", "en/../..", "en/x", "", "e", "en\0"])
def test_a_language_is_a_code_not_a_path(
    site: Path, capsys: pytest.CaptureFixture[str], lang: str
) -> None:
    for command in (["update"], ["build"], ["stats"]):
        code, _, err = run([*command, "--lang", lang], capsys)
        assert code == 2, (command, lang, err)
    (site / "pyproject.toml").write_text(
        f'[tool.eulerdoc]\ntarget-lang = "{lang.replace(chr(0), "")}/.."\n', encoding="utf-8"
    )
    with pytest.raises(ConfigError):
        load_config()


@pytest.mark.parametrize("lang", ["en", "pt-BR", "zh_CN", "sr@latin", "zh-Hans-CN"])
def test_real_language_codes_are_accepted(lang: str) -> None:
    assert Config.model_validate({"target-lang": lang}).target_lang == lang


# --- what eulerdoc prints ------------------------------------------------------------------

HOSTILE_TEXT = "a\x1b[2J\x1b]0;owned\x07b\rc\u202ed\x9be"


def test_printable_escapes_control_and_bidi_characters() -> None:
    shown = printable(HOSTILE_TEXT)
    assert shown == "a\\x1b[2J\\x1b]0;owned\\x07b\\rc\\u202ed\\x9be"
    assert printable("正文 tab\tline") == "正文 tab\\tline"
    assert printable("普通文字 plain") == "普通文字 plain"


def test_diagnostics_never_print_control_characters() -> None:
    diagnostic = Diagnostic(f"a{HOSTILE_TEXT}.md", 1, 1, "IMG001", HOSTILE_TEXT, Severity.ERROR)
    assert not any(c in diagnostic.format() for c in "\x1b\x07\r\u202e\x9b")
    # JSON keeps the exact text: it is data, escaped by the JSON encoder
    assert diagnostic.to_dict()["message"] == HOSTILE_TEXT


def test_a_hostile_image_path_in_an_article_reaches_no_terminal(
    site: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    article = site / "docs" / "zh" / "news" / "2024" / "a.md"
    text = article.read_text(encoding="utf-8")
    article.write_text(
        text + '\n<img src="./media/x\x1b]0;owned\x07.png" alt="说明">\n', encoding="utf-8"
    )
    for argv in (["lint"], ["lint", "--format", "github"]):
        code, out, err = run(argv, capsys)
        assert code == 1
        assert "\x1b" not in out + err and "\x07" not in out + err
        assert "\\x1b" in out
    code, out, _ = run(["lint", "--format", "json"], capsys)
    assert any("\x1b" in d["message"] for d in json.loads(out))


@needs_symlinks
def test_a_hostile_file_name_in_an_error_reaches_no_terminal(
    site: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    name = "bad\x1b[31m.md"
    (site / "docs" / "zh" / name).write_bytes(b"\xff\xfe\x00binary")
    code, out, err = run(["extract"], capsys)
    assert code == 1
    assert "\x1b" not in out + err and "\\x1b" in err


@pytest.mark.parametrize(
    "args",
    [
        ["update", "a.md", "--po", "loop.po", "--lang", "en"],
        ["build", "a.md", "--po", "loop.po", "-o", "out.md"],
        ["extract", "a.md", "-o", "loop.po"],
        ["extract", "loop.md", "-o", "a.pot"],
        ["update", "loop.md", "--po", "a.po", "--lang", "en"],
    ],
)
def test_a_symbolic_link_that_loops_is_an_error_not_a_traceback(
    args: list[str],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    from eulerdoc.cli import main

    monkeypatch.chdir(tmp_path)
    (tmp_path / "a.md").write_text("# 标题\n\n段落。\n", encoding="utf-8")
    (tmp_path / "loop.po").symlink_to("loop.po")
    (tmp_path / "loop.md").symlink_to("loop.md")
    assert main(args) == 1
    err = capsys.readouterr().err
    assert err.startswith("eulerdoc: ") and "loop" in err
