"""Cut an article into translation segments with exact source spans.

A :class:`Segment` says what a translator sees (``msgid``: the block's inline text
with soft breaks joined, inline Markdown, escapes and entities verbatim) and where it
stands in the file (``start``/``end``: the region a translation replaces). Everything
outside the regions is copied byte for byte by ``build``, which is what makes an
identity translation reproduce the article exactly.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from eulerdoc.article.text import continuation_prefix, has_letters, join_soft_breaks

if TYPE_CHECKING:
    from markdown_it.token import Token

    from eulerdoc.article.model import Article

HEADING = "heading"
PARAGRAPH = "paragraph"
LIST_ITEM = "list item"
BLOCK_QUOTE = "block quote"
TABLE_CELL = "table cell"
HTML = "html"
IMAGE_ALT = "image alt"
FRONT_MATTER = "front matter"

DEFAULT_FRONT_MATTER_KEYS = ("title", "summary")

_URL_ONLY = re.compile(r"^<?(?:https?|ftp|mailto):[^\s<>]*>?$|^www\.\S+$", re.IGNORECASE)
_MEANINGLESS_ALT = re.compile(
    r"^(?:(?:image|img|images|pic|picture|photo|figure|fig|screenshot|图片|图|截图)"
    r"[\s_\\\-]*\d*|[\s_\\\-]*\d*|[\w\-]+\.(?:png|jpe?g|gif|bmp|svg|webp))$",
    re.IGNORECASE,
)
_HTML_TOKEN = re.compile(
    r"<!--.*?-->|<![^>]*>|<\?.*?\?>|<(/?)([A-Za-z][\w:-]*)((?:[^>\"']|\"[^\"]*\"|'[^']*')*)>", re.S
)
_ALT_ATTR = re.compile(r"""\balt\s*=\s*(?:"([^"]*)"|'([^']*)')""", re.IGNORECASE)
_SKIP_TEXT_IN = {"script", "style", "pre", "code", "textarea"}
_ENTITY = re.compile(r"&(?:#\d+|#x[0-9a-fA-F]+|\w+);")


def is_meaningless_alt(alt: str) -> bool:
    """Alt text that says nothing: empty, ``image2``, ``IMG_256``, a file name."""
    return bool(_MEANINGLESS_ALT.match(alt.strip().replace("\\_", "_")))


@dataclass(frozen=True, slots=True)
class Segment:
    """One unit of translation."""

    kind: str
    msgid: str
    line: int  # 1-based line of the block's first line in the whole file
    start: int  # region replaced by a translation (offsets into Article.text)
    end: int
    context: str | None = None  # msgctxt: the front-matter key
    prefix: str = ""  # what a continuation line needs (indentation, "> ")
    underline: tuple[int, int, str] | None = None  # setext underline span and its character
    style: str | None = None  # YAML quoting style, front-matter segments only
    block: int = 0  # index of the block the segment belongs to


def _first_line_start(article: Article, line: int, first: str) -> int | None:
    """Offset where ``first`` (a block's first content line) starts on ``line``."""
    start, end = article.line_span(line)
    text = article.text[start:end]
    if first and text.endswith(first):
        return end - len(first)
    stripped, first_stripped = text.rstrip(" \t"), first.rstrip(" \t")
    if first_stripped and stripped.endswith(first_stripped):
        return start + len(stripped) - len(first_stripped)
    index = text.find(first_stripped) if first_stripped else -1
    return start + index if index >= 0 else None


def _line_content_end(article: Article, line: int) -> int:
    start, end = article.line_span(line)
    return start + len(article.text[start:end].rstrip(" \t"))


def _only_images(inline: Token) -> bool:
    children = inline.children or []
    seen = False
    for child in children:
        if child.type == "image":
            seen = True
        elif child.type in ("softbreak", "hardbreak"):
            continue
        elif child.type == "text" and not child.content.strip():
            continue
        else:
            return False
    return seen


_ALT_IN_SOURCE = re.compile(r"!\[((?:\\.|[^\]\\])*)\]")


