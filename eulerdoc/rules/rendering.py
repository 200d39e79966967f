"""Rendering rules: Markdown that markdown-it shows differently from what the author meant.

MD001 emphasis markers shown literally, MD002 escapes that change nothing (pandoc
artefacts), MD003 ``[https://…]`` that is not a link.

Everything is decided from what the parser sees. Each inline block (paragraph, heading,
table cell) is parsed again by an instrumented copy of the site's markdown-it parser
that records where every inline construct starts and ends in the block's source text:
emphasis delimiter runs and whether markdown-it paired them, backslash escapes, code
spans, autolinks, raw HTML, links and images. A :class:`InlineView` maps those positions
back to offsets in ``Article.text``, so every diagnostic points at the exact character.

Fixes are proposed only when re-parsing the changed block proves them right: the same
block structure, the same rendered HTML (MD002), a ``<strong>``/``<em>`` for the span
and otherwise the same visible text (MD001), an autolink for the URL (MD003).
"""

from __future__ import annotations

import bisect
import html
import itertools
import re
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from typing import TYPE_CHECKING, Any, TypeVar

from eulerdoc.diagnostic import Diagnostic, Edit, Fix, Severity
from eulerdoc.i18n import N_, _
from eulerdoc.rules.registry import checker, define_rule

if TYPE_CHECKING:
    from markdown_it import MarkdownIt
    from markdown_it.rules_inline import StateInline
    from markdown_it.token import Token

    from eulerdoc.article.model import Article
    from eulerdoc.rules.context import LintContext

define_rule(
    "MD001",
    "literal-emphasis",
    N_("Emphasis markers are shown literally instead of making text bold or italic"),
    N_("""
What it does: reports '**', '__', '*' and '_' markers that markdown-it does not turn
into bold or italic, at the opening marker, and says why. The usual causes are
punctuation just inside a closing marker that is followed by a letter
('**注意：**正文': CommonMark does not let a marker that follows punctuation close
before a letter), spaces just inside the markers ('**  8家伙伴**'), '__' between
letters ('中文__粗体__中文') and two bold parts written back to back
('**一****二**'). Markers inside code spans, URLs, escaped markers ('\\*') and '*' or
'_' used for other purposes (2**10, a * b, file_name, __init__) are not reported; a
single '*' or '_' only when the repair below proves it was meant as italics.
Why: the reader sees the asterisks on the page and the text is not bold; Chinese text
converted from Word hits this often, because full-width punctuation usually ends the
bold part.
Example: '**注意：**正文' shows as **注意：**正文; '**  8家伙伴基于openEuler**' shows
its asterisks too.
Fix: move the punctuation outside the markers ('**注意**：正文'), remove spaces just
inside them ('**8家伙伴基于openEuler**'), write '**' for '__' between letters and
remove the '****' between two bold parts. The automatic fix does exactly that, and only
when re-parsing shows each span becomes bold, bold that worked still works and the
visible text is otherwise unchanged. When the punctuation belongs to a link or code
('**[链接](…)**后'), put a space after the closing marker by hand.
"""),
    fixable=True,
)
define_rule(
    "MD002",
    "unneeded-escape",
    N_("A backslash escape changes nothing and only clutters the text"),
    N_("""
What it does: reports each backslash escape ('\\_', '\\"', '\\'', '\\~', '\\.', '\\<',
'\\[' ...) that can be removed without changing what markdown-it renders; every removal
is checked by rendering the block again. Escapes in code, escapes that are needed,
'\\\\', '\\#', '\\|' and '\\`' are never reported, nor '\\*' and '\\_' where
the bare character could start or end emphasis ('\\*注意\\*').
Why: converters such as pandoc escape characters that need no escape in this place.
The backslashes make the source harder to read, to translate and to search
('file\\_name' is not found when searching 'file_name').
Example: 'openEuler\\_24.03\\_LTS' and '\\"开源\\"' render exactly like
'openEuler_24.03_LTS' and '"开源"'.
Fix: remove the backslash. The automatic fix removes only backslashes whose removal,
all of them together, keeps the rendered HTML and the block structure identical.
"""),
    severity=Severity.WARNING,
    fixable=True,
)
define_rule(
    "MD003",
    "bare-bracketed-url",
    N_("A URL in square brackets is not a link"),
    N_("""
What it does: reports '[https://…]' written in square brackets that markdown-it does
not read as a link: no '(…)' or '[…]' after it and no matching reference definition.
Why: the page shows the brackets and the address as plain text that cannot be clicked.
Example: '详情见[https://gitee.com/openeuler/community]。'
Fix: write an autolink '<https://gitee.com/openeuler/community>' (what the automatic fix
does), or a link with text: '[社区仓库](https://gitee.com/openeuler/community)'.
"""),
    severity=Severity.WARNING,
    fixable=True,
)

# --- the instrumented parser -------------------------------------------------------

STAR, UNDERSCORE = "*", "_"


