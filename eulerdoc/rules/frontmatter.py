"""Front-matter rules: the YAML block must exist, load safely and match its content kind.

FM001-FM003 are about the block itself (missing, not YAML, unsafe YAML); when the YAML
does not load, nothing else is reported. FM010-FM015 come from the pydantic models of
:mod:`eulerdoc.schema.models` (imported when the first article is checked, so importing
this module stays cheap); FM020 warns about keys the model does not know.

Positions: ruamel reports 0-based lines and columns relative to the YAML text, which
starts at ``FrontMatter.yaml_start``; they are turned into offsets in the whole article
(with YAML's own line-break rules) and then into the 1-based line and column shown.
"""

from __future__ import annotations

import difflib
import os
import re
from collections.abc import Iterator, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from eulerdoc.diagnostic import Diagnostic, Severity
from eulerdoc.i18n import N_, _
from eulerdoc.rules.registry import checker, define_rule

if TYPE_CHECKING:
    from pydantic_core import ErrorDetails

    from eulerdoc.article.model import Article, FrontMatter
    from eulerdoc.rules.context import LintContext
    from eulerdoc.yamlio import KeySpan, YamlProblem

define_rule(
    "FM001",
    "missing-front-matter",
    N_("The article has no front matter, or it is not closed"),
    N_("""
What it does: reports an article that does not start with a YAML front-matter block
(a '---' line, 'key: value' lines, a closing '---' line), or whose block is never closed.
Why: the site takes the title, date, tags and summary from the front matter; without it
the page has no title and is missing from the news and blog lists.
Example: an article that starts directly with '# 标题', or a block without its closing '---'.
Fix: add the block at the very top of the file:
    ---
    title: '文章标题'
    date: '2024-03-18'
    ...
    ---
"""),
)
define_rule(
    "FM002",
    "front-matter-syntax",
    N_("The front matter is not valid YAML"),
    N_("""
What it does: reports the line and column where the YAML of the front matter stops
making sense, with the parser's explanation.
Why: the site cannot read any key of a block that does not parse, so the whole page breaks.
Example: "title: openEuler: 新版本发布" (a second ': ' in an unquoted value), a tab used
for indentation, or the same key written twice.
Fix: put values that contain ': ', '#', quotes or leading special characters in single
quotes, indent with spaces, and keep each key once.
"""),
)
define_rule(
    "FM003",
    "unsafe-front-matter",
    N_("The front matter uses YAML features that are refused"),
    N_("""
What it does: refuses YAML tags outside the core schema (such as !!python/object),
anchors and aliases (& and *), nesting deeper than 32 levels and oversized blocks.
Nothing in such a block is loaded or run.
Why: front matter is plain data. These features are never needed for an article and
are the way YAML files attack the tools that read them (code execution, the "billion
laughs" alias bomb).
Example: "title: !!python/object/apply:os.system ['rm -rf /']", or "tags: *common".
Fix: write the values out as plain text and lists.
"""),
)
define_rule(
    "FM010",
    "missing-field",
    N_("A required front-matter field is missing"),
    N_("""
What it does: reports each required key that the front matter does not have. News
articles need title, date, category, tags, banner, author and summary; blog posts need
title, date, tags, author and summary. The kind comes from the folder (news/ or blog/),
else from 'category'.
Why: the site's lists and page headers read these keys; a missing one shows as an empty
or broken page element.
Example: a blog post with 'tages:' instead of 'tags:'.
Fix: add the key (check the spelling of existing keys).
"""),
)
define_rule(
    "FM011",
    "empty-field",
    N_("A required front-matter field is empty"),
    N_("""
What it does: reports a required key whose value is empty or only spaces.
Why: an empty title or summary shows as a blank in the site's lists.
Example: "summary: ''" or "title:" with nothing after it.
Fix: write the value.
"""),
)
define_rule(
    "FM012",
    "wrong-type",
    N_("A front-matter field has the wrong type"),
    N_("""
What it does: reports a value of the wrong YAML type: a number, date, true/false, list
or mapping where text is expected, a single text where a list of tags is expected.
Why: YAML reads unquoted values by their look: 'title: 2024' is a number and
'title: [新闻]' is a list, which the site does not show as a title.
Example: "title: 20.09" or "tags: openEuler".
Fix: put text values in quotes; write tags as a list, one '- tag' per line.
"""),
)
define_rule(
    "FM013",
    "invalid-date",
    N_("A date in the front matter is not a real YYYY-MM-DD date"),
    N_("""
What it does: reports a 'date' that is not a calendar date written YYYY-MM-DD (and an
'archives' month that is not YYYY-MM), saying what is wrong: the format, the month or
the day.
Why: the site sorts and groups articles by date; a bad date puts the article in the
wrong place or breaks the build.
Example: "date: '2024--3-18'", "date: 2025-13-45", "date: '2024-3-8'".
Fix: write the date as YYYY-MM-DD with two-digit month and day, e.g. '2024-03-18'.
"""),
)
define_rule(
    "FM014",
    "category-not-allowed",
    N_("The front-matter category is not an allowed one"),
    N_("""
What it does: reports a 'category' that is not in the configured list (default: news,
blog, event, showcase), and an article in a news/ folder whose category is not 'news'.
Why: the category decides which section lists the article; an unknown one hides it.
Example: "category: News" or "category: 新闻".
Fix: use one of the allowed categories, written exactly; configure more with
'categories' in [tool.eulerdoc].
"""),
)
define_rule(
    "FM015",
    "empty-tags",
    N_("The front-matter tags are empty"),
    N_("""
What it does: reports 'tags' with no tag in it, or with an empty entry.
Why: tags link articles together on the site; an empty list or entry renders as an
empty tag.
Example: "tags: []", or a line with only '-' under 'tags:'.
Fix: give at least one tag, one per line:
    tags:
      - openEuler
"""),
)
define_rule(
    "FM020",
    "unknown-key",
    N_("The front matter has a key the site does not use"),
    N_("""
What it does: warns about keys that the article's kind does not define, and suggests
the closest known key.
Why: the site ignores unknown keys, so a misspelt key ('tages', 'sumary') silently
loses its value.
Example: "tages:" instead of "tags:".
Fix: correct the spelling, or remove the key.
"""),
    severity=Severity.WARNING,
)

