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

import os
import posixpath
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from eulerdoc.article.segments import (
    FRONT_MATTER,
    HEADING,
    HTML,
    IMAGE_ALT,
    TABLE_CELL,
    Segment,
    segment_article,
)
from eulerdoc.article.text import display_width
from eulerdoc.diagnostic import Diagnostic, Severity
from eulerdoc.i18n import _
from eulerdoc.l10n import check

if TYPE_CHECKING:
    from eulerdoc.article.model import Article
    from eulerdoc.l10n.catalog import Message

IMAGES_REWRITE = "rewrite"
IMAGES_KEEP = "keep"
IMAGE_MODES = (IMAGES_REWRITE, IMAGES_KEEP)

_UNESCAPED_PIPE = re.compile(r"(?<!\\)((?:\\\\)*)\|")
_ATX_CLOSING = re.compile(r"(^|[ \t])(#+)[ \t]*$")
_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:")
_MD_IMAGE_SRC = re.compile(r"(!\[(?:\\.|[^\]\\])*\]\(\s*<?)([^\s)>]+)")
_HTML_IMAGE_SRC = re.compile(r"(<img\b[^>]*?\bsrc\s*=\s*[\"']?)([^\"'\s>]+)", re.IGNORECASE)
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
        underline = char * max(3, display_width(text))
        return [
            _Edit(segment.start, segment.end, text),
            _Edit(u_start, u_end, underline, translated=False),
        ]
    if kind == TABLE_CELL:
        return [_Edit(segment.start, segment.end, _escape_pipes(msgstr.strip()))]
    if kind == IMAGE_ALT:
        quote = _attribute_quote(article, segment)
        text = msgstr.strip()
        return [
            _Edit(segment.start, segment.end, _escape_attribute(text, quote) if quote else text)
        ]
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
    return Path(os.path.relpath(source, target)).as_posix()


def _is_relative(src: str) -> bool:
    return bool(src) and not (
        src.startswith(("/", "#", "\\")) or src.startswith("//") or _SCHEME.match(src)
    )


def _image_sources(article: Article, prefix: str) -> list[tuple[int, int, str, str]]:
    """(start, end, raw src, rewritten src) of every relative image path."""
    try:
        refs = article.images
    except ImportError:  # the image finder is not available in this installation
        return []
    out = []
    for ref in refs:
        kind = str(getattr(ref, "kind", ""))
        src = str(getattr(ref, "src", ""))
        start, end = int(getattr(ref, "start", -1)), int(getattr(ref, "end", -1))
        if "banner" in kind or start < 0 or end <= start:
            continue
        raw = article.text[start:end]
        inner = raw[1:-1] if raw.startswith("<") and raw.endswith(">") else raw
        if not _is_relative(inner) or not _is_relative(src):
            continue
        rewritten = posixpath.normpath(posixpath.join(prefix, inner))
        if raw != inner:
            rewritten = "<" + rewritten + ">"
        out.append((start, end, raw, rewritten))
    return out


def _rewrite_inside(text: str, mapping: Mapping[str, str]) -> str:
    def replace(match: re.Match[str]) -> str:
        return match.group(1) + mapping.get(match.group(2), match.group(2))

    text = _MD_IMAGE_SRC.sub(replace, text)
    return _HTML_IMAGE_SRC.sub(replace, text)


def _image_edits(article: Article, edits: list[_Edit], output_path: Path | None) -> list[_Edit]:
    prefix = _relative_prefix(article, output_path)
    if prefix is None:
        return edits
    sources = _image_sources(article, prefix)
    if not sources:
        return edits
    mapping: dict[str, str] = {}
    for _start, _end, raw, rewritten in sources:
        inner = raw.strip("<>")
        mapping.setdefault(inner, rewritten.strip("<>"))
    regions = sorted((e.start, e.end) for e in edits if e.translated)
    out = [
        _Edit(e.start, e.end, _rewrite_inside(e.text, mapping), e.translated) if e.translated else e
        for e in edits
    ]
    for start, end, _raw, rewritten in sources:
        if not any(a <= start and end <= b for a, b in regions):
            out.append(_Edit(start, end, rewritten, translated=False))
    return out


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
    output_path: Path | str | None = None,
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
            edits.extend(rendered)
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
