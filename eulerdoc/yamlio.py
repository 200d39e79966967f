"""The one adapter for ruamel.yaml.

Front matter is untrusted text: before anything is constructed, the event stream is
scanned (iteratively, so depth cannot overflow the stack) and rejected when it uses
tags outside the YAML core schema (plus timestamps, for dates), anchors or aliases (the
"billion laughs" bomb), or nests deeper than :data:`MAX_DEPTH`. Only then is it loaded with the round-trip loader,
which never executes anything. The scan also records, for every top-level key, the
exact source span and quoting style of its value, which lets ``build`` replace one
value without touching the rest of the block.
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


def load(text: str) -> YamlDocument | YamlProblem:
    """Scan and load one YAML document; never raises for bad input."""
    from ruamel.yaml import YAML
    from ruamel.yaml.error import YAMLError
    from ruamel.yaml.events import (
        AliasEvent,
        CollectionEndEvent,
        CollectionStartEvent,
        DocumentStartEvent,
        MappingStartEvent,
        NodeEvent,
        ScalarEvent,
    )

    yaml = YAML(typ="rt")
    keys: dict[str, KeySpan] = {}
    depth = 0
    documents = 0
    # State for recording top-level keys: inside the root mapping at depth 1,
    # events alternate key, value.
    expect_key = True
    current_key: tuple[str, int, int] | None = None
    try:
        for count, event in enumerate(yaml.parse(text)):
            if count > MAX_EVENTS:
                return YamlProblem("unsafe", "front matter is too large", 0, 0)
            if isinstance(event, DocumentStartEvent):
                documents += 1
                if documents > 1:
                    line, col = event.start_mark.line, event.start_mark.column
                    return YamlProblem("syntax", "more than one YAML document", line, col)
            if isinstance(event, AliasEvent) or (
                isinstance(event, NodeEvent) and getattr(event, "anchor", None)
            ):
                return YamlProblem(
                    "unsafe",
                    "YAML anchors and aliases are not allowed in front matter",
                    event.start_mark.line,
                    event.start_mark.column,
                )
            tag = getattr(event, "tag", None)
            if isinstance(event, NodeEvent) and tag and tag not in _CORE_TAGS and tag != "!":
                return YamlProblem(
                    "unsafe",
                    f"YAML tag {tag!r} is not allowed",
                    event.start_mark.line,
                    event.start_mark.column,
                )
            at_top = depth == 1
            if isinstance(event, CollectionStartEvent):
                if at_top:
                    if expect_key:
                        return YamlProblem(
                            "syntax",
                            "a front-matter key must be a plain string",
                            event.start_mark.line,
                            event.start_mark.column,
                        )
                    if current_key is not None:
                        name, kline, kcol = current_key
                        style = "map" if isinstance(event, MappingStartEvent) else "seq"
                        keys[name] = KeySpan(
                            name,
                            kline,
                            kcol,
                            event.start_mark.line,
                            event.start_mark.column,
                            event.start_mark.index,
                            event.start_mark.index,
                            style,
                        )
                    expect_key = True
                depth += 1
                if depth > MAX_DEPTH:
                    return YamlProblem(
                        "unsafe",
                        f"front matter nests deeper than {MAX_DEPTH} levels",
                        event.start_mark.line,
                        event.start_mark.column,
                    )
            elif isinstance(event, CollectionEndEvent):
                depth -= 1
            elif isinstance(event, ScalarEvent) and at_top:
                if expect_key:
                    current_key = (str(event.value), event.start_mark.line, event.start_mark.column)
                    expect_key = False
                else:
                    if current_key is not None:
                        name, kline, kcol = current_key
                        keys[name] = KeySpan(
                            name,
                            kline,
                            kcol,
                            event.start_mark.line,
                            event.start_mark.column,
                            event.start_mark.index,
                            event.end_mark.index,
                            event.style,
                        )
                    expect_key = True
        data = yaml.load(text)
    except YAMLError as exc:
        line, col = _mark(exc)
        return YamlProblem("syntax", _problem_text(exc), line, col)
    except (ValueError, TypeError, OverflowError, RecursionError) as exc:
        # A value that does not construct (2025-13-45 unquoted, an integer of 5,000
        # digits): no mark is known, which (0, 0) says.
        return YamlProblem("syntax", str(exc) or exc.__class__.__name__, 0, 0)
    return YamlDocument(data, keys)


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
