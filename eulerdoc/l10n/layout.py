"""Where catalogues and translated articles live (DESIGN §4, configurable).

An article under a folder named after the source language (``zh`` by default) is
identified by its path relative to that folder::

    docs/zh/news/2020/a.md
      template     <locale root>/templates/news/2020/a.pot
      catalogue    <locale root>/<lang>/news/2020/a.po
      translation  docs/<lang>/news/2020/a.md

The locale root is ``<config root or current directory>/<config.locale_dir>``. An
article outside any source-language folder is identified by its path relative to the
configuration's root, or by its file name when there is no configuration file.
"""

from __future__ import annotations

import os
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from eulerdoc.config import Config

SKIPPED_FOLDERS = frozenset({"node_modules", "__pycache__"})


def _base(config: Config) -> Path:
    return Path(config.root) if config.root else Path.cwd()


def _absolute(path: Path) -> Path:
    return Path(os.path.abspath(path))


def _within(path: Path, folder: Path) -> Path | None:
    try:
        return path.relative_to(folder)
    except ValueError:
        return None


def _inside(path: str, folder: str) -> bool:
    """``path`` is ``folder`` or below it (both absolute and normalised)."""
    return path == folder or path.startswith(folder.rstrip(os.sep) + os.sep)


def only_content(paths: list[Path], config: Config) -> list[Path]:
    """The ``paths`` inside the configured content folders (all of them when no
    content is configured). A pre-commit hook passes every file of a commit that
    matches its type: the README and built translations are not articles."""
    if not config.content:
        return paths
    base = _base(config)
    folders = [os.path.normcase(os.path.abspath(base / entry)) for entry in config.content]
    return [
        path
        for path in paths
        if any(_inside(os.path.normcase(os.path.abspath(path)), folder) for folder in folders)
    ]


def language_root(article_path: Path, config: Config) -> tuple[Path, Path] | None:
    """(the nearest folder named ``config.source_lang`` containing the article, the
    article's path relative to it), or None when the article is in no such folder.

    Only folders inside the configuration root count when the article is inside it.
    """
    path = os.path.abspath(article_path)
    floor: str | None = None
    if config.root:
        root = os.path.abspath(config.root)
        if _inside(path, root):
            floor = root
    folder = os.path.dirname(path)
    while True:
        if floor is not None and (folder == floor or not _inside(folder, floor)):
            break
        if os.path.basename(folder) == config.source_lang:
            return Path(folder), Path(path[len(folder.rstrip(os.sep)) + 1 :])
        parent = os.path.dirname(folder)
        if parent == folder:
            return None
        folder = parent
    return None


def article_key(article_path: Path, config: Config | None) -> PurePosixPath:
    """The article's identity in the catalogue tree (forward slashes, ``.md`` kept)."""
    path = Path(article_path)
    if config is not None:
        found = language_root(path, config)
        if found is not None:
            return PurePosixPath(found[1].as_posix())
        if config.root:
            relative = _within(_absolute(path), _absolute(Path(config.root)))
            if relative is not None:
                return PurePosixPath(relative.as_posix())
    return PurePosixPath(path.name)


def reference_path(article_path: Path, config: Config | None) -> str:
    """The path written in ``#:`` references, forward slashes: relative to the
    configuration root, else to the git work tree, else to the current directory
    (the path as given when the article is outside it)."""
    from eulerdoc.site import git_toplevel

    path = _absolute(Path(article_path))
    if config is not None and config.root:
        base: Path | None = _absolute(Path(config.root))
    else:
        base = git_toplevel(path.parent)
    for folder in (base, _absolute(Path.cwd())):
        relative = _within(path, folder) if folder is not None else None
        if relative is not None:
            return relative.as_posix()
    return Path(article_path).as_posix()


def _with_suffix(key: PurePosixPath, suffix: str) -> PurePosixPath:
    if key.suffix.lower() == ".md":
        return key.with_suffix(suffix)
    return key.with_name(key.name + suffix)


def locale_root(config: Config) -> Path:
    return _base(config) / config.locale_dir


def catalogue_path(article_path: Path, config: Config, lang: str) -> Path:
    """``<locale root>/<lang>/<article key with .md replaced by .po>``."""
    return locale_root(config) / lang / _with_suffix(article_key(article_path, config), ".po")


def template_path(article_path: Path, config: Config) -> Path:
    """``<locale root>/templates/<article key with .md replaced by .pot>``."""
    return (
        locale_root(config) / "templates" / _with_suffix(article_key(article_path, config), ".pot")
    )


