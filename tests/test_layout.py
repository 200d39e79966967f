"""Where catalogues live (DESIGN §4 catalogue layout): locale/<lang>/<relpath>.po and
locale/templates/<relpath>.pot, relpath taken below the source-language folder."""

from __future__ import annotations

from pathlib import Path, PurePosixPath

import pytest

from eulerdoc.config import Config, load_config
from eulerdoc.errors import ConfigError
from eulerdoc.l10n.layout import (
    article_key,
    catalogue_path,
    configured_articles,
    expand_articles,
    reference_path,
    target_article_path,
    template_path,
)
from tests.test_extract import make_site


@pytest.fixture
def site(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    root = make_site(tmp_path / "site")
    monkeypatch.chdir(root)
    return root


def test_paths_of_an_article(site: Path) -> None:
    config = load_config()
    article = site / "docs" / "zh" / "news" / "2024" / "a.md"
    assert article_key(article, config) == PurePosixPath("news/2024/a.md")
    assert (
        catalogue_path(article, config, "en") == site / "locale" / "en" / "news" / "2024" / "a.po"
    )
    assert (
        template_path(article, config) == site / "locale" / "templates" / "news" / "2024" / "a.pot"
    )
    assert reference_path(article, config) == "docs/zh/news/2024/a.md"
    assert (
        target_article_path(article, config, "en")
        == site / "docs" / "en" / "news" / "2024" / "a.md"
    )
    relative = Path("docs/zh/news/2024/a.md")
    assert target_article_path(relative, config, "en") == Path("docs/en/news/2024/a.md")
    assert (
        catalogue_path(relative, config, "en") == site / "locale" / "en" / "news" / "2024" / "a.po"
    )


def test_paths_follow_the_configuration(site: Path) -> None:
    (site / "pyproject.toml").write_text(
        '[tool.eulerdoc]\ncontent = ["docs/zh"]\nlocale-dir = "i18n/po"\nsource-lang = "zh"\n',
        encoding="utf-8",
    )
    config = load_config()
    article = site / "docs" / "zh" / "blog" / "author" / "b.md"
    assert (
        catalogue_path(article, config, "ja")
        == site / "i18n" / "po" / "ja" / "blog" / "author" / "b.po"
    )
    assert (
        template_path(article, config)
        == site / "i18n" / "po" / "templates" / "blog" / "author" / "b.pot"
    )


def test_configuration_root_not_the_current_directory(
    site: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(site / "docs" / "zh" / "news")
    config = load_config()
    article = Path("2024/a.md")
    assert (
        template_path(article, config) == site / "locale" / "templates" / "news" / "2024" / "a.pot"
    )
    assert reference_path(article, config) == "docs/zh/news/2024/a.md"


def test_article_outside_a_language_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    config = Config()
    article = tmp_path / "notes" / "draft.md"
    assert article_key(article, config) == PurePosixPath("draft.md")
    assert catalogue_path(article, config, "en") == tmp_path / "locale" / "en" / "draft.po"
    assert template_path(article, config) == tmp_path / "locale" / "templates" / "draft.pot"
    assert target_article_path(article, config, "en") == tmp_path / "notes" / "draft.en.md"
    assert reference_path(article, config) == "notes/draft.md"


def test_only_the_nearest_language_folder_counts(tmp_path: Path) -> None:
    config = Config(root=str(tmp_path))
    article = tmp_path / "zh" / "docs" / "zh" / "news" / "a.md"
    assert article_key(article, config) == PurePosixPath("news/a.md")
    # a folder named zh above the configuration root does not count
    inner = Config(root=str(tmp_path / "zh" / "docs"))
    assert article_key(tmp_path / "zh" / "docs" / "b.md", inner) == PurePosixPath("b.md")


def test_configured_articles_skip_hidden_folders(site: Path) -> None:
    articles = configured_articles(load_config())
    # relative to the current directory (the site), as messages show them
    names = [p.as_posix() for p in articles]
    assert names == ["docs/zh/blog/author/b.md", "docs/zh/news/2024/a.md"]


def test_missing_content_folder_is_a_configuration_error(site: Path) -> None:
    (site / "pyproject.toml").write_text(
        '[tool.eulerdoc]\ncontent = ["nowhere"]\n', encoding="utf-8"
    )
    with pytest.raises(ConfigError, match="nowhere"):
        configured_articles(load_config())


def test_expand_articles(site: Path) -> None:
    found = expand_articles(["docs/zh/news", "docs/zh/news/2024/a.md", "docs/zh/blog/author/b.md"])
    assert [p.as_posix() for p in found] == ["docs/zh/news/2024/a.md", "docs/zh/blog/author/b.md"]
