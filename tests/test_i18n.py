"""eulerdoc's own messages: catalogues in sync with the code, complete, and used at run time.

Also checks the helper behind them (scripts/i18n.py) and that an installed wheel carries
and uses the compiled catalogues.
"""

from __future__ import annotations

import importlib.util
import json
import os
import re
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path
from types import ModuleType
from typing import TYPE_CHECKING

import polib
import pytest

from tests.conftest import REPO

if TYPE_CHECKING:
    from eulerdoc.rules.registry import Rule

CJK = re.compile(r"[\u4e00-\u9fff]")

BAD_ARTICLE = """\
---
title: 社区发布新版本
date: 2024--3-18
category: news
tags:
  - openEuler
author: 张三
summary: 社区发布了新版本。
---

# 社区发布新版本

社区今天发布了新版本。
"""
DATE_LINE = 3


def _load_script() -> ModuleType:
    spec = importlib.util.spec_from_file_location(
        "eulerdoc_i18n_script", REPO / "scripts" / "i18n.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


script = _load_script()


def _catalog(lang: str) -> polib.POFile:
    return polib.pofile(str(script.po_path(lang)), wrapwidth=script.WRAP)


def _env(**extra: str) -> dict[str, str]:
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in {"LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG"}
    }
    env.update(extra)
    return env


# --- the catalogues in the repository ------------------------------------------------


def test_template_in_sync_with_code() -> None:
    pot = polib.pofile(str(script.POT))
    in_file = {(e.msgctxt, e.msgid) for e in pot}
    in_code = {(e.msgctxt, e.msgid) for e in script.extract_entries()}
    assert in_code - in_file == set(), "new messages: run python scripts/i18n.py extract"
    assert in_file - in_code == set(), "removed messages: run python scripts/i18n.py extract"
    assert script.render_template() == script.POT.read_bytes(), "run python scripts/i18n.py extract"


@pytest.mark.parametrize("lang", sorted(script.LANGUAGES))
def test_catalogue_matches_template(lang: str) -> None:
    template = {(e.msgctxt, e.msgid) for e in polib.pofile(str(script.POT))}
    catalog = {(e.msgctxt, e.msgid) for e in _catalog(lang) if not e.obsolete}
    assert catalog == template, "run python scripts/i18n.py update"


def test_chinese_catalogue_is_complete() -> None:
    problems = []
    for entry in _catalog("zh_CN"):
        where = f"{script.po_path('zh_CN').name}:{entry.linenum}"
        if entry.obsolete:
            continue
        if not entry.msgstr.strip():
            problems.append(f"{where}: untranslated {entry.msgid!r}")
        elif entry.fuzzy:
            problems.append(f"{where}: fuzzy {entry.msgid!r}")
        elif script.placeholders(entry.msgstr) != script.placeholders(entry.msgid):
            problems.append(f"{where}: placeholders differ in {entry.msgid!r}")
        elif not CJK.search(entry.msgstr) and entry.msgstr == entry.msgid:
            problems.append(f"{where}: left in English {entry.msgid!r}")
    assert problems == []


def test_english_catalogue_falls_back_to_msgids() -> None:
    assert [e.msgid for e in _catalog("en") if e.msgstr and e.msgstr != e.msgid] == []


@pytest.mark.parametrize("lang", sorted(script.LANGUAGES))
def test_compiled_catalogue_in_sync(lang: str) -> None:
    assert script.mo_path(lang).read_bytes() == script.render_mo(lang), (
        "run python scripts/i18n.py compile"
    )