_YAML_BREAK = re.compile("\r\n|[\r\n\x85\u2028\u2029]")
_PLAIN_TIMESTAMP = re.compile(
    r"(?m)^(?P<indent>[ \t]*)(?P<key>[^\s#:'\"\-][^:#\r\n]*?):[ \t]+"
    r"(?P<value>[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}"
    r"(?P<time>(?:[Tt]|[ \t]+)[0-9]{1,2}:[0-9]{2}:[0-9]{2}(?:\.[0-9]*)?"
    r"(?:[ \t]*(?:Z|[-+][0-9]{1,2}(?::[0-9]{2})?))?)?)[ \t]*(?:#[^\r\n]*)?\r?$"
)


class _Locator:
    """Turns positions relative to the YAML text into article positions."""

    def __init__(self, article: Article, fm: FrontMatter) -> None:
        self.article = article
        self.fm = fm
        self.yaml = article.text[fm.yaml_start : fm.yaml_end]
        self.starts = [0, *(m.end() for m in _YAML_BREAK.finditer(self.yaml))]

    def offset(self, line: int, column: int) -> int:
        line = max(0, min(line, len(self.starts) - 1))
        offset = self.fm.yaml_start + self.starts[line] + max(0, column)
        return min(offset, self.fm.yaml_end)

    def at(self, line: int, column: int) -> tuple[int, int]:
        return self.article.position(self.offset(line, column))

    def content_start(self) -> tuple[int, int]:
        """The first character of the YAML that is not white space."""
        skipped = len(self.yaml) - len(self.yaml.lstrip())
        return self.article.position(self.fm.yaml_start + skipped)

    def opening(self) -> tuple[int, int]:
        return self.article.position(self.fm.start)

    def key(self, span: KeySpan) -> tuple[int, int]:
        return self.at(span.line, span.column)

    def value(self, span: KeySpan) -> tuple[int, int]:
        if span.style is None and span.value_start == span.value_end:
            return self.key(span)  # "key:" with nothing after it
        return self.article.position(self.fm.yaml_start + span.value_start)

    def item(self, span: KeySpan, index: int) -> tuple[int, int]:
        """The ``index``-th entry of a block list (the list itself otherwise)."""
        text = self.yaml
        start = span.value_start
        if span.style != "seq" or not text.startswith("-", start):
            return self.value(span)
        line = self._line_of(start)
        column = start - self.starts[line]
        count = -1
        for number in range(line, len(self.starts)):
            begin = self.starts[number]
            end = self.starts[number + 1] if number + 1 < len(self.starts) else len(text)
            content = text[begin:end].rstrip("\r\n\x85\u2028\u2029")
            stripped = content.lstrip(" ")
            if not stripped or stripped.startswith("#"):
                continue
            indent = len(content) - len(stripped)
            if indent < column or (indent == column and not _is_entry(stripped)):
                break
            if indent == column:
                count += 1
                if count == index:
                    after = stripped[1:]
                    entry = indent + 1 + len(after) - len(after.lstrip(" \t"))
                    if entry >= len(content):
                        entry = indent
                    return self.article.position(self.fm.yaml_start + begin + entry)
        return self.value(span)

    def _line_of(self, offset: int) -> int:
        import bisect

        return bisect.bisect_right(self.starts, offset) - 1