@dataclass(eq=False, slots=True)
class Run:
    """One delimiter run of ``*`` or ``_`` as the emphasis rule scanned it."""

    pos: int  # index in the block's inline source
    length: int
    marker: str
    scope: int  # runs can pair only inside the same scope (link text is its own)
    can_open: bool = False
    can_close: bool = False
    tokens: list[Token] = field(default_factory=list, repr=False)
    matched: list[bool] = field(default_factory=list)

    @property
    def end(self) -> int:
        return self.pos + self.length

    @property
    def literal(self) -> bool:
        """No marker of the run became emphasis: the whole run is shown as text."""
        return bool(self.matched) and not any(self.matched)


@dataclass(frozen=True, slots=True)
class Span:
    kind: str  # "code", "autolink", "html", "entity", "link", "image"
    start: int
    end: int
    label_start: int = -1  # link text / image alt, for links and images
    label_end: int = -1


@dataclass
class InlineScan:
    """What markdown-it saw in one block's inline source, with positions."""

    src: str
    runs: list[Run] = field(default_factory=list)
    escapes: list[int] = field(default_factory=list)  # index of each escaping backslash
    spans: list[Span] = field(default_factory=list)
    pairs: list[tuple[int, int]] = field(default_factory=list)  # matched emphasis (open, close)

    def opaque(self) -> list[tuple[int, int]]:
        """Ranges that are not prose: code, autolinks, raw HTML, entities, link targets."""
        out: list[tuple[int, int]] = []
        for span in self.spans:
            if span.kind in ("link", "image"):
                if span.kind == "image":
                    out.append((span.start, span.label_start))
                out.append((span.label_end, span.end))
            else:
                out.append((span.start, span.end))
        return sorted(out)

    def link_ranges(self) -> list[tuple[int, int]]:
        return [(s.start, s.end) for s in self.spans if s.kind in ("link", "image")]


class _Recorder:
    def __init__(self, src: str) -> None:
        self.scan = InlineScan(src)
        self.scopes: dict[int, int] = {}
        self.positions: dict[int, int] = {}  # id(token) -> position of its marker

    def scope(self, delimiters: object) -> int:
        return self.scopes.setdefault(id(delimiters), len(self.scopes))


_recording: list[_Recorder] = []


def _current(state: StateInline) -> _Recorder | None:
    if _recording and state.src is _recording[-1].scan.src:
        return _recording[-1]
    return None


def _wrap(kind: str, rule: Callable[[StateInline, bool], bool]) -> Callable[..., bool]:
    from markdown_it.helpers import parseLinkLabel

    def recorded(state: StateInline, silent: bool) -> bool:
        recorder = None if silent else _current(state)
        if recorder is None:
            return rule(state, silent)
        start = state.pos
        scope = state.delimiters
        label_end = -1
        if kind == "link" and state.src[start] == "[":
            label_end = parseLinkLabel(state, start, True)
        elif kind == "image" and state.src.startswith("![", start):
            label_end = parseLinkLabel(state, start + 1, False)
        if not rule(state, silent):
            return False
        end = state.pos
        scan = recorder.scan
        if kind == "emphasis":
            delimiter = scope[-1]  # what the rule appended: its flanking decision
            run = Run(start, end - start, state.src[start], recorder.scope(scope))
            run.can_open, run.can_close = delimiter.open, delimiter.close
            run.tokens = state.tokens[len(state.tokens) - run.length :]
            for index, token in enumerate(run.tokens):
                recorder.positions[id(token)] = start + index
            scan.runs.append(run)
        elif kind == "escape":
            if state.src[start + 1] != "\n":
                scan.escapes.append(start)
        elif kind in ("link", "image"):
            label_start = start + (1 if kind == "link" else 2)
            if label_end < label_start:  # not found again: keep the whole construct opaque
                label_start = label_end = end
            scan.spans.append(Span(kind, start, end, label_start, label_end))
        else:
            scan.spans.append(Span(kind, start, end))
        return True

    return recorded


def _snapshot(state: StateInline) -> None:
    """After emphasis is paired, before text tokens are merged: which markers matched."""
    recorder = _current(state)
    if recorder is None:
        return
    for run in recorder.scan.runs:
        run.matched = [
            not (token.type == "text" and token.content == run.marker) for token in run.tokens
        ]
    lists = [state.delimiters]
    lists += [m["delimiters"] for m in state.tokens_meta if m and "delimiters" in m]
    for delimiters in lists:
        for delimiter in delimiters:
            if delimiter.end < 0 or chr(delimiter.marker) not in (STAR, UNDERSCORE):
                continue
            opener = state.tokens[delimiter.token]
            closer = state.tokens[delimiters[delimiter.end].token]
            start = recorder.positions.get(id(opener))
            stop = recorder.positions.get(id(closer))
            if start is not None and stop is not None:
                recorder.scan.pairs.append((start, stop))


