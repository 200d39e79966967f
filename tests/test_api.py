"""The facade: what release tooling imports from ``eulerdoc``."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import polib
import pytest

import eulerdoc
from tests.conftest import REPO

ARTICLE = """\
---
title: 社区发布新版本
date: 2024-03-18
category: news
tags:
  - openEuler
banner: img/banners/a.png
author: openEuler
summary: 社区发布了新版本。
---

# 社区发布新版本

社区今天发布了新版本，
欢迎下载试用。
"""


@pytest.fixture
def article_path(tmp_path: Path) -> Path:
    path = tmp_path / "a.md"
    path.write_text(ARTICLE, encoding="utf-8")
    return path


def test_all_names_resolve() -> None:
    for name in eulerdoc.__all__:
        assert getattr(eulerdoc, name) is not None, name
    assert sorted(eulerdoc.__all__) == sorted(set(eulerdoc.__all__))
    assert (Path(eulerdoc.__file__).parent / "py.typed").is_file()
    with pytest.raises(AttributeError):
        eulerdoc.no_such_name  # noqa: B018


def test_import_is_cheap() -> None:
    code = (
        "import sys, eulerdoc\n"
        "heavy = [m for m in ('pydantic', 'markdown_it', 'polib', 'ruamel', 'babel') "
        "if m in sys.modules]\n"
        "print(','.join(heavy))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=REPO, check=True
    )
    assert out.stdout.strip() == ""


def test_lint_function_survives_subpackage_imports(article_path: Path) -> None:
    import eulerdoc.rules.runner

    assert callable(eulerdoc.lint)
    found = eulerdoc.lint(article_path, config=eulerdoc.Config())
    assert all(isinstance(d, eulerdoc.Diagnostic) for d in found)


def test_lint_path_and_article_agree(tmp_path: Path, article_path: Path) -> None:
    bad = tmp_path / "bad.md"
    bad.write_text(ARTICLE.replace("2024-03-18", "2024--3-18"), encoding="utf-8")
    config = eulerdoc.Config()
    from_path = eulerdoc.lint(bad, config=config)
    from_article = eulerdoc.lint(eulerdoc.load_article(bad), config=config)
    assert [d.to_dict() for d in from_path] == [d.to_dict() for d in from_article]
    assert any(d.code == "FM013" and d.line == 3 for d in from_path)
    assert not any(d.code == "FM013" for d in eulerdoc.lint(article_path, config=config))
    selected = eulerdoc.lint(bad, config=config, ignore=["FM"])
    assert not any(d.code.startswith("FM") for d in selected)


def test_unreadable_input(tmp_path: Path) -> None:
    binary = tmp_path / "x.md"
    binary.write_bytes(b"\x00\x01\x02")
    found = eulerdoc.lint(binary, config=eulerdoc.Config())
    assert [d.code for d in found] == ["IN003"]
    with pytest.raises(eulerdoc.InputError):
        eulerdoc.load_article(binary)
    assert issubclass(eulerdoc.InputError, eulerdoc.EulerdocError)


def test_extract_update_build(tmp_path: Path, article_path: Path) -> None:
    pot = tmp_path / "a.pot"
    text = eulerdoc.extract(article_path, pot)
    assert pot.read_text(encoding="utf-8") == text
    assert 'msgid "社区今天发布了新版本，欢迎下载试用。"' in text
    po = tmp_path / "a.po"
    report = eulerdoc.update(article_path, po, lang="en")
    assert isinstance(report, eulerdoc.UpdateReport)
    catalogue = polib.pofile(str(po))
    for entry in catalogue:
        entry.msgstr = entry.msgid
    catalogue.save()
    out = tmp_path / "en.md"
    result = eulerdoc.build(article_path, po, out)
    assert isinstance(result, eulerdoc.BuildResult)
    assert result.complete and not result.diagnostics
    assert out.read_bytes() == article_path.read_bytes()

    for entry in catalogue:
        if entry.msgid == "社区今天发布了新版本，欢迎下载试用。":
            entry.msgstr = "Today the community released a new version. <script>x()</script>"
    catalogue.save()
    result = eulerdoc.build(article_path, po, out, min_completion=0)
    assert result.diagnostics and "<script>" not in result.text


def test_load_config(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text(
        '[tool.eulerdoc]\ncontent = ["docs/zh"]\n', encoding="utf-8"
    )
    config = eulerdoc.load_config(tmp_path)
    assert isinstance(config, eulerdoc.Config)
    assert config.content == ["docs/zh"]
    (tmp_path / "pyproject.toml").write_text("[tool.eulerdoc]\nconent = 1\n", encoding="utf-8")
    with pytest.raises(eulerdoc.ConfigError):
        eulerdoc.load_config(tmp_path)
