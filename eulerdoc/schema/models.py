"""Pydantic models of the front matter, one per content kind (news, blog).

The models check what the site needs and nothing more: required keys, types, real
calendar dates, allowed categories, non-empty tags. Unknown keys are accepted here
(``extra="allow"``); lint reports them as warnings. Every failure is a
:class:`~pydantic_core.PydanticCustomError` whose ``type`` is one of the ``FM_*``
constants below (or pydantic's own ``missing``) and whose ``ctx`` carries what a
message needs, so that lint can word it (in the user's language) and place it.

The same models export ``schemas/<kind>.json`` for editors (see :mod:`.export`).
"""

from __future__ import annotations

import calendar
import datetime
import re
from collections.abc import Mapping, Sequence
from pathlib import PurePath
from typing import Annotated, Any, ClassVar

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    PlainValidator,
    ValidationError,
    ValidationInfo,
    WithJsonSchema,
)
from pydantic_core import ErrorDetails, PydanticCustomError

# Error types (``ErrorDetails["type"]``) raised by the validators.
FM_MISSING = "missing"  # pydantic's own
FM_EMPTY = "fm_empty"  # ctx: -
FM_WRONG_TYPE = "fm_wrong_type"  # ctx: expected ("text" | "list" | "date" | "month"), got
FM_DATE = "fm_date"  # ctx: value, reason (format|digits|year|month|day|time), last, suggestion
FM_MONTH = "fm_month"  # ctx: value (an 'archives' value that is not YYYY-MM)
FM_CATEGORY = "fm_category"  # ctx: value, allowed (comma-separated), required ("" or a name)
FM_TAGS_EMPTY = "fm_tags_empty"  # ctx: -

DEFAULT_CATEGORIES = ("news", "blog", "event", "showcase")

_DATE_RE = re.compile(r"^\s*(\d{4})-(\d{1,2})-(\d{1,2})\s*$")
_MONTH_RE = re.compile(r"^\s*(\d{4})-(\d{1,2})\s*$")
DATE_PATTERN = r"^[0-9]{4}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])$"
MONTH_PATTERN = r"^[0-9]{4}-(0[1-9]|1[0-2])(-(0[1-9]|[12][0-9]|3[01]))?$"


def yaml_type_name(value: Any) -> str:
    """The YAML name of a loaded value's type: ``text``, ``number``, ``list``, …"""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, (int, float)):
        return "number"
    if isinstance(value, str):
        return "text"
    if isinstance(value, datetime.datetime):
        return "timestamp"
    if isinstance(value, datetime.date):
        return "date"
    if isinstance(value, Mapping):
        return "mapping"
    if isinstance(value, Sequence):
        return "list"
    return type(value).__name__


