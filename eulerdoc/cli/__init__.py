"""The ``eulerdoc`` command line: ``main(argv) -> int`` and one error boundary.

Exit codes: 0 clean, 1 findings or unreadable input, 2 usage or configuration errors.
Each sub-command lives in its own module with ``HELP``, ``add_arguments(parser)`` and
``run(args) -> int``; those modules import heavy libraries only inside ``run`` so that
start-up stays fast (the hook runs on every commit).
"""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Sequence

COMMANDS = {
    "lint": "eulerdoc.cli.lint",
    "rule": "eulerdoc.cli.rule",
    "schema": "eulerdoc.cli.schema",
    "extract": "eulerdoc.cli.extract",
    "update": "eulerdoc.cli.update",
    "build": "eulerdoc.cli.build",
    "check-po": "eulerdoc.cli.check_po",
    "stats": "eulerdoc.cli.stats",
}


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # type: ignore[override]
        self.print_usage(sys.stderr)
        self.exit(2, f"{self.prog}: error: {message}\n")


def version() -> str:
    from importlib.metadata import PackageNotFoundError
    from importlib.metadata import version as _version

    try:
        return _version("eulerdoc")
    except PackageNotFoundError:
        return "0+unknown"


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="eulerdoc",
        description="Lint, translate and rebuild openEuler website articles.",
    )
    parser.add_argument("--version", action="version", version=f"eulerdoc {version()}")
    parser.add_argument(
        "--lang",
        metavar="LANG",
        help="language of eulerdoc's messages (zh_CN or en; default: from the environment)",
    )
    parser.add_argument(
        "--config",
        metavar="FILE",
        help="configuration file (default: nearest pyproject.toml "
        "with [tool.eulerdoc], or eulerdoc.toml)",
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    for name, module_name in COMMANDS.items():
        module = importlib.import_module(module_name)
        command = sub.add_parser(name, help=module.HELP, description=module.HELP)
        command.add_argument(
            "--lang", metavar="LANG", default=argparse.SUPPRESS, help=argparse.SUPPRESS
        )
        module.add_arguments(command)
        command.set_defaults(handler=module.run)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    from eulerdoc.diagnostic import printable
    from eulerdoc.errors import EulerdocError
    from eulerdoc.i18n import set_language

    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:
        return exc.code if isinstance(exc.code, int) else 2
    if getattr(args, "lang", None):
        set_language(args.lang)
    if not getattr(args, "handler", None):
        parser.print_help(sys.stderr)
        return 2
    try:
        result: int = args.handler(args)
        return result
    except EulerdocError as exc:
        print("eulerdoc: " + printable(str(exc)), file=sys.stderr)
        return exc.exit_code
    except KeyboardInterrupt:
        print("eulerdoc: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return 1


def run() -> None:
    """Console-script entry point."""
    sys.exit(main())
