"""Cut an article into translation segments with exact source spans.

A :class:`Segment` says what a translator sees (``msgid``: the block's inline text
with soft breaks joined, inline Markdown, escapes and entities verbatim) and where it
stands in the file (``start``/``end``: the region a translation replaces). Everything
outside the regions is copied byte for byte by ``build``, which is what makes an
identity translation reproduce the article exactly.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from eulerdoc.article.text import (
    continuation_prefix,
    has_letters,
    is_meaningless_alt,
    join_soft_breaks,
    quoted_attribute,
)

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

_HTML_TOKEN = re.compile(
    r"<!--.*?-->|<![^>]*>|<\?.*?\?>|<(/?)([A-Za-z][\w:-]*)((?:[^>\"']|\"[^\"]*\"|'[^']*')*)>", re.S
)
_ENTITY = re.compile(r"&(?:#\d+|#x[0-9a-fA-F]+|\w+);")


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
    """A paragraph of images only (possibly each wrapped in a link): its alt texts are
    the segments, not the paragraph."""
    children = inline.children or []
    seen = False
    depth = 0
    for child in children:
        if child.type == "image":
            seen = True
        elif child.type == "link_open":
            depth += 1
        elif child.type == "link_close":
            depth -= 1
        elif child.type in ("softbreak", "hardbreak"):
            continue
        elif child.type == "text" and not child.content.strip():
            continue
        else:
            return False
    return seen and depth == 0


# ASCII only: text glued to a URL ("https://x.org了解更多") must not vanish with it.
_URL = r"(?:https?|ftp|mailto):[!-;=?-~]*|www\.[!-;=?-~]+"
_EMAIL = r"[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+"
_URL_ONLY_PARTS = re.compile(
    rf"<(?:{_URL}|{_EMAIL})>|\[\s*<?(?:{_URL})>?\s*\]\([^()\s]*\)|{_URL}", re.IGNORECASE
)


def is_url_only(text: str) -> bool:
    """Nothing to translate: URLs, autolinks and links whose text is their URL."""
    return not has_letters(_URL_ONLY_PARTS.sub("", text))


_ALT_IN_SOURCE = re.compile(
    r"!\[((?:\\.|[^\[\]\\]|\[(?:\\.|[^\[\]\\])*\])*)\]"
)  # one level of nested [ ]
_IMG_TAG = re.compile(r"""<img\b(?:[^>"']|"[^"]*"|'[^']*')*>""", re.IGNORECASE)


def _has_text(inline: Token) -> bool:
    """Whether the block has words of its own: letters in its text, not only in code
    spans, URLs of autolinks, HTML tags or image alt texts."""
    depth = 0
    for child in inline.children or []:
        if child.type == "link_open" and child.markup == "autolink":
            depth += 1
        elif child.type == "link_close" and child.markup == "autolink":
            depth -= 1
        elif child.type == "text" and not depth and has_letters(child.content):
            return True
    return False


class _Segmenter:
    def __init__(self, article: Article, front_matter_keys: tuple[str, ...]) -> None:
        self.article = article
        self.keys = front_matter_keys
        self.out: list[Segment] = []
        self.block = 0

    def add(self, kind: str, msgid: str, start: int, end: int, **extra: object) -> None:
        if not msgid.strip() or not has_letters(msgid) or is_url_only(msgid):
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
        if not content.strip() or not _has_text(inline):
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
        if _only_images(inline) or not _has_text(inline):
            self.image_alts(inline, start, end)
            return
        self.add(kind, join_soft_breaks(content), start, end, prefix=prefix)

    def image_alts(self, inline: Token, start: int, end: int) -> None:
        """The meaningful alt texts of a paragraph without text of its own: Markdown
        images (``![alt](src)``) and inline ``<img alt>`` tags, in source order."""
        source = self.article.text[start:end]
        types = {child.type for child in inline.children or []}
        found: list[tuple[int, int]] = []
        if "image" in types:
            found += [(m.start(1), m.end(1)) for m in _ALT_IN_SOURCE.finditer(source)]
        if "html_inline" in types and "code_inline" not in types:
            for tag in _IMG_TAG.finditer(source):
                value = quoted_attribute(tag.group(0)[4:-1], "alt")
                if value:
                    begin = tag.start() + 4
                    found.append((begin + value[0], begin + value[1]))
        for a, b in sorted(found):
            alt = source[a:b]
            if alt.strip() and not is_meaningless_alt(alt):
                msgid = join_soft_breaks(alt.replace("\r", ""), hard_breaks=False)
                self.add(IMAGE_ALT, msgid, start + a, start + b)

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
                    if _has_text(cell):
                        self.add(TABLE_CELL, candidate, cell_start, cell_start + raw_length)
                    else:  # only images (and code): their alt texts, as in a paragraph
                        self.image_alts(cell, cell_start, cell_start + raw_length)
                    break

    def html_block(self, token: Token) -> None:
        """Text runs and meaningful ``<img alt>`` of an HTML block (see :class:`_HtmlText`)."""
        assert token.map is not None
        first_line, end_line = token.map
        content = token.content[:-1] if token.content.endswith("\n") else token.content
        lines = content.split("\n")
        if len(lines) != end_line - first_line:
            return
        # Inside a container each content line is its source line without the prefix
        # ("> ", indentation): map content offsets back to the source through it.
        shifts: list[int] = []
        starts: list[int] = []
        position = 0
        for index, line in enumerate(lines):
            line = line.rstrip("\r")
            start, end = self.article.line_span(first_line + index)
            source = self.article.text[start:end]
            if not source.endswith(line):
                return  # tabs expanded by the parser: keep the block as it is
            shifts.append(start + len(source) - len(line))
            starts.append(position)
            position += len(lines[index]) + 1

        def to_source(offset: int) -> int:
            index = bisect.bisect_right(starts, offset) - 1
            return shifts[index] + offset - starts[index]

        for kind, a, b in _HtmlText(content).segments():
            start, end = to_source(a), to_source(b - 1) + 1
            text = content[a:b].replace("\r", "")
            if kind == IMAGE_ALT:
                self.add(IMAGE_ALT, join_soft_breaks(text, hard_breaks=False), start, end)
            else:
                self.add(HTML, join_soft_breaks(text, hard_breaks=False), start, end)


# Elements whose text is not shown as text (raw text, preformatted), skipped whole.
_RAW_TEXT = frozenset({"script", "style", "pre", "textarea", "template", "svg", "math"})
# Phrasing elements: kept inside a run of text (with their attributes), so that
# "文字<b>粗体</b>结尾" is one message, not three.
_PHRASING = frozenset(
    {
        "a", "abbr", "b", "bdi", "big", "cite", "code", "del", "dfn", "em", "font", "i",
        "ins", "kbd", "mark", "q", "s", "samp", "small", "span", "strike", "strong",
        "sub", "sup", "time", "tt", "u", "var", "br", "wbr",
    }
)  # fmt: skip
_VOID = frozenset({"br", "wbr"})
_CODE_LIKE = frozenset({"code", "kbd", "samp", "tt", "var"})


@dataclass(slots=True)
class _Piece:
    start: int
    end: int
    tag: str | None = None  # element name of a phrasing tag; None for text
    closing: bool = False
    in_code: bool = False  # text inside <code> and the like: not translatable by itself


class _HtmlText:
    """Translatable text of an HTML block.

    A *run* is text together with the phrasing tags inside it (``<b>``, ``<a>``,
    ``<code>``, ``<br>`` …). Runs end at any other tag, comment or declaration, and at
    white space holding a line break between two tags (a list of links, one per
    line, stays a list of messages). Tags wrapping a whole run (``<a href>…</a>``),
    white space and ``<br>`` at its edges stay outside the message. A run whose
    tags do not pair up falls back to one message per piece of text; a run without
    letters outside code is no message. ``<img>`` ends a run; its meaningful ``alt``
    is a message of its own.
    """

    def __init__(self, source: str) -> None:
        self.source = source
        self.out: list[tuple[str, int, int]] = []

    def segments(self) -> list[tuple[str, int, int]]:
        source = self.source
        run: list[_Piece] = []
        raw: list[str] = []
        code = 0
        position = 0
        for match in _HTML_TOKEN.finditer(source):
            if not raw and match.start() > position:
                text = source[position : match.start()]
                if not text.strip() and "\n" in text:
                    self.flush(run)
                else:
                    run.append(_Piece(position, match.start(), in_code=code > 0))
            position = match.end()
            closing, name = match.group(1), (match.group(2) or "").lower()
            attributes = match.group(3) or ""
            self_closing = attributes.rstrip().endswith("/")
            if raw:
                if name == raw[-1]:
                    if closing:
                        raw.pop()
                    elif not self_closing:
                        raw.append(name)
                continue
            if name in _PHRASING:
                run.append(_Piece(match.start(), match.end(), name, bool(closing)))
                if name in _CODE_LIKE and not self_closing:
                    code = max(0, code - 1) if closing else code + 1
                continue
            self.flush(run)
            code = 0
            if name in _RAW_TEXT and not closing and not self_closing:
                raw.append(name)
            elif name == "img" and not closing:
                alt = quoted_attribute(attributes, "alt")
                if alt:
                    value = attributes[alt[0] : alt[1]]
                    if value.strip() and not is_meaningless_alt(value):
                        offset = match.start(3) + alt[0]
                        self.out.append((IMAGE_ALT, offset, offset + len(value)))
        if not raw and position < len(source):
            run.append(_Piece(position, len(source), in_code=code > 0))
        self.flush(run)
        return self.out

    def _blank(self, piece: _Piece) -> bool:
        if piece.tag is not None:
            return piece.tag in _VOID
        return not self.source[piece.start : piece.end].strip()

    def flush(self, run: list[_Piece]) -> None:
        pieces = list(run)
        run.clear()
        while True:
            while pieces and self._blank(pieces[0]):
                pieces.pop(0)
            while pieces and self._blank(pieces[-1]):
                pieces.pop()
            partner = _pair_tags(pieces)
            if not pieces:
                return
            if pieces[0].tag is not None and partner.get(0) is None:
                pieces.pop(0)  # an end tag, or a start tag closed after the run
            elif pieces[-1].tag is not None and partner.get(len(pieces) - 1) is None:
                pieces.pop()
            elif pieces[0].tag is not None and partner.get(0) == len(pieces) - 1:
                pieces = pieces[1:-1]  # a wrapper: <a href="…">text</a>
            else:
                break
        texts = [p for p in pieces if p.tag is None]
        letters = "".join(self.source[p.start : p.end] for p in texts if not p.in_code)
        if not has_letters(_ENTITY.sub("", letters)):
            return
        paired = all(p.tag in _VOID or i in partner for i, p in enumerate(pieces) if p.tag)
        if paired:
            self.text(pieces[0].start, pieces[-1].end)
            return
        for piece in texts:  # tags that do not pair up: text piece by piece
            if not piece.in_code:
                self.text(piece.start, piece.end)

    def text(self, a: int, b: int) -> None:
        chunk = self.source[a:b]
        stripped = chunk.strip()
        if not stripped or not has_letters(_ENTITY.sub("", stripped)):
            return
        a += len(chunk) - len(chunk.lstrip())
        self.out.append((HTML, a, a + len(stripped)))


def _pair_tags(pieces: list[_Piece]) -> dict[int, int]:
    """Index of each phrasing tag → index of its partner (void tags have none)."""
    partner: dict[int, int] = {}
    stack: list[tuple[str, int]] = []
    for index, piece in enumerate(pieces):
        if piece.tag is None or piece.tag in _VOID:
            continue
        if not piece.closing:
            stack.append((piece.tag, index))
            continue
        for depth in range(len(stack) - 1, -1, -1):
            if stack[depth][0] == piece.tag:
                opening = stack[depth][1]
                del stack[depth:]
                partner[opening], partner[index] = index, opening
                break
    return partner


def segment_article(
    article: Article, front_matter_keys: tuple[str, ...] = DEFAULT_FRONT_MATTER_KEYS
) -> list[Segment]:
    return _Segmenter(article, front_matter_keys).run()