def _is_entry(stripped: str) -> bool:
    return stripped == "-" or stripped.startswith(("- ", "-\t"))


def _suggest(word: str, choices: Sequence[str]) -> str | None:
    lowered = {choice.lower(): choice for choice in choices}
    if word.lower() in lowered:
        return lowered[word.lower()]
    close = difflib.get_close_matches(word.lower(), list(lowered), n=1, cutoff=0.6)
    return lowered[close[0]] if close else None


def _got(name: str) -> str:
    if name == "number":
        return _("a number")
    if name == "boolean":
        return _("true/false")
    if name == "list":
        return _("a list")
    if name == "mapping":
        return _("a mapping (key: value pairs)")
    if name == "date":
        return _("a date")
    if name == "timestamp":
        return _("a date and time")
    if name == "text":
        return _("text")
    if name == "null":
        return _("nothing")
    return name


def _scalar(value: Any) -> str:
    """A value as it goes between single quotes in YAML."""
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value).replace("'", "''")


def _date_message(key: str, ctx: Mapping[str, Any]) -> str:
    reason = ctx.get("reason")
    value = ctx.get("value", "")
    if reason == "month":
        text = _("invalid date '{value}' in '{key}': month must be 1-12; use YYYY-MM-DD")
    elif reason == "day":
        text = _(
            "invalid date '{value}' in '{key}': day must be 1-{last} in that month; use YYYY-MM-DD"
        )
    elif reason == "year":
        text = _("invalid date '{value}' in '{key}': the year must be 0001-9999; use YYYY-MM-DD")
    elif reason == "digits":
        text = _("invalid date '{value}' in '{key}': month and day need two digits: '{suggestion}'")
    elif reason == "time":
        text = _("invalid date '{value}' in '{key}': remove the time: '{suggestion}'")
    else:
        text = _("invalid date '{value}' in '{key}': use YYYY-MM-DD, for example 2024-03-18")
    return text.format(
        value=value, key=key, last=ctx.get("last", 31), suggestion=ctx.get("suggestion", "")
    )


def _wrong_type_message(key: str, index: int | None, ctx: Mapping[str, Any], value: Any) -> str:
    expected = ctx.get("expected")
    got = str(ctx.get("got", ""))
    if index is not None:
        return _(
            "tag {number} in '{key}' must be text, not {got}; put it in quotes: - '{value}'"
        ).format(number=index + 1, key=key, got=_got(got), value=_scalar(value))
    if expected == "text" and got in {"number", "boolean", "date", "timestamp"}:
        return _("'{key}' must be text, not {got}; put it in quotes: {key}: '{value}'").format(
            key=key, got=_got(got), value=_scalar(value)
        )
    if expected == "text":
        return _(
            "'{key}' must be text, not {got}; write the value on one line after '{key}:'"
        ).format(key=key, got=_got(got))
    if expected == "list" and got == "text":
        return _(
            "'{key}' must be a list, not text; write one entry per line: '{key}:' then '  - {value}'"
        ).format(key=key, value=_scalar(value))
    if expected == "list":
        return _("'{key}' must be a list, not {got}").format(key=key, got=_got(got))
    if expected == "month":
        return _("'{key}' must be a month like 2024-03, not {got}").format(key=key, got=_got(got))
    return _("'{key}' must be a date like 2024-03-18, not {got}").format(key=key, got=_got(got))


