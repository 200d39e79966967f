"""stats: translated / fuzzy / untranslated per catalogue and per language."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from eulerdoc.l10n.catalog import Message
from eulerdoc.l10n.stats import CatalogueStats, catalogue_stats, combined, format_html
from tests.test_extract import make_site, run

HEADER = (
    'msgid ""\nmsgstr ""\n"Language: {lang}\\n"\n"Content-Type: text/plain; charset=UTF-8\\n"\n\n'
)


def catalogue(lang: str, translated: int, fuzzy: int, untranslated: int, obsolete: int = 0) -> str:
    parts = [HEADER.format(lang=lang)]
    for index in range(translated):
        parts.append(f'msgid "已译{index}"\nmsgstr "done {index}"\n\n')
    for index in range(fuzzy):
        parts.append(f'#, fuzzy\nmsgid "模糊{index}"\nmsgstr "maybe {index}"\n\n')
    for index in range(untranslated):
        parts.append(f'msgid "未译{index}"\nmsgstr ""\n\n')
    for index in range(obsolete):
        parts.append(f'#~ msgid "过时{index}"\n#~ msgstr "old {index}"\n\n')
    return "".join(parts)


@pytest.fixture(autouse=True)
def _english(monkeypatch: pytest.MonkeyPatch) -> None:
    for var in ("LANGUAGE", "LC_ALL", "LC_MESSAGES"):
        monkeypatch.delenv(var, raising=False)
    monkeypatch.setenv("LANG", "C")


@pytest.fixture
def site(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    root = make_site(tmp_path / "site")
    locale = root / "locale"
    files = {
        "en/news/2024/a.po": catalogue("en", 3, 1, 0, obsolete=2),
        "en/blog/author/b.po": catalogue("en", 0, 0, 4),
        "fr/news/2024/a.po": catalogue("fr", 2, 0, 2),
        "templates/news/2024/a.pot": catalogue("", 0, 0, 4),
    }
    for name, text in files.items():
        (locale / name).parent.mkdir(parents=True, exist_ok=True)
        (locale / name).write_text(text, encoding="utf-8")
    monkeypatch.chdir(root)
    return root


def test_counts() -> None:
    messages = [
        Message("一", "one"),
        Message("二", "two", fuzzy=True),
        Message("三", ""),
        Message("四", "", fuzzy=True),  # fuzzy without text: fuzzy
        Message("五", "five", obsolete=True),
    ]
    stats = catalogue_stats("x.po", "en", messages)
    assert (stats.total, stats.translated, stats.fuzzy, stats.untranslated, stats.obsolete) == (
        4,
        1,
        2,
        1,
        1,
    )
    assert stats.percent == 25.0
    assert catalogue_stats("empty.po", "en", []).percent == 100.0
    total = combined([stats, CatalogueStats("y.po", "fr", 2, 2, 0, 0)], "total")
    assert (total.lang, total.total, total.translated) == ("en, fr", 6, 3)


def test_text_output(site: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(["stats"], capsys)
    assert (code, err) == (0, "")
    lines = out.splitlines()
    assert lines[0].split() == [
        "percent",
        "translated",
        "fuzzy",
        "untranslated",
        "total",
        "language",
        "catalogue",
    ]
    rows = [line.split() for line in lines[1:]]
    assert rows == [
        ["0.0%", "0", "0", "4", "4", "en", "locale/en/blog/author/b.po"],
        ["75.0%", "3", "1", "0", "4", "en", "locale/en/news/2024/a.po"],
        ["50.0%", "2", "0", "2", "4", "fr", "locale/fr/news/2024/a.po"],
        ["41.7%", "5", "1", "6", "12", "en,", "fr", "total"],
    ]


def test_one_language(site: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _err = run(["stats", "--lang", "fr"], capsys)
    assert code == 0
    assert [line.split()[-1] for line in out.splitlines()[1:]] == ["locale/fr/news/2024/a.po"]


def test_json_output(site: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _err = run(["stats", "--format", "json"], capsys)
    assert code == 0
    data = json.loads(out)
    assert data[1] == {
        "path": "locale/en/news/2024/a.po",
        "lang": "en",
        "total": 4,
        "translated": 3,
        "fuzzy": 1,
        "untranslated": 0,
        "obsolete": 2,
        "percent": 75.0,
    }
    assert [d["lang"] for d in data] == ["en", "en", "fr"]


def test_html_output(site: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _err = run(["stats", "--format", "html"], capsys)
    assert code == 0
    assert out.startswith("<!DOCTYPE html>")
    assert "<script" not in out and "http" not in out
    assert '<progress max="100" value="75.0"></progress>' in out
    assert "locale/fr/news/2024/a.po" in out
    page = format_html([CatalogueStats("<b>&.po", "en", 1, 1)])
    assert "&lt;b&gt;&amp;.po" in page


def test_explicit_catalogues_and_folders(site: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _err = run(["stats", "locale/fr", "locale/en/news/2024/a.po"], capsys)
    assert code == 0
    assert [line.split()[-1] for line in out.splitlines()[1:3]] == [
        "locale/fr/news/2024/a.po",
        "locale/en/news/2024/a.po",
    ]


def test_broken_catalogue_is_reported_and_the_others_counted(
    site: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (site / "locale" / "en" / "broken.po").write_text('msgid "a"\nmsgstr "b\n', encoding="utf-8")
    code, out, err = run(["stats", "--format", "json"], capsys)
    assert code == 1
    assert "locale/en/broken.po:2: invalid PO syntax" in err
    assert "Traceback" not in err
    assert len(json.loads(out)) == 3


def test_no_catalogues(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    code, out, _err = run(["stats", "--format", "json"], capsys)
    assert (code, json.loads(out)) == (0, [])
