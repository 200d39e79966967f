"""Front-matter rules FM001-FM020: positions, messages, safety, kinds and the corpus."""

from __future__ import annotations

import datetime
import subprocess
import sys
from pathlib import Path

import pytest

from eulerdoc.article import parse_text
from eulerdoc.config import Config
from eulerdoc.diagnostic import Diagnostic, Severity
from eulerdoc.rules.context import LintContext
from eulerdoc.rules.frontmatter import check_front_matter
from eulerdoc.schema.models import kind_for
from eulerdoc.site import Site
from tests.conftest import CORPUS, REPO, corpus_articles, requires_corpus

NEWS = """\
title: '社区动态'
date: '2024-03-18'
category: news
tags:
  - openEuler
banner: 'img/banners/a.png'
author: 'openEuler'
summary: '摘要。'
"""

BLOG = """\
title: iSula 性能测试
date: 2020-09-09
tags:
    - iSulad
archives: 2020-09
author: 张三
summary: 如何测试容器引擎的性能。
"""


def lint(text: str, path: str = "site/news/a.md", config: Config | None = None) -> list[Diagnostic]:
    article = parse_text(text, Path(path))
    context = LintContext(article, config or Config(), Site(root=Path("site").resolve()))
    return sorted(check_front_matter(context), key=Diagnostic.sort_key)


def article(yaml: str, body: str = "\n正文。\n") -> str:
    return "---\n" + yaml + "---\n" + body


def found(diagnostics: list[Diagnostic]) -> list[tuple[str, int, int]]:
    return [(d.code, d.line, d.column) for d in diagnostics]


def replace(yaml: str, old: str, new: str) -> str:
    assert old in yaml
    return yaml.replace(old, new)


# --- valid front matter -------------------------------------------------------------


def test_valid_news_and_blog_are_clean() -> None:
    assert lint(article(NEWS)) == []
    assert lint(article(BLOG), "site/blog/zhangsan/a.md") == []


def test_quoted_and_unquoted_dates_are_both_dates() -> None:
    assert lint(article(replace(NEWS, "date: '2024-03-18'", "date: 2024-03-18"))) == []
    assert lint(article(replace(NEWS, "date: '2024-03-18'", 'date: "2024-03-18"'))) == []
    assert (
        lint(article(replace(BLOG, "date: 2020-09-09", "date: '2020-09-09'")), "x/blog/a.md") == []
    )


def test_leap_day_is_a_date() -> None:
    assert lint(article(replace(NEWS, "'2024-03-18'", "'2024-02-29'"))) == []


def test_archives_accepts_month_and_full_date() -> None:
    assert (
        lint(article(replace(BLOG, "archives: 2020-09", "archives: 2020-06-24")), "b/blog/x.md")
        == []
    )
    assert lint(article(replace(BLOG, "archives: 2020-09\n", "")), "b/blog/x.md") == []


# --- FM001 / FM002 / FM003 ----------------------------------------------------------


def test_no_front_matter() -> None:
    diagnostics = lint("# 标题\n\n正文。\n")
    assert found(diagnostics) == [("FM001", 1, 1)]
    assert "---" in diagnostics[0].message


def test_unclosed_front_matter() -> None:
    diagnostics = lint("---\ntitle: '标题'\n\n正文。\n")
    assert found(diagnostics) == [("FM001", 1, 1)]
    assert "not closed" in diagnostics[0].message


def test_yaml_syntax_error_line_and_column_in_the_whole_file() -> None:
    yaml = replace(NEWS, "author: 'openEuler'", "author: openEuler: 社区")
    diagnostics = lint(article(yaml))
    # "author:" is on line 8 of the file; the second ':' is its 18th character.
    assert found(diagnostics) == [("FM002", 8, 18)]
    assert "mapping values are not allowed" in diagnostics[0].message
    assert "quotes" in diagnostics[0].message


def test_yaml_syntax_error_with_crlf_newlines() -> None:
    text = article(replace(NEWS, "author: 'openEuler'", "author: openEuler: 社区")).replace(
        "\n", "\r\n"
    )
    assert found(lint(text)) == [("FM002", 8, 18)]


