"""Article + catalogue → translated article (DESIGN §4 "build").

Only the segment regions of the source text change; everything between them is copied
byte for byte, so a catalogue whose every msgstr equals its msgid rebuilds the article
exactly. A segment uses its msgstr when the entry is translated (non-empty, not fuzzy,
not obsolete) and the translation passes :mod:`eulerdoc.l10n.check`; otherwise the
source text stays, and a rejected translation becomes an error :class:`Diagnostic` at
the catalogue's path and line.

Translated text keeps the block's structure: heading markers (a setext underline is
resized to the display width of the new text), list markers and indentation, block-quote
prefixes on continuation lines after hard breaks, escaped table pipes, the YAML quoting
style of front-matter values. With ``wrap``, translated paragraphs are wrapped at spaces
(never inside code spans, links or HTML, and only when the wrapped text renders exactly
like the one-line text). When the output is written to another folder, relative image
paths are rewritten so that they still resolve.
"""

from __future__ import annotations

import html
import os
import posixpath
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import quote

from eulerdoc.article.segments import (
    FRONT_MATTER,
    HEADING,
    HTML,
    IMAGE_ALT,
    TABLE_CELL,
    Segment,
    segment_article,
)
from eulerdoc.article.text import display_width, quoted_attribute
from eulerdoc.diagnostic import Diagnostic, Severity
from eulerdoc.i18n import _
from eulerdoc.l10n import check

if TYPE_CHECKING:
    from markdown_it.token import Token

    from eulerdoc.article.model import Article
    from eulerdoc.l10n.catalog import Message

IMAGES_REWRITE = "rewrite"
IMAGES_KEEP = "keep"
IMAGE_MODES = (IMAGES_REWRITE, IMAGES_KEEP)

_UNESCAPED_PIPE = re.compile(r"(?<!\\)((?:\\\\)*)\|")
_ATX_CLOSING = re.compile(r"(^|[ \t])(#+)[ \t]*$")
_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:")
_HTML_IMG = re.compile(r"<img\b(?:[^>\"']|\"[^\"]*\"|'[^']*')*>", re.IGNORECASE)
_SRC_ATTR = re.compile(r"""(\bsrc\s*=\s*)(?:"([^"]*)"|'([^']*)'|([^\s"'=<>`]+))""", re.IGNORECASE)
_DEFINITION_LABEL = re.compile(r"[ \t>]*\[(?:\\.|[^\]\\])+\]:")
_BACKTICKS = re.compile(r"`+")
_IMAGE_MARKERS = re.compile(r"[\\`<!]")
_NEEDS_QUOTING = re.compile(r"[\s()<>\\\"'`\[\]]")
_PROTECTED = re.compile(r"(`+).*?\1|!?\[(?:\\.|[^\]\\])*\](?:\([^)]*\)|\[[^\]]*\])?|<[^>]*>", re.S)


@dataclass
class BuildResult:
    """The translated article and how it was made."""

    text: str
    data: bytes  # encoded output (BOM restored)
    completion: float  # percent of segments with a usable translation (identity included)
    total: int  # segments
    translated: int  # segments using a translation (identity included)
    identity: int  # of which msgstr == msgid (original bytes kept)
    fallback: int  # segments left in the source language
    rejected: int  # translations refused by the checks (included in fallback)
    fuzzy: int  # fuzzy entries matching a segment (never published)
    min_completion: float = 80.0
    diagnostics: list[Diagnostic] = field(default_factory=list)
    output_path: Path | None = None
    written: bool = False  # the output file was created or changed

    @property
    def complete(self) -> bool:
        """Completion reaches the threshold: the output may be published."""
        return self.completion >= self.min_completion

    @property
    def used(self) -> int:
        return self.translated


@dataclass(frozen=True, slots=True)
class _Edit:
    start: int
    end: int
    text: str
    translated: bool = True  # the replacement holds translated text (image paths inside)


def _lookup(messages: Iterable[Message]) -> dict[tuple[str | None, str], Message]:
    table: dict[tuple[str | None, str], Message] = {}
    for message in messages:
        if message.obsolete or not message.msgid:
            continue
        table.setdefault(message.key, message)
    return table


def _escape_pipes(text: str) -> str:
    return _UNESCAPED_PIPE.sub(lambda m: m.group(1) + "\\|", text)


def _protect_atx_closing(text: str) -> str:
    """A trailing `` #`` run would be read as the closing sequence: escape it."""
    match = _ATX_CLOSING.search(text)
    if not match:
        return text
    start = match.start(2)
    return text[:start] + "\\" + text[start:]


