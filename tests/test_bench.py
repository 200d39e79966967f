"""bench/run.py runs end to end, and its site layout and report are right (no timings)."""

from __future__ import annotations

import importlib.util
import json
import subprocess
import sys
from pathlib import Path
from types import ModuleType

import pytest

from tests.conftest import REPO, requires_corpus

SCRIPT = REPO / "bench" / "run.py"


@pytest.fixture(scope="module")
def bench() -> ModuleType:
    spec = importlib.util.spec_from_file_location("eulerdoc_bench_run", SCRIPT)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


ARTICLE = """\
---
title: '社区活动回顾'
date: '2024-06-01'
category: news
tags:
  - openEuler
banner: 'img/banners/event.png'
author: 'openEuler'
summary: '回顾本月的社区活动。'
---

本月社区举办了三场技术沙龙。

![活动现场](./media/photo.png)
"""


def _corpus(root: Path) -> Path:
    """A small corpus of my own: a zh/en site, a loose article with media, a README."""
    docs = root / "site" / "docs"
    (docs / "zh" / "news").mkdir(parents=True)
    (docs / "zh" / "news" / "a.md").write_text(ARTICLE, encoding="utf-8")
    (docs / "zh" / "news" / "b.md").write_text(ARTICLE, encoding="utf-8")
    (docs / "zh" / "news" / "media").mkdir()
    (docs / "zh" / "news" / "media" / "photo.png").write_bytes(b"\x89PNG\r\n\x1a\n")
    (docs / "en" / "news").mkdir(parents=True)
    (docs / "en" / "news" / "a.md").write_text("# Review\n", encoding="utf-8")
    public = docs / ".vuepress" / "public" / "img" / "banners"
    public.mkdir(parents=True)
    (public / "event.png").write_bytes(b"\x89PNG\r\n\x1a\n")
    (root / "loose").mkdir()
    (root / "loose" / "c.md").write_text(ARTICLE, encoding="utf-8")
    (root / "loose" / "media").mkdir()
    (root / "loose" / "media" / "photo.png").write_bytes(b"\x89PNG\r\n\x1a\n")
    (root / "README.md").write_text("# corpus\n", encoding="utf-8")
    return root


def test_find_sources_keeps_source_language_only(bench: ModuleType, tmp_path: Path) -> None:
    corpus = _corpus(tmp_path / "corpus")
    sources, roots, public = bench.find_sources(corpus)
    keys = sorted(source.key.as_posix() for source in sources)
    assert keys == ["news/a.md", "news/b.md", "news/loose/c.md"]
    assert roots == [corpus / "site" / "docs" / "zh"]
    assert public == corpus / "site" / "docs" / ".vuepress" / "public"


def test_build_site_replicates_beside_the_originals(bench: ModuleType, tmp_path: Path) -> None:
    corpus = _corpus(tmp_path / "corpus")
    site = tmp_path / "out"
    articles = bench.build_site(corpus, site, 7)
    assert len(articles) == len(set(articles)) == 7
    assert all(path.is_file() for path in articles)
    news = site / "docs" / "zh" / "news"
    assert (news / "a-r0001.md").read_text(encoding="utf-8") == ARTICLE
    assert (news / "loose" / "c-r0001.md").is_file()
    assert (news / "media" / "photo.png").is_file()
    assert (news / "loose" / "media" / "photo.png").is_file()
    assert (site / "docs" / ".vuepress" / "public" / "img" / "banners" / "event.png").is_file()
    assert not (site / "docs" / "en").exists()
    assert 'content = ["docs/zh"]' in (site / "pyproject.toml").read_text(encoding="utf-8")
    on_disk = sorted((site / "docs" / "zh").rglob("*.md"))
    assert on_disk == sorted(articles)


def test_build_site_with_fewer_articles_than_the_corpus(bench: ModuleType, tmp_path: Path) -> None:
    corpus = _corpus(tmp_path / "corpus")
    site = tmp_path / "out"
    articles = bench.build_site(corpus, site, 2)
    assert sorted((site / "docs" / "zh").rglob("*.md")) == sorted(articles)
    assert len(articles) == 2


