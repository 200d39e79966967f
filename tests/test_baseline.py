"""Baselines: adopt eulerdoc on a legacy site, fail only on new findings."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from eulerdoc.cli import main
from eulerdoc.diagnostic import Diagnostic
from eulerdoc.errors import ConfigError
from eulerdoc.i18n import set_language
from eulerdoc.rules.baseline import (
    Baseline,
    Finding,
    fingerprint,
    read_baseline,
    relative_path,
    write_baseline,
)

LEGACY = """\
---
title: '旧文章'
date: '2024--3-18'
tags:
  - 测试
author: '张三'
summary: '一篇旧文章。'
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
    """A site configured in pyproject.toml, with two legacy blog posts (FM013 each)."""
    (tmp_path / "pyproject.toml").write_text(
        '[tool.eulerdoc]\ncontent = ["docs"]\nselect = ["FM", "IN"]\n', encoding="utf-8"
    )
    blog = tmp_path / "docs" / "blog"
    blog.mkdir(parents=True)
    (blog / "a.md").write_text(LEGACY, encoding="utf-8")
    (blog / "b.md").write_text(LEGACY, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def run(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    code = main(argv)
    captured = capsys.readouterr()
    assert "Traceback" not in captured.err
    return code, captured.out, captured.err


def adopt(site: Path, capsys: pytest.CaptureFixture[str]) -> Path:
    code, out, err = run(["lint", "--write-baseline", "baseline.json"], capsys)
    assert code == 0
    assert out == ""
    assert "Wrote 2 findings to baseline.json." in err
    return site / "baseline.json"


def test_written_baseline_is_relative_sorted_json(
    site: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = adopt(site, capsys)
    document = json.loads(path.read_text(encoding="utf-8"))
    assert document["version"] == 1
    assert sorted(document["findings"]) == ["docs/blog/a.md", "docs/blog/b.md"]
    [(code, prints)] = document["findings"]["docs/blog/a.md"].items()
    assert code == "FM013"
    assert prints == {fingerprint("date: '2024--3-18'"): 1}
    first = path.read_bytes()
    adopt(site, capsys)
    assert path.read_bytes() == first  # deterministic


def test_only_new_findings_fail(site: Path, capsys: pytest.CaptureFixture[str]) -> None:
    adopt(site, capsys)
    code, out, _err = run(["lint", "--baseline", "baseline.json"], capsys)
    assert (code, out) == (0, "All checks passed.\n2 findings hidden by baseline.\n")
    # A new error in a baselined file is reported; the old one stays hidden.
    a = site / "docs" / "blog" / "a.md"
    a.write_text(LEGACY.replace("summary: '一篇旧文章。'", "summary: ''"), encoding="utf-8")
    code, out, _err = run(["lint", "--baseline", "baseline.json"], capsys)
    assert code == 1
    assert out.splitlines() == [
        "docs/blog/a.md:7:10: FM011 'summary' must not be empty",
        "Found 1 error.",
        "2 findings hidden by baseline.",
    ] or (out.splitlines()[0].startswith("docs/blog/a.md:7:") and " FM011 " in out)
    # A new file with the same problem is new.
    (site / "docs" / "blog" / "c.md").write_text(LEGACY, encoding="utf-8")
    a.write_text(LEGACY, encoding="utf-8")
    code, out, _err = run(["lint", "--baseline", "baseline.json"], capsys)
    assert code == 1
    assert out.startswith("docs/blog/c.md:3:7: FM013 ")


def test_line_shifts_do_not_resurrect_findings(
    site: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    adopt(site, capsys)
    a = site / "docs" / "blog" / "a.md"
    shifted = LEGACY.replace("title: '旧文章'\n", "title: '旧文章'\narchives: '2024-03'\n\n")
    a.write_text(shifted.replace("\n正文。", "\n\n\n新增一段。\n\n正文。"), encoding="utf-8")
    code, out, _err = run(["lint", "--baseline", "baseline.json", "--format", "json"], capsys)
    assert (code, json.loads(out)) == (0, [])
    # Nor does white space after it.
    a.write_text(LEGACY.replace("date: '2024--3-18'", "date: '2024--3-18'   "), "utf-8")
    assert run(["lint", "--baseline", "baseline.json"], capsys)[0] == 0


def test_changing_the_offending_line_reports_it(
    site: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    adopt(site, capsys)
    a = site / "docs" / "blog" / "a.md"
    a.write_text(LEGACY.replace("'2024--3-18'", "'2024-13-45'"), encoding="utf-8")
    code, out, _err = run(["lint", "--baseline", "baseline.json"], capsys)
    assert code == 1
    assert out.startswith("docs/blog/a.md:3:7: FM013 ")


def test_configured_baseline_and_no_baseline(
    site: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    adopt(site, capsys)
    (site / "pyproject.toml").write_text(
        '[tool.eulerdoc]\ncontent = ["docs"]\nselect = ["FM", "IN"]\nbaseline = "baseline.json"\n',
        encoding="utf-8",
    )
    assert run(["lint"], capsys)[0] == 0
    assert run(["lint", "--no-baseline"], capsys)[0] == 1
    # From a sub-folder: the baseline and its paths are relative to the site.
    monkeypatch.chdir(site / "docs" / "blog")
    assert run(["lint", "a.md"], capsys)[0] == 0
    assert run(["lint", "--no-baseline", "a.md"], capsys)[0] == 1


def test_write_baseline_records_hidden_findings_too(
    site: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = adopt(site, capsys)
    code, _out, err = run(
        ["lint", "--baseline", "baseline.json", "--write-baseline", "again.json"], capsys
    )
    assert code == 0 and "Wrote 2 findings" in err
    assert (site / "again.json").read_bytes() == path.read_bytes()


BAD_BASELINES = {
    "not-json": ("{", "invalid baseline file"),
    "wrong-version": ('{"version": 2, "findings": {}}', '"version": 1'),
    "not-an-object": ("[]", '"version": 1'),
    "bad-findings": ('{"version": 1, "findings": []}', '"findings"'),
    "bad-count": ('{"version": 1, "findings": {"a.md": {"FM001": {"x": -1}}}}', "counts"),
    "bool-count": ('{"version": 1, "findings": {"a.md": {"FM001": {"x": true}}}}', "counts"),
}


@pytest.mark.parametrize("case", sorted(BAD_BASELINES))
def test_bad_baseline_file_exits_2(
    case: str, site: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    text, words = BAD_BASELINES[case]
    (site / "b.json").write_text(text, encoding="utf-8")
    code, out, err = run(["lint", "--baseline", "b.json"], capsys)
    assert (code, out) == (2, "")
    assert "b.json" in err and words in err


def test_missing_or_unreadable_baseline_exits_2(
    site: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, _out, err = run(["lint", "--baseline", "nothere.json"], capsys)
    assert code == 2 and "nothere.json" in err and "--write-baseline" in err
    code, _out, err = run(["lint", "--baseline", "docs"], capsys)
    assert code == 2 and "docs" in err
    (site / "gbk.json").write_bytes('{"version": 1, "findings": {"中": {}}}'.encode("gbk"))
    code, _out, err = run(["lint", "--baseline", "gbk.json"], capsys)
    assert code == 2 and "gbk.json" in err


def test_unwritable_baseline_exits_2(site: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, _out, err = run(["lint", "--write-baseline", "docs"], capsys)
    assert code == 2
    assert err.startswith("eulerdoc: docs: cannot write baseline file")


# --- the model ----------------------------------------------------------------------


def finding(path: str, code: str, text: str, line: int = 1) -> Finding:
    return Finding(Diagnostic(path, line, 1, code, "m"), fingerprint(text))


def test_fingerprint_ignores_surrounding_white_space() -> None:
    assert fingerprint("  a b \t") == fingerprint("a b")
    assert fingerprint("a  b") != fingerprint("a b")
    assert len(fingerprint("")) == 16


def test_split_hides_as_many_as_recorded(tmp_path: Path) -> None:
    root = tmp_path
    old = [finding(str(root / "a.md"), "FM020", "x: 1", line) for line in (2, 9)]
    baseline = Baseline.from_findings(old[:1], root)
    now = [*old, finding(str(root / "a.md"), "FM020", "y: 1", 3)]
    reported, hidden = baseline.split(now, root)
    assert hidden == old[:1]
    assert reported == now[1:]


def test_round_trip_and_paths(tmp_path: Path) -> None:
    root = tmp_path / "site"
    root.mkdir()
    found = [
        finding(str(root / "docs" / "a.md"), "FM020", "x"),
        finding(str(root / "docs" / "a.md"), "FM020", "x"),
        finding("/elsewhere/b.md", "FM001", "---"),
    ]
    path = tmp_path / "b.json"
    assert write_baseline(path, found, root) is True
    assert write_baseline(path, found, root) is False  # unchanged: not rewritten
    counts = read_baseline(path).counts
    assert counts[("docs/a.md", "FM020", fingerprint("x"))] == 2
    assert counts[("/elsewhere/b.md", "FM001", fingerprint("---"))] == 1


def test_relative_path_through_a_symlinked_folder(tmp_path: Path) -> None:
    real = tmp_path / "real"
    (real / "docs").mkdir(parents=True)
    (tmp_path / "link").symlink_to(real, target_is_directory=True)
    assert relative_path(str(tmp_path / "link" / "docs" / "a.md"), real) == "docs/a.md"
    assert relative_path(str(real / "docs" / "a.md"), tmp_path / "link") == "docs/a.md"


def test_read_errors_are_config_errors(tmp_path: Path) -> None:
    with pytest.raises(ConfigError) as info:
        read_baseline(tmp_path / "none.json")
    assert info.value.exit_code == 2
    (tmp_path / "bad.json").write_text('{\n  "version": 1,\n  oops\n}', encoding="utf-8")
    with pytest.raises(ConfigError) as info:
        read_baseline(tmp_path / "bad.json")
    assert info.value.line == 3