def _attribute_quote(article: Article, segment: Segment) -> str | None:
    before = article.text[segment.start - 1 : segment.start] if segment.start else ""
    after = article.text[segment.end : segment.end + 1]
    if before in ("'", '"') and before == after:
        return before
    return None


def _escape_attribute(text: str, quote: str) -> str:
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return text.replace(quote, "&quot;" if quote == '"' else "&#39;")


def _first_line_width(article: Article, segment: Segment) -> int:
    line_start = article.line_starts[article.line_of(segment.start)]
    return display_width(article.text[line_start : segment.start])


def _wrap_line(text: str, first: int, rest: int) -> list[str]:
    """Greedy wrap at single spaces outside code spans, links and HTML."""
    protected = [m.span() for m in _PROTECTED.finditer(text)]
    cuts = [
        i
        for i, char in enumerate(text)
        if char == " "
        and 0 < i < len(text) - 1
        and text[i - 1] != " "
        and text[i + 1] != " "
        and not any(a <= i < b for a, b in protected)
    ]
    pieces = [text[a + 1 : b] for a, b in zip([-1, *cuts], [*cuts, len(text)], strict=True)]
    lines: list[str] = []
    current, limit = pieces[0], first
    for piece in pieces[1:]:
        if display_width(current) + 1 + display_width(piece) <= limit:
            current += " " + piece
        else:
            lines.append(current)
            current, limit = piece, rest
    lines.append(current)
    return lines


def _renders_alike(one: str, other: str) -> bool:
    from eulerdoc.article.tokens import render

    return render(one).replace("\n", " ") == render(other).replace("\n", " ")


def _keep_label(article: Article, segment: Segment) -> list[_Edit]:
    """``![alt][]`` and ``![alt]`` use the alt text as the reference label: when the alt
    is translated, the label is written out (``![text][alt]``) so the image stays."""
    text = article.text
    end = segment.end
    if not text.startswith("]", end):
        return []
    label = text[segment.start : end]
    after = end + 1
    if text.startswith("[]", after):
        return [_Edit(after, after + 2, "[" + label + "]", translated=False)]
    if text.startswith(("(", "["), after):
        return []
    return [_Edit(after, after, "[" + label + "]", translated=False)]


def _paragraph_text(
    article: Article, segment: Segment, msgstr: str, wrap: int | None, newline: str
) -> str:
    first_line, *more = msgstr.strip(" \t").split("\n")
    lines = [first_line, *(line.lstrip(" \t") for line in more)]
    if wrap:
        first = max(wrap - _first_line_width(article, segment), 10)
        rest = max(wrap - display_width(segment.prefix), 10)
        wrapped: list[str] = []
        for number, line in enumerate(lines):
            wrapped.extend(_wrap_line(line, first if number == 0 else rest, rest))
        if wrapped != lines and _renders_alike("\n".join(lines), "\n".join(wrapped)):
            lines = wrapped
    return (newline + segment.prefix).join(lines)


def _render(
    article: Article, segment: Segment, msgstr: str, wrap: int | None, newline: str
) -> list[_Edit]:
    from eulerdoc.yamlio import quote_scalar

    kind = segment.kind
    if kind == FRONT_MATTER:
        return [_Edit(segment.start, segment.end, quote_scalar(msgstr, segment.style))]
    if kind == HEADING:
        text = msgstr.strip()
        if segment.underline is None:
            return [_Edit(segment.start, segment.end, _protect_atx_closing(text))]
        u_start, u_end, char = segment.underline
        lines = [line.lstrip(" \t") for line in text.split("\n")]
        underline = char * max(3, *(display_width(line.rstrip(" \t\\")) for line in lines))
        return [
            _Edit(segment.start, segment.end, (newline + segment.prefix).join(lines)),
            _Edit(u_start, u_end, underline, translated=False),
        ]
    if kind == TABLE_CELL:
        return [_Edit(segment.start, segment.end, _escape_pipes(msgstr.strip()))]
    if kind == IMAGE_ALT:
        quote = _attribute_quote(article, segment)
        text = msgstr.strip()
        if quote:
            return [_Edit(segment.start, segment.end, _escape_attribute(text, quote))]
        return [_Edit(segment.start, segment.end, text), *_keep_label(article, segment)]
    if kind == HTML:
        return [_Edit(segment.start, segment.end, msgstr.strip())]
    return [
        _Edit(segment.start, segment.end, _paragraph_text(article, segment, msgstr, wrap, newline))
    ]


