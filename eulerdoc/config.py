"""Configuration: ``[tool.eulerdoc]`` in the nearest ``pyproject.toml``, or ``eulerdoc.toml``.

Found by walking up from the current directory; validated by a pydantic model whose
unknown keys are errors naming the file and the key (exit code 2).
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from eulerdoc.errors import ConfigError

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

SeverityName = Literal["error", "warning", "off"]

DEFAULT_GLOSSARY = ["openEuler"]


class Config(BaseModel):
    """Settings of one site. Every field has a default, so no file is needed."""

    model_config = ConfigDict(extra="forbid", populate_by_name=True, frozen=True)

    content: list[str] = Field(
        default_factory=list,
        description="Folders (or files) linted and translated when no PATH is given.",
    )
    public: str | None = Field(
        default=None,
        description="The site's public folder (default: found from .vitepress/.vuepress).",
    )
    source_lang: str = Field(default="zh", alias="source-lang")
    target_lang: str = Field(default="en", alias="target-lang")
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


CONFIG_NAMES = ("eulerdoc.toml", "pyproject.toml")


def find_config_file(start: Path) -> Path | None:
    for folder in (start, *start.parents):
        for name in CONFIG_NAMES:
            candidate = folder / name
            if not candidate.is_file():
                continue
            if name == "pyproject.toml":
                try:
                    data = tomllib.loads(candidate.read_text(encoding="utf-8"))
                except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError):
                    continue
                if "eulerdoc" not in data.get("tool", {}):
                    continue
            return candidate
    return None


def parse_config(data: dict[str, object], source: str, root: str) -> Config:
    try:
        return Config.model_validate({**data, "source": source, "root": root})
    except ValidationError as exc:
        error = exc.errors()[0]
        key = ".".join(str(part) for part in error["loc"])
        if error["type"] == "extra_forbidden":
            message = f"unknown key {key!r}"
        else:
            message = f"invalid value for {key!r}: {error['msg']}"
        raise ConfigError(message, source) from None


def load_config(start: Path | None = None, file: Path | None = None) -> Config:
    """Load the nearest configuration (or ``file``); defaults when there is none."""
    path = file if file is not None else find_config_file((start or Path.cwd()).resolve())
    if path is None:
        return Config()
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"cannot read configuration: {exc}", str(path)) from None
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"invalid TOML: {exc}", str(path)) from None
    if path.name == "pyproject.toml":
        section = data.get("tool", {}).get("eulerdoc", {})
    else:
        section = data.get("tool", {}).get("eulerdoc", data)
    if not isinstance(section, dict):
        raise ConfigError("[tool.eulerdoc] must be a table", str(path))
    return parse_config(section, str(path), str(path.parent.resolve()))
