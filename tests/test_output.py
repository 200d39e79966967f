"""Report formats: text, JSON, SARIF 2.1.0 and GitHub workflow commands."""

from __future__ import annotations

import io
import json
from pathlib import Path
from typing import Any

import pytest

from eulerdoc.cli import output
from eulerdoc.diagnostic import Diagnostic, Edit, Fix, Severity
from eulerdoc.i18n import set_language
from eulerdoc.rules.runner import all_rules

FIX = Fix((Edit(0, 1, "x"),), "replace")


@pytest.fixture(autouse=True)
def _english(monkeypatch: pytest.MonkeyPatch) -> None:
    for var in ("LANGUAGE", "LC_ALL", "LC_MESSAGES"):
        monkeypatch.delenv(var, raising=False)
    monkeypatch.setenv("LANG", "C")
    set_language(None)


def diagnostics() -> list[Diagnostic]:
    return [
        Diagnostic("docs/blog/a b.md", 3, 7, "FM002", "invalid YAML: 'x'", Severity.ERROR),
        Diagnostic("docs/blog/中文.md", 8, 1, "FM020", "unknown key 'tages'", Severity.WARNING),
        Diagnostic("docs/blog/c.md", 1, 1, "FM001", "50% done,\nsecond line: here", fix=FIX),
    ]


# --- text ----------------------------------------------------------------------------


def test_text_line() -> None:
    first, second, third = diagnostics()
    assert output.format_text(first) == "docs/blog/a b.md:3:7: FM002 invalid YAML: 'x'"
    assert output.format_text(second) == "docs/blog/中文.md:8:1: FM020 unknown key 'tages'"
    assert output.format_text(third).startswith("docs/blog/c.md:1:1: FM001 [*] 50% done")
    assert output.format_text(first) == first.format()


def test_text_colour_only_when_asked() -> None:
    first = diagnostics()[0]
    assert "\x1b[" not in output.format_text(first, color=False)
    coloured = output.format_text(first, color=True)
    assert "\x1b[31m" in coloured  # errors in red
    assert "\x1b[33m" in output.format_text(diagnostics()[1], color=True)  # warnings in yellow


def test_colour_follows_the_terminal_and_no_color(monkeypatch: pytest.MonkeyPatch) -> None:
    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True

    monkeypatch.delenv("NO_COLOR", raising=False)
    assert output.use_color(Terminal())
    assert not output.use_color(io.StringIO())
    monkeypatch.setenv("NO_COLOR", "1")
    assert not output.use_color(Terminal())


def test_summaries() -> None:
    assert output.summary(0, 0, 0) == "All checks passed."
    assert output.summary(1, 0, 0) == "Found 1 error."
    assert output.summary(2, 1, 0) == "Found 2 errors, 1 warning."
    assert output.summary(0, 3, 0) == "Found 3 warnings."
    assert output.summary(2, 0, 1) == "Found 2 errors (1 fixable with --fix)."
    assert output.summary(2, 0, 1, fixing=True) == "Found 2 errors."
    assert output.fixed_summary(1, 1) == "Fixed 1 finding in 1 file."
    assert output.fixed_summary(3, 1) == "Fixed 3 findings in 1 file."
    assert output.fixed_summary(3, 2) == "Fixed 3 findings in 2 files."
    assert output.would_fix_summary(0, 0) == "No fixes available."
    assert output.would_fix_summary(1, 1) == "Would fix 1 finding in 1 file."
    assert output.would_fix_summary(2, 1) == "Would fix 2 findings in 1 file."
    assert output.would_fix_summary(4, 3) == "Would fix 4 findings in 3 files."
    assert output.hidden_summary(1) == "1 finding hidden by baseline."
    assert output.hidden_summary(2) == "2 findings hidden by baseline."


def test_summaries_in_chinese() -> None:
    set_language("zh_CN")
    assert any("\u4e00" <= c <= "\u9fff" for c in output.summary(2, 1, 0))
    assert any("\u4e00" <= c <= "\u9fff" for c in output.summary(0, 0, 0))


def test_statistics() -> None:
    found = [*diagnostics(), diagnostics()[1]]
    rows = output.statistics(found, all_rules())
    assert [(r["code"], r["count"], r["fixable"]) for r in rows] == [
        ("FM020", 2, False),
        ("FM001", 1, True),
        ("FM002", 1, False),
    ]
    assert rows[0]["name"] == "unknown-key"
    text = output.statistics_text(rows)
    assert text.splitlines()[0].split() == ["2", "FM020", "unknown-key"]
    assert "[*]" in text.splitlines()[1]
    assert output.statistics_text([]) == ""


# --- JSON ----------------------------------------------------------------------------


def test_json() -> None:
    data = json.loads(output.to_json(diagnostics()))
    assert isinstance(data, list) and len(data) == 3
    for item in data:
        assert {"path", "line", "column", "code", "severity", "message"} <= set(item)
        assert item["severity"] in ("error", "warning")
        assert isinstance(item["line"], int) and isinstance(item["column"], int)
    assert data[1] == {
        "path": "docs/blog/中文.md",
        "line": 8,
        "column": 1,
        "code": "FM020",
        "severity": "warning",
        "message": "unknown key 'tages'",
        "fixable": False,
    }
    assert data[2]["fixable"] is True
    assert "中文" in output.to_json(diagnostics())  # not \\u-escaped
    assert output.to_json([]) == "[]\n"


