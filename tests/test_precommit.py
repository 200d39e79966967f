"""The pre-commit hooks, run through real ``pre-commit`` in a temporary site repository.

``pre-commit`` installs ``language: python`` hooks into a fresh virtual environment with
``pip install`` of the hook repository, which needs the package index. To stay offline,
the hook repository used here is a temporary git repository holding a copy of
``.pre-commit-hooks.yaml`` in which only ``language: python`` becomes ``language: system``
(every other property — id, entry, types, files, pass_filenames, require_serial — is the
real one), and the ``eulerdoc`` found first on ``PATH`` is the one of the running
interpreter. The real manifest is validated separately, as is this repository's own
``.pre-commit-config.yaml``.

HOME, the XDG folders and PRE_COMMIT_HOME point into the test's temporary folder, so
nothing is read from or written to the user's configuration or caches.
"""

from __future__ import annotations

import importlib.util
import os
import re
import shutil
import struct
import subprocess
import sys
import zlib
from pathlib import Path

import pytest

from tests.conftest import REPO

MANIFEST = REPO / ".pre-commit-hooks.yaml"
CONFIG = REPO / ".pre-commit-config.yaml"
BIN = Path(sys.executable).parent

pytestmark = [
    pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed"),
    pytest.mark.skipif(
        importlib.util.find_spec("pre_commit") is None, reason="pre-commit is not installed"
    ),
]

GOOD_ARTICLE = """\
---
title: '社区开发者大会顺利召开'
date: '2024-05-20'
category: news
tags:
  - openEuler
banner: 'img/banners/meetup.png'
author: 'openEuler'
summary: '来自各地的开发者齐聚一堂，交流操作系统技术。'
---

# 社区开发者大会顺利召开

五月二十日，openEuler 社区开发者大会在线上举行。

会上，多个技术小组分享了过去一年的进展。
"""

# The date in line 3 has no month 13: the lint hook must point at that line.
BAD_ARTICLE = GOOD_ARTICLE.replace("date: '2024-05-20'", "date: '2024-13-45'")
BAD_DATE_LINE = 3

PO_TEMPLATE = """\
msgid ""
msgstr ""
"Project-Id-Version: site\\n"
"Language: en\\n"
"MIME-Version: 1.0\\n"
"Content-Type: text/plain; charset=UTF-8\\n"
"Content-Transfer-Encoding: 8bit\\n"
"Plural-Forms: nplurals=2; plural=(n != 1);\\n"

#: docs/zh/news/meetup.md:12
#. heading
msgid "社区开发者大会顺利召开"
msgstr "Community developer conference held"

#: docs/zh/news/meetup.md:14
#. paragraph
msgid "详情见[大会主页](https://www.openeuler.org/zh/)。"
msgstr "{translation}"
"""

GOOD_TRANSLATION = "See the [conference page](https://www.openeuler.org/zh/) for details."
BAD_TRANSLATION = (
    "See the [conference page](https://www.openeuler.org/zh/) for details.<script>alert(1)</script>"
)


def _entry_lines(text: str, marker: str) -> range:
    """The lines of the catalogue entry whose msgid starts with ``marker`` (1-based):
    from its first comment line to its msgid line (either may be reported)."""
    lines = text.splitlines()
    msgid = next(i for i, line in enumerate(lines) if line.startswith(f'msgid "{marker}'))
    start = msgid
    while start > 0 and lines[start - 1].startswith("#"):
        start -= 1
    return range(start + 1, msgid + 2)