def _front_matter_ok(article: Article, edits: Sequence[_Edit], expected: Mapping[str, str]) -> bool:
    """The translated front matter loads and holds exactly the translated values."""
    from eulerdoc import yamlio

    fm = article.front_matter
    if fm is None or not edits:
        return True
    text = _apply(article.text[fm.yaml_start : fm.yaml_end], edits, -fm.yaml_start)
    loaded = yamlio.load(text)
    if isinstance(loaded, yamlio.YamlProblem) or not hasattr(loaded.data, "get"):
        return False
    for key, value in expected.items():
        if loaded.data.get(key) != value:
            return False
    return list(loaded.data.keys()) == list(fm.data.keys()) if fm.data is not None else True


def _apply(text: str, edits: Sequence[_Edit], shift: int = 0) -> str:
    parts: list[str] = []
    position = 0
    for edit in sorted(edits, key=lambda e: e.start):
        start, end = edit.start + shift, edit.end + shift
        if start < position:
            continue  # overlapping edit: keep the first (never expected)
        parts.append(text[position:start])
        parts.append(edit.text)
        position = end
    parts.append(text[position:])
    return "".join(parts)


def _relative_prefix(article: Article, output_path: Path | None) -> str | None:
    """Path from the output's folder to the article's folder, or None when they match."""
    if output_path is None:
        return None
    source = os.path.abspath(article.path.parent)
    target = os.path.abspath(Path(output_path).parent)
    if source == target:
        return None
    prefix = Path(os.path.relpath(source, target)).as_posix()
    if _NEEDS_QUOTING.search(prefix):
        prefix = quote(prefix, safe="/")
    return prefix


def _is_relative(src: str) -> bool:
    """A path the renderer resolves from the article's folder."""
    return bool(src.strip()) and not (
        src.startswith(("/", "#", "\\", "?", "@", "~")) or _SCHEME.match(src)
    )


@dataclass(frozen=True, slots=True)
class _Source:
    """One image path as written: ``text[start:end]`` (angle brackets and quotes excluded)."""

    start: int
    end: int
    html: bool  # in an ``<img src>`` attribute (else a Markdown destination)
    angle: bool = False  # a Markdown ``<destination>``
    quote: str = ""  # the attribute's quote character ("" when unquoted)

    def key(self, text: str) -> tuple[bool, str]:
        return _source_key(text[self.start : self.end], self.html)


def _source_key(raw: str, in_html: bool) -> tuple[bool, str]:
    """How the renderer reads a path: entities decoded; Markdown also unescaped and
    percent-encoded like markdown-it does."""
    if in_html:
        return True, html.unescape(raw)
    from markdown_it.common.utils import unescapeAll

    from eulerdoc.article.tokens import parser

    return False, str(parser().normalizeLink(unescapeAll(raw)))


def _code_span_end(text: str, index: int, end: int) -> int:
    """End of the code span opening at ``index`` (or of the backtick run when unclosed)."""
    opening = _BACKTICKS.match(text, index, end)
    run = len(opening.group(0)) if opening else 1
    closing = re.compile("(?<!`)`{" + str(run) + "}(?!`)")
    found = closing.search(text, index + run, end)
    return found.end() if found else index + run


def _destination(text: str, index: int, end: int) -> _Source | None:
    """The Markdown link destination starting at ``index`` (just after ``(``)."""
    while index < end and text[index] in " \t":
        index += 1
    if index < end and text[index] == "\n":
        index += 1
        while index < end and text[index] in " \t":
            index += 1
    if index >= end:
        return None
    if text[index] == "<":
        position = index + 1
        while position < end and text[position] not in "<>\n":
            position += 2 if text[position] == "\\" else 1
        if position < end and text[position] == ">":
            return _Source(index + 1, position, html=False, angle=True)
        return None
    position, depth = index, 0
    while position < end:
        char = text[position]
        if char == "\\" and position + 1 < end:
            position += 2
            continue
        if char.isspace() or ord(char) < 32:
            break
        if char == "(":
            depth += 1
        elif char == ")":
            if depth == 0:
                break
            depth -= 1
        position += 1
    return _Source(index, position, html=False) if position > index else None


