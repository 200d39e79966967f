"""Configuration: ``[tool.eulerdoc]`` in the nearest ``pyproject.toml``, or ``eulerdoc.toml``.

Found by walking up from the current directory; validated by a pydantic model whose
unknown keys are errors naming the file and the key (exit code 2).
"""

from __future__ import annotations

import re
import sys
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from eulerdoc.errors import ConfigError

SeverityName = Literal["error", "warning", "off"]

DEFAULT_GLOSSARY = ["openEuler"]

# A language code (zh, en, pt-BR, zh_CN, sr@latin): it becomes a folder name in the
# catalogue layout, so nothing else (no '/', no '..') is accepted.
LANGUAGE_PATTERN = r"^[A-Za-z]{2,8}(?:[_-][A-Za-z0-9]{1,8})*(?:@[A-Za-z0-9]{1,16})?$"


class Config(BaseModel):
    """Settings of one site. Every field has a default, so no file is needed."""

    model_config = ConfigDict(
        extra="forbid", populate_by_name=True, frozen=True, defer_build=True, strict=True
    )

    content: list[str] = Field(
        default_factory=list,
        description="Folders (or files) linted and translated when no PATH is given.",
    )
    public: str | None = Field(
        default=None,
        description="The site's public folder (default: found from .vitepress/.vuepress).",
    )
    source_lang: str = Field(default="zh", alias="source-lang", pattern=LANGUAGE_PATTERN)
    target_lang: str = Field(default="en", alias="target-lang", pattern=LANGUAGE_PATTERN)
    locale_dir: str = Field(default="locale", alias="locale-dir", description="Catalogue folder.")
    select: list[str] = Field(default_factory=list)
    ignore: list[str] = Field(default_factory=list)
    severity: dict[str, SeverityName] = Field(default_factory=dict)
    glossary: list[str] = Field(default_factory=lambda: list(DEFAULT_GLOSSARY))
    categories: list[str] = Field(default_factory=lambda: ["news", "blog", "event", "showcase"])
    front_matter_keys: list[str] = Field(
        default_factory=lambda: ["title", "summary"], alias="front-matter-keys"
    )
    min_completion: float = Field(default=80.0, ge=0, le=100, alias="min-completion")
    baseline: str | None = None

    # Where the configuration came from (not a setting).
    source: str | None = Field(default=None, exclude=True)
    root: str | None = Field(default=None, exclude=True)

    @field_validator("content", "public", "locale_dir", "baseline")
    @classmethod
    def _inside_the_site(cls, value: str | list[str] | None) -> str | list[str] | None:
        """Paths are relative to the configuration's folder and may not leave it: a
        configuration (which a contribution may change) never makes eulerdoc read or
        write elsewhere (``locale-dir = "../../.."``, ``public = "/"``)."""
        for path in [value] if isinstance(value, str) else value or []:
            if not _stays_inside(path):
                from eulerdoc.i18n import _

                raise ValueError(
                    _("{path!r} is not a relative path inside the configuration's folder").format(
                        path=path
                    )
                )
        return value


def _stays_inside(path: str) -> bool:
    """A relative path that does not climb above its starting folder (either separator)."""
    if "\0" in path or re.match(r"^(?:[A-Za-z]:|[\\/])", path):
        return False
    depth = 0
    for part in re.split(r"[\\/]+", path):
        if part == "..":
            depth -= 1
            if depth < 0:
                return False
        elif part not in ("", "."):
            depth += 1
    return True


CONFIG_NAMES = ("eulerdoc.toml", "pyproject.toml")
_INTERNAL = ("source", "root")  # fields set by the loader, not by the file


def _read_toml(path: Path) -> dict[str, Any]:
    if sys.version_info >= (3, 11):
        import tomllib
    else:  # pragma: no cover
        import tomli as tomllib

    from eulerdoc.i18n import _

    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise ConfigError(
            _("cannot read configuration: {reason}").format(reason=exc.strerror or exc), str(path)
        ) from None
    except UnicodeDecodeError:
        raise ConfigError(_("cannot read configuration: not UTF-8"), str(path)) from None
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        where = re.search(r"at line (\d+)", str(exc))
        line = int(where.group(1)) if where else None
        raise ConfigError(_("invalid TOML: {reason}").format(reason=exc), str(path), line) from None


