"""Configuration: discovery, validation with the file and key named, and its effect on lint."""

from __future__ import annotations

from pathlib import Path

import pytest

from eulerdoc.cli import main
from eulerdoc.config import Config, find_config_file, load_config
from eulerdoc.errors import ConfigError
from eulerdoc.i18n import set_language

BLOG = """\
---
title: '测试文章'
date: '2024-03-18'
tags:
  - 测试
author: '张三'
summary: '一篇测试文章。'
tages: x
---

正文。
"""


@pytest.fixture(autouse=True)
def _english(monkeypatch: pytest.MonkeyPatch) -> None:
    for var in ("LANGUAGE", "LC_ALL", "LC_MESSAGES"):
        monkeypatch.delenv(var, raising=False)
    monkeypatch.setenv("LANG", "C")
    set_language(None)


@pytest.fixture
def site(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A site with one blog post that has an unknown key (FM020, a warning)."""
    (tmp_path / "docs" / "blog").mkdir(parents=True)
    (tmp_path / "docs" / "blog" / "a.md").write_text(BLOG, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def run(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    code = main(argv)
    captured = capsys.readouterr()
    assert "Traceback" not in captured.err
    return code, captured.out, captured.err


def config_error(text: str, tmp_path: Path, name: str = "pyproject.toml") -> ConfigError:
    (tmp_path / name).write_text(text, encoding="utf-8")
    with pytest.raises(ConfigError) as info:
        load_config(tmp_path)
    assert info.value.exit_code == 2
    assert info.value.path == str(tmp_path / name)
    return info.value


# --- discovery -----------------------------------------------------------------------


def test_no_configuration_gives_defaults(tmp_path: Path) -> None:
    config = load_config(tmp_path)
    assert config == Config()
    assert config.source is None and config.glossary == ["openEuler"]


def test_nearest_pyproject_with_a_section_wins(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text('[tool.eulerdoc]\ncontent = ["docs"]\n', "utf-8")
    inner = tmp_path / "a" / "b"
    inner.mkdir(parents=True)
    # A pyproject.toml without [tool.eulerdoc] is not a configuration: keep walking up.
    (tmp_path / "a" / "pyproject.toml").write_text('[project]\nname = "x"\n', "utf-8")
    config = load_config(inner)
    assert config.content == ["docs"]
    assert config.source == str(tmp_path / "pyproject.toml")
    assert config.root == str(tmp_path.resolve())


def test_eulerdoc_toml_plain_or_with_section(tmp_path: Path) -> None:
    (tmp_path / "eulerdoc.toml").write_text('content = ["news"]\n', "utf-8")
    assert load_config(tmp_path).content == ["news"]
    (tmp_path / "eulerdoc.toml").write_text('[tool.eulerdoc]\ncontent = ["blog"]\n', "utf-8")
    assert load_config(tmp_path).content == ["blog"]


def test_eulerdoc_toml_before_pyproject_in_the_same_folder(tmp_path: Path) -> None:
    (tmp_path / "eulerdoc.toml").write_text('content = ["a"]\n', "utf-8")
    (tmp_path / "pyproject.toml").write_text('[tool.eulerdoc]\ncontent = ["b"]\n', "utf-8")
    assert find_config_file(tmp_path) == tmp_path / "eulerdoc.toml"


def test_aliases_and_values(tmp_path: Path) -> None:
    (tmp_path / "eulerdoc.toml").write_text(
        'source-lang = "zh"\ntarget-lang = "en"\nmin-completion = 50\n'
        'severity = {FM020 = "error", IN = "warning"}\n',
        "utf-8",
    )
    config = load_config(tmp_path)
    assert config.min_completion == 50
    assert config.severity == {"FM020": "error", "IN": "warning"}


# --- errors name the file and the key -------------------------------------------------


def test_unknown_key(tmp_path: Path) -> None:
    error = config_error('[project]\nname = "x"\n\n[tool.eulerdoc]\nconent = ["docs"]\n', tmp_path)
    assert "'conent'" in error.message
    assert error.line == 5
    assert str(error) == f"{tmp_path / 'pyproject.toml'}:5: unknown key 'conent'"


def test_every_problem_is_reported(tmp_path: Path) -> None:
    error = config_error('[tool.eulerdoc]\nselect = "FM"\nfoo = 1\n', tmp_path)
    assert "'select'" in error.message and "'foo'" in error.message
    assert error.line == 2


def test_wrong_types(tmp_path: Path) -> None:
    assert "'content'" in config_error('[tool.eulerdoc]\ncontent = "docs"\n', tmp_path).message
    error = config_error("[tool.eulerdoc]\nmin-completion = 300\n", tmp_path)
    assert "'min-completion'" in error.message and error.line == 2


def test_wrong_severity_level(tmp_path: Path) -> None:
    error = config_error('[tool.eulerdoc.severity]\nFM020 = "warn"\n', tmp_path)
    assert "'severity.FM020'" in error.message
    assert "'error', 'warning' or 'off'" in error.message
    assert error.line == 1  # the [tool.eulerdoc.severity] header


def test_loader_fields_cannot_be_set(tmp_path: Path) -> None:
    error = config_error('[tool.eulerdoc]\nroot = "/"\nsource = "x"\n', tmp_path)
    assert "unknown key 'root'" in error.message and "unknown key 'source'" in error.message


def test_section_must_be_a_table(tmp_path: Path) -> None:
    error = config_error("[tool]\neulerdoc = 3\n", tmp_path)
    assert "[tool.eulerdoc]" in error.message


def test_broken_toml_is_an_error_not_skipped(tmp_path: Path) -> None:
    error = config_error('[tool.eulerdoc\ncontent = ["docs"]\n', tmp_path)
    assert error.message.startswith("invalid TOML")
    assert error.line == 1


def test_broken_toml_of_another_tool_is_skipped(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text("[tool.black\nline-length = 3\n", "utf-8")
    assert load_config(tmp_path) == Config()


def test_broken_eulerdoc_toml(tmp_path: Path) -> None:
    error = config_error('content = ["docs"\n', tmp_path, "eulerdoc.toml")
    assert error.message.startswith("invalid TOML")


def test_not_utf8(tmp_path: Path) -> None:
    (tmp_path / "eulerdoc.toml").write_bytes('content = ["文档"]\n'.encode("gbk"))
    with pytest.raises(ConfigError, match="UTF-8"):
        load_config(tmp_path)


def test_explicit_file_missing_or_a_folder(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="No such file") as info:
        load_config(file=tmp_path / "nothere.toml")
    assert "Errno" not in str(info.value)
    with pytest.raises(ConfigError, match="directory"):
        load_config(file=tmp_path)


# --- through the command line -------------------------------------------------------

BAD_CONFIGS = {
    "unknown-key": ("[tool.eulerdoc]\nfoo = 1\n", "'foo'"),
    "wrong-type": ('[tool.eulerdoc]\nselect = "FM"\n', "'select'"),
    "broken-toml": ('[tool.eulerdoc]\nselect = ["FM"\n', "invalid TOML"),
    "bad-severity": ("[tool.eulerdoc]\nseverity = {FM020 = 3}\n", "'severity.FM020'"),
    "unknown-code-in-select": ('[tool.eulerdoc]\nselect = ["XYZ9"]\n', "'XYZ9'"),
    "unknown-code-in-ignore": ('[tool.eulerdoc]\nignore = ["NOPE"]\n', "'NOPE'"),
    "unknown-code-in-severity": ('[tool.eulerdoc]\nseverity = {NOPE1 = "off"}\n', "'NOPE1'"),
}


@pytest.mark.parametrize("case", sorted(BAD_CONFIGS))
def test_bad_configuration_exits_2(
    case: str, site: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    text, key = BAD_CONFIGS[case]
    (site / "pyproject.toml").write_text(text, encoding="utf-8")
    code, out, err = run(["lint", "docs"], capsys)
    assert code == 2
    assert out == ""
    assert err.startswith("eulerdoc: ")
    assert str(site / "pyproject.toml") in err
    assert key in err


def test_bad_explicit_config_exits_2(site: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, _out, err = run(["--config", "missing.toml", "lint", "docs"], capsys)
    assert code == 2 and "missing.toml" in err


def test_explicit_config_is_used(site: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (site / "pyproject.toml").write_text("[tool.eulerdoc]\nfoo = 1\n", encoding="utf-8")
    (site / "other.toml").write_text('ignore = ["FM020"]\n', encoding="utf-8")
    assert run(["--config", "other.toml", "lint", "docs"], capsys)[:2] == (
        0,
        "All checks passed.\n",
    )


def test_per_rule_severity(site: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert run(["lint", "--select", "FM", "docs"], capsys)[0] == 0  # FM020 is a warning
    (site / "pyproject.toml").write_text(
        '[tool.eulerdoc]\nseverity = {FM020 = "error"}\n', encoding="utf-8"
    )
    code, out, _err = run(["lint", "--select", "FM", "docs", "--format", "json"], capsys)
    assert code == 1
    assert '"severity": "error"' in out
    # The most specific pattern wins; "off" removes the rule.
    (site / "pyproject.toml").write_text(
        '[tool.eulerdoc.severity]\nFM = "error"\nFM020 = "off"\n', encoding="utf-8"
    )
    assert run(["lint", "--select", "FM", "docs"], capsys)[:2] == (0, "All checks passed.\n")


def test_select_and_ignore_in_configuration(site: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (site / "pyproject.toml").write_text('[tool.eulerdoc]\nignore = ["FM020"]\n', "utf-8")
    assert run(["lint", "docs"], capsys)[:2] == (0, "All checks passed.\n")
    assert run(["lint", "--ignore", "IN", "docs"], capsys)[:2] == (0, "All checks passed.\n")
    # As in ruff, a --select on the command line starts a new selection: the
    # configuration's ignore no longer applies to what it selects.
    assert " FM020 " in run(["lint", "--select", "FM", "docs"], capsys)[1]
    (site / "pyproject.toml").write_text('[tool.eulerdoc]\nselect = ["FM010"]\n', "utf-8")
    assert run(["lint", "docs"], capsys)[:2] == (0, "All checks passed.\n")
    # The command line comes after the configuration.
    code, out, _err = run(["lint", "--select", "FM020", "docs"], capsys)
    assert code == 0 and " FM020 " in out


def test_no_path_lints_the_configured_content(
    site: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    (site / "pyproject.toml").write_text('[tool.eulerdoc]\ncontent = ["docs"]\n', "utf-8")
    code, out, _err = run(["lint", "--select", "FM"], capsys)
    assert code == 0
    assert out.startswith("docs/blog/a.md:8:1: FM020 ")
    # From a sub-folder, content is still relative to the configuration file.
    monkeypatch.chdir(site / "docs" / "blog")
    code, out, _err = run(["lint", "--select", "FM"], capsys)
    assert code == 0
    assert out.startswith(f"{site / 'docs' / 'blog' / 'a.md'}:8:1: FM020 ") or out.startswith(
        "a.md:8:1: FM020 "
    )


def test_no_path_and_no_content_is_a_usage_error(
    site: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = run(["lint"], capsys)
    assert code == 2 and out == ""
    assert "content" in err


def test_missing_configured_content_is_reported(
    site: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (site / "pyproject.toml").write_text('[tool.eulerdoc]\ncontent = ["gone"]\n', "utf-8")
    code, _out, err = run(["lint"], capsys)
    assert code == 2  # a configuration error, as for extract, update and build
    assert "content folder 'gone' does not exist" in err


def test_config_option_after_the_command(site: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (site / "other.toml").write_text('ignore = ["FM020"]\n', encoding="utf-8")
    assert run(["lint", "--config", "other.toml", "docs"], capsys)[:2] == (
        0,
        "All checks passed.\n",
    )
    code, _out, err = run(["lint", "docs", "--config", "missing.toml"], capsys)
    assert code == 2 and "missing.toml" in err