def test_yaml_syntax_error_unclosed_flow_list() -> None:
    yaml = replace(NEWS, "tags:\n  - openEuler\n", "tags: [openEuler, 社区\n")
    diagnostics = lint(article(yaml))
    assert [d.code for d in diagnostics] == ["FM002"]
    assert diagnostics[0].line >= 5


def test_duplicate_key_is_a_syntax_error() -> None:
    diagnostics = lint(article(NEWS + "title: '又一个标题'\n"))
    assert found(diagnostics) == [("FM002", 10, 1)]
    assert "keep each key once" in diagnostics[0].message


@pytest.mark.parametrize("value", ["-_", "+__", "0x_", "0b_", "0o_"])
def test_a_malformed_number_is_a_syntax_error_at_its_value(value: str) -> None:
    # YAML resolves these as integers; ruamel.yaml cannot build them (an IndexError).
    diagnostics = lint(article(replace(NEWS, "- openEuler", "- " + value)))
    assert found(diagnostics) == [("FM002", 6, 5)]
    assert f"'{value}' reads as a number but is not one" in diagnostics[0].message
    assert diagnostics[0].message.endswith("put the value in quotes")


def test_a_malformed_number_in_a_flow_list_is_still_a_finding() -> None:
    diagnostics = lint(article(replace(NEWS, "category: news", "category: [-_, a]")))
    assert [d.code for d in diagnostics] == ["FM002"]


def test_tab_indentation_hint() -> None:
    yaml = replace(NEWS, "  - openEuler", "\t- openEuler")
    diagnostics = lint(article(yaml))
    assert [d.code for d in diagnostics] == ["FM002"]
    assert "tabs" in diagnostics[0].message


def test_python_tag_is_refused_and_nothing_runs(tmp_path: Path) -> None:
    marker = tmp_path / "executed"
    for tag in (
        f"!!python/object/apply:os.system ['touch {marker}']",
        f"!!python/object/new:subprocess.Popen [['touch', '{marker}']]",
        "!!python/name:os.system",
    ):
        yaml = replace(NEWS, "title: '社区动态'", f"title: {tag}")
        text = article(yaml)
        diagnostics = lint(text)
        assert found(diagnostics) == [("FM003", 2, 8)], tag
        assert "!!python/" in diagnostics[0].message
        assert parse_text(text, Path("a.md")).front_matter.data is None  # type: ignore[union-attr]
    assert not marker.exists()