def find_config_file(start: Path) -> Path | None:
    """The nearest ``eulerdoc.toml``, or ``pyproject.toml`` with ``[tool.eulerdoc]``.

    A ``pyproject.toml`` that mentions eulerdoc but is not valid TOML is an error, not
    skipped: silently falling back to another configuration would hide the mistake.
    """
    for folder in (start, *start.parents):
        for name in CONFIG_NAMES:
            candidate = folder / name
            if not candidate.is_file():
                continue
            if name == "pyproject.toml":
                try:
                    raw = candidate.read_bytes()
                except OSError:
                    continue
                if b"eulerdoc" not in raw:
                    continue
                tool = _read_toml(candidate).get("tool", {})
                if not isinstance(tool, dict) or "eulerdoc" not in tool:
                    continue
            return candidate
    return None


def _key_line(path: Path, key: str) -> int | None:
    """The 1-based line where ``key`` is set in a TOML file (best effort, for messages)."""
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError):
        return None
    prefix = "tool.eulerdoc." if path.name == "pyproject.toml" else ""
    assignment = re.compile(r"""^\s*["']?""" + re.escape(key) + r"""["']?\s*[=.]""")
    in_section = not prefix
    for number, line in enumerate(lines, 1):
        header = re.match(r"^\s*\[+([^\]]*)\]", line)
        if header:
            name = re.sub(r"[\s\"']", "", header.group(1)) + "."
            if name.startswith(prefix + key + "."):
                return number
            in_section = name.startswith(prefix) if prefix else True
        elif in_section and assignment.match(line):
            return number
    return None


def parse_config(data: dict[str, object], source: str, root: str) -> Config:
    """Validate one ``[tool.eulerdoc]`` table; every problem is named with its key."""
    from eulerdoc.i18n import _

    problems: list[tuple[str, str]] = []
    for key in _INTERNAL:
        if key in data:
            problems.append((key, _("unknown key '{key}'").format(key=key)))
    clean = {k: v for k, v in data.items() if k not in _INTERNAL}
    try:
        config = Config.model_validate({**clean, "source": source, "root": root})
    except ValidationError as exc:
        for error in exc.errors():
            key = ".".join(str(part) for part in error["loc"])
            if error["type"] == "extra_forbidden":
                problems.append((key, _("unknown key '{key}'").format(key=key)))
            else:
                problems.append(
                    (
                        key,
                        _("invalid value for '{key}': {reason}").format(
                            key=key, reason=error["msg"]
                        ),
                    )
                )
    else:
        if not problems:
            return config
    first_key = problems[0][0].split(".")[0]
    line = _key_line(Path(source), first_key)
    raise ConfigError("; ".join(message for _key, message in problems), source, line)


def load_config(start: Path | None = None, file: Path | None = None) -> Config:
    """Load the nearest configuration (or ``file``); defaults when there is none."""
    from eulerdoc.i18n import _

    path = file if file is not None else find_config_file((start or Path.cwd()).resolve())
    if path is None:
        # The defaults need no validation; skipping it keeps the model's validator unbuilt
        # (``defer_build``), which the pre-commit path would otherwise pay for.
        return Config.model_construct()
    if path.is_dir():
        raise ConfigError(_("cannot read configuration: is a directory"), str(path))
    data = _read_toml(path)
    tool = data.get("tool", {})
    if path.name == "pyproject.toml":
        section = tool.get("eulerdoc", {}) if isinstance(tool, dict) else {}
    elif isinstance(tool, dict) and "eulerdoc" in tool:
        section = tool["eulerdoc"]
    else:
        section = data
    if not isinstance(section, dict):
        raise ConfigError(_("[tool.eulerdoc] must be a table"), str(path))
    return parse_config(section, str(path), str(path.parent.resolve()))