def test_parse_importtime(bench: ModuleType) -> None:
    text = (
        "import time: self [us] | cumulative | imported package\n"
        "import time:       100 |        100 |     _io\n"
        "import time:      2000 |       2500 |   pydantic.main\n"
        "import time:       500 |       3000 | pydantic\n"
        "import time:      1500 |       1500 | eulerdoc.config\n"
    )
    summary = bench.parse_importtime(text)
    assert summary["modules"] == 4
    assert summary["total_ms"] == pytest.approx(4.1)
    assert summary["packages_ms"]["pydantic"] == pytest.approx(2.5)
    assert next(iter(summary["slowest_modules_ms"])) == "pydantic.main"


def test_same_apart_from_paths(bench: ModuleType, tmp_path: Path) -> None:
    source_dir = tmp_path / "docs" / "zh" / "news"
    target_dir = tmp_path / "docs" / "en" / "news"
    source = "正文\n![图](./media/a.png)\n".encode()
    rebuilt = "正文\n![图](../../zh/news/media/a.png)\n".encode()
    elsewhere = "正文\n![图](../../zh/blog/media/a.png)\n".encode()
    assert bench._same_apart_from_paths(source, source_dir, rebuilt, target_dir)
    assert not bench._same_apart_from_paths(source, source_dir, elsewhere, target_dir)
    assert not bench._same_apart_from_paths(source, source_dir, b"other\n", target_dir)


def test_markdown_report(bench: ModuleType) -> None:
    ok = bench.StageResult("lint", "eulerdoc", 10, 2.0, 5.0, 30.0, True, cpu_seconds=3.0)
    failed = bench.StageResult("build", "eulerdoc", 10, error="exit 2\nusage: eulerdoc build")
    report = bench.Report(
        {
            "corpus": "c",
            "articles": 10,
            "source_articles": 5,
            "jobs": 2,
            "eulerdoc": "0",
            "python": "3",
            "cpus": 2,
            "platform": "p",
        },
        [ok, failed],
        None,
        notes=["po4a not found"],
    )
    text = bench.markdown(report)
    assert "| eulerdoc | lint | 10 | 2.00 | 5.0 | 3.00 | 30.0 | ok |" in text
    assert "| eulerdoc | build | 10 | – | – | – | – | error |" in text
    assert "usage: eulerdoc build" in text
    assert "- po4a not found" in text
    json.dumps(report.as_json())


@requires_corpus
def test_bench_runs_on_twenty_articles(tmp_path: Path) -> None:
    result = subprocess.run(
        [
            sys.executable,
            str(SCRIPT),
            "--articles",
            "20",
            "--repeat",
            "1",
            "--compare-articles",
            "1",
            "--rounds",
            "2",
            "--workdir",
            str(tmp_path),
            "--json",
        ],
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=600,
    )
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout)
    stages = {stage["stage"]: stage for stage in report["stages"]}
    assert list(stages) == ["lint", "extract", "update", "build"]
    for name in ("lint", "extract", "update"):
        assert stages[name]["ok"], stages[name]["error"]
    assert stages["build"]["ok"] or stages["build"]["error"]
    assert all(stage["articles"] == 20 for stage in stages.values())
    assert report["single_article"]["imports"]["modules"] > 0
    assert report["environment"]["rounds"] == 2
    assert all(stage["rounds"] == 2 for stage in stages.values())
    tools = {row["tool"] for row in report["comparisons"]}
    assert any(tool.startswith("eulerdoc (per article)") for tool in tools)
    for row in report["comparisons"]:  # the other tools: one and two at a time
        if not row["tool"].startswith("eulerdoc") and row["ok"]:
            assert row["ratios"]["eulerdoc batch"] > 0
    assert list(tmp_path.iterdir()) == []  # the temporary site is removed