def _alt_end(text: str, index: int, end: int) -> int | None:
    """Offset of the ``]`` closing the image text opened at ``index`` (after ``![``)."""
    depth = 1
    while index < end:
        char = text[index]
        if char == "\\":
            index += 2
            continue
        if char == "[":
            depth += 1
        elif char == "]":
            depth -= 1
            if depth == 0:
                return index
        elif char == "\n" and text.startswith("\n", index + 1):
            return None  # a blank line ends the paragraph
        index += 1
    return None


def _scan_images(
    text: str, start: int = 0, end: int | None = None, skip: Sequence[tuple[int, int]] = ()
) -> list[_Source]:
    """Image paths written in ``text[start:end]``: Markdown ``![alt](path)`` and
    ``<img src=path>``; code spans and the ``skip`` regions are not looked into."""
    end = len(text) if end is None else end
    regions = sorted(skip)
    found: list[_Source] = []
    index = start
    while index < end:
        while regions and regions[0][1] <= index:
            regions.pop(0)
        if regions and regions[0][0] <= index:
            index = regions[0][1]
            continue
        marker = _IMAGE_MARKERS.search(text, index, end)
        if marker is None:
            break
        if regions and regions[0][0] <= marker.start():
            index = regions[0][0]
            continue
        index = marker.start()
        char = text[index]
        if char == "\\":
            index += 2
        elif char == "`":
            index = _code_span_end(text, index, end)
        elif char == "<":
            tag = _HTML_IMG.match(text, index, end)
            if tag is None:
                index += 1
                continue
            attribute = _SRC_ATTR.search(tag.group(0))
            if attribute is not None:
                group = next(g for g in (2, 3, 4) if attribute.group(g) is not None)
                quote_char = {2: '"', 3: "'", 4: ""}[group]
                found.append(
                    _Source(
                        index + attribute.start(group),
                        index + attribute.end(group),
                        html=True,
                        quote=quote_char,
                    )
                )
            index = tag.end()
        elif char == "!" and text.startswith("[", index + 1):
            close = _alt_end(text, index + 2, end)
            if close is not None and text.startswith("(", close + 1):
                source = _destination(text, close + 2, end)
                if source is not None:
                    found.append(source)
            index += 2
        else:
            index += 1
    return found


def _rendered_images(article: Article) -> set[tuple[bool, str]]:
    """Every image path the renderer sees (Markdown images and ``<img>`` in HTML)."""
    keys: set[tuple[bool, str]] = set()
    stack = list(article.tokens)
    while stack:
        token = stack.pop()
        if token.children:
            stack.extend(token.children)
        if token.type == "image":
            keys.add((False, str(token.attrGet("src") or "")))
        elif token.type in ("html_block", "html_inline"):
            for tag in _HTML_IMG.finditer(token.content):
                attribute = _SRC_ATTR.search(tag.group(0))
                if attribute is not None:
                    raw = next(g for g in attribute.groups()[1:] if g is not None)
                    keys.add(_source_key(raw, True))
    return keys


def _definition_sources(article: Article, rendered: set[tuple[bool, str]]) -> list[_Source]:
    """Destinations of the link reference definitions that images use."""
    found: list[_Source] = []
    references = article.env.get("references") or {}
    for definition in references.values():
        if (False, str(definition.get("href", ""))) not in rendered:
            continue
        first, last = definition.get("map") or (0, 0)
        first += article.body_line
        last += article.body_line
        if not 0 <= first < last <= article.line_count():
            continue
        start = article.line_starts[first]
        end = article.line_span(last - 1)[1]
        label = _DEFINITION_LABEL.match(article.text, start, end)
        if label is not None:
            source = _destination(article.text, label.end(), end)
            if source is not None:
                found.append(source)
    return found


def _code_regions(article: Article) -> list[tuple[int, int]]:
    regions = []
    for token in article.tokens:
        if token.type in ("fence", "code_block") and token.map is not None:
            first, last = token.map
            regions.append((article.line_starts[first], article.line_span(last - 1)[1]))
    return regions


def _article_sources(article: Article) -> list[_Source]:
    """The image paths of the article that the renderer really reads as image paths."""
    rendered = _rendered_images(article)
    if not rendered:
        return []
    sources = [
        source
        for source in _scan_images(article.text, article.body_start, None, _code_regions(article))
        if source.key(article.text) in rendered
    ]
    return sources + _definition_sources(article, rendered)


def _rewritten(raw: str, source: _Source, prefix: str) -> str:
    path = posixpath.normpath(posixpath.join(prefix, raw))
    if raw.endswith("/") and not path.endswith("/"):
        path += "/"
    if source.html and not source.quote:
        return path.replace(" ", "%20")
    if not source.html and not source.angle and re.search(r"[\s<>]", path):
        return path.replace(" ", "%20")
    return path


