"""Image references in an article (Markdown inline and reference-style, raw ``<img>``, banner).

Images are found where the renderer finds them: in the markdown-it token stream, so
code blocks and code spans never count. markdown-it does not record where inline
tokens stand in the source, so each inline token that may hold an image is parsed a
second time by a parser with the same configuration whose image and HTML rules note
their positions in the token's content; those positions are then mapped back to the
article's text line by line (the content is the source lines without their container
prefixes: indentation, ``>`` markers, list markers, table pipes).

``start:end`` of an :class:`ImageRef` is the raw source text of the path: inside the
parentheses (``<...>`` included when written so), the destination of the link reference
definition for reference-style images, inside the quotes of ``src=""``, inside the YAML
quotes of the ``banner``. ``src`` is the path as the renderer reads it: backslash escapes
and entities decoded, ``%XX`` left as written.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable, Iterator
from contextvars import ContextVar
from dataclasses import dataclass, field
from functools import lru_cache
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from markdown_it import MarkdownIt
    from markdown_it.rules_inline import StateInline
    from markdown_it.token import Token

    from eulerdoc.article.model import Article

MARKDOWN = "markdown"  # ![alt](src "title")
REFERENCE = "reference"  # ![alt][label], ![label][], ![label]
HTML = "html"  # <img src="..."> in an HTML block or inline HTML
BANNER = "banner"  # the front-matter banner


@dataclass(frozen=True, slots=True)
class ImageRef:
    """One image reference: ``src`` as the renderer reads it, ``start:end`` its raw text."""

    kind: str  # "markdown", "reference", "html" or "banner"
    src: str
    start: int
    end: int
    alt: str | None = None  # the alt text as rendered; None: an <img> without alt
    alt_start: int = -1  # raw source span of the alt text (-1: none)
    alt_end: int = -1
    title: str | None = None
    label: str | None = None  # reference-style: the normalised reference label
    rendered: bool = True  # False: written like an image, but the renderer shows it as text


# --- the recording parser ----------------------------------------------------------


@dataclass(slots=True)
class _Found:
    kind: str  # MARKDOWN, REFERENCE, HTML ("html_inline" text) or "broken"
    start: int  # content offsets of the whole construct
    end: int
    dest: tuple[int, int] = (-1, -1)  # content offsets of the raw path
    src: str = ""
    alt: tuple[int, int] = (-1, -1)
    alt_text: str | None = None
    title: str | None = None
    label: str | None = None


@dataclass(slots=True)
class _Recording:
    found: list[_Found] = field(default_factory=list)
    depth: int = 0  # > 0 while an image's alt text is parsed: images there are not images


_RECORDING: ContextVar[_Recording | None] = ContextVar("eulerdoc_image_recording", default=None)

_SPACE = " \t\n"


def _skip_space(src: str, pos: int, maximum: int) -> int:
    while pos < maximum and src[pos] in _SPACE:
        pos += 1
    return pos


def _image_spans(state: StateInline, start: int, end: int, token: Token) -> _Found:
    """The parts of the image the original rule just parsed from ``start`` to ``end``."""
    from markdown_it.common.utils import normalizeReference

    src = state.src
    label_end = state.md.helpers.parseLinkLabel(state, start + 1, False)
    alt = (start + 2, label_end)
    alt_text = _plain_text(token.children or [])
    title = token.attrGet("title")
    pos = label_end + 1
    if pos < end and src[pos] == "(":
        pos = _skip_space(src, pos + 1, end)
        dest = state.md.helpers.parseLinkDestination(src, pos, end)
        if dest.ok:
            return _Found(
                MARKDOWN, start, end, (pos, dest.pos), dest.str, alt, alt_text, _str(title)
            )
        return _Found(MARKDOWN, start, end, (pos, pos), "", alt, alt_text, _str(title))
    label = ""
    if pos < end and src[pos] == "[":
        close = state.md.helpers.parseLinkLabel(state, pos)
        if close >= 0:
            label = src[pos + 1 : close]
    if not label:
        label = src[start + 2 : label_end]
    return _Found(
        REFERENCE, start, end, alt=alt, alt_text=alt_text, title=_str(title),
        label=normalizeReference(label),
    )  # fmt: skip


def _plain_text(tokens: list[Token]) -> str:
    """What the renderer writes into ``alt``: the text of the inline tokens."""
    parts: list[str] = []
    for token in tokens:
        if token.type in ("text", "text_special", "code_inline"):
            parts.append(token.content)
        elif token.type in ("softbreak", "hardbreak"):
            parts.append("\n")
        elif token.children:
            parts.append(_plain_text(token.children))
    return "".join(parts)


def _str(value: Any) -> str | None:
    return None if value is None or value == "" else str(value)


def _wrap_image(original: Callable[[StateInline, bool], bool]) -> Callable[..., bool]:
    def rule(state: StateInline, silent: bool) -> bool:
        recording = _RECORDING.get()
        if silent or recording is None:
            return original(state, silent)
        start = state.pos
        count = len(state.tokens)
        recording.depth += 1
        try:
            ok = original(state, silent)
        finally:
            recording.depth -= 1
        if ok and recording.depth == 0 and len(state.tokens) > count:
            token = state.tokens[-1]
            if token.type == "image":
                recording.found.append(_image_spans(state, start, state.pos, token))
        return ok

    return rule


def _wrap_html(original: Callable[[StateInline, bool], bool]) -> Callable[..., bool]:
    def rule(state: StateInline, silent: bool) -> bool:
        recording = _RECORDING.get()
        start = state.pos
        ok = original(state, silent)
        if ok and not silent and recording is not None and recording.depth == 0:
            recording.found.append(_Found(HTML, start, state.pos))
        return ok

    return rule


_BROKEN_DEST = re.compile(r"\(([^()\n]*)\)")
_TRAILING_TITLE = re.compile(r"""^(.*?)(?:\s+(?:"[^"\n]*"|'[^'\n]*'))?\s*$""")
_PATH_LIKE = re.compile(r"(?:/|\\|\.[A-Za-z0-9]{2,5}$)")