def _category_message(ctx: Mapping[str, Any]) -> str:
    value = str(ctx.get("value", ""))
    required = str(ctx.get("required") or "")
    allowed = str(ctx.get("allowed", ""))
    if required:
        return _(
            "category '{value}' is not allowed here: an article in a news folder needs "
            "'category: {required}'"
        ).format(value=value, required=required)
    suggestion = _suggest(value, [a.strip() for a in allowed.split(",") if a.strip()])
    if suggestion is not None:
        return _("category '{value}' is not allowed; did you mean '{suggestion}'?").format(
            value=value, suggestion=suggestion
        )
    return _("category '{value}' is not allowed; use one of: {allowed}").format(
        value=value, allowed=allowed
    )


def _problem_message(problem: YamlProblem) -> str:
    text = problem.message
    if problem.kind == "unsafe":
        tag = re.match(r"YAML tag '(.*)' is not allowed", text)
        if tag:
            shown = tag.group(1).replace("tag:yaml.org,2002:", "!!")
            return _(
                "unsafe YAML in the front matter: the tag {tag} is not allowed; write a plain value"
            ).format(tag=shown)
        if "anchor" in text or "alias" in text:
            return _(
                "unsafe YAML in the front matter: anchors and aliases (& and *) are not "
                "allowed; write the value out"
            )
        depth = re.search(r"deeper than (\d+)", text)
        if depth:
            return _("unsafe YAML in the front matter: nested deeper than {depth} levels").format(
                depth=depth.group(1)
            )
        if "too large" in text:
            return _("unsafe YAML in the front matter: the block is too large")
        return _("unsafe YAML in the front matter: {problem}").format(problem=text)
    message = _("invalid YAML in the front matter: {problem}").format(problem=text)
    if "mapping values are not allowed" in text:
        message += _("; put a value that contains ': ' in quotes")
    elif "'\\t'" in text:
        message += _("; indent with spaces, not tabs")
    elif "duplicate key" in text:
        message += _("; keep each key once")
    elif "reads as a number" in text:
        message += _("; put the value in quotes")
    return message


def _invalid_plain_dates(locator: _Locator) -> Iterator[tuple[int, str, dict[str, Any]]]:
    """Unquoted timestamps that YAML refuses to build (``date: 2025-13-45``).

    ruamel raises ``ValueError`` while constructing them, so the block has no data;
    each such value is found in the text and explained instead of one vague error.
    """
    from pydantic_core import PydanticCustomError

    from eulerdoc.schema.models import parse_date

    for match in _PLAIN_TIMESTAMP.finditer(locator.yaml):
        value = match.group("value")
        date_part = value[: len(value) - len(match.group("time") or "")]
        if match.group("time") is None and len(date_part) != 10:
            continue  # YAML reads a short form such as 2024-3-8 as text
        try:
            parse_date(date_part)
        except PydanticCustomError as exc:
            yield (
                match.start("value"),
                match.group("key").strip(),
                {
                    **(exc.context or {}),
                    "value": value,
                },
            )


def _check_problem(ctx: LintContext, locator: _Locator, problem: YamlProblem) -> list[Diagnostic]:
    if problem.kind == "syntax" and (problem.line, problem.column) == (0, 0):
        dates = list(_invalid_plain_dates(locator))
        if dates:
            return [
                ctx.at_offset("FM013", locator.fm.yaml_start + start, _date_message(key, info))
                for start, key, info in dates
            ]
    code = "FM003" if problem.kind == "unsafe" else "FM002"
    if (problem.line, problem.column) == (0, 0):  # no position known: the block's start
        line, column = locator.opening()
    else:
        line, column = locator.at(problem.line, problem.column)
    return [ctx.at(code, line, column, _problem_message(problem))]


def _unknown_keys(
    ctx: LintContext, locator: _Locator, data: Mapping[str, Any], known: Sequence[str]
) -> list[Diagnostic]:
    found: list[Diagnostic] = []
    for key in data:
        if key in known:
            continue
        span = locator.fm.keys.get(key)
        line, column = locator.key(span) if span is not None else locator.opening()
        suggestion = _suggest(key, known)
        if suggestion is not None:
            message = _("unknown front-matter key '{key}'; did you mean '{suggestion}'?").format(
                key=key, suggestion=suggestion
            )
        else:
            message = _("unknown front-matter key '{key}'; the site ignores it").format(key=key)
        found.append(ctx.at("FM020", line, column, message))
    return found