@lru_cache(maxsize=1)
def _scanner() -> MarkdownIt:
    """A private parser configured like :func:`eulerdoc.article.tokens.parser`, instrumented."""
    from markdown_it import MarkdownIt
    from markdown_it import rules_inline as r

    md = MarkdownIt("commonmark", {"html": True, "maxNesting": 64})
    md.enable(["table", "strikethrough"])
    rules: dict[str, tuple[str, Callable[[StateInline, bool], bool]]] = {
        "escape": ("escape", r.escape),
        "backticks": ("code", r.backtick),
        "emphasis": ("emphasis", r.emphasis.tokenize),
        "link": ("link", r.link),
        "image": ("image", r.image),
        "autolink": ("autolink", r.autolink),
        "html_inline": ("html", r.html_inline),
        "entity": ("entity", r.entity),
    }
    for name, (kind, rule) in rules.items():
        md.inline.ruler.at(name, _wrap(kind, rule))
    md.inline.ruler2.before("fragments_join", "eulerdoc_snapshot", _snapshot)
    return md


def scan_inline(src: str, env: dict[str, Any] | None = None) -> InlineScan:
    """Parse one block's inline source and record what markdown-it saw, with positions."""
    from eulerdoc.article.text import is_meaningless_alt

    md = _scanner()
    recorder = _Recorder(src)
    _recording.append(recorder)
    try:
        md.inline.parse(src, md, dict(env or {}), [])
    finally:
        _recording.pop()
    scan = recorder.scan
    scan.spans.sort(key=lambda s: s.start)
    for span in scan.spans:
        # Image descriptions are parsed separately by markdown-it; their escapes count too,
        # except in generated descriptions ('IMG\_256') that the image rules report anyway.
        alt = src[span.label_start : span.label_end]
        if span.kind == "image" and "\\" in alt and not is_meaningless_alt(alt):
            inner = scan_inline(alt, env)
            scan.escapes.extend(span.label_start + index for index in inner.escapes)
    scan.escapes.sort()
    return scan


# --- inline blocks located in the article --------------------------------------------


