"""`eulerdoc lint` and `eulerdoc rule` as a user runs them (DESIGN §3, behaviour contract).

A few cases run the real entry point in a subprocess; the rest call ``main(argv)`` in
process. The articles use the front-matter (FM) and input (IN) rules, whose findings are
stable; fixes are exercised with a small fixable rule registered for the test only.
"""

from __future__ import annotations

import json
import os
import re
import stat
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from eulerdoc.cli import main
from eulerdoc.diagnostic import Diagnostic, Edit, Fix, Severity
from eulerdoc.i18n import set_language
from eulerdoc.rules.fix import apply_fixes
from eulerdoc.rules.runner import all_rules
from tests.conftest import REPO
from tests.test_output import check_sarif

FRONT = """\
---
title: '测试文章'
date: '2024-03-18'
tags:
  - 测试
author: '张三'
summary: '一篇测试文章。'
{extra}---

"""
CLEAN = FRONT.format(extra="") + "正文。\n"
WARNING = FRONT.format(extra="tages: x\n") + "正文。\n"  # FM020 at 8:1
ERROR = FRONT.format(extra="").replace("'2024-03-18'", "'2024--3-18'") + "正文。\n"  # FM013 3:7

CHINESE = re.compile("[\u4e00-\u9fff]")


@pytest.fixture(autouse=True)
def _english(monkeypatch: pytest.MonkeyPatch) -> None:
    for var in ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "NO_COLOR", "EULERDOC_DEBUG"):
        monkeypatch.delenv(var, raising=False)
    monkeypatch.setenv("LANG", "C")
    set_language(None)