def _png() -> bytes:
    """A valid 1×1 PNG."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    header = struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0)
    pixels = zlib.compress(b"\x00\xff\xff\xff")
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", pixels) + chunk(b"IEND", b"")
    )


@pytest.fixture(scope="module")
def sandbox(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("precommit-home")


@pytest.fixture(scope="module")
def env(sandbox: Path) -> dict[str, str]:
    if shutil.which("eulerdoc", path=str(BIN)) is None:
        pytest.skip(f"no eulerdoc command beside {sys.executable}")
    drop = ("GIT_", "PRE_COMMIT", "XDG_", "VIRTUALENV_", "PIP_")
    languages = {"LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG"}
    base = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(drop) and k not in languages and k != "HOME"
    }
    home = sandbox / "home"
    home.mkdir(exist_ok=True)
    base.update(
        {
            "HOME": str(home),
            "XDG_CACHE_HOME": str(sandbox / "cache"),
            "XDG_CONFIG_HOME": str(sandbox / "config"),
            "XDG_DATA_HOME": str(sandbox / "data"),
            "PRE_COMMIT_HOME": str(sandbox / "pre-commit"),
            "PRE_COMMIT_COLOR": "never",
            "GIT_CONFIG_NOSYSTEM": "1",
            "GIT_AUTHOR_NAME": "eulerdoc tests",
            "GIT_AUTHOR_EMAIL": "tests@eulerdoc.invalid",
            "GIT_COMMITTER_NAME": "eulerdoc tests",
            "GIT_COMMITTER_EMAIL": "tests@eulerdoc.invalid",
            "LC_ALL": "C.UTF-8",
            "PATH": str(BIN) + os.pathsep + os.environ.get("PATH", ""),
            "PYTHONIOENCODING": "utf-8",
        }
    )
    return base


def _git(cwd: Path, env: dict[str, str], *args: str) -> None:
    subprocess.run(
        ["git", "-c", "init.defaultBranch=main", *args],
        cwd=cwd,
        env=env,
        check=True,
        capture_output=True,
        timeout=60,
    )


def offline_manifest(text: str) -> str:
    """The manifest with its hooks run from ``PATH`` instead of a new virtualenv."""
    return re.sub(r"(?m)^(\s*language:\s*)python\s*$", r"\1system", text)


@pytest.fixture(scope="module")
def hooks_repo(sandbox: Path, env: dict[str, str]) -> Path:
    repo = sandbox / "hooks"
    repo.mkdir()
    text = MANIFEST.read_text(encoding="utf-8")
    offline = offline_manifest(text)
    assert offline.count("language: system") == text.count("language:")
    (repo / ".pre-commit-hooks.yaml").write_text(offline, encoding="utf-8")
    _git(repo, env, "init", "-q")
    _git(repo, env, "add", ".")
    _git(repo, env, "commit", "-q", "-m", "hooks")
    return repo


@pytest.fixture
def site(tmp_path: Path, env: dict[str, str]) -> Path:
    """A site repository: one clean news article, its banner, a configuration."""
    root = tmp_path / "site"
    news = root / "docs" / "zh" / "news"
    news.mkdir(parents=True)
    (news / "meetup.md").write_text(GOOD_ARTICLE, encoding="utf-8")
    banners = root / "docs" / ".vuepress" / "public" / "img" / "banners"
    banners.mkdir(parents=True)
    (banners / "meetup.png").write_bytes(_png())
    (root / "pyproject.toml").write_text(
        '[tool.eulerdoc]\ncontent = ["docs/zh"]\n', encoding="utf-8"
    )
    _git(root, env, "init", "-q")
    _git(root, env, "add", ".")
    return root


def run_hook(
    site: Path, hooks: Path, env: dict[str, str], hook: str, *files: str
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "pre_commit", "try-repo", str(hooks), hook, "--files", *files],
        cwd=site,
        env=env,
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=120,
    )


def _output(result: subprocess.CompletedProcess[str]) -> str:
    return result.stdout + result.stderr


# --- the manifest and the repository's own configuration -------------------------------


def _pre_commit(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "pre_commit", *args],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_manifest_is_valid() -> None:
    result = _pre_commit("validate-manifest", str(MANIFEST))
    assert result.returncode == 0, result.stdout + result.stderr


def test_own_config_is_valid() -> None:
    result = _pre_commit("validate-config", str(CONFIG))
    assert result.returncode == 0, result.stdout + result.stderr


def test_manifest_offers_the_contract_hooks() -> None:
    yaml = pytest.importorskip("yaml")
    hooks = {hook["id"]: hook for hook in yaml.safe_load(MANIFEST.read_text(encoding="utf-8"))}
    assert set(hooks) == {"eulerdoc-lint", "eulerdoc-check-po", "eulerdoc-extract"}
    assert hooks["eulerdoc-lint"]["entry"] == "eulerdoc lint --content-only"
    assert hooks["eulerdoc-lint"]["types"] == ["markdown"]
    assert hooks["eulerdoc-check-po"]["entry"] == "eulerdoc check-po"
    # one process and one report per hook (eulerdoc runs its own --jobs)
    assert all(hook["require_serial"] is True for hook in hooks.values())
    assert re.search(hooks["eulerdoc-check-po"]["files"], "locale/en/news/a.po")
    assert not re.search(hooks["eulerdoc-check-po"]["files"], "locale/templates/news/a.pot")
    extract = hooks["eulerdoc-extract"]
    assert extract["entry"].split()[:2] == ["eulerdoc", "extract"]
    assert "--check" in extract["entry"].split()
    assert "--tracked-only" in extract["entry"].split()
    assert extract["pass_filenames"] is False
    assert extract["require_serial"] is True
    # Installed from the repository itself, so that `rev:` pins the eulerdoc version.
    assert {hook["language"] for hook in hooks.values()} == {"python"}


def test_offline_manifest_changes_only_the_language() -> None:
    text = MANIFEST.read_text(encoding="utf-8")
    offline = offline_manifest(text)
    assert offline.replace("language: system", "language: python") == text


# --- eulerdoc-lint ----------------------------------------------------------------------


def test_lint_hook_fails_on_a_broken_article_and_names_the_line(
    site: Path, hooks_repo: Path, env: dict[str, str]
) -> None:
    article = site / "docs" / "zh" / "news" / "meetup.md"
    article.write_text(BAD_ARTICLE, encoding="utf-8")
    result = run_hook(site, hooks_repo, env, "eulerdoc-lint", "docs/zh/news/meetup.md")
    output = _output(result)
    assert result.returncode == 1, output
    assert "Failed" in output
    assert f"docs/zh/news/meetup.md:{BAD_DATE_LINE}:" in output
    assert "2024-13-45" in output
    assert "Traceback" not in output


def test_lint_hook_passes_on_a_clean_article(
    site: Path, hooks_repo: Path, env: dict[str, str]
) -> None:
    result = run_hook(site, hooks_repo, env, "eulerdoc-lint", "docs/zh/news/meetup.md")
    assert result.returncode == 0, _output(result)
    assert "Passed" in result.stdout


def test_lint_hook_skips_files_that_are_not_markdown(
    site: Path, hooks_repo: Path, env: dict[str, str]
) -> None:
    result = run_hook(site, hooks_repo, env, "eulerdoc-lint", "pyproject.toml")
    assert result.returncode == 0, _output(result)
    assert "Skipped" in result.stdout


def test_lint_hook_skips_markdown_outside_the_configured_content(
    site: Path, hooks_repo: Path, env: dict[str, str]
) -> None:
    # A README and built translations are Markdown too; pre-commit passes them all.
    (site / "README.md").write_text("# Site\n\n**Note:**see docs.\n", encoding="utf-8")
    built = site / "docs" / "en" / "news" / "meetup.md"
    built.parent.mkdir(parents=True)
    built.write_text("---\ntitle: x\n---\n\nHello OpenEuler\n", encoding="utf-8")
    _git(site, env, "add", ".")
    names = ["README.md", "docs/en/news/meetup.md", "docs/zh/news/meetup.md"]
    result = run_hook(site, hooks_repo, env, "eulerdoc-lint", *names)
    assert result.returncode == 0, _output(result)
    assert "README.md" not in result.stdout and "docs/en" not in result.stdout


# --- eulerdoc-check-po ------------------------------------------------------------------


def _write_po(site: Path, translation: str) -> str:
    po = site / "locale" / "en" / "news" / "meetup.po"
    po.parent.mkdir(parents=True, exist_ok=True)
    po.write_text(PO_TEMPLATE.format(translation=translation), encoding="utf-8")
    return po.relative_to(site).as_posix()


def test_check_po_hook_rejects_injected_script(
    site: Path, hooks_repo: Path, env: dict[str, str]
) -> None:
    name = _write_po(site, BAD_TRANSLATION)
    result = run_hook(site, hooks_repo, env, "eulerdoc-check-po", name)
    output = _output(result)
    assert result.returncode == 1, output
    lines = _entry_lines(PO_TEMPLATE, "详情见")
    reported = [int(n) for n in re.findall(rf"{re.escape(name)}:(\d+)", output)]
    assert reported, output
    assert all(n in lines for n in reported), (reported, list(lines))
    assert "Traceback" not in output


def test_check_po_hook_passes_on_a_faithful_translation(
    site: Path, hooks_repo: Path, env: dict[str, str]
) -> None:
    name = _write_po(site, GOOD_TRANSLATION)
    result = run_hook(site, hooks_repo, env, "eulerdoc-check-po", name)
    assert result.returncode == 0, _output(result)


def test_check_po_hook_ignores_templates(site: Path, hooks_repo: Path, env: dict[str, str]) -> None:
    pot = site / "locale" / "templates" / "news" / "meetup.pot"
    pot.parent.mkdir(parents=True)
    pot.write_text(PO_TEMPLATE.format(translation=""), encoding="utf-8")
    result = run_hook(
        site, hooks_repo, env, "eulerdoc-check-po", "locale/templates/news/meetup.pot"
    )
    assert result.returncode == 0, _output(result)
    assert "Skipped" in result.stdout


# --- eulerdoc-extract -------------------------------------------------------------------


def test_extract_hook_fails_when_a_template_changed_then_passes(
    site: Path, hooks_repo: Path, env: dict[str, str]
) -> None:
    article = "docs/zh/news/meetup.md"
    template = site / "locale" / "templates" / "news" / "meetup.pot"

    first = run_hook(site, hooks_repo, env, "eulerdoc-extract", article)
    assert first.returncode == 1, _output(first)
    assert template.is_file()
    assert "大会顺利召开" in template.read_text(encoding="utf-8")

    second = run_hook(site, hooks_repo, env, "eulerdoc-extract", article)
    assert second.returncode == 0, _output(second)

    # Editing the article changes the template again: one failure, then clean.
    path = site / article
    path.write_text(GOOD_ARTICLE + "\n会议资料已经发布。\n", encoding="utf-8")
    third = run_hook(site, hooks_repo, env, "eulerdoc-extract", article)
    assert third.returncode == 1, _output(third)
    assert "会议资料已经发布。" in template.read_text(encoding="utf-8")
    fourth = run_hook(site, hooks_repo, env, "eulerdoc-extract", article)
    assert fourth.returncode == 0, _output(fourth)
    assert "Traceback" not in _output(first) + _output(third)


def test_extract_hook_leaves_out_drafts_git_does_not_track(
    site: Path, hooks_repo: Path, env: dict[str, str]
) -> None:
    draft = site / "docs" / "zh" / "news" / "draft.md"
    draft.write_text(GOOD_ARTICLE.replace("顺利召开", "草稿"), encoding="utf-8")  # not added
    result = run_hook(site, hooks_repo, env, "eulerdoc-extract", "docs/zh/news/meetup.md")
    assert result.returncode == 1, _output(result)  # the template of meetup.md is new
    assert (site / "locale" / "templates" / "news" / "meetup.pot").is_file()
    assert not (site / "locale" / "templates" / "news" / "draft.pot").exists()


def test_extract_hook_runs_only_when_markdown_changed(
    site: Path, hooks_repo: Path, env: dict[str, str]
) -> None:
    result = run_hook(site, hooks_repo, env, "eulerdoc-extract", "pyproject.toml")
    assert result.returncode == 0, _output(result)
    assert "Skipped" in result.stdout
    assert not (site / "locale").exists()
