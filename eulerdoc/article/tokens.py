"""markdown-it-py, configured as the site renders: CommonMark, raw HTML, GFM tables."""

from __future__ import annotations

from functools import lru_cache
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from markdown_it import MarkdownIt
    from markdown_it.token import Token


@lru_cache(maxsize=1)
def parser() -> MarkdownIt:
    from markdown_it import MarkdownIt

    md = MarkdownIt("commonmark", {"html": True, "maxNesting": 64})
    md.enable(["table", "strikethrough"])
    return md


def parse(text: str, env: dict[str, Any] | None = None) -> list[Token]:
    return parser().parse(text, env if env is not None else {})


def parse_inline(text: str, env: dict[str, Any] | None = None) -> list[Token]:
    """Inline tokens of one line of text (children of the single inline token)."""
    tokens = parser().parseInline(text, env if env is not None else {})
    return list(tokens[0].children or []) if tokens else []


def render(text: str) -> str:
    return str(parser().render(text))