def _error_diagnostic(
    ctx: LintContext,
    locator: _Locator,
    error: ErrorDetails,
    data: Mapping[str, Any],
    known: Sequence[str],
) -> Diagnostic:
    from eulerdoc.schema import models

    loc = error["loc"]
    key = str(loc[0]) if loc else ""
    index = loc[1] if len(loc) > 1 and isinstance(loc[1], int) else None
    kind = error["type"]
    info: Mapping[str, Any] = error.get("ctx") or {}
    span = locator.fm.keys.get(key)
    if kind == models.FM_MISSING:
        line, column = locator.opening()
        misspelt = [k for k in data if k not in known and _suggest(k, known) == key]
        if misspelt:
            message = _(
                "required field '{key}' is missing; is '{found}' a misspelling of it?"
            ).format(key=key, found=misspelt[0])
        else:
            message = _("required field '{key}' is missing").format(key=key)
        return ctx.at("FM010", line, column, message)
    if span is None:
        line, column = locator.opening()
    elif index is not None:
        line, column = locator.item(span, index)
    else:
        line, column = locator.value(span)
    if kind == models.FM_EMPTY:
        message = _("'{key}' is empty; write a value after '{key}:'").format(key=key)
        return ctx.at("FM011", line, column, message)
    if kind == models.FM_WRONG_TYPE:
        value = error.get("input")
        if isinstance(value, (list, dict)) and span is not None:
            # suggest the item as written ('[嵌套]'), not as Python shows it
            value = ctx.article.line_text(line - 1)[column - 1 :].split(" #")[0].strip()
        message = _wrong_type_message(key, index, info, value)
        return ctx.at("FM012", line, column, message)
    if kind == models.FM_DATE:
        return ctx.at("FM013", line, column, _date_message(key, info))
    if kind == models.FM_MONTH:
        message = _("invalid month '{value}' in '{key}': use YYYY-MM, for example 2024-03").format(
            value=info.get("value", ""), key=key
        )
        return ctx.at("FM013", line, column, message)
    if kind == models.FM_CATEGORY:
        return ctx.at("FM014", line, column, _category_message(info))
    if kind == models.FM_TAGS_EMPTY:
        if index is not None:
            message = _("tag {number} in '{key}' is empty; write a tag or remove the line").format(
                number=index + 1, key=key
            )
        else:
            message = _(
                "'{key}' has no tags; add at least one: '{key}:' then '  - openEuler'"
            ).format(key=key)
        return ctx.at("FM015", line, column, message)
    message = _("invalid value for '{key}': {problem}").format(key=key, problem=error["msg"])
    return ctx.at("FM012", line, column, message)


def _site_path(path: Path, root: Path) -> Path:
    absolute = Path(os.path.abspath(path))
    for base in (root, root.resolve()):
        try:
            return absolute.relative_to(base)
        except ValueError:
            continue
    return absolute


@checker("FM001", "FM002", "FM003", "FM010", "FM011", "FM012", "FM013", "FM014", "FM015", "FM020")
def check_front_matter(ctx: LintContext) -> Iterator[Diagnostic]:
    article = ctx.article
    fm = article.front_matter
    if fm is None:
        message = article.front_matter_error or _(
            "the article has no front matter; start the file with a '---' line, then "
            "'title:', 'date:' and the other keys, then a closing '---' line"
        )
        yield ctx.at("FM001", 1, 1, message)
        return
    locator = _Locator(article, fm)
    if fm.problem is not None:
        yield from _check_problem(ctx, locator, fm.problem)
        return

    from eulerdoc.schema import models

    data = models.plain(fm.data) if fm.data is not None else {}
    if not isinstance(data, dict):
        line, column = locator.content_start()
        message = _("the front matter must be 'key: value' lines, not {got}").format(
            got=_got(models.yaml_type_name(data))
        )
        yield ctx.at("FM012", line, column, message)
        return
    # The kind comes from the folders inside the site, however the path was typed
    # ("a.md" from inside docs/blog/ is a blog post too).
    site_path = _site_path(article.path, ctx.site.root)
    kind = models.kind_for(site_path, data)
    known = models.known_keys(kind)
    by_path = models.kind_by_path(site_path)
    errors = models.validate(
        kind,
        data,
        categories=ctx.config.categories,
        require_category="news" if by_path == "news" else None,
    )
    for error in errors:
        yield _error_diagnostic(ctx, locator, error, data, known)
    yield from _unknown_keys(ctx, locator, data, known)