@pytest.mark.skipif(shutil.which("msgfmt") is None, reason="GNU gettext is not installed")
@pytest.mark.parametrize("lang", sorted(script.LANGUAGES))
def test_msgfmt_accepts_catalogue(lang: str, tmp_path: Path) -> None:
    result = subprocess.run(
        ["msgfmt", "-c", "-o", str(tmp_path / "out.mo"), str(script.po_path(lang))],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr


def test_check_command_passes() -> None:
    assert script.problems() == []


def test_locale_folder_does_not_shadow_the_standard_library() -> None:
    # A locale/__init__.py would make `import locale` pick the catalogue folder whenever
    # the repository root is on sys.path (python -m eulerdoc, pytest), breaking gettext.
    result = subprocess.run(
        [sys.executable, "-c", "import locale; print(locale.__file__)"],
        cwd=REPO,
        capture_output=True,
        text=True,
        check=True,
    )
    assert not Path(result.stdout.strip()).is_relative_to(REPO)


# --- messages at run time ------------------------------------------------------------


def _sample() -> polib.POEntry:
    return next(e for e in _catalog("zh_CN") if e.msgstr and not e.fuzzy and not e.obsolete)


def test_language_switch_in_process() -> None:
    from eulerdoc.i18n import _, set_language

    entry = _sample()
    try:
        set_language("zh_CN")
        assert _(entry.msgid) == entry.msgstr
        set_language("zh-Hans.UTF-8")
        assert _(entry.msgid) == entry.msgstr
        set_language("en")
        assert _(entry.msgid) == entry.msgid
    finally:
        set_language(None)


def _lint(args: list[str], cwd: Path, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "eulerdoc", *args],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def _date_lines(output: str) -> list[str]:
    return [line for line in output.splitlines() if line.startswith(f"bad.md:{DATE_LINE}:")]


@pytest.fixture
def bad_article(tmp_path: Path) -> Path:
    path = tmp_path / "bad.md"
    path.write_text(BAD_ARTICLE, encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("how", "chinese"),
    [("--lang zh_CN", True), ("LANG=zh_CN.UTF-8", True), ("--lang en", False), ("LANG=C", False)],
)
def test_cli_messages_follow_lang(bad_article: Path, how: str, chinese: bool) -> None:
    if how.startswith("--lang"):
        args, env = ["--lang", how.split()[1], "lint", "bad.md"], _env(LANG="C.UTF-8")
    else:
        args, env = ["lint", "bad.md"], _env(LANG=how.split("=")[1])
    result = _lint(args, bad_article.parent, env)
    assert result.returncode == 1, result.stdout + result.stderr
    assert "Traceback" not in result.stderr
    lines = _date_lines(result.stdout)
    assert lines, result.stdout
    if chinese:
        assert all(CJK.search(line) for line in lines), lines
    else:
        assert not any(CJK.search(line) for line in lines), lines


def test_an_unknown_message_language_is_a_usage_error(
    bad_article: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from eulerdoc.cli import main
    from eulerdoc.i18n import set_language

    try:
        assert main(["--lang", "fr", "lint", str(bad_article)]) == 2
    finally:
        set_language(None)
    assert "--lang takes en, zh_CN" in capsys.readouterr().err
    # from the environment, any language: English stands in
    result = _lint(["lint", "bad.md"], bad_article.parent, _env(LANG="fr_FR.UTF-8"))
    assert result.returncode == 1 and _date_lines(result.stdout)


# --- rule summaries and documentation ------------------------------------------------


DOC_LABELS = ("What it does:", "Why:", "Fix:")
ZH_DOC_LABELS = ("作用：", "原因：", "修复：")


def _rules() -> dict[str, Rule]:
    from eulerdoc.rules.runner import all_rules

    return all_rules()


def _zh_messages() -> dict[str, str]:
    return {e.msgid: e.msgstr for e in _catalog("zh_CN") if not e.obsolete and not e.fuzzy}


def _rule_cli(args: list[str], cwd: Path) -> subprocess.CompletedProcess[str]:
    result = _lint(args, cwd, _env(LANG="C.UTF-8"))
    assert result.returncode == 0, result.stdout + result.stderr
    return result


def test_rule_texts_are_the_extracted_messages() -> None:
    # What Babel extracts from N_("...") must be exactly what is looked up at run time.
    extracted = {e.msgid for e in script.extract_entries() if e.msgctxt is None}
    for code, rule in _rules().items():
        assert rule.summary in extracted, code
        assert rule.doc_msgid in extracted, code
        assert rule.doc == rule.doc_msgid.strip(), code


def test_rule_texts_in_process() -> None:
    from eulerdoc.i18n import set_language

    zh = _zh_messages()
    rule = _rules()["MD001"]
    try:
        set_language("zh_CN")
        assert rule.summary_text() == zh[rule.summary]
        assert rule.doc_text() == zh[rule.doc_msgid].strip()
        set_language("en")
        assert (rule.summary_text(), rule.doc_text()) == (rule.summary, rule.doc)
    finally:
        set_language(None)


def test_rule_list_in_chinese(tmp_path: Path) -> None:
    rules, zh = _rules(), _zh_messages()
    lines = _rule_cli(["rule", "--all", "--lang", "zh_CN"], tmp_path).stdout.splitlines()
    assert [line.split()[0] for line in lines] == sorted(rules)
    for line in lines:
        rule = rules[line.split()[0]]
        assert CJK.search(zh[rule.summary]), rule.code
        assert line.endswith(zh[rule.summary]), line
        assert rule.summary not in line


def test_rule_list_in_english(tmp_path: Path) -> None:
    rules = _rules()
    lines = _rule_cli(["rule", "--all", "--lang", "en"], tmp_path).stdout.splitlines()
    assert [line.split()[0] for line in lines] == sorted(rules)
    for line in lines:
        assert line.endswith(rules[line.split()[0]].summary), line
        assert not CJK.search(line), line


def test_rule_doc_in_chinese(tmp_path: Path) -> None:
    rule, zh = _rules()["MD001"], _zh_messages()
    output = _rule_cli(["rule", "MD001", "--lang", "zh_CN"], tmp_path).stdout
    doc = zh[rule.doc_msgid].strip()
    assert doc in output
    assert zh[rule.summary] in output.splitlines()
    assert all(label in output for label in ZH_DOC_LABELS), output
    assert "**注意：**正文" in output and "eulerdoc lint --fix" in output
    assert not any(label in output for label in DOC_LABELS), output
    assert rule.summary not in output


def test_rule_doc_in_english(tmp_path: Path) -> None:
    rule = _rules()["MD001"]
    output = _rule_cli(["rule", "MD001", "--lang", "en"], tmp_path).stdout
    assert output.startswith(f"MD001 ({rule.name})\n\n{rule.summary}\n")
    assert output.endswith(rule.doc + "\n")
    assert all(label in output for label in DOC_LABELS)
    assert not any(label in output for label in ZH_DOC_LABELS)


def test_every_rule_documented_in_chinese_as_json(tmp_path: Path) -> None:
    output = _rule_cli(["rule", "--all", "--format", "json", "--lang", "zh_CN"], tmp_path).stdout
    listed = json.loads(output)
    assert sorted(item["code"] for item in listed) == sorted(_rules())
    for item in listed:
        assert CJK.search(item["summary"]), item["code"]
        assert item["doc"].startswith("作用："), item["code"]
        assert item["doc"] == item["doc"].strip()
        assert all(label in item["doc"] for label in ZH_DOC_LABELS), item["code"]


def test_sarif_rule_descriptions_in_chinese(bad_article: Path) -> None:
    args = ["--lang", "zh_CN", "lint", "--format", "sarif", "bad.md"]
    result = _lint(args, bad_article.parent, _env(LANG="C.UTF-8"))
    assert result.returncode == 1, result.stdout + result.stderr
    (run,) = json.loads(result.stdout)["runs"]
    rules, zh = _rules(), _zh_messages()
    for described in run["tool"]["driver"]["rules"]:
        rule = rules[described["id"]]
        assert described["shortDescription"]["text"] == zh[rule.summary]
        assert described["fullDescription"]["text"] == zh[rule.doc_msgid].strip()
        assert described["help"]["text"] == described["fullDescription"]["text"]


# --- the installed wheel -------------------------------------------------------------


def _source_tree(tmp_path: Path) -> Path:
    """The files a wheel is built from, copied so the build leaves the checkout untouched."""
    src = tmp_path / "src"
    ignore = shutil.ignore_patterns("__pycache__", "*.pyc")
    for name in ("eulerdoc", "locale"):
        shutil.copytree(REPO / name, src / name, ignore=ignore)
    for name in ("pyproject.toml", "README.md", "LICENSE"):
        if (REPO / name).is_file():
            shutil.copy2(REPO / name, src / name)
    if not (src / "README.md").exists():
        (src / "README.md").write_text("# eulerdoc\n", encoding="utf-8")
    return src


def test_installed_wheel_carries_and_uses_catalogues(tmp_path: Path, bad_article: Path) -> None:
    src = _source_tree(tmp_path)
    build = subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--no-deps",
            "-q",
            "-w",
            str(tmp_path / "dist"),
            str(src),
        ],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert build.returncode == 0, build.stdout + build.stderr
    (wheel,) = (tmp_path / "dist").glob("eulerdoc-*.whl")
    with zipfile.ZipFile(wheel) as archive:
        names = set(archive.namelist())
        site = tmp_path / "site"
        archive.extractall(site)
    for lang in script.LANGUAGES:
        assert f"eulerdoc/locale/{lang}/LC_MESSAGES/eulerdoc.mo" in names
    assert "eulerdoc/py.typed" in names
    assert "eulerdoc/locale/__init__.py" not in names

    entry = _sample()
    probe = (
        "import sys; sys.path.insert(0, sys.argv[1])\n"
        "import eulerdoc.i18n as i18n\n"
        "assert i18n.__file__.startswith(sys.argv[1]), i18n.__file__\n"
        "i18n.set_language('zh_CN')\n"
        "sys.stdout.buffer.write(i18n._(sys.argv[2]).encode('utf-8'))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", probe, str(site), entry.msgid],
        cwd=tmp_path,
        env=_env(PYTHONDONTWRITEBYTECODE="1"),
        capture_output=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr.decode("utf-8", "replace")
    assert result.stdout.decode("utf-8") == entry.msgstr

    run_cli = "import sys; sys.path.insert(0, sys.argv.pop(1)); from eulerdoc.cli import main; sys.exit(main())"
    result = subprocess.run(
        [sys.executable, "-c", run_cli, str(site), "--lang", "zh_CN", "lint", "bad.md"],
        cwd=bad_article.parent,
        env=_env(PYTHONDONTWRITEBYTECODE="1", LANG="C.UTF-8"),
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 1, result.stdout + result.stderr
    lines = _date_lines(result.stdout)
    assert lines and all(CJK.search(line) for line in lines), result.stdout


# --- scripts/i18n.py -----------------------------------------------------------------


def _package(root: Path, messages: list[str]) -> Path:
    package = root / "pkg"
    package.mkdir(exist_ok=True)
    body = "\n".join(f"    _({m!r})" for m in messages)
    (package / "mod.py").write_text(f"def f():\n{body}\n", encoding="utf-8")
    return package


def _refresh(root: Path, package: Path) -> None:
    pot = root / "eulerdoc.pot"
    root.mkdir(parents=True, exist_ok=True)
    pot.write_bytes(script.render_template(package, pot))
    for lang in script.LANGUAGES:
        path = script.po_path(lang, root)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(script.render_catalog(lang, root, pot))


def _translate(root: Path, translations: dict[str, str]) -> None:
    path = script.po_path("zh_CN", root)
    po = polib.pofile(str(path), wrapwidth=script.WRAP)
    for entry in po:
        if entry.msgid in translations:
            entry.msgstr = translations[entry.msgid]
    po.save(str(path))
    for lang in script.LANGUAGES:
        script.mo_path(lang, root).write_bytes(script.render_mo(lang, root))


def test_script_round_trip(tmp_path: Path) -> None:
    root = tmp_path / "locale"
    package = _package(tmp_path, ["cannot open {path}", "done"])
    _refresh(root, package)
    assert any("untranslated" in p for p in script.problems(root, package))
    _translate(root, {"cannot open {path}": "无法打开 {path}", "done": "完成"})
    assert script.problems(root, package) == []

    # Nothing changed: the same bytes, dates included.
    before = {p: p.read_bytes() for p in root.rglob("*.po*")}
    _refresh(root, package)
    assert {p: p.read_bytes() for p in root.rglob("*.po*")} == before

    # A reworded message keeps its old translation as fuzzy; a new one is untranslated.
    _package(tmp_path, ["cannot open file {path}", "done", "new message"])
    assert any("out of date" in p for p in script.problems(root, package))
    _refresh(root, package)
    po = polib.pofile(str(script.po_path("zh_CN", root)))
    reworded = po.find("cannot open file {path}")
    assert reworded is not None and reworded.fuzzy
    assert reworded.msgstr == "无法打开 {path}"
    assert reworded.previous_msgid == "cannot open {path}"
    assert po.find("done").msgstr == "完成"
    found = script.problems(root, package)
    assert any("fuzzy" in p for p in found) and any(
        "untranslated 'new message'" in p for p in found
    )


def test_script_reports_placeholder_mismatch(tmp_path: Path) -> None:
    root = tmp_path / "locale"
    package = _package(tmp_path, ["cannot open {path}"])
    _refresh(root, package)
    _translate(root, {"cannot open {path}": "无法打开 {name}"})
    assert any("placeholders" in p for p in script.problems(root, package))


def test_placeholders() -> None:
    assert script.placeholders("byte 0x{byte:02x} at {offset} in {name!r}") == [
        "{byte:02x}",
        "{name!r}",
        "{offset}",
    ]
    assert script.placeholders("{{literal}}") == []