def _broken_image(state: StateInline, silent: bool) -> bool:
    """Note ``![alt](path with spaces.png)``, which markdown-it shows as plain text.

    Runs after the image rule failed at this position; it never consumes anything, so
    the parse is the same as the site's.
    """
    recording = _RECORDING.get()
    if silent or recording is None or recording.depth:
        return False
    src, pos = state.src, state.pos
    if not src.startswith("![", pos):
        return False
    label_end = state.md.helpers.parseLinkLabel(state, pos + 1, False)
    if label_end < 0:
        return False
    match = _BROKEN_DEST.match(src, label_end + 1, state.posMax)
    if match is None:
        return False
    inner = _TRAILING_TITLE.match(match.group(1))
    raw = inner.group(1).strip() if inner else ""
    if not raw or not any(c.isspace() for c in raw) or not _PATH_LIKE.search(raw):
        return False
    if raw.startswith("<"):
        return False  # <path with spaces> is fine; something else is wrong here
    from markdown_it.common.utils import unescapeAll

    begin = match.start(1) + match.group(1).index(raw)
    recording.found.append(
        _Found(
            "broken",
            pos,
            match.end(),
            (begin, begin + len(raw)),
            unescapeAll(raw),
            (pos + 2, label_end),
            unescapeAll(src[pos + 2 : label_end]),
        )
    )
    return False


@lru_cache(maxsize=1)
def _recorder() -> MarkdownIt:
    """A parser configured as :func:`eulerdoc.article.tokens.parser` that notes positions."""
    from markdown_it import MarkdownIt

    from eulerdoc.article.tokens import parser

    base = parser()
    md = MarkdownIt("commonmark", dict(base.options))
    wanted = base.get_active_rules()
    for chain, names in md.get_active_rules().items():
        extra = [name for name in names if name not in wanted.get(chain, [])]
        if extra:
            md.disable(extra)
    md.enable([name for names in wanted.values() for name in names], ignoreInvalid=True)
    ruler = md.inline.ruler
    rules = {rule.name: rule.fn for rule in ruler.__rules__}
    ruler.at("image", _wrap_image(rules["image"]))
    ruler.at("html_inline", _wrap_html(rules["html_inline"]))
    ruler.after("image", "eulerdoc_broken_image", _broken_image)
    return md


def _record(content: str, env: dict[str, Any]) -> list[_Found]:
    recording = _Recording()
    reset = _RECORDING.set(recording)
    try:
        md = _recorder()
        md.inline.parse(content, md, dict(env), [])
    finally:
        _RECORDING.reset(reset)
    return recording.found


# --- content offsets → source offsets ------------------------------------------


def _align_line(content: str, text: str, begin: int) -> list[int] | None:
    """Offsets in ``text`` of each character of ``content``, matching from ``begin``.

    The table parser drops the backslash of an escaped pipe (``\\|``); that is the only
    difference allowed.
    """
    out: list[int] = []
    j = begin
    for char in content:
        if j < len(text) and text[j] == char:
            out.append(j)
            j += 1
        elif char == "|" and text.startswith("\\|", j):
            out.append(j + 1)
            j += 2
        else:
            return None
    return out


