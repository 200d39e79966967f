"""The parsed article: decoded text, front matter, markdown-it tokens, segments.

Every stage (lint, extract, build) reads the same :class:`Article`; it is parsed
once. Offsets are character offsets into :attr:`Article.text` (the decoded text,
BOM removed, newlines untouched); lines and columns are 0-based internally and
1-based in anything shown to a person.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any

from eulerdoc.article.decode import BOM, NEWLINE_RE

if TYPE_CHECKING:
    from markdown_it.token import Token

    from eulerdoc.article.images import ImageRef
    from eulerdoc.article.segments import Segment
    from eulerdoc.yamlio import KeySpan, YamlProblem


@dataclass(slots=True)
class FrontMatter:
    """The YAML block between the ``---`` lines."""

    start: int  # offset of the opening ``---``
    yaml_start: int  # offset where the YAML text begins
    yaml_end: int
    body_start: int  # offset where the Markdown body begins
    data: Any = None  # ruamel round-trip mapping, None when it could not be loaded
    keys: dict[str, KeySpan] = field(default_factory=dict)  # offsets relative to yaml_start
    problem: YamlProblem | None = None


@dataclass(eq=False)
class Article:
    path: Path
    text: str
    bom: bool = False
    newline: str = "\n"
    front_matter: FrontMatter | None = None
    front_matter_error: str | None = None  # e.g. an unterminated block
    body_start: int = 0
    tokens: list[Token] = field(default_factory=list)
    env: dict[str, Any] = field(default_factory=dict)

    @cached_property
    def line_starts(self) -> list[int]:
        starts = [0]
        starts.extend(m.end() for m in NEWLINE_RE.finditer(self.text))
        return starts

    @property
    def display_path(self) -> str:
        return str(self.path)

    def line_count(self) -> int:
        return len(self.line_starts)

    def line_of(self, offset: int) -> int:
        """0-based line containing ``offset``."""
        return bisect.bisect_right(self.line_starts, offset) - 1

    def position(self, offset: int) -> tuple[int, int]:
        """1-based (line, column) of an offset, columns counted in characters."""
        line = self.line_of(offset)
        return line + 1, offset - self.line_starts[line] + 1

    def line_span(self, line: int) -> tuple[int, int]:
        """Offsets of a 0-based line's text, line break excluded."""
        start = self.line_starts[line]
        if line + 1 < len(self.line_starts):
            end = self.line_starts[line + 1]
            while end > start and self.text[end - 1] in "\r\n":
                end -= 1
        else:
            end = len(self.text)
        return start, end

    def line_text(self, line: int) -> str:
        start, end = self.line_span(line)
        return self.text[start:end]

    @cached_property
    def body_line(self) -> int:
        return self.line_of(self.body_start)

    @cached_property
    def segments(self) -> list[Segment]:
        from eulerdoc.article.segments import segment_article

        return segment_article(self)

    @cached_property
    def images(self) -> list[ImageRef]:
        from eulerdoc.article.images import find_images

        return find_images(self)

    def encode(self, text: str | None = None) -> bytes:
        """Bytes of ``text`` (default: this article's text) with the BOM restored."""
        body = self.text if text is None else text
        return ((BOM if self.bom else "") + body).encode("utf-8")