class _Segmenter:
    def __init__(self, article: Article, front_matter_keys: tuple[str, ...]) -> None:
        self.article = article
        self.keys = front_matter_keys
        self.out: list[Segment] = []
        self.block = 0

    def add(self, kind: str, msgid: str, start: int, end: int, **extra: object) -> None:
        if not msgid.strip() or not has_letters(msgid) or _URL_ONLY.match(msgid.strip()):
            return
        line = self.article.line_of(start) + 1
        self.out.append(Segment(kind, msgid, line, start, end, block=self.block, **extra))  # type: ignore[arg-type]

    def front_matter(self) -> None:
        fm = self.article.front_matter
        if fm is None or fm.data is None or not hasattr(fm.data, "get"):
            return
        for key in self.keys:
            span = fm.keys.get(key)
            value = fm.data.get(key)
            if span is None or not isinstance(value, str) or span.style in ("map", "seq"):
                continue
            if span.style in ("|", ">"):
                continue  # block scalars stay untranslated rather than risk the layout
            self.block += 1
            start, end = fm.yaml_start + span.value_start, fm.yaml_start + span.value_end
            if not value.strip() or not has_letters(value):
                continue
            self.out.append(
                Segment(
                    FRONT_MATTER,
                    value,
                    self.article.line_of(start) + 1,
                    start,
                    end,
                    context=key,
                    style=span.style,
                    block=self.block,
                )
            )

    def run(self) -> list[Segment]:
        self.front_matter()
        tokens = self.article.tokens
        containers: list[str] = []
        row_cells: list[Token] = []
        for index, token in enumerate(tokens):
            kind = token.type
            if kind in ("blockquote_open", "list_item_open"):
                containers.append(kind)
            elif kind in ("blockquote_close", "list_item_close"):
                if containers:
                    containers.pop()
            elif kind == "inline":
                parent = tokens[index - 1] if index else None
                if parent is None or parent.map is None:
                    if parent is not None and parent.type in ("th_open", "td_open"):
                        row_cells.append(token)
                    continue
                self.block += 1
                if parent.type == "heading_open":
                    self.heading(parent, token)
                elif parent.type == "paragraph_open":
                    if containers and containers[-1] == "list_item_open":
                        block_kind = LIST_ITEM
                    elif containers:
                        block_kind = BLOCK_QUOTE
                    else:
                        block_kind = PARAGRAPH
                    self.paragraph(parent, token, block_kind)
            elif kind == "tr_open":
                row_cells = []
            elif kind == "tr_close":
                row = next(
                    (t for t in reversed(tokens[:index]) if t.type == "tr_open" and t.map), None
                )
                if row is not None and row.map is not None:
                    self.block += 1
                    self.table_row(row.map[0], row_cells)
            elif kind == "html_block" and token.map is not None:
                self.block += 1
                self.html_block(token)
        return self.out

    def heading(self, parent: Token, inline: Token) -> None:
        assert parent.map is not None
        first_line, end_line = parent.map
        content = inline.content
        if not content.strip():
            return
        if parent.markup in ("=", "-"):  # setext: content lines, then the underline
            lines = content.split("\n")
            start = _first_line_start(self.article, first_line, lines[0])
            if start is None:
                return
            end = _line_content_end(self.article, end_line - 2)
            u_start, u_end = self.article.line_span(end_line - 1)
            underline_text = self.article.text[u_start:u_end]
            stripped = underline_text.strip(" \t>")
            u_start += underline_text.find(stripped)
            u_end = u_start + len(stripped.rstrip())
            prefix = self.article.text[self.article.line_starts[first_line] : start]
            self.add(
                HEADING,
                join_soft_breaks(content),
                start,
                end,
                prefix=continuation_prefix(prefix),
                underline=(u_start, u_end, parent.markup),
            )
            return
        line_start, line_end = self.article.line_span(first_line)
        text = self.article.text[line_start:line_end]
        hashes = text.find(parent.markup)
        position = text.find(content, hashes + len(parent.markup) if hashes >= 0 else 0)
        if position < 0:
            return
        start = line_start + position
        self.add(HEADING, content, start, start + len(content))

    def paragraph(self, parent: Token, inline: Token, kind: str) -> None:
        assert parent.map is not None
        first_line, end_line = parent.map
        content = inline.content
        lines = content.split("\n")
        start = _first_line_start(self.article, first_line, lines[0])
        if start is None:
            return
        end = _line_content_end(self.article, end_line - 1)
        if end <= start:
            return
        prefix = continuation_prefix(
            self.article.text[self.article.line_starts[first_line] : start]
        )
        if _only_images(inline):
            self.image_alts(inline, start, end)
            return
        self.add(kind, join_soft_breaks(content), start, end, prefix=prefix)

    def image_alts(self, inline: Token, start: int, end: int) -> None:
        source = self.article.text[start:end]
        for match in _ALT_IN_SOURCE.finditer(source):
            alt = match.group(1)
            if alt.strip() and not is_meaningless_alt(alt):
                self.add(IMAGE_ALT, alt, start + match.start(1), start + match.end(1))

    def table_row(self, line: int, cells: list[Token]) -> None:
        line_start, line_end = self.article.line_span(line)
        text = self.article.text[line_start:line_end]
        pieces: list[tuple[int, int]] = []
        piece_start = 0
        i = 0
        while i < len(text):
            if text[i] == "\\":
                i += 2
                continue
            if text[i] == "|":
                pieces.append((piece_start, i))
                piece_start = i + 1
            i += 1
        pieces.append((piece_start, len(text)))
        cursor = 0
        for cell in cells:
            content = cell.content
            if not content:
                continue
            raw_length = len(content) + content.count("|")
            while cursor < len(pieces):
                a, b = pieces[cursor]
                cursor += 1
                raw = text[a:b].rstrip(" \t")
                candidate = raw[-raw_length:] if raw_length <= len(raw) else None
                if candidate is not None and candidate.replace("\\|", "|") == content:
                    cell_start = line_start + a + len(raw) - raw_length
                    self.add(TABLE_CELL, candidate, cell_start, cell_start + raw_length)
                    break

    def html_block(self, token: Token) -> None:
        assert token.map is not None
        first_line, end_line = token.map
        region_start = self.article.line_starts[first_line]
        region_end = self.article.line_span(end_line - 1)[1]
        source = self.article.text[region_start:region_end]
        if token.content.rstrip("\n").replace("\r", "") != source.replace("\r", ""):
            return  # inside a container: prefixes interleave, keep the block as it is
        skip: list[str] = []
        position = 0
        for match in _HTML_TOKEN.finditer(source):
            if not skip:
                self.html_text(source, region_start, position, match.start())
            closing, name, attributes = (
                match.group(1),
                (match.group(2) or "").lower(),
                match.group(3),
            )
            if name in _SKIP_TEXT_IN:
                if closing and skip and skip[-1] == name:
                    skip.pop()
                elif not closing and not (attributes or "").rstrip().endswith("/"):
                    skip.append(name)
            if name == "img" and attributes and not skip:
                alt = _ALT_ATTR.search(attributes)
                if alt:
                    group = 1 if alt.group(1) is not None else 2
                    value = alt.group(group)
                    if value.strip() and not is_meaningless_alt(value):
                        offset = region_start + match.start(3) + alt.start(group)
                        self.add(IMAGE_ALT, value, offset, offset + len(value))
            position = match.end()
        if not skip:
            self.html_text(source, region_start, position, len(source))

    def html_text(self, source: str, base: int, a: int, b: int) -> None:
        chunk = source[a:b]
        stripped = chunk.strip()
        if not stripped or not has_letters(_ENTITY.sub("", stripped)):
            return
        lead = len(chunk) - len(chunk.lstrip())
        start = base + a + lead
        self.add(HTML, join_soft_breaks(stripped), start, start + len(stripped))


def segment_article(
    article: Article, front_matter_keys: tuple[str, ...] = DEFAULT_FRONT_MATTER_KEYS
) -> list[Segment]:
    return _Segmenter(article, front_matter_keys).run()