def test_alias_bomb_is_refused_quickly() -> None:
    lines = ['a0: &a0 ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for i in range(1, 10):
        refs = ",".join([f"*a{i - 1}"] * 9)
        lines.append(f"a{i}: &a{i} [{refs}]")
    diagnostics = lint(article("\n".join(lines) + "\n"))
    assert found(diagnostics) == [("FM003", 2, 5)]
    assert "anchors and aliases" in diagnostics[0].message


def test_deep_nesting_is_refused_without_recursion_error() -> None:
    depth = 5000
    diagnostics = lint(article("title: " + "[" * depth + "]" * depth + "\n"))
    assert [d.code for d in diagnostics] == ["FM003"]
    assert diagnostics[0].line == 2
    assert "deeper than" in diagnostics[0].message


def test_schema_is_not_checked_when_yaml_fails() -> None:
    # Missing keys would be FM010, but the block does not load: only FM002.
    assert [d.code for d in lint(article("title: [\n"))] == ["FM002"]


# --- FM010-FM015 --------------------------------------------------------------------


def test_missing_fields_point_at_the_opening_line() -> None:
    yaml = replace(replace(NEWS, "banner: 'img/banners/a.png'\n", ""), "author: 'openEuler'\n", "")
    diagnostics = lint("\n" * 0 + article(yaml))
    assert found(diagnostics) == [("FM010", 1, 1), ("FM010", 1, 1)]
    assert {d.message for d in diagnostics} == {
        "required field 'banner' is missing",
        "required field 'author' is missing",
    }


def test_empty_block_reports_every_required_field() -> None:
    diagnostics = lint("---\n---\n正文\n")
    assert {d.code for d in diagnostics} == {"FM010"}
    assert len(diagnostics) == 7


def test_empty_values() -> None:
    yaml = replace(
        replace(NEWS, "summary: '摘要。'", "summary: '   '"), "author: 'openEuler'", "author:"
    )
    diagnostics = lint(article(yaml))
    # An empty value is shown at its key, a blank quoted one at the quote.
    assert found(diagnostics) == [("FM011", 8, 1), ("FM011", 9, 10)]
    assert diagnostics[0].message == "'author' is empty; write a value after 'author:'"


@pytest.mark.parametrize(
    ("old", "new", "position", "words"),
    [
        (
            "title: '社区动态'",
            "title: 2024",
            (2, 8),
            ["'title' must be text", "a number", "'2024'"],
        ),
        ("title: '社区动态'", "title: [社区, 动态]", (2, 8), ["'title' must be text", "a list"]),
        ("title: '社区动态'", "title:\n  zh: 社区", (3, 3), ["a mapping"]),
        ("author: 'openEuler'", "author: true", (8, 9), ["true/false"]),
        ("tags:\n  - openEuler", "tags: openEuler", (5, 7), ["must be a list", "- openEuler"]),
        ("  - openEuler", "  - openEuler\n  - 2024", (7, 5), ["tag 2", "'2024'"]),
        # the item as written, quoted as YAML quotes it (not as Python shows a list)
        ("  - openEuler", "  - openEuler\n  - [社区]", (7, 5), ["tag 2", "- '[社区]'"]),
        ("  - openEuler", "  - openEuler\n  - it's: x", (7, 5), ["a mapping", "- 'it''s: x'"]),
        ("date: '2024-03-18'", "date: [2024]", (3, 7), ["a date like 2024-03-18"]),
    ],
)
def test_wrong_types(old: str, new: str, position: tuple[int, int], words: list[str]) -> None:
    diagnostics = lint(article(replace(NEWS, old, new)))
    assert found(diagnostics) == [("FM012", *position)]
    for word in words:
        assert word in diagnostics[0].message


@pytest.mark.parametrize(
    ("value", "position", "words"),
    [
        ("'2024--3-18'", (3, 7), ["'2024--3-18'", "use YYYY-MM-DD"]),
        ("'2025-13-45'", (3, 7), ["'2025-13-45'", "month must be 1-12"]),
        ("2025-13-45", (3, 7), ["'2025-13-45'", "month must be 1-12"]),
        ("'2024-02-30'", (3, 7), ["day must be 1-29"]),
        ("2023-02-29", (3, 7), ["day must be 1-28"]),
        ("'2024-3-8'", (3, 7), ["two digits", "'2024-03-08'"]),
        ("2024-3-8", (3, 7), ["two digits", "'2024-03-08'"]),
        ("2024-03-18 10:30:00", (3, 7), ["remove the time", "'2024-03-18'"]),
        ("20240318", (3, 7), ["use YYYY-MM-DD"]),
        ("'2024年3月18日'", (3, 7), ["use YYYY-MM-DD"]),
    ],
)
def test_invalid_dates(value: str, position: tuple[int, int], words: list[str]) -> None:
    diagnostics = lint(article(replace(NEWS, "'2024-03-18'", value)))
    assert found(diagnostics) == [("FM013", *position)]
    assert diagnostics[0].message.startswith("invalid date ")
    for word in words:
        assert word in diagnostics[0].message


@pytest.mark.parametrize("value", ["2025-13-45", "2023-02-29", "2024-03-18 10:30:00"])
def test_invalid_dates_with_crlf_newlines(value: str) -> None:
    text = article(replace(NEWS, "'2024-03-18'", value)).replace("\n", "\r\n")
    diagnostics = lint(text)
    assert [d.code for d in diagnostics] == ["FM013"]
    assert (diagnostics[0].line, diagnostics[0].column) == (3, 7)


def test_a_value_that_cannot_be_built_is_reported_at_the_block_start() -> None:
    yaml = replace(NEWS, "tags:\n  - openEuler\n", "tags: [" + "9" * 5000 + "]\n")
    for text in (article(yaml), article(yaml).replace("\n", "\r\n")):
        assert found(lint(text)) == [("FM002", 1, 1)]


def test_invalid_date_message_wording() -> None:
    diagnostics = lint(article(replace(NEWS, "'2024-03-18'", "'2025-13-45'")))
    assert diagnostics[0].message == (
        "invalid date '2025-13-45' in 'date': month must be 1-12; use YYYY-MM-DD"
    )


def test_invalid_archives_month() -> None:
    diagnostics = lint(
        article(replace(BLOG, "archives: 2020-09", "archives: 2020-9")), "b/blog/x.md"
    )
    assert found(diagnostics) == [("FM013", 6, 11)]
    assert "use YYYY-MM" in diagnostics[0].message


def test_category_not_allowed() -> None:
    diagnostics = lint(article(replace(NEWS, "category: news", "category: 新闻")), "site/a.md")
    assert found(diagnostics) == [("FM014", 4, 11)]
    assert "news, blog, event, showcase" in diagnostics[0].message


def test_category_near_miss_suggests() -> None:
    diagnostics = lint(article(replace(NEWS, "category: news", "category: Newss")), "site/a.md")
    assert "did you mean 'news'?" in diagnostics[0].message


def test_news_folder_requires_news_category() -> None:
    diagnostics = lint(article(replace(NEWS, "category: news", "category: event")))
    assert found(diagnostics) == [("FM014", 4, 11)]
    assert "category: news" in diagnostics[0].message
    # Outside a news folder an allowed category is fine.
    assert lint(article(replace(NEWS, "category: news", "category: event")), "site/a.md") == []


def test_configured_categories() -> None:
    config = Config(categories=["news", "活动"])
    text = article(replace(NEWS, "category: news", "category: 活动"))
    assert lint(text, "site/a.md", config) == []
    assert [d.code for d in lint(text, "site/a.md")] == ["FM014"]


@pytest.mark.parametrize("tags", ["tags: []", "tags:", "tags: [  ]"])
def test_empty_tags(tags: str) -> None:
    diagnostics = lint(article(replace(NEWS, "tags:\n  - openEuler", tags)))
    assert [d.code for d in diagnostics] == ["FM015"]
    assert diagnostics[0].line == 5


def test_empty_tag_entry_points_at_the_entry() -> None:
    yaml = replace(NEWS, "  - openEuler", "  - openEuler\n  - ''\n  -\n  - 社区")
    diagnostics = lint(article(yaml))
    assert found(diagnostics) == [("FM015", 7, 5), ("FM015", 8, 3)]
    assert "tag 2 in 'tags' is empty" in diagnostics[0].message


# --- FM020 ---------------------------------------------------------------------------


def test_unknown_key_is_a_warning_with_did_you_mean() -> None:
    diagnostics = lint(article(NEWS + "sumary: '多余'\nlayout: post\n"))
    assert found(diagnostics) == [("FM020", 10, 1), ("FM020", 11, 1)]
    assert all(d.severity is Severity.WARNING for d in diagnostics)
    assert diagnostics[0].message == "unknown front-matter key 'sumary'; did you mean 'summary'?"
    assert "did you mean" not in diagnostics[1].message


def test_misspelt_required_key_gives_missing_and_unknown() -> None:
    yaml = replace(BLOG, "tags:", "tages:")
    diagnostics = lint(article(yaml), "docs/zh/blog/someone/a.md")
    assert found(diagnostics) == [("FM010", 1, 1), ("FM020", 4, 1)]
    assert "'tages'" in diagnostics[0].message
    assert "did you mean 'tags'?" in diagnostics[1].message


def test_front_matter_that_is_not_a_mapping() -> None:
    diagnostics = lint(article("- 标题\n- 日期\n"))
    assert found(diagnostics) == [("FM012", 2, 1)]


def test_keys_after_leading_blank_lines_and_bom() -> None:
    text = "\ufeff" + article("\n" + replace(NEWS, "title: '社区动态'", "title: 42"))
    parsed = parse_text(text.lstrip("\ufeff"), Path("news/a.md"), bom=True)
    context = LintContext(parsed, Config(), Site(root=Path(".").resolve()))
    assert [(d.code, d.line, d.column) for d in check_front_matter(context)] == [("FM012", 3, 8)]


# --- kinds ---------------------------------------------------------------------------


def test_kind_for() -> None:
    assert kind_for("docs/zh/news/2024/a.md", {"category": "blog"}) == "news"
    assert kind_for("docs/zh/blog/someone/a.md", {}) == "blog"
    assert kind_for("docs/blog/x/news/a.md", {}) == "news"  # the nearest folder wins
    assert kind_for("docs/a.md", {"category": "blog"}) == "blog"
    assert kind_for("docs/a.md", {"category": "event"}) == "news"
    assert kind_for("docs/a.md", None) == "news"
    assert kind_for("news.md", {}) == "news"
    assert kind_for("blog.md", {}) == "news"  # a file name is not a folder


def test_blog_does_not_need_banner_or_category() -> None:
    assert lint(article(BLOG), "site/blog/a.md") == []
    diagnostics = lint(article(BLOG), "site/news/a.md")
    assert {d.message for d in diagnostics if d.code == "FM010"} == {
        "required field 'category' is missing",
        "required field 'banner' is missing",
    }
    assert {d.code for d in diagnostics} == {"FM010", "FM020"}  # archives is not a news key


def test_blog_chosen_by_category() -> None:
    assert lint(article(BLOG + "category: blog\n"), "site/a.md") == []


def test_ruamel_date_types_are_accepted() -> None:
    from eulerdoc.schema.models import validate

    data = {
        "title": "t",
        "date": datetime.date(2020, 3, 4),
        "tags": ["a"],
        "author": "a",
        "summary": "s",
    }
    assert validate("blog", data) == []


# --- cheap import ---------------------------------------------------------------------


def test_rule_module_import_does_not_load_pydantic() -> None:
    code = (
        "import sys, eulerdoc.rules.frontmatter; "
        "print(sorted(m for m in ('pydantic', 'ruamel') if m in sys.modules))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=REPO, check=True
    )
    assert result.stdout.strip() == "[]"


# --- the corpus ---------------------------------------------------------------------


def _lint_file(path: Path) -> list[Diagnostic]:
    from eulerdoc.article import load_article

    context = LintContext(load_article(path), Config(), Site(root=CORPUS.resolve()))
    return list(check_front_matter(context))


@requires_corpus
def test_seed_articles_have_no_front_matter_findings() -> None:
    seeds = [p for p in corpus_articles() if "seeds" in p.parts]
    assert seeds
    for path in seeds:
        assert _lint_file(path) == [], path


# What the 2019-2020 site's articles get. The blog posts are valid blog front matter
# (unquoted dates, 'archives'); that site's news articles had no 'category' key, which
# the current site requires; one blog post misspells 'tags'.
WEBSITE_V2_EXPECTED = {
    "en/news/20200101.md": [("FM010", 1, 1)],
    "zh/news/2020010401.md": [("FM010", 1, 1)],
    "zh/news/20200607.md": [("FM010", 1, 1)],
    "zh/news/20200707-openeluer-live.md": [("FM010", 1, 1)],
    "zh/news/20200930.md": [("FM010", 1, 1)],
    "zh/news/2020hdc.md": [("FM010", 1, 1)],
    "zh/blog/traffic_millions/2020-03-27-qemu.md": [("FM010", 1, 1), ("FM020", 4, 1)],
}


@requires_corpus
def test_website_v2_articles() -> None:
    docs = CORPUS / "website-v2" / "web-ui" / "docs"
    articles = [p for p in corpus_articles() if docs in p.parents]
    assert len(articles) >= 40
    results: dict[str, list[tuple[str, int, int]]] = {}
    messages: list[str] = []
    for path in articles:
        diagnostics = sorted(_lint_file(path), key=Diagnostic.sort_key)
        if diagnostics:
            results[path.relative_to(docs).as_posix()] = found(diagnostics)
            messages.extend(d.message for d in diagnostics)
    assert results == WEBSITE_V2_EXPECTED
    assert "required field 'category' is missing" in messages
    assert "required field 'tags' is missing; is 'tages' a misspelling of it?" in messages
    assert "unknown front-matter key 'tages'; did you mean 'tags'?" in messages
