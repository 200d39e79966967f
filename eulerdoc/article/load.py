"""Read an article from disk (or bytes) into an :class:`Article`."""

from __future__ import annotations

import stat
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from eulerdoc.article.decode import MAX_BYTES, Decoded, DecodeProblem, decode, too_large
from eulerdoc.article.model import Article, FrontMatter
from eulerdoc.errors import InputError
from eulerdoc.i18n import _

if TYPE_CHECKING:
    from eulerdoc.config import Config


class ArticleLoadError(InputError):
    """The file is not a readable UTF-8 text article."""

    def __init__(self, message: str, path: str, code: str, line: int = 0, column: int = 0) -> None:
        super().__init__(message, path, line + 1)
        self.code = code
        self.column = column + 1


def _split_front_matter(text: str) -> tuple[FrontMatter | None, str | None]:
    from frontmatter.default_handlers import YAMLHandler

    handler = YAMLHandler()
    if not handler.detect(text):
        return None, None
    try:
        yaml_text, content = handler.split(text)
    except ValueError:
        return None, _("the front matter is not closed by a '---' line")
    # The text is: opening boundary + YAML + closing boundary + body.
    opening = handler.FM_BOUNDARY.match(text) if handler.FM_BOUNDARY else None
    yaml_start = opening.end() if opening else 0
    yaml_end = yaml_start + len(yaml_text)
    body_start = len(text) - len(content)
    return FrontMatter(0, yaml_start, yaml_end, body_start), None


MAX_BRACKETS = 10_000
"""'[' characters an article may have: markdown-it tries each as a link (IN005)."""


def _check_complexity(text: str, start: int, path: Path) -> None:
    """Refuse, before parsing, a body markdown-it would take minutes over."""
    if text.count("[", start) <= MAX_BRACKETS:
        return
    at = start
    for _index in range(MAX_BRACKETS + 1):
        at = text.index("[", at) + 1
    line = text.count("\n", 0, at - 1)
    column = at - 1 - (text.rfind("\n", 0, at - 1) + 1)
    raise ArticleLoadError(
        _("the article has more than {limit} '[' characters; it is not parsed").format(
            limit=f"{MAX_BRACKETS:,}"
        ),
        str(path),
        "IN005",
        line,
        column,
    )


def parse_text(text: str, path: Path, *, bom: bool = False, newline: str = "\n") -> Article:
    from eulerdoc import yamlio
    from eulerdoc.article.tokens import parse

    article = Article(path=path, text=text, bom=bom, newline=newline)
    fm, error = _split_front_matter(text)
    article.front_matter_error = error
    if fm is not None:
        loaded = yamlio.load(text[fm.yaml_start : fm.yaml_end])
        if isinstance(loaded, yamlio.YamlProblem):
            fm.problem = loaded
        else:
            fm.data = loaded.data
            fm.keys = loaded.keys
        article.front_matter = fm
        article.body_start = fm.body_start
    _check_complexity(text, article.body_start, path)
    env: dict[str, Any] = {}
    tokens = parse(text[article.body_start :], env)
    offset = article.body_line
    if offset:
        for token in tokens:
            if token.map is not None:
                token.map = [token.map[0] + offset, token.map[1] + offset]
    article.tokens = tokens
    article.env = env
    return article


def load_bytes(data: bytes, path: Path | str) -> Article:
    path = Path(path)
    result = decode(data)
    if isinstance(result, DecodeProblem):
        raise ArticleLoadError(result.message, str(path), result.code, result.line, result.column)
    assert isinstance(result, Decoded)
    return parse_text(result.text, path, bom=result.bom, newline=result.newline)


def _read(path: Path) -> bytes:
    """The file's bytes; refuses what is not a regular file or is too large to be an article.

    Special files (a FIFO, ``/dev/zero``) are refused before they are opened, so that a
    stray path can neither block nor exhaust memory; at most ``MAX_BYTES + 1`` bytes are read.
    """
    try:
        info = path.stat()
    except ValueError:  # a NUL character in the path
        raise ArticleLoadError(
            _("cannot read file: invalid file name"), str(path), "IN001"
        ) from None
    except OSError as exc:
        raise ArticleLoadError(
            _("cannot read file: {reason}").format(reason=exc.strerror or exc), str(path), "IN001"
        ) from None
    if stat.S_ISDIR(info.st_mode):
        raise ArticleLoadError(_("is a directory"), str(path), "IN001")
    if not stat.S_ISREG(info.st_mode):
        raise ArticleLoadError(_("not a regular file"), str(path), "IN001")
    if info.st_size > MAX_BYTES:
        problem = too_large(info.st_size)
        raise ArticleLoadError(problem.message, str(path), problem.code)
    try:
        with path.open("rb") as handle:
            return handle.read(MAX_BYTES + 1)
    except OSError as exc:
        raise ArticleLoadError(
            _("cannot read file: {reason}").format(reason=exc.strerror or exc), str(path), "IN001"
        ) from None


def load_article(path: Path | str) -> Article:
    """Read and parse one article. Raises :class:`ArticleLoadError` for unreadable input."""
    path = Path(path)
    return load_bytes(_read(path), path)


def load_site_article(
    path: Path | str, config: Config | None, roots: Sequence[str] = ()
) -> Article:
    """:func:`load_article` for a path that may come from a contributor (a folder walk,
    a commit's file list): refuses, without opening it, a file written inside the site
    (or ``roots``) that a symbolic link takes outside it (``news/a.md -> /etc/passwd``).
    """
    from eulerdoc.site import leaves_roots, leaves_roots_message, trusted_roots

    path = Path(path)
    if leaves_roots(path, [*trusted_roots(config, path), *roots]):
        raise ArticleLoadError(leaves_roots_message(), str(path), "IN001")
    return load_article(path)
