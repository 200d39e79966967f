"""The one adapter for ruamel.yaml.

Front matter is untrusted text: every parser event is checked as the composer
receives it, before anything is composed from it, and the document is refused when it
uses tags outside the YAML core schema (plus timestamps, for dates), anchors or aliases
(the "billion laughs" bomb), more than :data:`MAX_EVENTS` events, or nests deeper than
:data:`MAX_DEPTH` (long before the composer's recursion could overflow). Loading uses
the round-trip loader, which never executes anything. The scan also records, for every top-level key, the
exact source span and quoting style of its value, which lets ``build`` replace one
value without touching the rest of the block.

Most front matter is a handful of ``key: value`` lines; :func:`load` reads that strict
subset itself (no tags, aliases or escapes can occur in it) and hands everything else
to ruamel.yaml, so the common case neither imports nor runs the YAML library.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from typing import Any

MAX_DEPTH = 32
MAX_EVENTS = 20_000

_CORE_TAGS = {
    "tag:yaml.org,2002:" + name
    for name in ("str", "int", "float", "bool", "null", "map", "seq", "timestamp")
}


@dataclass(frozen=True, slots=True)
class YamlProblem:
    """Why a YAML text was refused: a message and a 0-based line and column."""

    kind: str  # "syntax" | "unsafe"
    message: str
    line: int
    column: int


@dataclass(frozen=True, slots=True)
class KeySpan:
    """Where a top-level key and its value stand in the YAML text (0-based)."""

    name: str
    line: int
    column: int
    value_line: int
    value_column: int
    value_start: int  # character offsets of the value's source text
    value_end: int
    style: str | None  # None: plain; "'", '"', "|", ">"; "map"/"seq" for collections


@dataclass(slots=True)
class YamlDocument:
    data: Any
    keys: dict[str, KeySpan]


def _mark(obj: Any) -> tuple[int, int]:
    mark = getattr(obj, "problem_mark", None) or getattr(obj, "context_mark", None)
    if mark is None:
        return 0, 0
    return int(mark.line), int(mark.column)


def _problem_text(exc: Exception) -> str:
    problem = getattr(exc, "problem", None)
    context = getattr(exc, "context", None)
    parts = [p for p in (context, problem) if p]
    return "; ".join(str(p) for p in parts) or exc.__class__.__name__


class _Refused(Exception):
    def __init__(self, problem: YamlProblem) -> None:
        super().__init__(problem.message)
        self.problem = problem


class _Scan:
    """Checks events one at a time as the parser hands them to the composer, and
    records the top-level keys: refusal comes before anything is composed from an
    offending event, and deep nesting is refused long before the composer's
    recursion could overflow."""

    def __init__(self) -> None:
        self.keys: dict[str, KeySpan] = {}
        self.count = 0
        self.depth = 0
        self.documents = 0
        # Inside the root mapping (depth 1), events alternate key, value.
        self.expect_key = True
        self.current_key: tuple[str, int, int] | None = None

    @staticmethod
    def refuse(kind: str, message: str, event: Any) -> _Refused:
        mark = event.start_mark
        return _Refused(YamlProblem(kind, message, mark.line, mark.column))

    def feed(self, event: Any) -> None:
        from ruamel.yaml.events import (
            AliasEvent,
            CollectionEndEvent,
            CollectionStartEvent,
            DocumentStartEvent,
            MappingStartEvent,
            NodeEvent,
            ScalarEvent,
        )

        self.count += 1
        if self.count > MAX_EVENTS:
            raise _Refused(YamlProblem("unsafe", "front matter is too large", 0, 0))
        if isinstance(event, DocumentStartEvent):
            self.documents += 1
            if self.documents > 1:
                raise self.refuse("syntax", "more than one YAML document", event)
        if isinstance(event, AliasEvent) or (
            isinstance(event, NodeEvent) and getattr(event, "anchor", None)
        ):
            raise self.refuse(
                "unsafe", "YAML anchors and aliases are not allowed in front matter", event
            )
        tag = getattr(event, "tag", None)
        if isinstance(event, NodeEvent) and tag and tag not in _CORE_TAGS and tag != "!":
            raise self.refuse("unsafe", f"YAML tag {tag!r} is not allowed", event)
        at_top = self.depth == 1
        if isinstance(event, CollectionStartEvent):
            if at_top:
                if self.expect_key:
                    raise self.refuse("syntax", "a front-matter key must be a plain string", event)
                style = "map" if isinstance(event, MappingStartEvent) else "seq"
                index = event.start_mark.index
                self.record(event, index, index, style)
            self.depth += 1
            if self.depth > MAX_DEPTH:
                raise self.refuse(
                    "unsafe", f"front matter nests deeper than {MAX_DEPTH} levels", event
                )
        elif isinstance(event, CollectionEndEvent):
            self.depth -= 1
        elif isinstance(event, ScalarEvent) and at_top:
            if self.expect_key:
                mark = event.start_mark
                self.current_key = (str(event.value), mark.line, mark.column)
                self.expect_key = False
            else:
                self.record(event, event.start_mark.index, event.end_mark.index, event.style)

    def record(self, event: Any, start: int, end: int, style: str | None) -> None:
        """The value of the current top-level key starts at ``event``."""
        if self.current_key is not None:
            name, line, column = self.current_key
            mark = event.start_mark
            self.keys[name] = KeySpan(name, line, column, mark.line, mark.column, start, end, style)
        self.expect_key = True


# --- the common case without ruamel.yaml ----------------------------------------------
#
# Front matter is nearly always ``key: value`` lines and ``key:`` + ``- item`` lists of
# one-line scalars. Such a block is read here directly (ruamel.yaml's pure-Python
# scanner takes longer over eight lines than markdown-it over the whole article). Any
# line outside this strict subset (comments, flow collections, escapes, numbers, bools,
# multi-line scalars, anchors, tags, CR, tabs, duplicate keys...) sends the whole block
# to ruamel.yaml, and the tests check that both readings agree wherever this one applies.

_SIMPLE_KEY = re.compile(r"([A-Za-z_][A-Za-z0-9_-]*):(?: +|$)")
_SIMPLE_ITEM = re.compile(r"( *)- +")
_SIMPLE_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
_YEAR_MONTH = re.compile(r"[0-9]{4}-[0-9]{2}")
# Characters ruamel.yaml treats as line breaks or refuses as non-printable.
_UNSAFE_CHAR = re.compile(
    "[\x00-\x09\x0b-\x1f\x7f-\x9f\u2028\u2029\ufeff\ufffe\uffff\ud800-\udfff]"
)
_RESOLVED_WORDS = frozenset(
    {"true", "false", "null", "yes", "no", "on", "off", "y", "n", "~", "<<", "="}
)
_INDICATORS = frozenset("-?:,[]{}#&*!|>'\"%@`<=~+.0123456789 ")
_SIMPLE_MAX_LINES = 2000


def _simple_scalar(line: str, start: int) -> tuple[Any, int, str | None] | None:
    """``(value, end, style)`` of the one-line scalar at ``line[start:]`` (only spaces
    may follow it), or None when it is not in the subset."""
    body = line[start:].rstrip(" ")
    if not body:
        return None
    end = start + len(body)
    first = body[0]
    if first == "'":
        inner = body[1:-1]
        if len(body) < 2 or body[-1] != "'" or "'" in inner.replace("''", ""):
            return None
        return inner.replace("''", "'"), end, "'"
    if first == '"':
        inner = body[1:-1]
        if len(body) < 2 or body[-1] != '"' or '"' in inner or "\\" in inner:
            return None
        return inner, end, '"'
    if ": " in body or " #" in body or body.endswith(":"):
        return None
    if first in _INDICATORS:
        if _YEAR_MONTH.fullmatch(body):
            return body, end, None  # neither a number nor a timestamp: a string
        if not _SIMPLE_DATE.fullmatch(body):
            return None
        import datetime

        try:
            return datetime.date(int(body[:4]), int(body[5:7]), int(body[8:])), end, None
        except ValueError:
            return None  # ruamel.yaml explains it
    if body.lower() in _RESOLVED_WORDS:
        return None
    return body, end, None


def _load_simple(text: str) -> YamlDocument | None:
    """The block read as the strict subset above, or None when it is not in it."""
    if "\t" in text or "\r" in text or _UNSAFE_CHAR.search(text):
        return None
    lines = text.split("\n")
    if len(lines) > _SIMPLE_MAX_LINES:
        return None
    data: dict[str, Any] = {}
    keys: dict[str, KeySpan] = {}
    offset = 0  # of the current line
    pending: tuple[str, int, int] | None = None  # a 'key:' waiting for its '- item' lines
    items: list[Any] = []
    item_indent = -1
    for number, line in enumerate(lines):
        begin = offset
        offset += len(line) + 1
        if not line.strip(" "):
            continue
        if pending is not None:
            item = _SIMPLE_ITEM.match(line)
            if item and (item_indent < 0 or len(item.group(1)) == item_indent):
                scalar = _simple_scalar(line, item.end())
                if scalar is None:
                    return None
                if item_indent < 0:
                    item_indent = len(item.group(1))
                    name, key_line, _ = pending
                    keys[name] = KeySpan(
                        name, key_line, 0, number, item_indent, begin + item_indent,
                        begin + item_indent, "seq",
                    )  # fmt: skip
                items.append(scalar[0])
                continue
            if item_indent < 0:
                return None  # 'key:' with no value
            data[pending[0]] = items
            pending, items, item_indent = None, [], -1
        match = _SIMPLE_KEY.match(line)
        if match is None:
            return None
        name = match.group(1)
        if name in data or name in keys or name.lower() in _RESOLVED_WORDS:
            return None
        if match.end() == len(line):
            pending = (name, number, 0)
            continue
        scalar = _simple_scalar(line, match.end())
        if scalar is None:
            return None
        value, end, style = scalar
        data[name] = value
        keys[name] = KeySpan(
            name, number, 0, number, match.end(), begin + match.end(), begin + end, style
        )
    if pending is not None:
        if item_indent < 0:
            return None
        data[pending[0]] = items
    if not data:
        return None
    return YamlDocument(data, keys)


def load(text: str) -> YamlDocument | YamlProblem:
    """Check and load one YAML document in a single pass; never raises for bad input."""
    simple = _load_simple(text)
    if simple is not None:
        return simple
    return load_with_ruamel(text)


def load_with_ruamel(text: str) -> YamlDocument | YamlProblem:
    """:func:`load` by ruamel.yaml's round-trip loader, for any YAML."""
    from ruamel.yaml import YAML
    from ruamel.yaml.error import YAMLError
    from ruamel.yaml.parser import RoundTripParser

    scan = _Scan()

    class CheckedParser(RoundTripParser):
        """Every event reaches the composer through get_event, so each is checked."""

        def get_event(self) -> Any:
            event = super().get_event()
            if event is not None:
                scan.feed(event)
            return event

    yaml = YAML(typ="rt")
    yaml.Parser = CheckedParser
    try:
        data = yaml.load(text)
    except _Refused as refused:
        return refused.problem
    except YAMLError as exc:
        line, col = _mark(exc)
        return YamlProblem("syntax", _problem_text(exc), line, col)
    except LookupError:
        return _malformed_number(text)
    except (ValueError, TypeError, OverflowError, RecursionError) as exc:
        # A value that does not construct (2025-13-45 unquoted, an integer of 5,000
        # digits): no mark is known, which (0, 0) says.
        return YamlProblem("syntax", str(exc) or exc.__class__.__name__, 0, 0)
    return YamlDocument(data, scan.keys)