def target_article_path(article_path: Path, config: Config, lang: str) -> Path:
    """The same path with the source-language folder replaced by ``lang``.

    For an article outside any source-language folder: ``<name>.<lang>.md`` beside it.
    """
    path = Path(article_path)
    found = language_root(path, config)
    if found is None:
        return path.with_name(f"{path.stem}.{lang}{path.suffix or '.md'}")
    folder, relative = found
    target = folder.with_name(lang) / relative
    if not path.is_absolute():
        cwd = _absolute(Path.cwd())
        inside = _within(target, cwd)
        if inside is not None:
            return inside
    return target


def markdown_files(folder: Path) -> list[Path]:
    """Every ``*.md`` under ``folder``, skipping hidden folders and ``node_modules``."""
    found: list[Path] = []
    for dirpath, dirnames, filenames in os.walk(folder):
        dirnames[:] = sorted(
            d for d in dirnames if not d.startswith(".") and d not in SKIPPED_FOLDERS
        )
        found.extend(Path(dirpath) / name for name in filenames if name.lower().endswith(".md"))
    return sorted(found)


def expand_articles(paths: list[str]) -> list[Path]:
    """Command-line ARTICLE arguments: files as given, folders recursed into."""
    out: list[Path] = []
    for name in paths:
        path = Path(name)
        out.extend(markdown_files(path) if path.is_dir() else [path])
    return list(dict.fromkeys(out))


def content_locations(config: Config) -> list[Path]:
    """The configured content folders (or files); one that does not exist is a
    configuration error."""
    from eulerdoc.errors import ConfigError
    from eulerdoc.i18n import _

    base = _base(config)
    locations = []
    for entry in config.content:
        location = base / entry
        if not location.exists():
            raise ConfigError(
                _("content folder {name!r} does not exist").format(name=entry), config.source
            )
        locations.append(location)
    return locations


def configured_articles(config: Config) -> list[Path]:
    """Every ``*.md`` under the configured content folders (or files), sorted.

    Hidden folders (``.vuepress`` …) and ``node_modules`` are skipped. A configured
    entry that does not exist is a configuration error. Paths inside the current
    directory are relative to it, so messages name them as a person would.
    """
    found: set[Path] = set()
    for location in content_locations(config):
        if location.is_dir():
            found.update(markdown_files(location))
        else:
            found.add(location)
    return sorted(Path(shown(path)) for path in found)


def shown(path: Path | str) -> str:
    """A path as shown to a person: relative to the current directory when inside it."""
    absolute = os.path.abspath(path)
    here = os.getcwd()
    if absolute == here:
        return "."
    if _inside(absolute, here):
        return absolute[len(here.rstrip(os.sep)) + 1 :].replace(os.sep, "/")
    return str(path)


def check_layout_output(path: Path, config: Config, article: Path) -> Path:
    """``path`` (a template, catalogue or translated article the layout chose) when it
    stays inside the site once symbolic links are followed; else :class:`InputError`.

    The site is the configuration's folder and the git work trees holding it and the
    article; for an article outside all of them (named on the command line), also the
    folder above its language folder (or its own folder). So neither ``locale-dir``, a
    ``..`` in a path nor a symbolic link planted in the tree (``locale/en -> /etc``)
    makes eulerdoc write elsewhere. An explicit ``-o``/``--po`` is not checked.
    """
    from eulerdoc.errors import InputError
    from eulerdoc.i18n import _
    from eulerdoc.site import inside_real, trusted_roots

    roots = trusted_roots(config, article)
    lexical = os.path.abspath(article)
    if not any(_within(Path(lexical), Path(root)) is not None for root in roots):
        found = language_root(Path(article), config)
        roots.append(str(found[0].parent) if found is not None else os.path.dirname(lexical))
    if not inside_real(path, roots):
        raise InputError(
            _(
                "refusing to write {path}: it is outside the site ({root}); check "
                "'locale-dir' in the configuration and symbolic links"
            ).format(path=shown(path), root=roots[0]),
            shown(article),
        )
    return path


def leaves_site(path: Path, config: Config | None) -> bool:
    """True when ``path`` lies in the site as written but a symbolic link takes it out."""
    from eulerdoc.site import leaves_roots, trusted_roots

    return leaves_roots(path, trusted_roots(config, path))


def check_site_input(path: Path, config: Config | None) -> Path:
    """``path`` (a catalogue to read), or :class:`InputError` when it lies in the site as
    written but a symbolic link takes it outside (``locale/en/a.po -> /etc/shadow``):
    such a file is never opened, so no part of it can show up in a message."""
    from eulerdoc.errors import InputError
    from eulerdoc.site import leaves_roots_message

    if leaves_site(path, config):
        raise InputError(leaves_roots_message(), shown(path))
    return path
