"""Inline suppression with HTML comments, in the manner of markdownlint.

``<!-- eulerdoc-disable [CODES] -->``
    from the comment on, until a matching ``eulerdoc-enable`` (or the end of the file);
``<!-- eulerdoc-enable [CODES] -->``
    from the comment on, report again;
``<!-- eulerdoc-disable-line [CODES] -->``
    on the line(s) of the comment itself;
``<!-- eulerdoc-disable-next-line [CODES] -->``
    on the line after the comment;
``<!-- eulerdoc-disable-file [CODES] -->``
    in the whole file, wherever the comment stands.

CODES are rule codes, prefixes (``IMG``) or rule names, separated by commas or spaces;
none means every rule. Comments are found in the article's HTML tokens only, so a
directive written inside a code span or a code block is text, not a directive. A
directive with an unknown code or an unknown keyword is reported as ``SUP001``.

The front matter cannot hold an HTML comment, and nothing may stand before it, so
front-matter findings are suppressed with the same directives written as YAML comments
inside the block: ``tages: x  # eulerdoc-disable-line FM020``, or
``# eulerdoc-disable-next-line FM020`` on the line above the key (the ``<!-- -->``
around the directive may be kept: ``# <!-- eulerdoc-disable-line FM020 -->``). Findings
that point at the opening ``---`` line (a missing field) are suppressed with
``eulerdoc-disable-file``, which works from anywhere.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING

from eulerdoc.diagnostic import Severity
from eulerdoc.i18n import N_, _
from eulerdoc.rules.registry import RULES, checker, define_rule, matches

if TYPE_CHECKING:
    from markdown_it.token import Token

    from eulerdoc.article.model import Article
    from eulerdoc.diagnostic import Diagnostic
    from eulerdoc.rules.context import LintContext

define_rule(
    "SUP001",
    "invalid-suppression",
    N_("A suppression comment names an unknown rule or keyword"),
    N_("""