# --- SARIF ---------------------------------------------------------------------------


def check_sarif(log: dict[str, Any]) -> None:
    """The parts of SARIF 2.1.0 that code-scanning tools rely on."""
    assert log["version"] == "2.1.0"
    assert log["$schema"].endswith("sarif-2.1.0.json")
    assert isinstance(log["runs"], list) and len(log["runs"]) == 1
    run = log["runs"][0]
    driver = run["tool"]["driver"]
    assert driver["name"] == "eulerdoc"
    assert isinstance(driver["version"], str) and driver["version"]
    assert driver["informationUri"].startswith(("http://", "https://"))
    rules = driver["rules"]
    ids = [rule["id"] for rule in rules]
    assert len(ids) == len(set(ids))
    for rule in rules:
        assert rule["shortDescription"]["text"]
        assert rule["fullDescription"]["text"]
        assert rule["defaultConfiguration"]["level"] in ("error", "warning", "note", "none")
    for result in run["results"]:
        assert result["ruleId"] in ids
        if "ruleIndex" in result:
            assert rules[result["ruleIndex"]]["id"] == result["ruleId"]
        assert result["level"] in ("error", "warning", "note", "none")
        assert isinstance(result["message"]["text"], str) and result["message"]["text"]
        [location] = result["locations"]
        physical = location["physicalLocation"]
        assert isinstance(physical["artifactLocation"]["uri"], str)
        region = physical["region"]
        assert isinstance(region["startLine"], int) and region["startLine"] >= 1
        assert isinstance(region["startColumn"], int) and region["startColumn"] >= 1


def test_sarif(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    log = json.loads(output.to_sarif(diagnostics(), all_rules(), "1.2.3"))
    check_sarif(log)
    run = log["runs"][0]
    assert run["tool"]["driver"]["version"] == "1.2.3"
    assert {r["id"] for r in run["tool"]["driver"]["rules"]} >= {"FM001", "FM020", "IN001"}
    first, second, third = run["results"]
    assert (first["ruleId"], first["level"]) == ("FM002", "error")
    assert (second["ruleId"], second["level"]) == ("FM020", "warning")
    region = first["locations"][0]["physicalLocation"]["region"]
    assert (region["startLine"], region["startColumn"]) == (3, 7)
    uris = [
        r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] for r in run["results"]
    ]
    assert uris[0] == "docs/blog/a%20b.md"  # a URI reference: spaces escaped
    assert uris[1] == "docs/blog/%E4%B8%AD%E6%96%87.md"
    assert third["message"]["text"] == "50% done,\nsecond line: here"


def test_sarif_paths_outside_the_working_directory(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "work").mkdir()
    monkeypatch.chdir(tmp_path / "work")
    outside = Diagnostic(str(tmp_path / "a.md"), 1, 1, "FM001", "x")
    log = json.loads(output.to_sarif([outside], all_rules(), "1"))
    uri = log["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"]
    assert uri["uri"] == (tmp_path / "a.md").as_uri()


def test_sarif_without_findings_lists_the_rules() -> None:
    log = json.loads(output.to_sarif([], all_rules(), "1"))
    check_sarif(log)
    assert log["runs"][0]["results"] == []
    assert len(log["runs"][0]["tool"]["driver"]["rules"]) == len(all_rules())


def test_sarif_unknown_code_has_no_rule_index() -> None:
    odd = Diagnostic("a.md", 0, 0, "ZZ999", "x", Severity.WARNING)
    result = json.loads(output.to_sarif([odd], {}, "1"))["runs"][0]["results"][0]
    assert "ruleIndex" not in result
    region = result["locations"][0]["physicalLocation"]["region"]
    assert (region["startLine"], region["startColumn"]) == (1, 1)


# --- GitHub --------------------------------------------------------------------------


def test_github() -> None:
    lines = output.to_github(diagnostics()).splitlines()
    assert lines[0] == "::error file=docs/blog/a b.md,line=3,col=7,title=FM002::invalid YAML: 'x'"
    assert (
        lines[1] == "::warning file=docs/blog/中文.md,line=8,col=1,title=FM020::unknown key 'tages'"
    )
    # The message is one line: %, CR and LF escaped.
    assert lines[2].endswith("::50%25 done,%0Asecond line: here")
    assert len(lines) == 3
    assert output.to_github([]) == ""


def test_github_escapes_properties() -> None:
    odd = Diagnostic("a,b:c.md", 1, 2, "FM001", "m")
    assert output.to_github([odd]) == "::error file=a%2Cb%3Ac.md,line=1,col=2,title=FM001::m\n"


def test_github_file_names_reach_no_terminal_raw() -> None:
    odd = Diagnostic("a\x1b[2J\x07.md", 1, 2, "FM001", "m")
    line = output.to_github([odd])
    assert "\x1b" not in line and "\x07" not in line
    assert line.startswith("::error file=a\\x1b[2J\\x07.md,")