class _SourceMap:
    """Maps offsets in a token's content (its lines without prefixes) to the article."""

    def __init__(
        self, article: Article, token: Token, cursors: dict[int, int], *, exact: bool = True
    ) -> None:
        self.offsets: list[int] | None = None
        self.fallback = 0
        if not token.map or token.map[0] >= article.line_count():
            return
        self.fallback = article.line_starts[token.map[0]]
        lines = token.content.split("\n")
        if token.type == "html_block" and lines and lines[-1] == "":
            lines.pop()
        offsets: list[int] = []
        first = token.map[0]
        for index, line in enumerate(lines):
            number = first + index
            if number >= min(token.map[1], article.line_count()):
                return
            start, end = article.line_span(number)
            text = article.text[start:end]
            positions = self._line(line, text, exact, cursors.get(number, 0))
            if positions is None:
                return
            if positions:
                cursors[number] = positions[-1] + 1
            offsets.extend(start + p for p in positions)
            offsets.append(end)  # the "\n" between content lines: the line's end
        self.offsets = offsets

    @staticmethod
    def _line(line: str, text: str, exact: bool, cursor: int) -> list[int] | None:
        body = line.lstrip(" \t")
        lead = len(line) - len(body)
        trimmed, text_trimmed = body.rstrip(" \t"), text.rstrip(" \t")
        position = -1
        if not trimmed:
            position = len(text_trimmed) if exact else cursor
        elif exact and text_trimmed.endswith(trimmed):
            position = len(text_trimmed) - len(trimmed)
        else:
            position = text.find(trimmed, cursor)
        core: list[int] | None = None
        if position >= 0:
            core = list(range(position, position + len(trimmed)))
        else:
            for begin in range(cursor, len(text)):
                if text[begin] == trimmed[:1]:
                    core = _align_line(trimmed, text, begin)
                    if core is not None:
                        break
            if core is None:
                return None
            position = core[0] if core else cursor
        tail_start = core[-1] + 1 if core else position
        tail = [min(tail_start + k, len(text)) for k in range(len(body) - len(trimmed))]
        return [position] * lead + core + tail

    def __call__(self, offset: int) -> int:
        if self.offsets is None or not self.offsets:
            return self.fallback
        return self.offsets[max(0, min(offset, len(self.offsets) - 1))]

    def span(self, start: int, end: int) -> tuple[int, int]:
        """Source span of ``content[start:end]`` (an empty span stays empty)."""
        if self.offsets is None:
            return self.fallback, self.fallback
        if end <= start:
            at = self(start)
            return at, at
        return self(start), self(end - 1) + 1


# --- raw HTML -------------------------------------------------------------------

_IMG_TAG = re.compile(r"<img(?=[\s/>])((?:[^>\"']|\"[^\"]*\"|'[^']*')*)>", re.IGNORECASE)
_ATTRIBUTE = re.compile(
    r"""([^\s"'>/=]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'=<>`]+)))?""", re.DOTALL
)
_RAW_TEXT = re.compile(
    r"<!--.*?(?:-->|\Z)|<(script|style|textarea)\b.*?(?:</\1\s*>|\Z)", re.IGNORECASE | re.DOTALL
)


@dataclass(slots=True)
class _Tag:
    src: str
    src_span: tuple[int, int]
    alt: str | None
    alt_span: tuple[int, int]
    title: str | None


def _img_tags(text: str) -> Iterator[_Tag]:
    """``<img>`` tags of an HTML fragment, outside comments, scripts and styles."""
    hidden = [(m.start(), m.end()) for m in _RAW_TEXT.finditer(text)]
    for tag in _IMG_TAG.finditer(text):
        if any(a <= tag.start() < b for a, b in hidden):
            continue
        values: dict[str, tuple[str, int, int]] = {}
        for attr in _ATTRIBUTE.finditer(tag.group(1)):
            name = attr.group(1).lower()
            if name in values:
                continue  # the first occurrence wins, as in browsers
            group = next((g for g in (2, 3, 4) if attr.group(g) is not None), None)
            base = tag.start(1)
            if group is None:
                values[name] = ("", base + attr.end(1), base + attr.end(1))
            else:
                values[name] = (attr.group(group), base + attr.start(group), base + attr.end(group))
        if "src" not in values:
            continue
        src, src_start, src_end = values["src"]
        alt = values.get("alt")
        title = values.get("title")
        yield _Tag(
            html.unescape(src),
            (src_start, src_end),
            html.unescape(alt[0]) if alt else None,
            (alt[1], alt[2]) if alt else (-1, -1),
            html.unescape(title[0]) if title else None,
        )


