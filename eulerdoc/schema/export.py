"""JSON Schema export of the front-matter models: ``schemas/<kind>.json``.

The files are for editors (for example the VS Code YAML extension's
``yaml.schemas`` setting) and are generated, never edited by hand: a test keeps the
committed files equal to :func:`schemas`. Output is deterministic (sorted keys,
two-space indent, final newline) so a re-export changes nothing when the models did not.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

JSON_SCHEMA_DIALECT = "https://json-schema.org/draft/2020-12/schema"


def schemas() -> dict[str, dict[str, Any]]:
    """The JSON Schema of every content kind, by kind name."""
    from eulerdoc.schema.models import MODELS

    result: dict[str, dict[str, Any]] = {}
    for kind, model in MODELS.items():
        schema = model.model_json_schema(mode="validation")
        for field in schema.get("properties", {}).values():
            if "default" in field and field["default"] is None:
                del field["default"]  # optional keys are omitted, never written as null
        schema["$schema"] = JSON_SCHEMA_DIALECT
        result[kind] = schema
    return result


def dumps(schema: dict[str, Any]) -> str:
    """The exact text written for one schema."""
    return json.dumps(schema, indent=2, sort_keys=True, ensure_ascii=False) + "\n"


def file_name(kind: str) -> str:
    return f"{kind}.json"


def outdated(folder: Path) -> list[Path]:
    """Schema files in ``folder`` that are missing or differ from the export."""
    stale: list[Path] = []
    for kind, schema in schemas().items():
        path = folder / file_name(kind)
        try:
            current = path.read_bytes()
        except OSError:
            current = None
        if current != dumps(schema).encode("utf-8"):
            stale.append(path)
    return stale


def write_schemas(folder: Path | str) -> list[Path]:
    """Write ``<folder>/<kind>.json`` for every kind; the paths whose content changed."""
    from eulerdoc.fsio import write_atomic

    folder = Path(folder)
    changed: list[Path] = []
    for kind, schema in schemas().items():
        path = folder / file_name(kind)
        if write_atomic(path, dumps(schema).encode("utf-8")):
            changed.append(path)
    return changed