@pytest.fixture
def site(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A folder with blog/clean.md, blog/warning.md and blog/error.md; the current directory."""
    blog = tmp_path / "blog"
    blog.mkdir()
    (blog / "clean.md").write_text(CLEAN, encoding="utf-8")
    (blog / "warning.md").write_text(WARNING, encoding="utf-8")
    (blog / "error.md").write_text(ERROR, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def run(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    code = main(argv)
    captured = capsys.readouterr()
    assert "Traceback" not in captured.err
    return code, captured.out, captured.err


def subprocess_env(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("LC_", "LANG"))}
    env.update({"LANG": "C", "PYTHONPATH": str(REPO), "NO_COLOR": "1"})
    env.pop("EULERDOC_DEBUG", None)
    env.update(extra)
    return env


def eulerdoc(*args: str, cwd: Path, **env: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "eulerdoc", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        env=subprocess_env(**env),
        timeout=120,
    )


# --- the real entry point -------------------------------------------------------------


def test_real_process_text_report_and_exit_codes(site: Path) -> None:
    process = eulerdoc("lint", "blog", cwd=site)
    assert process.returncode == 1, process.stderr
    assert process.stdout.splitlines() == [
        "blog/error.md:3:7: FM013 " + process.stdout.splitlines()[0].split(" FM013 ", 1)[1],
        "blog/warning.md:8:1: FM020 unknown front-matter key 'tages'; did you mean 'tags'?",
        "Found 1 error, 1 warning.",
    ]
    assert process.stderr == ""
    assert eulerdoc("lint", "blog/clean.md", cwd=site).returncode == 0
    assert eulerdoc("lint", "blog/warning.md", cwd=site).returncode == 0


def test_real_process_usage_errors(site: Path) -> None:
    process = eulerdoc("lint", "--no-such-option", "blog", cwd=site)
    assert process.returncode == 2
    assert "unrecognized arguments: --no-such-option" in process.stderr
    assert "Traceback" not in process.stderr
    process = eulerdoc("lint", "--select", "NOPE1", "blog", cwd=site)
    assert (process.returncode, process.stdout) == (2, "")
    assert "NOPE1" in process.stderr and "Traceback" not in process.stderr


def test_real_process_language_from_environment(site: Path) -> None:
    process = eulerdoc("lint", "blog", cwd=site, LANG="zh_CN.UTF-8")
    assert process.returncode == 1
    assert CHINESE.search(process.stdout.splitlines()[-1])  # the summary
    process = eulerdoc("--lang", "en", "lint", "blog", cwd=site, LANG="zh_CN.UTF-8")
    assert process.stdout.splitlines()[-1] == "Found 1 error, 1 warning."


def test_real_process_rule(site: Path) -> None:
    process = eulerdoc("rule", "FM020", cwd=site)
    assert process.returncode == 0
    assert process.stdout.startswith("FM020 (unknown-key)\n")
    assert eulerdoc("rule", "XX999", cwd=site).returncode == 2


# --- exit codes ---------------------------------------------------------------------------


def test_exit_codes(site: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert run(["lint", "blog/clean.md"], capsys)[:2] == (0, "All checks passed.\n")
    code, out, _err = run(["lint", "blog/warning.md"], capsys)
    assert (code, out.splitlines()[-1]) == (0, "Found 1 warning.")
    code, out, _err = run(["lint", "blog/error.md"], capsys)
    assert (code, out.splitlines()[-1]) == (1, "Found 1 error.")
    assert run(["lint", "--exit-zero", "blog/error.md"], capsys)[0] == 0
    code, out, _err = run(["lint", "blog/missing.md"], capsys)
    assert code == 1
    assert out.startswith("blog/missing.md:1:1: IN001 cannot read file: No such file")


@pytest.mark.parametrize(
    "argv",
    [
        ["lint", "--bogus", "blog"],
        ["lint", "--select", "XYZ", "blog"],
        ["lint", "--ignore", "FM0200", "blog"],
        ["lint", "--format", "xml", "blog"],
        ["lint", "--jobs", "0", "blog"],
        ["lint", "--jobs", "two", "blog"],
        ["lint", "--fix", "--diff", "blog"],
        ["nonsense"],
        [],
    ],
)
def test_usage_errors_exit_2(
    argv: list[str], site: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = run(argv, capsys)
    assert code == 2
    assert out == ""
    assert err


def test_unknown_select_code_is_named(site: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert run(["lint", "--select", "FM,XYZ", "blog"], capsys)[2] == (
        "eulerdoc: unknown rule code or prefix 'XYZ' in --select\n"
    )


# --- output formats --------------------------------------------------------------------


def test_json_format(site: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _err = run(["lint", "--format", "json", "blog"], capsys)
    assert code == 1
    data = json.loads(out)
    assert [(d["path"], d["line"], d["column"], d["code"], d["severity"]) for d in data] == [
        ("blog/error.md", 3, 7, "FM013", "error"),
        ("blog/warning.md", 8, 1, "FM020", "warning"),
    ]
    assert all(isinstance(d["message"], str) and d["message"] for d in data)
    assert json.loads(run(["lint", "--format", "json", "blog/clean.md"], capsys)[1]) == []


def test_sarif_format(site: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _err = run(["lint", "--format", "sarif", "blog"], capsys)
    assert code == 1
    log = json.loads(out)
    check_sarif(log)
    results = log["runs"][0]["results"]
    assert [(r["ruleId"], r["level"]) for r in results] == [
        ("FM013", "error"),
        ("FM020", "warning"),
    ]
    location = results[0]["locations"][0]["physicalLocation"]
    assert location["artifactLocation"]["uri"] == "blog/error.md"
    assert location["region"] == {"startLine": 3, "startColumn": 7}
    ids = {rule["id"] for rule in log["runs"][0]["tool"]["driver"]["rules"]}
    assert ids == set(all_rules())


def test_github_format(site: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _err = run(["lint", "--format", "github", "blog"], capsys)
    assert code == 1
    lines = out.splitlines()
    assert len(lines) == 2
    assert lines[0].startswith("::error file=blog/error.md,line=3,col=7,title=FM013::")
    assert lines[1] == (
        "::warning file=blog/warning.md,line=8,col=1,title=FM020::"
        "unknown front-matter key 'tages'; did you mean 'tags'?"
    )


def test_output_file_quiet_and_statistics(site: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _err = run(["lint", "-o", "report.json", "--format", "json", "blog"], capsys)
    assert (code, out) == (1, "")
    assert len(json.loads((site / "report.json").read_text(encoding="utf-8"))) == 2
    code, out, _err = run(["lint", "-q", "blog"], capsys)
    assert code == 1 and len(out.splitlines()) == 2 and "Found" not in out
    code, out, _err = run(["lint", "--statistics", "--select", "FM", "blog", "blog"], capsys)
    assert [line.split()[:2] for line in out.splitlines()[:2]] == [["1", "FM013"], ["1", "FM020"]]


def test_unwritable_output_file_exits_2(site: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, _out, err = run(["lint", "-o", "blog", "blog"], capsys)
    assert code == 2
    assert err.startswith("eulerdoc: blog: cannot write the report")


# --- selection ---------------------------------------------------------------------------


def codes(out: str) -> list[str]:
    return [m.group(1) for m in re.finditer(r"^\S+:\d+:\d+: (\w+) ", out, re.MULTILINE)]


@pytest.mark.parametrize(
    ("argv", "expected"),
    [
        (["--select", "FM"], ["FM013", "FM020"]),
        (["--select", "fm020"], ["FM020"]),
        (["--select", "FM013,FM020"], ["FM013", "FM020"]),
        (["--select", "FM013", "--select", "FM020"], ["FM013", "FM020"]),
        (["--select", "FM01"], ["FM013"]),
        (["--select", "ALL", "--ignore", "FM020"], ["FM013"]),
        (["--ignore", "FM"], []),
        (["--select", "FM", "--ignore", "FM0", "--select", "FM020"], ["FM020"]),
        (["--ignore", "ALL"], []),
    ],
)
def test_select_and_ignore(
    argv: list[str], expected: list[str], site: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert codes(run(["lint", *argv, "blog"], capsys)[1]) == expected


def test_input_problems_are_reported_whatever_is_selected(
    site: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _err = run(["lint", "--select", "FM020", "blog", "gone.md"], capsys)
    assert code == 1 and codes(out) == ["FM020", "IN001"]
    code, out, _err = run(["lint", "--select", "FM020", "--ignore", "IN", "gone.md"], capsys)
    assert code == 0 and codes(out) == []


# --- paths ------------------------------------------------------------------------------


def test_directories_recurse_into_markdown_files(
    site: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    deep = site / "blog" / "2024" / "03"
    deep.mkdir(parents=True)
    (deep / "deep.MD").write_text(ERROR, encoding="utf-8")
    (deep / "notes.txt").write_text("not an article", encoding="utf-8")
    for skipped in (".hidden", "node_modules"):
        (site / "blog" / skipped).mkdir()
        (site / "blog" / skipped / "x.md").write_text("no front matter\n", encoding="utf-8")
    (site / "blog" / ".draft.md").write_text("no front matter\n", encoding="utf-8")
    out = run(["lint", "--select", "FM013", "blog"], capsys)[1]
    assert [line.split(":")[0] for line in out.splitlines()[:-1]] == [
        "blog/2024/03/deep.MD",
        "blog/error.md",
    ]
    # A file given explicitly is checked whatever its name; each file once.
    out = run(["lint", "--select", "FM", "blog/.draft.md", "blog", "./blog/error.md"], capsys)[1]
    assert codes(out) == ["FM001", "FM013", "FM013", "FM020"]


def test_folder_without_articles(site: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (site / "empty").mkdir()
    code, out, err = run(["lint", "empty"], capsys)
    assert (code, out) == (0, "All checks passed.\n")
    assert "no Markdown files found" in err


def test_jobs_give_the_same_report(site: Path, capsys: pytest.CaptureFixture[str]) -> None:
    for index in range(4):
        (site / "blog" / f"more{index}.md").write_text(ERROR, encoding="utf-8")
    one = run(["lint", "-j", "1", "--select", "FM", "blog"], capsys)
    two = run(["lint", "-j", "2", "--select", "FM", "blog"], capsys)
    assert one == two
    assert one[0] == 1


# --- language -------------------------------------------------------------------------


@pytest.mark.parametrize(
    "how", ["--lang before", "--lang after", "LANG", "LANGUAGE", "LC_ALL over LANG"]
)
def test_messages_in_chinese(
    how: str, site: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    argv = ["lint", "blog/warning.md"]
    if how == "--lang before":
        argv = ["--lang", "zh_CN", *argv]
    elif how == "--lang after":
        argv = ["lint", "--lang", "zh_CN", "blog/warning.md"]
    elif how == "LANG":
        monkeypatch.setenv("LANG", "zh_CN.UTF-8")
    elif how == "LANGUAGE":
        monkeypatch.setenv("LANGUAGE", "zh_CN:en")
    else:
        monkeypatch.setenv("LC_ALL", "zh_CN.UTF-8")
        monkeypatch.setenv("LANG", "en_US.UTF-8")
    set_language(None)
    code, out, _err = run(argv, capsys)
    assert code == 0
    finding, summary = out.splitlines()
    assert finding.startswith("blog/warning.md:8:1: FM020 ")
    assert CHINESE.search(finding.split(" FM020 ", 1)[1].replace("tages", ""))
    assert CHINESE.search(summary)


def test_messages_in_english_by_choice(
    site: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("LANG", "zh_CN.UTF-8")
    set_language(None)
    out = run(["--lang", "en", "lint", "blog/warning.md"], capsys)[1]
    assert out.splitlines()[-1] == "Found 1 warning."


def test_usage_error_messages_in_chinese(site: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, _out, err = run(["--lang", "zh_CN", "rule", "XX999"], capsys)
    assert code == 2 and CHINESE.search(err)


# --- eulerdoc rule ---------------------------------------------------------------------


def test_rule_docs(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _err = run(["rule", "FM020"], capsys)
    assert code == 0
    assert out.startswith(
        "FM020 (unknown-key)\n\nThe front matter has a key the site does not use\n"
    )
    for part in ("Default severity: warning", "Fixable: no", "What it does:", "Why:", "Fix:"):
        assert part in out
    assert run(["rule", "fm020"], capsys)[1] == out
    assert run(["rule", "unknown-key"], capsys)[1] == out
    data = json.loads(run(["rule", "FM020", "--format", "json"], capsys)[1])
    assert data["code"] == "FM020" and data["severity"] == "warning" and data["fixable"] is False


def test_rule_all(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _err = run(["rule", "--all"], capsys)
    assert code == 0
    listed = [line.split()[0] for line in out.splitlines()]
    assert listed == sorted(all_rules())
    assert {"FM001", "IN001", "IN004", "SUP001"} <= set(listed)
    data = json.loads(run(["rule", "--all", "--format", "json"], capsys)[1])
    assert [rule["code"] for rule in data] == listed
    assert all(rule["doc"] and rule["summary"] for rule in data)


@pytest.mark.parametrize("argv", [["rule", "XX999"], ["rule"], ["rule", "FM001", "--all"]])
def test_rule_usage_errors(argv: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(argv, capsys)
    assert (code, out) == (2, "")
    assert err.startswith("eulerdoc: ")


def test_rule_in_chinese(capsys: pytest.CaptureFixture[str]) -> None:
    out = run(["--lang", "zh_CN", "rule", "FM001"], capsys)[1]
    assert CHINESE.search(out.split("\n\n", 2)[2])  # the labels are translated


# --- fixes ----------------------------------------------------------------------------


@pytest.fixture
def typo_rule() -> Iterator[str]:
    """TST901: 'teh' in the body, fixable to 'the'; TST902: 'XXX', not fixable."""
    from eulerdoc.rules.context import LintContext
    from eulerdoc.rules.registry import CHECKERS, RULES, define_rule

    all_rules()
    define_rule("TST901", "test-typo", "A typo", "What it does: finds teh.", fixable=True)
    define_rule("TST902", "test-marker", "A marker", "What it does: finds XXX.")

    def check(ctx: LintContext) -> Iterator[Diagnostic]:
        text = ctx.article.text
        for match in re.finditer("teh", text[ctx.article.body_start :]):
            start = ctx.article.body_start + match.start()
            fix = Fix((Edit(start, start + 3, "the"),), "teh → the")
            yield ctx.at_offset("TST901", start, "typo 'teh'", fix)
        for match in re.finditer("XXX", text):
            yield ctx.at_offset("TST902", match.start(), "marker")

    entry: tuple[tuple[str, ...], object] = (("TST901", "TST902"), check)
    CHECKERS.append(entry)  # type: ignore[arg-type]
    try:
        yield "TST901"
    finally:
        CHECKERS.remove(entry)  # type: ignore[arg-type]
        del RULES["TST901"], RULES["TST902"]


def test_fix_applies_safe_fixes_atomically(
    typo_rule: str, site: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = site / "blog" / "typo.md"
    original = "\ufeff" + CLEAN.replace("正文。", "teh 文字 tehteh XXX").replace("\n", "\r\n")
    path.write_bytes(original.encode("utf-8"))
    path.chmod(0o640)
    code, out, _err = run(["lint", "--select", "TST", "blog/typo.md"], capsys)
    assert (code, codes(out)) == (1, ["TST901", "TST901", "TST901", "TST902"])
    assert out.splitlines()[-1] == "Found 4 errors (3 fixable with --fix)."
    assert " TST901 [*] typo" in out
    code, out, _err = run(["lint", "--select", "TST", "--fix", "blog/typo.md"], capsys)
    assert code == 1  # the marker cannot be fixed
    assert out.splitlines() == [
        "blog/typo.md:10:15: TST902 marker",
        "Fixed 3 findings in 1 file.",
        "Found 1 error.",
    ]
    data = path.read_bytes()
    assert data == original.replace("teh", "the").encode("utf-8")  # BOM and CRLF kept
    assert stat.S_IMODE(path.stat().st_mode) == 0o640
    assert sorted(p.name for p in (site / "blog").iterdir()) == [
        "clean.md",
        "error.md",
        "typo.md",
        "warning.md",
    ]
    # Nothing left to fix: the file is not touched again.
    mtime = path.stat().st_mtime_ns
    code, out, _err = run(["lint", "--select", "TST901", "--fix", "blog/typo.md"], capsys)
    assert (code, out) == (0, "All checks passed.\n")
    assert path.stat().st_mtime_ns == mtime


def test_fix_writes_through_a_symbolic_link(
    typo_rule: str, site: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = site / "blog" / "typo.md"
    target.write_text(CLEAN.replace("正文。", "teh 文字"), encoding="utf-8")
    link = site / "blog" / "link.md"
    link.symlink_to("typo.md")
    code, _out, _err = run(["lint", "--select", "TST901", "--fix", "blog/link.md"], capsys)
    assert code == 0
    assert link.is_symlink()
    assert "the 文字" in target.read_text(encoding="utf-8")


def test_fix_respects_selection_and_suppression(
    typo_rule: str, site: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = site / "blog" / "typo.md"
    text = CLEAN.replace("正文。", "teh\n\n<!-- eulerdoc-disable-next-line TST901 -->\nteh\n")
    path.write_text(text, encoding="utf-8")
    run(["lint", "--select", "FM", "--fix", "blog/typo.md"], capsys)
    assert path.read_text(encoding="utf-8") == text
    run(["lint", "--select", "TST", "--fix", "blog/typo.md"], capsys)
    assert path.read_text(encoding="utf-8") == text.replace("teh\n\n", "the\n\n", 1)


def test_diff_shows_fixes_and_writes_nothing(
    typo_rule: str, site: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = site / "blog" / "typo.md"
    text = CLEAN.replace("正文。", "teh 文字")
    path.write_text(text, encoding="utf-8")
    code, out, err = run(["lint", "--select", "TST", "--diff", "blog"], capsys)
    assert code == 1
    assert out.splitlines() == [
        "--- blog/typo.md",
        "+++ blog/typo.md",
        "@@ -7,4 +7,4 @@",
        " summary: '一篇测试文章。'",
        " ---",
        " ",
        "-teh 文字",
        "+the 文字",
    ]
    assert err == "Would fix 1 finding in 1 file.\n"
    assert path.read_text(encoding="utf-8") == text
    code, out, err = run(["lint", "--select", "FM", "--diff", "blog"], capsys)
    assert (code, out, err) == (0, "", "No fixes available.\n")
    # -o takes the diff too
    code, out, err = run(["lint", "--select", "TST", "--diff", "-o", "fix.diff", "blog"], capsys)
    assert (code, out) == (1, "")
    assert (site / "fix.diff").read_text(encoding="utf-8").endswith("+the 文字\n")


def test_diff_without_final_newline(
    typo_rule: str, site: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (site / "blog" / "typo.md").write_text(CLEAN.replace("正文。\n", "teh"), encoding="utf-8")
    out = run(["lint", "--select", "TST", "--diff", "blog"], capsys)[1]
    assert out.endswith("-teh\n\\ No newline at end of file\n+the\n\\ No newline at end of file\n")


def test_fix_with_a_real_rule(site: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """An escape artefact (MD002), when the rendering rules provide it."""
    rule = all_rules().get("MD002")
    if rule is None or not rule.fixable:
        pytest.skip("MD002 is not a fixable rule here")
    path = site / "blog" / "escape.md"
    path.write_text(CLEAN.replace("正文。", "文件名为 my\\_file\\_name。"), encoding="utf-8")
    code, out, _err = run(["lint", "--select", "MD002", "--fix", "blog/escape.md"], capsys)
    assert code == 0
    assert out.splitlines()[0] == "Fixed 2 findings in 1 file."
    assert "文件名为 my_file_name。" in path.read_text(encoding="utf-8")


# --- apply_fixes ----------------------------------------------------------------------


def fixed(text: str, *edits: tuple[int, int, str]) -> tuple[str, int]:
    diagnostics = [
        Diagnostic("a.md", 1, 1, "TST901", "m", Severity.ERROR, Fix((Edit(*edit),)))
        for edit in edits
    ]
    return apply_fixes(text, diagnostics)


def test_apply_fixes() -> None:
    assert fixed("abcdef", (4, 6, "EF"), (0, 1, "A")) == ("AbcdEF", 2)
    assert fixed("abcdef", (0, 3, "X"), (2, 4, "Y")) == ("Xdef", 1)  # overlap: later pass
    assert fixed("abc", (1, 2, "B"), (1, 2, "B")) == ("aBc", 2)  # the same fix, applied once
    assert fixed("abc", (1, 1, "x"), (1, 1, "y")) == ("axbc", 1)  # two insertions, one place
    assert fixed("abc", (1, 2, "b")) == ("abc", 0)  # changes nothing
    assert fixed("abc", (2, 9, "x")) == ("abc", 0)  # outside the text
    assert fixed("abc", (2, 1, "x")) == ("abc", 0)  # backwards
    assert apply_fixes("abc", [Diagnostic("a.md", 1, 1, "X", "m")]) == ("abc", 0)
    empty = Diagnostic("a.md", 1, 1, "X", "m", Severity.ERROR, Fix(()))
    assert apply_fixes("abc", [empty]) == ("abc", 0)


def test_a_fix_with_several_edits_is_all_or_nothing() -> None:
    both = Fix((Edit(0, 1, "A"), Edit(2, 3, "C")))
    clash = Fix((Edit(2, 3, "Z"),))
    found = [
        Diagnostic("a.md", 1, 3, "X", "m", Severity.ERROR, clash),
        Diagnostic("a.md", 1, 1, "X", "m", Severity.ERROR, both),
    ]
    assert apply_fixes("abc", found) == ("AbC", 1)
    inner_overlap = Fix((Edit(0, 2, "A"), Edit(1, 3, "C")))
    assert apply_fixes("abc", [Diagnostic("a.md", 1, 1, "X", "m", fix=inner_overlap)]) == (
        "abc",
        0,
    )


def test_fix_that_cannot_be_written(
    typo_rule: str,
    site: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    import eulerdoc.fsio

    def refuse(path: Path | str, data: bytes, *, only_if_changed: bool = True) -> bool:
        raise PermissionError(13, "Permission denied", str(path))

    monkeypatch.setattr(eulerdoc.fsio, "write_atomic", refuse)
    (site / "blog" / "typo.md").write_text(CLEAN.replace("正文。", "teh"), encoding="utf-8")
    code, out, err = run(["lint", "--select", "TST", "--fix", "blog/typo.md"], capsys)
    assert (code, out) == (1, "")
    assert err == "eulerdoc: blog/typo.md: cannot write file: Permission denied\n"


def test_a_crashing_rule_is_reported_not_raised(
    site: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from eulerdoc.rules.context import LintContext
    from eulerdoc.rules.registry import CHECKERS

    def crash(ctx: LintContext) -> list[Diagnostic]:
        raise RuntimeError("boom")

    entry: tuple[tuple[str, ...], object] = (("FM001",), crash)
    CHECKERS.append(entry)  # type: ignore[arg-type]
    try:
        code, _out, err = run(["lint", "blog/clean.md"], capsys)
    finally:
        CHECKERS.remove(entry)  # type: ignore[arg-type]
    assert code == 1
    assert "blog/clean.md" in err and "RuntimeError: boom" in err


# --- a file that could not be checked ---------------------------------------------------


def test_an_internal_error_is_never_all_checks_passed_nor_a_baseline(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    import eulerdoc.rules.runner as runner

    def broken(task: object) -> object:
        raise RuntimeError("something unexpected")

    (tmp_path / "a.md").write_text(CLEAN, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("EULERDOC_DEBUG", raising=False)
    monkeypatch.setattr(runner, "_lint_file", broken)
    assert main(["lint", "a.md"]) == 1
    captured = capsys.readouterr()
    assert "internal error while checking a.md: RuntimeError: something unexpected" in captured.err
    assert "All checks passed" not in captured.out
    assert "1 file could not be checked" in captured.out
    assert main(["lint", "--write-baseline", "b.json", "a.md"]) == 1
    assert "no baseline written" in capsys.readouterr().err
    assert not (tmp_path / "b.json").exists()


def test_a_tracked_symbolic_link_that_loops_is_no_obstacle(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    import shutil

    if shutil.which("git") is None:
        pytest.skip("needs git")
    from tests.test_images import png_bytes

    monkeypatch.chdir(tmp_path)
    subprocess.run(["git", "init", "-q"], check=True)
    (tmp_path / "loop").symlink_to("loop")
    (tmp_path / "media").mkdir()
    (tmp_path / "media" / "x.png").write_bytes(png_bytes())
    (tmp_path / "a.md").write_text(CLEAN + "\n![系统架构图](media/x.png)\n", encoding="utf-8")
    subprocess.run(["git", "add", "-A"], check=True)
    assert main(["lint", "--select", "IMG", "a.md"]) == 0
    captured = capsys.readouterr()
    assert "internal error" not in captured.err
    assert "All checks passed." in captured.out


def test_content_only_skips_paths_outside_the_content(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "pyproject.toml").write_text(
        '[tool.eulerdoc]\ncontent = ["docs/zh"]\n', encoding="utf-8"
    )
    (tmp_path / "docs" / "zh").mkdir(parents=True)
    (tmp_path / "docs" / "zh" / "a.md").write_text(CLEAN, encoding="utf-8")
    (tmp_path / "README.md").write_text("# Site\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    code, out, _err = run(["lint", "--select", "FM001", "README.md", "docs/zh/a.md"], capsys)
    assert code == 1 and "README.md:1:1: FM001" in out  # named, so linted
    args = ["lint", "--content-only", "--select", "FM001", "README.md", "docs/zh/a.md"]
    assert run(args, capsys)[:2] == (0, "All checks passed.\n")


def test_a_missing_content_folder_is_a_configuration_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "pyproject.toml").write_text(
        '[tool.eulerdoc]\ncontent = ["missing"]\n', encoding="utf-8"
    )
    monkeypatch.chdir(tmp_path)
    code, _out, err = run(["lint"], capsys)
    assert code == 2
    assert "content folder 'missing' does not exist" in err