def _html_refs(source: _SourceMap, text: str, base: int = 0) -> Iterator[ImageRef]:
    for tag in _img_tags(text):
        start, end = source.span(base + tag.src_span[0], base + tag.src_span[1])
        alt_start, alt_end = (
            source.span(base + tag.alt_span[0], base + tag.alt_span[1])
            if tag.alt is not None
            else (-1, -1)
        )
        yield ImageRef(HTML, tag.src, start, end, tag.alt, alt_start, alt_end, tag.title)


# --- reference definitions ----------------------------------------------------------

_CONTAINER_PREFIX = re.compile(r"^(?:[ \t]*(?:>|[-+*]|\d{1,9}[.)])(?=[ \t]|$)[ \t]?)*[ \t]*")


def _definition(article: Article, label: str) -> tuple[int, int, str] | None:
    """Source span and decoded destination of the definition of ``label``."""
    from markdown_it.common.utils import normalizeReference
    from markdown_it.helpers import parseLinkDestination

    ref = article.env.get("references", {}).get(label)
    if not isinstance(ref, dict) or not ref.get("map"):
        return None
    first = article.body_line + int(ref["map"][0])
    last = min(article.body_line + int(ref["map"][1]), article.line_count())
    stripped: list[str] = []
    offsets: list[int] = []
    for number in range(first, last):
        start, end = article.line_span(number)
        text = article.text[start:end]
        skip = _CONTAINER_PREFIX.match(text)
        cut = skip.end() if skip else 0
        stripped.append(text[cut:] + "\n")
        offsets.extend(range(start + cut, end + 1))
    joined = "".join(stripped)
    offsets.append(offsets[-1] if offsets else 0)
    match = re.match(r"\[((?:\\.|[^\\\[\]])*)\]:", joined, re.DOTALL)
    if match is None or normalizeReference(match.group(1)) != label:
        return None
    pos = _skip_space(joined, match.end(), len(joined))
    dest = parseLinkDestination(joined, pos, len(joined))
    if not dest.ok:
        return None
    return offsets[pos], offsets[dest.pos - 1] + 1, dest.str


# --- the banner -------------------------------------------------------------------


def _banner(article: Article) -> ImageRef | None:
    fm = article.front_matter
    if fm is None or fm.data is None or not hasattr(fm.data, "get"):
        return None
    span = fm.keys.get("banner")
    value = fm.data.get("banner")
    if span is None or not isinstance(value, str) or span.style in ("map", "seq"):
        return None
    start, end = fm.yaml_start + span.value_start, fm.yaml_start + span.value_end
    raw = article.text[start:end]
    if span.style in ("'", '"') and len(raw) >= 2 and raw[0] == raw[-1] == span.style:
        start, end = start + 1, end - 1
    return ImageRef(BANNER, value, start, end)


# --- all together ------------------------------------------------------------------


def _may_hold_image(content: str) -> bool:
    return "![" in content or "<img" in content.lower()


def _inline_refs(
    article: Article, token: Token, cursors: dict[int, int], exact: bool
) -> Iterator[ImageRef]:
    found = _record(token.content, article.env)
    if not found:
        return
    source = _SourceMap(article, token, cursors, exact=exact)
    content = token.content
    for item in found:
        if item.kind == HTML:
            yield from _html_refs(source, content[item.start : item.end], item.start)
            continue
        alt_start, alt_end = source.span(*item.alt)
        if item.kind == REFERENCE:
            assert item.label is not None
            definition = _definition(article, item.label)
            if definition is None:
                start = end = source(item.start)
                src = str(article.env.get("references", {}).get(item.label, {}).get("href", ""))
            else:
                start, end, src = definition
            yield ImageRef(
                REFERENCE, src, start, end, item.alt_text, alt_start, alt_end, item.title,
                item.label,
            )  # fmt: skip
            continue
        start, end = source.span(*item.dest)
        yield ImageRef(
            MARKDOWN, item.src, start, end, item.alt_text, alt_start, alt_end, item.title,
            rendered=item.kind != "broken",
        )  # fmt: skip


def find_images(article: Article) -> list[ImageRef]:
    """Every image of the article, in document order (the banner first)."""
    out: list[ImageRef] = []
    banner = _banner(article)
    if banner is not None:
        out.append(banner)
    cursors: dict[int, int] = {}
    parents: list[str] = []
    for token in article.tokens:
        if token.nesting == 1:
            parents.append(token.type)
        elif token.nesting == -1 and parents:
            parents.pop()
        if token.type == "inline" and _may_hold_image(token.content):
            # Paragraph lines end with their content; cells and headings may not.
            exact = not parents or parents[-1] not in ("th_open", "td_open", "heading_open")
            out.extend(_inline_refs(article, token, cursors, exact))
        elif token.type == "html_block" and "<img" in token.content.lower():
            out.extend(_html_refs(_SourceMap(article, token, cursors), token.content))
    return out
