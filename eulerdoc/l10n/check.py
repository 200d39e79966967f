"""Translations are untrusted input: compare every msgstr with its msgid.

A translation may change words, never what the page links to, loads or runs. Both
strings are parsed with the same markdown-it configuration as the site (with the
article's reference definitions when the article is known) and must agree on:

======  ========  =============================================================
Code    Severity  Finding
======  ========  =============================================================
PO101   error     link targets differ from the source (added, removed, changed)
PO102   error     image sources differ from the source
PO103   error     inline code spans differ from the source (not in HTML text,
                  where backticks are literal)
PO104   error     emphasis (strong, em, strikethrough) differs from the source
                  (not in HTML text)
PO105   error     raw HTML that the source does not have, or tags moved so that an
                  element is left open (they may move, properly nested)
PO106   error     ``javascript:``/``vbscript:``/``data:`` URL (also entity-encoded)
PO107   error     a URL or host in the text or a link title that the source does not
                  mention (any scheme, past user information, in any script)
PO108   error     block structure injected (blank line, heading, list, quote,
                  table, code, HTML block, thematic break, setext underline)
PO109   error     a line break where the block cannot have one (heading, table
                  cell, front matter, image alt, HTML text; a heading may keep
                  the hard breaks of its msgid)
PO110   error     markup characters in image alt or HTML text, unbalanced
                  brackets, or a trailing backslash that would escape the markup
PO111   error     control or bidirectional-override characters
PO112   error     msgid and msgstr do not both begin/end with a newline
PO113   warning   leading or trailing whitespace differs from the msgid
PO114   warning   fuzzy entry (never published)
PO115   error     the translation is blank
PO116   error     the translated front matter is not valid YAML (build keeps the source)
PO117   error     template interpolation (``{{``) that the source does not have: the
                  site compiles Markdown pages as Vue templates, where ``{{ … }}``
                  runs code; counted as rendered, so ``\\{\\{`` and ``&#123;`` count
======  ========  =============================================================

PO105 also covers markup hidden in entities (``&lt;script&gt;``); PO108 also covers
link reference definitions (``[label]: url`` at the start of a paragraph is invisible
and would redefine where the article's ``[text][label]`` links point).

These are catalogue checks, not lint rules: they are not in the lint registry.
"""

from __future__ import annotations

import html
import re
import unicodedata
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from eulerdoc.article.segments import (
    BLOCK_QUOTE,
    FRONT_MATTER,
    HEADING,
    HTML,
    IMAGE_ALT,
    LIST_ITEM,
    PARAGRAPH,
    TABLE_CELL,
)
from eulerdoc.diagnostic import Diagnostic, Severity
from eulerdoc.i18n import _

if TYPE_CHECKING:
    from markdown_it.token import Token

    from eulerdoc.article.model import Article
    from eulerdoc.l10n.catalog import Message

KINDS = (HEADING, PARAGRAPH, LIST_ITEM, BLOCK_QUOTE, TABLE_CELL, HTML, IMAGE_ALT, FRONT_MATTER)

ONE_LINE_KINDS = frozenset({HEADING, TABLE_CELL, FRONT_MATTER, IMAGE_ALT, HTML})
PLAIN_TEXT_KINDS = frozenset({IMAGE_ALT, HTML})