def _rewrite_sources(
    text: str, sources: Sequence[_Source], mapping: Mapping[tuple[bool, str], str]
) -> str:
    parts: list[str] = []
    position = 0
    for source in sorted(sources, key=lambda s: s.start):
        replacement = mapping.get(source.key(text))
        if replacement is None or source.start < position:
            continue
        parts.append(text[position : source.start])
        parts.append(replacement)
        position = source.end
    parts.append(text[position:])
    return "".join(parts)


def _image_edits(article: Article, edits: list[_Edit], output_path: Path | None) -> list[_Edit]:
    """Rewrite relative image paths so that they resolve from ``output_path``'s folder."""
    prefix = _relative_prefix(article, output_path)
    if prefix is None:
        return edits
    sources = [s for s in _article_sources(article) if _is_relative(article.text[s.start : s.end])]
    if not sources:
        return edits
    mapping: dict[tuple[bool, str], str] = {}
    for source in sources:
        mapping.setdefault(
            source.key(article.text),
            _rewritten(article.text[source.start : source.end], source, prefix),
        )
    regions = [(e.start, e.end) for e in edits if e.translated]
    out = [
        _Edit(e.start, e.end, _rewrite_sources(e.text, _scan_images(e.text), mapping), True)
        if e.translated
        else e
        for e in edits
    ]
    for source in sources:
        if not any(a <= source.start and source.end <= b for a, b in regions):
            out.append(
                _Edit(source.start, source.end, mapping[source.key(article.text)], translated=False)
            )
    return out


def _without_alt(tag: str) -> str:
    """An ``<img>`` tag with its alt text (which is translated) left out."""
    if tag[:4].lower() != "<img":
        return tag
    value = quoted_attribute(tag[4:], "alt")
    if value is None:
        return tag
    return tag[: 4 + value[0]] + tag[4 + value[1] :]


def _structure(tokens: Sequence[Token]) -> list[tuple[object, ...]]:
    """What a translation may not change: blocks and their markers, link targets,
    image sources, code, inline HTML (alt text aside). Text and line breaks may change."""
    out: list[tuple[object, ...]] = []

    def walk(tokens: Sequence[Token], depth: int) -> None:
        for token in tokens:
            if token.type in ("text", "text_special", "softbreak", "hardbreak"):
                continue
            detail: object = None
            if token.type == "link_open":
                detail = token.attrGet("href")
            elif token.type == "image":
                detail = token.attrGet("src")
            elif token.type in ("code_inline", "code_block"):
                detail = token.content
            elif token.type == "fence":
                detail = (token.info, token.content)
            elif token.type == "html_inline":
                detail = _without_alt(token.content)
            out.append((depth, token.type, token.tag, token.nesting, token.markup, detail))
            if token.children and token.type != "image":
                walk(token.children, depth + 1)

    walk(tokens, 0)
    return out


def _structure_breakers(
    article: Article, groups: Sequence[tuple[Message, list[_Edit]]]
) -> list[tuple[Message, list[_Edit]]]:
    """The translations that, once in place, change the article's structure.

    Each translation was checked on its own; this catches what only its place in the
    article reveals (a continuation line that starts a heading inside a list item, …).
    One parse of the translated body in the usual case; only when it differs is each
    translation tried alone, then the others added one by one.
    """
    if not groups:
        return []
    from eulerdoc.article.tokens import parse

    source = _structure(article.tokens)
    body = article.text[article.body_start :]

    def alike(chosen: Sequence[tuple[Message, list[_Edit]]]) -> bool:
        edits = [edit for _message, rendered in chosen for edit in rendered]
        return _structure(parse(_apply(body, edits, -article.body_start), {})) == source

    if alike(groups):
        return []
    bad = [group for group in groups if not alike([group])]
    kept = [group for group in groups if not any(group is b for b in bad)]
    if alike(kept):
        return bad
    accepted: list[tuple[Message, list[_Edit]]] = []
    for group in kept:
        if alike([*accepted, group]):
            accepted.append(group)
        else:
            bad.append(group)
    return bad


def _reject(po_path: str, message: Message, problems: Sequence[check.Problem]) -> list[Diagnostic]:
    return [
        Diagnostic(
            po_path,
            max(message.line, 1),
            1,
            problem.code,
            _("{reason}; the source text is used instead").format(reason=problem.message),
            Severity.ERROR,
        )
        for problem in problems
    ]