# Plain scalars that ruamel.yaml resolves as integers but cannot build ('-_', '0x_'):
# a sign or base prefix followed by underscores only.
_MALFORMED_NUMBER = re.compile(r"(?m)(?:^|[:\-\[,]\s)\s*([-+]?(?:0[xXbBoO])?_*)\s*(?:#.*)?$")


def _malformed_number(text: str) -> YamlProblem:
    for match in _MALFORMED_NUMBER.finditer(text):
        value = match.group(1)
        if "_" in value and value.strip("-+_").lower() in ("", "0x", "0b", "0o"):
            line = text.count("\n", 0, match.start(1))
            column = match.start(1) - (text.rfind("\n", 0, match.start(1)) + 1)
            return YamlProblem(
                "syntax", f"'{value}' reads as a number but is not one", line, column
            )
    return YamlProblem("syntax", "a value that reads as a number is not one", 0, 0)


_PLAIN_SAFE = re.compile(r"^[^\s\-?:,\[\]{}#&*!|>'\"%@`][^#:\n]*(?<!\s)$")
_SPECIAL_PLAIN = re.compile(
    r"^(?:~|null|Null|NULL|true|True|TRUE|false|False|FALSE|yes|Yes|YES|no|No|NO|on|On|ON|off|Off|OFF"
    r"|[-+]?[0-9][0-9_.:eE+-]*|\.inf|\.nan)$"
)


def quote_scalar(value: str, style: str | None) -> str:
    """Render ``value`` as a one-line YAML scalar, keeping ``style`` where possible."""
    if style is None and _PLAIN_SAFE.match(value) and not _SPECIAL_PLAIN.match(value):
        return value
    if style == '"' or "\n" in value or any(ord(c) < 32 for c in value):
        return json.dumps(value, ensure_ascii=False)
    return "'" + value.replace("'", "''") + "'"
