"""Front-matter schemas: pydantic models per content kind and their JSON Schema export.

:mod:`eulerdoc.schema.models` holds the models (it imports pydantic: import it where it
is needed, not at start-up); :mod:`eulerdoc.schema.export` writes ``schemas/<kind>.json``.
"""