_INVISIBLE = re.compile(r"[\t\n\r\x00-\x1f\x7f\u00ad\u200b-\u200d\u2060\ufeff]")
_DANGEROUS = re.compile(
    r"(?:java|vb|live)script:|data:[a-z]+/[a-z0-9.+-]+[;,]|data:,", re.IGNORECASE
)
# A host: after any scheme's '://', past user information ('a.org@'), in any script
# ('évil.example'); after a bare '//', a dotted name; or a 'www.' name.
_HOST = re.compile(
    r"[a-z][a-z0-9+.-]*://(?:[^\s/?#@]*@)?(\w(?:[\w.-]*\w)?(?::\d+)?)|"
    r"(?<![\w:/])//(?:[^\s/?#@]*@)?([a-z0-9-]+(?:\.[a-z0-9-]+)+(?::\d+)?)|"
    r"(?<![\w.@/-])(www\.\w(?:[\w.-]*\w)?)",
    re.IGNORECASE,
)
_BIDI = re.compile(r"[\u202a-\u202e\u2066-\u2069]")
_ENTITY = re.compile(r"&(?:#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});")
_RAW_TAG = re.compile(r"<[A-Za-z/!?][^<>]*>?")
_MUSTACHE = re.compile(r"\{\{|\}\}")
_VOID = frozenset(
    [
        "area",
        "base",
        "br",
        "col",
        "embed",
        "hr",
        "img",
        "input",
        "link",
        "meta",
        "param",
        "source",
        "track",
        "wbr",
    ]
)
_TAG_NAME = re.compile(r"<(/?)([A-Za-z][\w:-]*)")
_BRACKETS = re.compile(r"\\.|[\[\]]", re.S)
_TRAILING_BACKSLASHES = re.compile(r"(\\+)$")


@dataclass(frozen=True, slots=True)
class Problem:
    """Why a translation cannot be used (or deserves a look)."""

    code: str
    message: str
    severity: Severity = Severity.ERROR


@dataclass(slots=True)
class _Shape:
    """What a string renders to, as far as safety is concerned."""

    blocks: list[tuple[str, str]]
    links: Counter[str]
    images: Counter[str]
    code: Counter[str]
    emphasis: Counter[str]
    html: Counter[str]
    text: str  # decoded plain text of every text token
    definitions: list[tuple[str, str]]  # link reference definitions the text makes
    tags: list[str]  # inline HTML, in order
    titles: list[str]  # link and image titles (text a reader sees on hover)
    rendered: str = ""  # the HTML the site shows


def _walk(tokens: Iterable[Token]) -> Iterable[Token]:
    for token in tokens:
        yield token
        if token.children:
            yield from _walk(token.children)


def _shape(source: str, env: dict[str, Any] | None) -> _Shape:
    from eulerdoc.article.tokens import parse, parser

    known: dict[str, Any] = dict((env or {}).get("references") or {})
    scratch: dict[str, Any] = {"references": dict(known)}  # never touch the article's env
    tokens = parse(source, scratch)
    shape = _Shape([], Counter(), Counter(), Counter(), Counter(), Counter(), "", [], [], [])
    for label, definition in (scratch.get("references") or {}).items():
        if label not in known:
            shape.definitions.append((label, str(definition.get("href", ""))))
    for duplicate in scratch.get("duplicate_refs") or []:
        shape.definitions.append((str(duplicate.get("label")), str(duplicate.get("href", ""))))
    shape.definitions.sort()
    texts: list[str] = []
    for token in tokens:
        if token.type != "inline":
            shape.blocks.append((token.type, token.tag))
        if token.type == "html_block":
            shape.html[token.content.strip()] += 1
    for token in _walk(tokens):
        if token.type in ("link_open", "image") and token.attrGet("title"):
            shape.titles.append(str(token.attrGet("title")))
        if token.type == "link_open":
            shape.links[str(token.attrGet("href") or "")] += 1
        elif token.type == "image":
            shape.images[str(token.attrGet("src") or "")] += 1
        elif token.type == "code_inline":
            shape.code[token.content] += 1
        elif token.type in ("strong_open", "em_open", "s_open"):
            shape.emphasis[token.type[:-5]] += 1
        elif token.type == "html_inline":
            shape.html[token.content.strip()] += 1
            shape.tags.append(token.content)
        elif token.type == "text":
            texts.append(token.content)
    shape.text = " ".join(texts)
    shape.rendered = str(parser().renderer.render(tokens, parser().options, scratch))
    return shape


def _well_nested(tags: Iterable[str]) -> bool:
    """Whether every end tag closes the element opened last, and all are closed: a
    translation may move its tags, not leave one open over the rest of the page."""
    stack: list[str] = []
    for tag in tags:
        match = _TAG_NAME.match(tag)
        if match is None:
            continue  # a comment or declaration
        closing, name = match.group(1), match.group(2).lower()
        if name in _VOID:
            continue
        if not closing:
            if not tag.rstrip().endswith("/>"):
                stack.append(name)
        elif not stack or stack.pop() != name:
            return False
    return not stack


