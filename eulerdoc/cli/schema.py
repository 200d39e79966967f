"""`eulerdoc schema`: print, write or check the front-matter JSON Schemas.

``eulerdoc schema [KIND ...]`` prints them; ``--write [DIR]`` writes ``DIR/<kind>.json``
(default: ``schemas/`` in the project folder, the nearest one with ``pyproject.toml`` or
``eulerdoc.toml``); ``--check [DIR]`` exits 1 when those files are missing or stale.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

PROJECT_FILES = ("eulerdoc.toml", "pyproject.toml")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "kinds", nargs="*", metavar="KIND", help="content kinds to print (default: all)"
    )
    action = parser.add_mutually_exclusive_group()
    action.add_argument(
        "--write",
        nargs="?",
        const="",
        metavar="DIR",
        help="write DIR/<kind>.json (default DIR: schemas/ in the project folder)",
    )
    action.add_argument(
        "--check",
        nargs="?",
        const="",
        metavar="DIR",
        help="exit 1 when the files in DIR differ from the models",
    )


def default_folder(config: str | None = None, start: Path | None = None) -> Path:
    """``schemas/`` beside the configuration file or the nearest project file."""
    if config:
        return Path(config).resolve().parent / "schemas"
    here = (start or Path.cwd()).resolve()
    for folder in (here, *here.parents):
        if any((folder / name).is_file() for name in PROJECT_FILES):
            return folder / "schemas"
    return here / "schemas"


def _folder(value: str, args: argparse.Namespace) -> Path:
    return Path(value) if value else default_folder(getattr(args, "config", None))


def _show(path: Path) -> str:
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)


def run(args: argparse.Namespace) -> int:
    from eulerdoc.errors import UsageError
    from eulerdoc.i18n import _
    from eulerdoc.schema.export import dumps, outdated, schemas, write_schemas

    if args.write is not None:
        for path in write_schemas(_folder(args.write, args)):
            print(_("wrote {path}").format(path=_show(path)))
        return 0
    if args.check is not None:
        stale = outdated(_folder(args.check, args))
        for path in stale:
            print(
                _("{path} is out of date; run 'eulerdoc schema --write'").format(path=_show(path)),
                file=sys.stderr,
            )
        return 1 if stale else 0
    exported = schemas()
    unknown = [kind for kind in args.kinds if kind not in exported]
    if unknown:
        raise UsageError(
            _("unknown content kind {kind!r}; choose from: {kinds}").format(
                kind=unknown[0], kinds=", ".join(exported)
            )
        )
    if len(args.kinds) == 1:
        sys.stdout.write(dumps(exported[args.kinds[0]]))
    else:
        chosen = {kind: exported[kind] for kind in args.kinds or exported}
        sys.stdout.write(dumps(chosen))
    return 0