What it does: checks every ``<!-- eulerdoc-... -->`` comment: the keyword must be one of
``disable``, ``enable``, ``disable-line``, ``disable-next-line``, ``disable-file``, and
every code must be a known rule code, code prefix or rule name.
Why: a misspelt suppression silently suppresses nothing (or, with a typo in the
keyword, nothing at all), and the finding it was meant to hide shows up again.
Example: ``<!-- eulerdoc-disable IMG0001 -->`` or ``<!-- eulerdoc-disabled IMG001 -->``.
Fix: correct the code (``eulerdoc rule --all`` lists them) or the keyword.
In the front matter, where an HTML comment cannot stand, the same directives are
written as YAML comments: ``tages: x  # eulerdoc-disable-line FM020``.
"""),
    severity=Severity.WARNING,
)

KINDS = ("disable", "enable", "disable-line", "disable-next-line", "disable-file")

_DIRECTIVE = re.compile(r"<!--\s*eulerdoc-([A-Za-z-]+)(.*?)-->", re.DOTALL)
# A YAML comment in the front matter: "# eulerdoc-KIND CODES", optionally in <!-- -->.
_YAML_DIRECTIVE = re.compile(
    r"(?:^|(?<=[ \t]))#[ \t]*(?:<!--[ \t]*)?eulerdoc-([A-Za-z-]+)([^\r\n]*?)"
    r"(?:[ \t]*-->)?[ \t]*$",
    re.MULTILINE,
)
_SPLIT = re.compile(r"[\s,]+")


@dataclass(frozen=True, slots=True)
class Directive:
    """One suppression comment; ``patterns`` empty means every rule."""

    kind: str
    patterns: tuple[str, ...]
    line: int  # 1-based line and column of the comment's start
    column: int
    end_line: int  # 1-based line of the comment's end
    unknown: tuple[str, ...] = ()  # words that name no rule

    def covers(self, code: str) -> bool:
        return not self.patterns or matches(code, self.patterns)


def _resolve(word: str) -> str | None:
    """A code, a code prefix or a rule name as a selection pattern; None when unknown."""
    upper = word.upper()
    if upper == "ALL":
        return "ALL"
    if any(code.startswith(upper) for code in RULES):
        return upper
    lower = word.lower()
    for rule in RULES.values():
        if rule.name == lower:
            return rule.code
    return None


def _comment_tokens(tokens: Iterable[Token]) -> Iterator[tuple[Token, Token | None]]:
    """HTML block tokens, and HTML inline tokens with their parent inline token."""
    for token in tokens:
        if token.type == "html_block":
            yield token, None
        elif token.type == "inline" and token.children:
            for child in token.children:
                if child.type == "html_inline":
                    yield child, token


def _directive(kind: str, arguments: str, line: int, column: int, end_line: int) -> Directive:
    words = [w for w in _SPLIT.split(arguments.strip()) if w]
    patterns: list[str] = []
    unknown: list[str] = []
    for word in words:
        pattern = _resolve(word)
        if pattern is None:
            unknown.append(word)
        elif pattern == "ALL":
            patterns = []
            break
        else:
            patterns.append(pattern)
    return Directive(kind.lower(), tuple(patterns), line, column, end_line, tuple(unknown))


def _front_matter_directives(article: Article) -> list[Directive]:
    """Directives written as YAML comments inside the front matter."""
    fm = article.front_matter
    if fm is None:
        return []
    yaml = article.text[fm.yaml_start : fm.yaml_end]
    if "eulerdoc-" not in yaml:
        return []
    # A '#' inside a quoted or block value is text, not a comment.
    values = [
        (span.value_start, span.value_end)
        for span in fm.keys.values()
        if span.style not in (None, "map", "seq")
    ]
    found = []
    for match in _YAML_DIRECTIVE.finditer(yaml):
        if any(start <= match.start() < end for start, end in values):
            continue
        line, column = article.position(fm.yaml_start + match.start())
        found.append(_directive(match.group(1), match.group(2), line, column, line))
    return found


def find_directives(article: Article) -> list[Directive]:
    """Every ``eulerdoc-*`` comment of the article, in document order."""
    found: list[Directive] = _front_matter_directives(article)
    cursors: dict[int, int] = {}
    for token, parent in _comment_tokens(article.tokens):
        block = parent if parent is not None else token
        if "eulerdoc-" not in token.content or block.map is None:
            continue
        first_line = block.map[0]
        if first_line >= len(article.line_starts):
            continue
        key = id(block)
        search_from = cursors.get(key, article.line_starts[first_line])
        for match in _DIRECTIVE.finditer(token.content):
            source = match.group(0)
            offset = article.text.find(source, search_from)
            if offset < 0:  # a comment spread over block-quote lines: use the block start
                offset = search_from
                end_offset = offset
            else:
                end_offset = offset + len(source)
                search_from = end_offset
            line, column = article.position(offset)
            end_line = article.position(max(offset, end_offset - 1))[0]
            found.append(_directive(match.group(1), match.group(2), line, column, end_line))
        cursors[key] = search_from
    return found


class Suppressions:
    """Answers "is this finding suppressed?" for one article."""

    def __init__(self, directives: Iterable[Directive]) -> None:
        valid = [d for d in directives if d.kind in KINDS and not (d.unknown and not d.patterns)]
        self._file = [d for d in valid if d.kind == "disable-file"]
        self._lines = [d for d in valid if d.kind in ("disable-line", "disable-next-line")]
        self._ranges = sorted(
            (d for d in valid if d.kind in ("disable", "enable")), key=lambda d: (d.line, d.column)
        )

    @classmethod
    def of(cls, article: Article) -> Suppressions:
        return cls(find_directives(article))

    def __bool__(self) -> bool:
        return bool(self._file or self._lines or self._ranges)

    def suppressed(self, code: str, line: int, column: int) -> bool:
        if any(d.covers(code) for d in self._file):
            return True
        for d in self._lines:
            if d.kind == "disable-line":
                on_line = d.line <= line <= d.end_line
            else:
                on_line = line == d.end_line + 1
            if on_line and d.covers(code):
                return True
        disabled = False
        for d in self._ranges:
            if (d.line, d.column) > (line, column):
                break
            if d.covers(code):
                disabled = d.kind == "disable"
        return disabled

    def filter(self, diagnostics: Iterable[Diagnostic]) -> list[Diagnostic]:
        return [d for d in diagnostics if not self.suppressed(d.code, d.line, d.column)]


@checker("SUP001")
def check_directives(ctx: LintContext) -> Iterator[Diagnostic]:
    for directive in find_directives(ctx.article):
        if directive.kind not in KINDS:
            yield ctx.at(
                "SUP001",
                directive.line,
                directive.column,
                _(
                    "unknown suppression keyword 'eulerdoc-{keyword}' (expected one of: {kinds})"
                ).format(keyword=directive.kind, kinds=", ".join(KINDS)),
            )
        for word in directive.unknown:
            yield ctx.at(
                "SUP001",
                directive.line,
                directive.column,
                _("unknown rule code '{code}' in suppression comment").format(code=word),
            )