def as_written(text: str) -> str:
    """The text as build writes it: continuation lines lose their indentation (build
    gives them the block's own prefix), so an indented ``# b`` on a second line is
    checked as the heading it becomes inside a list item, not as indented text."""
    lines = text.strip(" \t").split("\n")
    return "\n".join([lines[0], *(line.lstrip(" \t") for line in lines[1:])])


def _difference(source: Counter[str], target: Counter[str]) -> tuple[list[str], list[str]]:
    added = sorted((target - source).elements())
    removed = sorted((source - target).elements())
    return added, removed


def _describe(added: Sequence[str], removed: Sequence[str]) -> str:
    parts = []
    if added:
        parts.append(_("added {items}").format(items=", ".join(repr(x) for x in added[:3])))
    if removed:
        parts.append(_("missing {items}").format(items=", ".join(repr(x) for x in removed[:3])))
    return "; ".join(parts)


def _entity_markup(text: str) -> int:
    """How many entities decode to ``<`` or ``>``."""
    return sum(1 for m in _ENTITY.finditer(text) if html.unescape(m.group(0)) in ("<", ">"))


def _dangerous_count(text: str) -> int:
    return len(_DANGEROUS.findall(_INVISIBLE.sub("", text)))


def _views(text: str, shape: _Shape) -> str:
    """The text as written, entity-decoded, as the parser decoded it, and its URLs."""
    urls = " ".join([*shape.links.elements(), *shape.images.elements(), *shape.titles])
    return "\n".join((text, html.unescape(text), shape.text, urls, shape.rendered))


def _hosts(text: str) -> set[str]:
    found = set()
    for match in _HOST.finditer(text):
        host = (match.group(1) or match.group(2) or match.group(3) or "").lower().rstrip(".")
        if host.startswith("www."):
            host = host[4:]
        if host:
            found.add(host)
    return found


def _raw_tags(text: str) -> Counter[str]:
    return Counter(m.group(0) for m in _RAW_TAG.finditer(text))


def _brackets(text: str) -> str:
    return "".join(m.group(0) for m in _BRACKETS.finditer(text) if m.group(0) in ("[", "]"))


def _odd_trailing_backslash(text: str) -> bool:
    match = _TRAILING_BACKSLASHES.search(text)
    return match is not None and len(match.group(1)) % 2 == 1


def _edge_newlines(text: str) -> tuple[bool, bool]:
    return text.startswith("\n"), text.endswith("\n")


def _edge_space(text: str) -> tuple[str, str]:
    stripped = text.strip(" \t")
    if not stripped:
        return text, ""
    start = text.index(stripped[0])
    return text[:start].strip("\n"), text[start + len(stripped) :].strip("\n")