def build(
    article: Article,
    messages: Iterable[Message],
    *,
    min_completion: float = 80.0,
    wrap: int | None = None,
    output_path: str | os.PathLike[str] | None = None,
    images: str = IMAGES_REWRITE,
    po_path: str = "",
    front_matter_keys: Sequence[str] | None = None,
) -> BuildResult:
    """Translate ``article`` with ``messages``.

    With ``output_path`` the result is written there atomically, unless completion is
    below ``min_completion`` (then nothing is written; see :attr:`BuildResult.complete`).
    ``po_path`` names the catalogue in diagnostics. ``images`` is ``"rewrite"`` (relative
    image paths follow the output to another folder) or ``"keep"``.
    """
    if images not in IMAGE_MODES:
        raise ValueError(f"images must be one of {IMAGE_MODES}")
    out_path = Path(output_path) if output_path is not None else None
    segments = (
        article.segments
        if front_matter_keys is None
        else segment_article(article, tuple(front_matter_keys))
    )
    table = _lookup(messages)
    newline = article.newline
    edits: list[_Edit] = []
    fm_edits: list[_Edit] = []
    fm_expected: dict[str, str] = {}
    fm_messages: list[Message] = []
    diagnostics: list[Diagnostic] = []
    reported: set[tuple[int, str]] = set()
    verdicts: dict[tuple[str | None, str, str], list[check.Problem]] = {}
    translated = identity = rejected = fuzzy = 0
    groups: list[tuple[Message, list[_Edit]]] = []  # body translations, checked in place
    for segment in segments:
        message = table.get((segment.context, segment.msgid))
        if message is None or not message.translated:
            if message is not None and message.fuzzy and message.msgstr:
                fuzzy += 1
            continue
        if message.msgstr == message.msgid:
            translated += 1
            identity += 1
            continue
        key = (segment.context, segment.msgid, segment.kind)
        if key not in verdicts:
            verdicts[key] = [
                p
                for p in check.find_problems(
                    message.msgid, message.msgstr, kind=segment.kind, env=article.env
                )
                if p.severity is Severity.ERROR
            ]
        problems = verdicts[key]
        if problems:
            rejected += 1
            fresh = [p for p in problems if (message.line, p.code) not in reported]
            reported.update((message.line, p.code) for p in fresh)
            diagnostics.extend(_reject(po_path, message, fresh))
            continue
        rendered = _render(article, segment, message.msgstr, wrap, newline)
        translated += 1
        if segment.kind == FRONT_MATTER:
            fm_edits.extend(rendered)
            fm_expected[segment.context or ""] = message.msgstr
            fm_messages.append(message)
        else:
            groups.append((message, rendered))
    for message, rendered in _structure_breakers(article, groups):
        translated -= 1
        rejected += 1
        groups = [g for g in groups if g[1] is not rendered]
        if (message.line, "PO108") not in reported:
            reported.add((message.line, "PO108"))
            problem = check.Problem(
                "PO108",
                _(
                    "in its place in the article the translation changes the structure (for "
                    "example a line that starts a block there, or a backtick that opens a "
                    "code span over the text that follows)"
                ),
            )
            diagnostics.extend(_reject(po_path, message, [problem]))
    edits.extend(edit for _message, rendered in groups for edit in rendered)
    if fm_edits:
        if _front_matter_ok(article, fm_edits, fm_expected):
            edits.extend(fm_edits)
        else:
            translated -= len(fm_edits)
            rejected += len(fm_edits)
            for message in fm_messages:
                problem = check.Problem(
                    "PO116", _("the translated front matter would not be valid YAML")
                )
                diagnostics.extend(_reject(po_path, message, [problem]))
    if images == IMAGES_REWRITE:
        edits = _image_edits(article, edits, out_path)
    text = _apply(article.text, edits)
    total = len(segments)
    completion = 100.0 if total == 0 else 100.0 * translated / total
    result = BuildResult(
        text=text,
        data=article.encode(text),
        completion=completion,
        total=total,
        translated=translated,
        identity=identity,
        fallback=total - translated,
        rejected=rejected,
        fuzzy=fuzzy,
        min_completion=min_completion,
        diagnostics=sorted(diagnostics, key=Diagnostic.sort_key),
        output_path=out_path,
    )
    if out_path is not None and result.complete:
        from eulerdoc.fsio import write_atomic

        result.written = write_atomic(out_path, result.data)
    return result