class InlineView:
    """One inline token (paragraph, heading, table cell) and where its source lies."""

    def __init__(self, article: Article, token: Token, starts: list[int], offsets: list[int]):
        self.article = article
        self.token = token
        self.src: str = token.content
        self._starts = starts  # index in src where each line begins
        self._offsets = offsets  # offset in article.text of each of those lines

    @cached_property
    def scan(self) -> InlineScan:
        return scan_inline(self.src, self.article.env)

    @cached_property
    def rendered(self) -> str:
        """The block's inline HTML, as the site shows it (the reference for repairs)."""
        return _render(self.src, self.article.env)

    @cached_property
    def shape(self) -> list[tuple[str, str, int]]:
        """The block structure of the source alone (a repair must not change it)."""
        return _block_shape(self.src)

    def keeps_shape(self, fixed: str) -> bool:
        """Whether ``fixed`` (the block's source after edits) keeps the block structure.

        Parsed alone it must give the same blocks. Inside a quote or list item that is
        not enough: a continuation line there may be lazy (written without the ``>`` or
        the indentation), and a lazy line that begins with block syntax ends the
        container where, alone, it would continue the paragraph ('> a' then '*'). So
        there no changed line after the first may begin with block syntax.
        """
        if _block_shape(fixed) != self.shape:
            return False
        if self.token.level <= 1:  # the inline content of a top-level block
            return True
        old, new = self.src.split("\n"), fixed.split("\n")
        if len(old) != len(new):
            return False
        return not any(
            a != b and _BLOCK_START.match(b) for a, b in zip(old[1:], new[1:], strict=True)
        )

    def changes_only_text(self, start: int, end: int, replacement: str) -> bool:
        """Whether replacing ``src[start:end]`` changes only what the reader sees there:
        the same blocks, the same markup (links and their targets, emphasis, code), and
        the visible text changed by that replacement alone. Not so for the text of a
        ``[label]`` reference link: the label must match its definition."""
        fixed = self.src[:start] + replacement + self.src[end:]
        before = _ALT_OUT.sub(r"\1\3\2", self.rendered)  # an image's alt is its text
        after = _ALT_OUT.sub(r"\1\3\2", _render(fixed, self.article.env))
        if _TAG.findall(after) != _TAG.findall(before):
            return False
        old, new = _visible(before), _visible(after)
        found = self.src[start:end]
        at = old.find(found)
        while at >= 0:
            if new == old[:at] + replacement + old[at + len(found) :]:
                return self.keeps_shape(fixed)
            at = old.find(found, at + 1)
        return False

    def trials(self, most: int) -> int:
        """How many re-parses a rule may spend on this block: ``most`` for ordinary
        blocks, fewer for huge ones, so that the work stays proportional to the size."""
        return max(1, min(most, _TRIAL_CHARACTERS // max(1, len(self.src))))

    def opaque(self) -> list[tuple[int, int]]:
        """:meth:`InlineScan.opaque` of this block, without scanning when it cannot have
        any: code, links, images, autolinks, raw HTML and entities each start with one of
        ``` `[<&```."""
        if not _SPAN_START.search(self.src):
            return []
        return self.scan.opaque()

    def offset(self, index: int) -> int:
        """Offset in ``Article.text`` of the character at ``index`` of the inline source."""
        line = bisect.bisect_right(self._starts, index) - 1
        return self._offsets[line] + index - self._starts[line]

    def edit(self, start: int, end: int, replacement: str) -> Edit:
        """An edit of ``src[start:end]`` (which never spans a line break) in article offsets."""
        begin = self.offset(start)
        return Edit(begin, begin + (end - start), replacement)

    def line_starts(self) -> list[int]:
        return list(self._starts)


# The views of the article being checked (its checkers run one after another). One slot
# only: views refer to their article, so a longer-lived cache would keep every article.
_LAST_VIEWS: list[tuple[Article, list[InlineView]]] = []
_SPAN_START = re.compile(r"[`\[<&]")


def _locate(
    article: Article, token: Token, cursor: dict[int, int], cell: bool
) -> InlineView | None:
    if not token.map or not token.content:
        return None
    text = article.text
    lines = token.content.split("\n")
    first, last = token.map
    if first + len(lines) > last:
        return None
    starts: list[int] = []
    offsets: list[int] = []
    index = 0
    for number, content in enumerate(lines):
        line = first + number
        begin, end = article.line_span(line)
        begin = max(begin, cursor.get(line, begin))
        source = text[begin:end]
        if not cell and source.endswith(content):
            at = end - len(content)
        elif not cell and content and source.rstrip().endswith(content.rstrip()):
            at = begin + len(source.rstrip()) - len(content.rstrip())
        else:
            found = source.find(content)
            if found < 0:
                return None
            at = begin + found
        cursor[line] = at + len(content)
        starts.append(index)
        offsets.append(at)
        index += len(content) + 1
    return InlineView(article, token, starts, offsets)


def inline_views(article: Article) -> list[InlineView]:
    """Every inline token of the article body that could be located in the text."""
    if _LAST_VIEWS and _LAST_VIEWS[0][0] is article:
        return _LAST_VIEWS[0][1]
    views: list[InlineView] = []
    cursor: dict[int, int] = {}
    tokens = article.tokens
    for index, token in enumerate(tokens):
        if token.type != "inline":
            continue
        cell = index > 0 and tokens[index - 1].type in ("th_open", "td_open")
        view = _locate(article, token, cursor, cell)
        if view is not None:
            views.append(view)
    _LAST_VIEWS[:] = [(article, views)]
    return views


# --- helpers ----------------------------------------------------------------------

_BARE_URL = re.compile(
    r"(?:https?|ftp)://[^\s<>\"'`\[\]()（）【】，。；！？、]*|www\.[^\s<>\"'`\[\]()]+", re.I
)
_TAG = re.compile(r"<[^>]*>")
_ALT_OUT = re.compile(r'(<img\b[^>]*?) alt="([^"]*)"([^>]*>)')


def bare_url_ranges(src: str) -> list[tuple[int, int]]:
    return [m.span() for m in _BARE_URL.finditer(src)]


class _Covered:
    """Whether an index lies in one of some half-open ranges, by binary search (a block
    can hold thousands of ranges and as many indexes to test)."""

    def __init__(self, ranges: Sequence[tuple[int, int]]) -> None:
        starts: list[int] = []
        ends: list[int] = []
        for start, end in sorted(ranges):
            if start >= end:
                continue
            if ends and start <= ends[-1]:
                ends[-1] = max(ends[-1], end)
            else:
                starts.append(start)
                ends.append(end)
        self._starts = starts
        self._ends = ends

    def __contains__(self, index: int) -> bool:
        at = bisect.bisect_right(self._starts, index) - 1
        return at >= 0 and index < self._ends[at]


def _render(src: str, env: dict[str, Any]) -> str:
    from eulerdoc.article.tokens import parser

    return str(parser().renderInline(src, dict(env)))


def _visible(rendered: str) -> str:
    return html.unescape(_TAG.sub("", rendered))


def _block_shape(src: str) -> list[tuple[str, str, int]]:
    from eulerdoc.article.tokens import parse

    return [(t.type, t.tag, t.nesting) for t in parse(src)]


def _apply(src: str, edits: Sequence[tuple[int, int, str]]) -> str:
    out: list[str] = []
    position = 0
    for start, end, replacement in sorted(edits):
        out.append(src[position:start])
        out.append(replacement)
        position = end
    out.append(src[position:])
    return "".join(out)


_TRIAL_CHARACTERS = 400_000  # characters a rule re-parses per block, at most
T = TypeVar("T")


def _accept(candidates: list[T], works: Callable[[list[T]], bool], trials: int) -> list[T]:
    """The candidates that work together (``works`` is asked about what was accepted plus
    a batch): all of them if possible, else halves tried on top of what was accepted,
    down to single candidates, with at most ``trials`` tries; what is not reached within
    them is left out."""
    accepted: list[T] = []
    budget = [trials]

    def visit(batch: list[T]) -> None:
        if not batch or budget[0] <= 0:
            return
        budget[0] -= 1
        if works([*accepted, *batch]):
            accepted.extend(batch)
        elif len(batch) > 1:
            half = len(batch) // 2
            visit(batch[:half])
            visit(batch[half:])

    visit(candidates)
    return accepted


def _is_space(char: str) -> bool:
    from markdown_it.common.utils import isWhiteSpace

    return bool(char) and char != "\n" and isWhiteSpace(ord(char))


def _is_punct(char: str) -> bool:
    from markdown_it.common.utils import isMdAsciiPunct, isPunctChar

    return bool(char) and (isMdAsciiPunct(ord(char)) or isPunctChar(char))


def _is_word(char: str) -> bool:
    """Neither white space, nor punctuation, nor the edge of the text."""
    from markdown_it.common.utils import isWhiteSpace

    return bool(char) and not isWhiteSpace(ord(char)) and not _is_punct(char)


# --- MD001 --------------------------------------------------------------------------

Edits = list[tuple[int, int, str]]


@dataclass
class _Problem:
    """An intended emphasis span (or a lone marker) that markdown-it shows literally."""

    opener: Run
    closer: Run | None
    message: str
    edits: Edits = field(default_factory=list)  # the proposed repair, in inline-source indexes
    new: str = ""  # the marker the repair writes
    verified: bool = False


def _intended_pairs(runs: list[Run]) -> tuple[list[tuple[Run, Run]], list[Run]]:
    """How the author paired the markers: each one closes the last open one like it."""
    stack: list[Run] = []
    pairs: list[tuple[Run, Run]] = []
    for run in runs:
        if stack and (stack[-1].marker, stack[-1].length) == (run.marker, run.length):
            pairs.append((stack.pop(), run))
        else:
            stack.append(run)
    return pairs, stack


def _space_after(src: str, index: int) -> int:
    end = index
    while end < len(src) and _is_space(src[end]):
        end += 1
    return end


def _space_before(src: str, index: int) -> int:
    start = index
    while start > 0 and _is_space(src[start - 1]):
        start -= 1
    return start


_MARKUP = frozenset("*_\\`<>[]!~&|")


def _movable(src: str, index: int, protected: set[int]) -> bool:
    """Plain punctuation that can move across a marker: not part of any markup."""
    char = src[index]
    return _is_punct(char) and char not in _MARKUP and index not in protected


def _punct_after(src: str, index: int, protected: set[int]) -> int:
    end = index
    while end < len(src) and _movable(src, end, protected):
        end += 1
    return end


def _punct_before(src: str, index: int, protected: set[int]) -> int:
    start = index
    while start > 0 and _movable(src, start - 1, protected):
        start -= 1
    return start


def _protected(scan: InlineScan) -> set[int]:
    out: set[int] = set()
    for span in scan.spans:
        out.update(range(span.start, span.end))
    for index in scan.escapes:
        out.update((index, index + 1))
    return out


def _char(src: str, index: int) -> str:
    return src[index] if 0 <= index < len(src) else ""


def _emphasis_problem(view: InlineView, opener: Run, closer: Run | None) -> _Problem:
    """Why the markers are shown literally, and the repair that would make them work."""
    src = view.src
    marker = src[opener.pos : opener.end]
    if closer is None:
        if (
            opener.length >= 4
            and opener.length % 2 == 0
            and _is_word(_char(src, opener.pos - 1))
            and _is_word(_char(src, opener.end))
        ):
            # '**一**' and '**二**' written back to back: '**一****二**'.
            message = _("'{marker}' between two bold parts is shown literally; remove it").format(
                marker=marker
            )
            return _Problem(opener, None, message, [(opener.pos, opener.end, "")])
        message = _("'{marker}' has no matching marker and is shown literally").format(
            marker=marker
        )
        return _Problem(opener, None, message)
    reasons: list[str] = []
    protected = _protected(view.scan)
    before_open, after_open = _char(src, opener.pos - 1), _char(src, opener.end)
    before_close, after_close = _char(src, closer.pos - 1), _char(src, closer.end)
    # '_' cannot open or close inside a word, '*' can: the repair writes '*' instead.
    swap = opener.marker == UNDERSCORE and (
        (_is_word(before_open) and _is_word(after_open))
        or (_is_word(before_close) and _is_word(after_close))
    )
    new = STAR * opener.length if swap else marker
    edits: Edits = []
    moved_open = moved_close = False
    # The opening marker: spaces just inside it, or punctuation after it and a letter
    # before it.
    if _is_space(after_open):
        stop = _space_after(src, opener.end)
        if stop < closer.pos:
            edits.append((opener.end, stop, ""))
        reasons.append(
            _(
                "space after the opening '{marker}': markdown-it shows the markers literally; "
                "remove it"
            ).format(marker=marker)
        )
    elif _is_punct(after_open) and _is_word(before_open):
        stop = _punct_after(src, opener.end, protected)
        if opener.end < stop < closer.pos:
            punct = src[opener.end : stop]
            edits.append((opener.pos, stop, punct + new))
            moved_open = True
            advice = _("move '{punct}' before it").format(punct=punct)
        else:
            punct = after_open
            advice = _("put a space before it")
        reasons.append(
            _(
                "the opening '{marker}' is followed by '{punct}' and preceded by a letter, "
                "so markdown-it shows the markers literally; {advice}"
            ).format(marker=marker, punct=punct, advice=advice)
        )
    # The closing marker, the same way round.
    if _is_space(before_close):
        start = _space_before(src, closer.pos)
        if start > opener.end:
            edits.append((start, closer.pos, ""))
        reasons.append(
            _(
                "space before the closing '{marker}': markdown-it shows the markers literally; "
                "remove it"
            ).format(marker=marker)
        )
    elif _is_punct(before_close) and _is_word(after_close):
        start = _punct_before(src, closer.pos, protected)
        if opener.end < start < closer.pos:
            punct = src[start : closer.pos]
            edits.append((start, closer.end, new + punct))
            moved_close = True
            advice = _("move '{punct}' after it").format(punct=punct)
        else:
            punct = before_close
            advice = _("put a space after it")
        reasons.append(
            _(
                "the closing '{marker}' follows '{punct}' and touches a letter, so "
                "markdown-it shows the markers literally; {advice}"
            ).format(marker=marker, punct=punct, advice=advice)
        )
    if swap:
        if not moved_open:
            edits.append((opener.pos, opener.end, new))
        if not moved_close:
            edits.append((closer.pos, closer.end, new))
        reasons.append(
            _("'{marker}' next to letters does not make emphasis; write '{star}'").format(
                marker=marker, star=new
            )
        )
    if reasons:
        message = reasons[0]
    else:
        message = _("'{marker}' is shown literally: markdown-it cannot pair these markers").format(
            marker=marker
        )
    return _Problem(opener, closer, message, sorted(edits), new)


def _overlapping(edits: Edits) -> bool:
    ordered = sorted(edits)
    return any(a[1] > b[0] or (a[0] == a[1] == b[0]) for a, b in itertools.pairwise(ordered))


class _Shifts:
    """Where positions of the old text land once sorted, non-overlapping edits are
    applied; each lookup is a binary search (a block may have thousands of repairs)."""

    def __init__(self, edits: Edits) -> None:
        self.edits = edits
        self.starts = [start for start, _end, _replacement in edits]
        self.ends = [end for _start, end, _replacement in edits]
        self.deltas = [0]
        for start, end, replacement in edits:
            self.deltas.append(self.deltas[-1] + len(replacement) - (end - start))

    def shift(self, index: int) -> int:
        """Where ``index`` of the old text lands."""
        return index + self.deltas[bisect.bisect_right(self.ends, index)]

    def new_position(self, run: Run, new: str, opening: bool) -> int:
        """Where a marker run is after the edits; a moved or rewritten marker is at the
        end (opening) or the start (closing) of its edit's replacement."""
        at = bisect.bisect_right(self.starts, run.pos) - 1
        if at >= 0 and run.pos < self.ends[at]:
            start, _end, replacement = self.edits[at]
            if opening and replacement.endswith(new):
                return self.shift(start) + len(replacement) - len(new)
            if not opening and replacement.startswith(new):
                return self.shift(start)
            return -1
        return self.shift(run.pos)


def _without_markers(text: str) -> str:
    return text.replace(STAR, "").replace(UNDERSCORE, "")


def _repairs_work(view: InlineView, problems: list[_Problem]) -> bool:
    """Re-parse with all the repairs: each span must become emphasis, the visible text
    must stay the same apart from the markers and the removed spaces, and the block
    structure must not change."""
    src = view.src
    env = view.article.env
    edits = sorted(edit for problem in problems for edit in problem.edits)
    if not edits or _overlapping(edits):
        return False
    fixed = _apply(src, edits)
    shifts = _Shifts(edits)
    scan = scan_inline(fixed, env)
    matched = {r.pos: all(r.matched) for r in scan.runs}
    pairs = set(scan.pairs)
    for problem in problems:
        if problem.closer is None:
            continue  # a stray run removed: the checks below are what matters
        new = problem.new
        start = shifts.new_position(problem.opener, new, True)
        stop = shifts.new_position(problem.closer, new, False)
        if start < 0 or stop < 0:
            return False
        if fixed[start : start + len(new)] != new or fixed[stop : stop + len(new)] != new:
            return False
        if not (matched.get(start) and matched.get(stop)):
            return False
        if not any(
            (o, c) in pairs
            for o in range(start, start + len(new))
            for c in range(stop, stop + len(new))
        ):
            return False
    # Emphasis that worked before still works.
    involved = {id(r) for p in problems for r in (p.opener, p.closer)}
    for run in view.scan.runs:
        if id(run) not in involved and all(run.matched) and not matched.get(shifts.shift(run.pos)):
            return False
    removed = sorted("".join(src[s:e] for s, e, r in edits if r == "" and src[s:e].strip("*_")))
    before = _without_markers(_visible(view.rendered))
    after = _without_markers(_visible(_render(fixed, env)))
    if not _removes_exactly(before, after, removed):
        return False
    return view.keeps_shape(fixed)


def _removes_exactly(before: str, after: str, removed: list[str]) -> bool:
    """``after`` is ``before`` with exactly the characters ``removed`` taken out."""
    if len(before) - len(after) != len(removed):
        return False
    taken: list[str] = []
    index = 0
    for char in before:
        if index < len(after) and after[index] == char:
            index += 1
        else:
            taken.append(char)
    return index == len(after) and sorted(taken) == removed


_IDENTIFIER = re.compile(r"[A-Za-z0-9_.]*")


def _considered(src: str, run: Run, urls: _Covered) -> bool:
    """Runs that may be emphasis markers at all: those markdown-it used, and literal ones

    not inside a bare URL, not standing alone between spaces (a * b, x ** 2), not
    between ASCII letters or digits (2**10), not an underscore touching an ASCII letter
    or digit (snake_case, __init__).
    """
    if any(run.matched):
        return True  # markdown-it used it as a marker
    before, after = _char(src, run.pos - 1), _char(src, run.end)
    if run.pos in urls:
        return False
    if _is_space(before) and _is_space(after):
        return False
    ascii_before = before.isascii() and before.isalnum()
    ascii_after = after.isascii() and after.isalnum()
    if run.marker == UNDERSCORE and (ascii_before or ascii_after):
        return False
    return not (ascii_before and ascii_after)  # 2**10, a*b


def _literal_marker(children: list[Token] | None) -> bool:
    """Whether markdown-it left a ``*`` or ``_`` as text (in the block or an image's alt).

    When every marker became emphasis there is no literal or unmatched run, so the block
    needs no inline scan for MD001.
    """
    for child in children or ():
        if child.type in ("text", "text_special") and (
            STAR in child.content or UNDERSCORE in child.content
        ):
            return True
        if child.children and _literal_marker(child.children):
            return True
    return False


def _emphasis_problems(view: InlineView) -> list[_Problem]:
    scan = view.scan
    if not any(r.literal or not all(r.matched) for r in scan.runs):
        return []
    src = view.src
    urls = _Covered(bare_url_ranges(src))
    scopes: dict[int, list[Run]] = {}
    for run in scan.runs:
        if _considered(src, run, urls):
            scopes.setdefault(run.scope, []).append(run)
    problems: list[_Problem] = []
    for _scope, runs in sorted(scopes.items()):
        pairs, lone = _intended_pairs(runs)
        for opener, closer in pairs:
            if all(opener.matched) and all(closer.matched):
                continue
            if opener.marker == UNDERSCORE and _IDENTIFIER.fullmatch(src[opener.end : closer.pos]):
                continue
            problem = _emphasis_problem(view, opener, closer)
            if opener.length == 1 and not problem.edits:
                continue  # a single '*' or '_' is reported only when it clearly meant emphasis
            problems.append(problem)
        for run in lone:
            if run.literal and run.marker == STAR and run.length >= 2:
                problems.append(_emphasis_problem(view, run, None))
    _verify(view, problems)
    return [p for p in problems if p.opener.length > 1 or p.verified]


_REPAIR_TRIALS = 32  # re-parses per block at most


def _verify(view: InlineView, problems: list[_Problem]) -> None:
    """Mark the repairs that work: all together if possible, else halves on top of what
    was accepted, down to single repairs."""
    candidates = [p for p in problems if p.edits]
    trials = view.trials(_REPAIR_TRIALS)
    for problem in _accept(candidates, lambda batch: _repairs_work(view, batch), trials):
        problem.verified = True


# --- MD002 --------------------------------------------------------------------------

_NEVER_UNESCAPE = frozenset("\\|#`")  # a lone backtick can still open a code span


_BLOCK_START = re.compile(r"[ \t]*[0-9=+*_#>|~<`\[:-]")


def _may_start_block(src: str, index: int) -> bool:
    """Whether the line holding ``index`` could be block syntax once unescaped.

    Only the start of a line decides whether it is a heading, list item, quote, fence,
    thematic break, setext underline, table delimiter row or HTML block.
    """
    return bool(_BLOCK_START.match(src, src.rfind("\n", 0, index) + 1))


_ESCAPE_TRIALS = 64  # renders per block at most


def _neighbour(src: str, index: int, step: int) -> str:
    """The character next to ``index`` as it reads once escapes are removed."""
    char = _char(src, index)
    if char == "\\" and step < 0 and _char(src, index - 1) != "\\":
        return "\\"  # the escaped character's own backslash is punctuation either way
    if char == "\\" and step > 0 and _is_punct(_char(src, index + 1)):
        return _char(src, index + 1)
    return char


def _may_flank(src: str, index: int) -> bool:
    """Could the escaped ``*``/``_`` at ``index + 1`` open or close emphasis unescaped?"""
    before, after = _neighbour(src, index - 1, -1), _neighbour(src, index + 2, 1)
    blank_before = not before or before.isspace()
    blank_after = not after or after.isspace()
    inside_word = src[index + 1] == UNDERSCORE and _is_word(before) and _is_word(after)
    return not (blank_before and blank_after) and not inside_word


def _escape_candidates(view: InlineView) -> list[int]:
    src = view.src
    out = []
    for index in view.scan.escapes:
        char = src[index + 1]
        if char in _NEVER_UNESCAPE:
            continue
        if char in (STAR, UNDERSCORE) and _may_flank(src, index):
            continue  # the escape keeps it from becoming emphasis
        out.append(index)
    return out


def _unneeded_escapes(view: InlineView) -> list[int]:
    """Escapes that can all be removed together with the rendered HTML unchanged.

    The whole set is tried first; a set that fails is split in halves, each tried on
    top of what was accepted, so a block with hundreds of escapes costs a few renders.
    """
    candidates = _escape_candidates(view)
    if not candidates:
        return []
    src = view.src
    env = view.article.env

    def works(batch: list[int]) -> bool:
        removed = sorted(batch)
        text = _apply(src, [(i, i + 1, "") for i in removed])
        if _render(text, env) != view.rendered:
            return False
        new = [i + 1 - bisect.bisect_right(removed, i) for i in removed]
        markers = [n for i, n in zip(removed, new, strict=True) if src[i + 1] in (STAR, UNDERSCORE)]
        if markers and not _inert(text, markers, env):
            return False
        return not any(_may_start_block(text, n) for n in new) or view.keeps_shape(text)

    return sorted(_accept(candidates, works, view.trials(_ESCAPE_TRIALS)))


def _inert(src: str, indexes: list[int], env: dict[str, Any]) -> bool:
    """Each unescaped ``*`` or ``_`` at ``indexes`` can neither open nor close emphasis."""
    flanking = _Covered(
        [(run.pos, run.end) for run in scan_inline(src, env).runs if run.can_open or run.can_close]
    )
    return not any(index in flanking for index in indexes)


# --- MD003 --------------------------------------------------------------------------

_BRACKETED_URL = re.compile(r"\[((?:https?|ftp)://[^\s\[\]<>]+)\]")
_ENTITY_REF = re.compile(r"&(?:#[0-9]+|#[xX][0-9a-fA-F]+|[A-Za-z][A-Za-z0-9]*);")
_ESCAPED = re.compile(r"\\([!-/:-@\[-`{-~])")


_URL_TRIALS = 32  # re-parses per block at most


def _bracketed_urls(view: InlineView) -> list[tuple[int, int, str, bool]]:
    """``(start, end, url, fixable)`` of each ``[url]`` that is not a link; the
    autolinks that replace them are verified together (then in halves)."""
    src = view.src
    if not _BRACKETED_URL.search(src):
        return []
    scan = view.scan
    hidden = _Covered(scan.opaque() + scan.link_ranges())
    escaped = _Covered([(i, i + 2) for i in scan.escapes])
    found: list[tuple[int, int, str]] = []
    for match in _BRACKETED_URL.finditer(src):
        start, end = match.span()
        if start in hidden or start in escaped:
            continue
        if end - 1 in escaped:  # '\]' is not a closing bracket
            continue
        if src[end : end + 1] in ("(", "["):
            continue
        found.append((start, end, _ESCAPED.sub(r"\1", match.group(1))))

    def works(batch: list[tuple[int, int, str]]) -> bool:
        edits = sorted((start, end, "<" + url + ">") for start, end, url in batch)
        fixed = _apply(src, edits)
        autolinks = {
            s.start for s in scan_inline(fixed, view.article.env).spans if s.kind == "autolink"
        }
        shift = 0
        for start, end, replacement in edits:
            if start + shift not in autolinks:
                return False
            shift += len(replacement) - (end - start)
        return view.keeps_shape(fixed)

    # In brackets an entity is decoded ('&amp;' reads '&'), in an autolink it is not: such
    # an address would change, so it is reported without a fix.
    plain = [candidate for candidate in found if not _ENTITY_REF.search(candidate[2])]
    accepted = set(_accept(plain, works, view.trials(_URL_TRIALS)))
    return [(start, end, url, (start, end, url) in accepted) for start, end, url in found]


# --- the checker --------------------------------------------------------------------


@checker("MD001", "MD002", "MD003")
def check_rendering(ctx: LintContext) -> Iterator[Diagnostic]:
    for view in inline_views(ctx.article):
        src = view.src
        if not any(c in src for c in "*_\\["):
            continue
        emphasis_fixed = False
        if (STAR in src or UNDERSCORE in src) and _literal_marker(view.token.children):
            problems = _emphasis_problems(view)
            repairs = sorted(e for p in problems if p.verified for e in p.edits)
            fix = None
            if repairs:
                emphasis_fixed = True
                fix = Fix(
                    tuple(view.edit(s, e, r) for s, e, r in repairs),
                    _("make the marked spans bold or italic as intended"),
                )
            for problem in problems:
                yield ctx.at_offset(
                    "MD001",
                    view.offset(problem.opener.pos),
                    problem.message,
                    fix if problem.verified else None,
                )
        if "\\" in src:
            for index in _unneeded_escapes(view):
                char = src[index + 1]
                message = _(
                    "unneeded escape '\\{char}': it renders the same without the backslash"
                ).format(char=char)
                fix = None
                if not emphasis_fixed:  # else offered once the emphasis is repaired
                    fix = Fix((view.edit(index, index + 1, ""),), _("remove the backslash"))
                yield ctx.at_offset("MD002", view.offset(index), message, fix)
        if "[" in src:
            for start, end, url, works in _bracketed_urls(view):
                message = _(
                    "'[{url}]' is not a link: the brackets and the address show as plain text; "
                    "write <{url}>"
                ).format(url=url)
                fix = (
                    Fix((view.edit(start, end, "<" + url + ">"),), _("make it an autolink"))
                    if works
                    else None
                )
                yield ctx.at_offset("MD003", view.offset(start), message, fix)