def find_problems(
    msgid: str, msgstr: str, *, kind: str = PARAGRAPH, env: dict[str, Any] | None = None
) -> list[Problem]:
    """Every reason not to publish ``msgstr`` in place of ``msgid`` (errors and warnings)."""
    if msgstr == msgid:
        return []
    problems: list[Problem] = []

    def error(code: str, message: str) -> None:
        problems.append(Problem(code, message))

    if not msgstr.strip():
        error("PO115", _("the translation is blank"))
        return problems
    if _edge_newlines(msgid) != _edge_newlines(msgstr):
        error("PO112", _("msgid and msgstr do not both begin and end with a newline"))
    if _edge_space(msgid) != _edge_space(msgstr):
        problems.append(
            Problem(
                "PO113",
                _("leading or trailing whitespace differs from the msgid"),
                Severity.WARNING,
            )
        )
    controls = {
        c for c in msgstr if (unicodedata.category(c) == "Cc" and c not in "\n\t") or _BIDI.match(c)
    }
    controls -= set(msgid)
    if controls:
        names = ", ".join(f"U+{ord(c):04X}" for c in sorted(controls))
        error("PO111", _("control or bidirectional characters: {names}").format(names=names))
    if kind in ONE_LINE_KINDS and (
        msgstr.strip("\n").count("\n") > msgid.strip("\n").count("\n") or "\r" in msgstr
    ):
        error("PO109", _("a {kind} cannot contain a line break").format(kind=_kind_name(kind)))

    source, target = _shape(as_written(msgid), env), _shape(as_written(msgstr), env)
    if kind != FRONT_MATTER and (
        target.blocks != source.blocks or target.definitions != source.definitions
    ):
        error(
            "PO108",
            _(
                "the translation changes the block structure (blank line, heading, list, "
                "quote, table, code block, HTML block or link reference definition)"
            ),
        )
    # Text in an HTML block is not Markdown: its backticks, asterisks and brackets are
    # shown as they are, so a translator may translate what stands between them (its
    # tags, <a href> and <img src> included, are compared as raw HTML below).
    markdown = kind != HTML
    added, removed = _difference(source.links, target.links)
    if markdown and (added or removed):
        error(
            "PO101",
            _("link targets differ from the source: {details}").format(
                details=_describe(added, removed)
            ),
        )
    added, removed = _difference(source.images, target.images)
    if markdown and (added or removed):
        error(
            "PO102",
            _("image sources differ from the source: {details}").format(
                details=_describe(added, removed)
            ),
        )
    added, removed = _difference(source.code, target.code)
    if markdown and (added or removed):
        error(
            "PO103",
            _("inline code differs from the source: {details}").format(
                details=_describe(added, removed)
            ),
        )
    if markdown and source.emphasis != target.emphasis:
        error("PO104", _("emphasis (bold, italic, strikethrough) differs from the source"))
    source_tags = source.tags if markdown else [m.group(0) for m in _RAW_TAG.finditer(msgid)]
    target_tags = target.tags if markdown else [m.group(0) for m in _RAW_TAG.finditer(msgstr)]
    nesting_broken = _well_nested(source_tags) and not _well_nested(target_tags)
    added, removed = _difference(source.html, target.html)
    if not markdown:
        # A browser reads every '<' + letter, '/', '!' or '?' in HTML text as markup,
        # code spans or not: '`<项目ID>`' is text, '`<projectID>`' an element.
        added = sorted({*added, *_difference(_raw_tags(msgid), _raw_tags(msgstr))[0]})
    if added:
        error(
            "PO105",
            _("raw HTML that the source does not have: {items}").format(
                items=", ".join(repr(x[:60]) for x in added[:3])
            ),
        )
    elif removed:
        error(
            "PO105",
            _("HTML tags of the source are missing: {items}").format(
                items=", ".join(repr(x[:60]) for x in removed[:3])
            ),
        )
    elif nesting_broken:
        error(
            "PO105",
            _("the HTML tags are not nested as in the source: an element is left open"),
        )
    if not added and _entity_markup(msgstr) > _entity_markup(msgid) + msgid.count(
        "<"
    ) + msgid.count(">"):
        error(
            "PO105",
            _("HTML markup written with entities (&lt; &gt;) that the source does not have"),
        )
    source_views, target_views = _views(msgid, source), _views(msgstr, target)
    # Counted as written, decoded and as rendered: '\{\{' and '&#123;&#123;' are '{{'
    # on the page, where Vue evaluates them.
    if len(_MUSTACHE.findall(target_views)) > len(_MUSTACHE.findall(source_views)):
        error(
            "PO117",
            _("template interpolation '{{' or '}}' that the source does not have"),
        )
    if _dangerous_count(target_views) > _dangerous_count(source_views):
        error("PO106", _("javascript:, vbscript: or data: URL in the translation"))
    new_hosts = _hosts(target_views) - _hosts(source_views)
    if new_hosts:
        error(
            "PO107",
            _("URL or host not in the source: {hosts}").format(hosts=", ".join(sorted(new_hosts))),
        )
    if kind in PLAIN_TEXT_KINDS:
        for char in "<>\"'`":
            if kind == IMAGE_ALT and char in "'\"`":
                continue  # quotes are escaped by build inside attributes
            if msgstr.count(char) > msgid.count(char):
                error(
                    "PO110",
                    _("{kind} may not contain {char!r}").format(kind=_kind_name(kind), char=char),
                )
                break
    if kind in (IMAGE_ALT, TABLE_CELL):
        if kind == IMAGE_ALT and _brackets(msgstr) != _brackets(msgid):
            error("PO110", _("square brackets in image alt text differ from the source"))
        if _odd_trailing_backslash(msgstr) and not _odd_trailing_backslash(msgid):
            error("PO110", _("a trailing backslash would escape the markup that follows"))
    return _unique(problems)