def plain(value: Any) -> Any:
    """Loaded YAML (ruamel round-trip types) as plain Python values with string keys."""
    if isinstance(value, Mapping):
        return {str(k): plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [plain(v) for v in value]
    if isinstance(value, bool):
        return bool(value)
    if isinstance(value, str):
        return str(value)
    if isinstance(value, int):
        return int(value)
    if isinstance(value, float):
        return float(value)
    if isinstance(value, datetime.datetime):
        return datetime.datetime.combine(value.date(), value.time(), value.tzinfo)
    if isinstance(value, datetime.date):
        return datetime.date(value.year, value.month, value.day)
    return value


def _wrong_type(value: Any, expected: str) -> PydanticCustomError:
    got = yaml_type_name(value)
    return PydanticCustomError(
        FM_WRONG_TYPE, "expected {expected}, got {got}", {"expected": expected, "got": got}
    )


def _text(value: Any) -> str:
    if value is None:
        raise PydanticCustomError(FM_EMPTY, "the value is empty")
    if not isinstance(value, str):
        raise _wrong_type(value, "text")
    if not value.strip():
        raise PydanticCustomError(FM_EMPTY, "the value is empty")
    return value


def _optional_text(value: Any) -> str | None:
    if value is None:
        return None
    if not isinstance(value, str):
        raise _wrong_type(value, "text")
    return value


def days_in_month(year: int, month: int) -> int:
    return calendar.monthrange(year, month)[1]


def _date_error(value: str, reason: str, **ctx: Any) -> PydanticCustomError:
    return PydanticCustomError(
        FM_DATE, "invalid date {value!r}: {reason}", {"value": value, "reason": reason, **ctx}
    )


def parse_date(text: str) -> datetime.date:
    """A ``YYYY-MM-DD`` string as a date; raises the ``FM_DATE`` error otherwise."""
    match = _DATE_RE.match(text)
    if not match:
        raise _date_error(text, "format")
    year, month, day = (int(part) for part in match.groups())
    if year < 1:
        raise _date_error(text, "year")
    if not 1 <= month <= 12:
        raise _date_error(text, "month")
    last = days_in_month(year, month)
    if not 1 <= day <= last:
        raise _date_error(text, "day", last=last)
    if len(match.group(2)) != 2 or len(match.group(3)) != 2:
        raise _date_error(text, "digits", suggestion=f"{year:04d}-{month:02d}-{day:02d}")
    return datetime.date(year, month, day)


def _date(value: Any) -> datetime.date:
    if value is None:
        raise PydanticCustomError(FM_EMPTY, "the value is empty")
    if isinstance(value, datetime.datetime):
        raise _date_error(str(value), "time", suggestion=value.date().isoformat())
    if isinstance(value, datetime.date):
        return value
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        raise _date_error(str(value), "format")
    if not isinstance(value, str):
        raise _wrong_type(value, "date")
    if not value.strip():
        raise PydanticCustomError(FM_EMPTY, "the value is empty")
    return parse_date(value)


def _month(value: Any) -> str | None:
    if value is None:
        return None
    if isinstance(value, datetime.datetime):
        raise PydanticCustomError(FM_MONTH, "invalid month {value!r}", {"value": str(value)})
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        raise PydanticCustomError(FM_MONTH, "invalid month {value!r}", {"value": str(value)})
    if not isinstance(value, str):
        raise _wrong_type(value, "month")
    match = _MONTH_RE.match(value)
    if match is None:
        if _DATE_RE.match(value) is None:
            raise PydanticCustomError(FM_MONTH, "invalid month {value!r}", {"value": value})
        parse_date(value)  # a full date is accepted; a bad one reports why
        return value.strip()
    year, month = int(match.group(1)), int(match.group(2))
    if year < 1 or not 1 <= month <= 12 or len(match.group(2)) != 2:
        raise PydanticCustomError(FM_MONTH, "invalid month {value!r}", {"value": value})
    return value.strip()


def _tags(value: Any) -> Any:
    if value is None:
        raise PydanticCustomError(FM_TAGS_EMPTY, "there are no tags")
    if not isinstance(value, list):
        raise _wrong_type(value, "list")
    if not value:
        raise PydanticCustomError(FM_TAGS_EMPTY, "there are no tags")
    return value


def _tag(value: Any) -> str:
    if value is None or (isinstance(value, str) and not value.strip()):
        raise PydanticCustomError(FM_TAGS_EMPTY, "a tag is empty")
    if not isinstance(value, str):
        raise _wrong_type(value, "text")
    return value


def _categories(info: ValidationInfo) -> tuple[str, ...]:
    context = info.context if isinstance(info.context, Mapping) else {}
    allowed = context.get("categories")
    return tuple(allowed) if allowed is not None else DEFAULT_CATEGORIES


def _category_error(value: str, allowed: Sequence[str], required: str) -> PydanticCustomError:
    return PydanticCustomError(
        FM_CATEGORY,
        "category {value!r} is not allowed",
        {"value": value, "allowed": ", ".join(allowed), "required": required},
    )


def _check_category(value: str, info: ValidationInfo) -> str:
    allowed = _categories(info)
    context = info.context if isinstance(info.context, Mapping) else {}
    required = str(context.get("require_category") or "")
    if required and value != required:
        raise _category_error(value, allowed, required)
    if allowed and value not in allowed:
        raise _category_error(value, allowed, "")
    return value


def _category(value: Any, info: ValidationInfo) -> str:
    return _check_category(_text(value), info)


def _optional_category(value: Any, info: ValidationInfo) -> str | None:
    text = _optional_text(value)
    if text is None or not text.strip():
        return None
    return _check_category(text, info)


_TEXT_SCHEMA = {"type": "string", "minLength": 1, "pattern": r"\S"}

Text = Annotated[str, PlainValidator(_text), WithJsonSchema(_TEXT_SCHEMA)]
OptionalText = Annotated[
    str | None, PlainValidator(_optional_text), WithJsonSchema({"type": "string"})
]
Date = Annotated[
    datetime.date,
    PlainValidator(_date),
    WithJsonSchema({"type": "string", "format": "date", "pattern": DATE_PATTERN}),
]
Month = Annotated[
    str | None, PlainValidator(_month), WithJsonSchema({"type": "string", "pattern": MONTH_PATTERN})
]
Tag = Annotated[str, PlainValidator(_tag)]
Tags = Annotated[
    list[Tag],
    BeforeValidator(_tags),
    WithJsonSchema({"type": "array", "minItems": 1, "items": _TEXT_SCHEMA}),
]
Category = Annotated[
    str,
    PlainValidator(_category),
    WithJsonSchema({"type": "string", "enum": list(DEFAULT_CATEGORIES)}),
]
OptionalCategory = Annotated[
    str | None,
    PlainValidator(_optional_category),
    WithJsonSchema({"type": "string", "enum": list(DEFAULT_CATEGORIES)}),
]

_TITLE = "The article's title, shown as the page heading and in lists. Write it in quotes."
_DATE = "Publication date, YYYY-MM-DD (for example 2024-03-18): a real calendar date."
_TAGS = "One or more tags, one per line, each a non-empty text: `tags:` then `  - openEuler`."
_AUTHOR = "Who wrote the article: a person, a team or 'openEuler'."
_SUMMARY = "One or two sentences shown under the title in article lists."
_BANNER = "Banner image in the site's public folder, for example img/banners/20240720-SIG.jpg."
_CATEGORY = "The site section. News articles use 'news'."
_ARCHIVES = (
    "Month the blog post is filed under in the archive: YYYY-MM (for example 2024-03); "
    "a full YYYY-MM-DD date is accepted too."
)


class FrontMatterModel(BaseModel):
    """Common base: unknown keys are kept (lint warns about them)."""

    # Each model builds its validator when first used: a run over news articles never
    # pays for the blog model.
    model_config = ConfigDict(extra="allow", frozen=True, defer_build=True)

    kind: ClassVar[str] = ""


class NewsFrontMatter(FrontMatterModel):
    """Front matter of a news article."""

    model_config = ConfigDict(
        title="openEuler news article front matter",
        json_schema_extra={
            "description": "YAML front matter of a news article on the openEuler website "
            "(the block between the two '---' lines at the top of the Markdown file).",
        },
    )
    kind: ClassVar[str] = "news"

    title: Text = Field(description=_TITLE, examples=["openEuler Summit 2024 成功举办"])
    date: Date = Field(description=_DATE, examples=["2024-11-21"])
    category: Category = Field(description=_CATEGORY, examples=["news"])
    tags: Tags = Field(description=_TAGS, examples=[["openEuler"]])
    banner: Text = Field(description=_BANNER, examples=["img/banners/20240720-SIG.jpg"])
    author: Text = Field(description=_AUTHOR, examples=["openEuler"])
    summary: Text = Field(description=_SUMMARY, examples=["本次大会汇聚全球开发者。"])


class BlogFrontMatter(FrontMatterModel):
    """Front matter of a blog post."""

    model_config = ConfigDict(
        title="openEuler blog post front matter",
        json_schema_extra={
            "description": "YAML front matter of a blog post on the openEuler website "
            "(the block between the two '---' lines at the top of the Markdown file).",
        },
    )
    kind: ClassVar[str] = "blog"

    title: Text = Field(description=_TITLE, examples=["iSula 性能测试"])
    date: Date = Field(description=_DATE, examples=["2020-09-09"])
    tags: Tags = Field(description=_TAGS, examples=[["iSulad", "performance"]])
    archives: Month = Field(default=None, description=_ARCHIVES, examples=["2020-09"])
    author: Text = Field(description=_AUTHOR, examples=["openEuler"])
    summary: Text = Field(description=_SUMMARY, examples=["如何测试容器引擎的性能。"])
    banner: OptionalText = Field(default=None, description=_BANNER)
    category: OptionalCategory = Field(default=None, description=_CATEGORY, examples=["blog"])


MODELS: dict[str, type[FrontMatterModel]] = {
    "news": NewsFrontMatter,
    "blog": BlogFrontMatter,
}
DEFAULT_KIND = "news"


def kind_by_path(path: PurePath | str) -> str | None:
    """The kind named by the nearest ``news``/``blog`` folder of ``path``, if any."""
    for part in reversed(PurePath(path).parts[:-1]):
        if part in MODELS:
            return part
    return None


def kind_for(path: PurePath | str, data: Any) -> str:
    """The content kind of an article: by folder, else by ``category``, else news."""
    by_path = kind_by_path(path)
    if by_path is not None:
        return by_path
    if isinstance(data, Mapping):
        category = data.get("category")
        if isinstance(category, str) and category.strip() in MODELS:
            return category.strip()
    return DEFAULT_KIND


def known_keys(kind: str) -> list[str]:
    return list(MODELS[kind].model_fields)


def required_keys(kind: str) -> list[str]:
    return [name for name, field in MODELS[kind].model_fields.items() if field.is_required()]


def validate(
    kind: str,
    data: Mapping[str, Any],
    *,
    categories: Sequence[str] | None = None,
    require_category: str | None = None,
) -> list[ErrorDetails]:
    """Validate plain front-matter data against the model of ``kind``; the errors found.

    ``categories`` is the allowed set (default :data:`DEFAULT_CATEGORIES`; empty allows
    any); ``require_category`` is the one category the article must have (``news`` for
    an article under a ``news`` folder).
    """
    model = MODELS[kind]
    context = {
        "categories": tuple(categories) if categories is not None else DEFAULT_CATEGORIES,
        "require_category": require_category,
    }
    try:
        model.model_validate(dict(data), context=context)
    except ValidationError as exc:
        return exc.errors(include_url=False)
    return []