def _unique(problems: list[Problem]) -> list[Problem]:
    seen: set[str] = set()
    out = []
    for problem in problems:
        if problem.code not in seen:
            seen.add(problem.code)
            out.append(problem)
    return out


def _kind_name(kind: str) -> str:
    names = {
        HEADING: _("heading"),
        PARAGRAPH: _("paragraph"),
        LIST_ITEM: _("list item"),
        BLOCK_QUOTE: _("block quote"),
        TABLE_CELL: _("table cell"),
        HTML: _("HTML text"),
        IMAGE_ALT: _("image alt text"),
        FRONT_MATTER: _("front-matter value"),
    }
    return names.get(kind, kind)


def check_translation(
    msgid: str, msgstr: str, *, kind: str = PARAGRAPH, env: dict[str, Any] | None = None
) -> list[str]:
    """Reasons to reject ``msgstr`` (errors only); empty when it is safe to publish."""
    return [
        p.message
        for p in find_problems(msgid, msgstr, kind=kind, env=env)
        if p.severity is Severity.ERROR
    ]


def kind_of(message: Message) -> str:
    """The block kind of an entry without its article: msgctxt, then the ``#.`` comment."""
    if message.msgctxt is not None:
        return FRONT_MATTER
    comment = message.comment.lower()
    for kind in sorted(KINDS, key=len, reverse=True):
        if kind in comment:
            return kind
    return PARAGRAPH


def diagnostic(po_path: str, message: Message, problem: Problem) -> Diagnostic:
    return Diagnostic(
        po_path, max(message.line, 1), 1, problem.code, problem.message, problem.severity
    )


def check_messages(
    article: Article | None, messages: Sequence[Message], po_path: str
) -> list[Diagnostic]:
    """Every finding in a catalogue: rejected translations (errors), fuzzy entries and
    whitespace differences (warnings). With ``article``, each entry is checked as the
    kinds of the segments that use it, with the article's reference definitions."""
    kinds: dict[tuple[str | None, str], list[str]] = {}
    env: dict[str, Any] | None = None
    if article is not None:
        env = article.env
        for segment in article.segments:
            found = kinds.setdefault((segment.context, segment.msgid), [])
            if segment.kind not in found:
                found.append(segment.kind)
    out: list[Diagnostic] = []
    for message in messages:
        if message.obsolete or not message.msgid:
            continue
        if message.fuzzy:
            if message.msgstr:
                out.append(
                    Diagnostic(
                        po_path,
                        max(message.line, 1),
                        1,
                        "PO114",
                        _("fuzzy translation: review it and remove the fuzzy flag"),
                        Severity.WARNING,
                    )
                )
            continue
        if not message.msgstr:
            continue
        seen: set[str] = set()
        claimed = kind_of(message)
        # Without the article the kind is the '#.' comment, which the translator can
        # edit: text said to be HTML (where link syntax is literal) is Markdown too.
        guessed = [claimed, PARAGRAPH] if claimed == HTML else [claimed]
        for kind in kinds.get(message.key) or guessed:
            for problem in find_problems(message.msgid, message.msgstr, kind=kind, env=env):
                if problem.code not in seen:
                    seen.add(problem.code)
                    out.append(diagnostic(po_path, message, problem))
    return sorted(out, key=Diagnostic.sort_key)
