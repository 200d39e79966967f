"""The ``eulerdoc`` command line: ``main(argv) -> int`` and one error boundary.

Exit codes: 0 clean, 1 findings or unreadable input, 2 usage or configuration errors.
Each sub-command lives in its own module with ``add_arguments(parser)`` and
``run(args) -> int``; those modules import heavy libraries only inside ``run`` so that
start-up stays fast (the hook runs on every commit).
"""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Sequence

COMMANDS: dict[str, tuple[str, str]] = {
    "lint": ("eulerdoc.cli.lint", "check articles: front matter, images, rendering, terminology"),
    "rule": (
        "eulerdoc.cli.rule",
        "explain a lint rule (What it does / Why / Example / Fix), or list every rule",
    ),
    "schema": ("eulerdoc.cli.schema", "print, write or check the JSON Schemas of the front matter"),
    "extract": (
        "eulerdoc.cli.extract",
        "extract translatable text from articles into catalogue templates (.pot)",
    ),
    "update": (
        "eulerdoc.cli.update",
        "merge the articles' current text into their translation catalogues (.po)",
    ),
    "build": ("eulerdoc.cli.build", "write translated articles from their catalogues (.po)"),
    "check-po": (
        "eulerdoc.cli.check_po",
        "check translation catalogues (.po) for unsafe or broken translations",
    ),
    "stats": ("eulerdoc.cli.stats", "show how much of each catalogue is translated"),
}
"""Sub-command name -> (module, one-line help). Only the module of the command being run is
imported, so ``eulerdoc lint`` does not pay for the translators' commands."""

_GLOBAL_WITH_VALUE = ("--lang", "--config")


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # type: ignore[override]
        self.print_usage(sys.stderr)
        self.exit(2, f"{self.prog}: error: {message}\n")


def version() -> str:
    from eulerdoc import __version__

    return __version__


def requested_command(argv: Sequence[str]) -> str | None:
    """The sub-command named in ``argv`` (skipping the global options), if any."""
    args = iter(argv)
    for arg in args:
        if len(arg) > 2 and any(option.startswith(arg) for option in _GLOBAL_WITH_VALUE):
            next(args, None)  # --lang/--config (or an abbreviation argparse accepts) + value
        elif arg == "--":
            return next(args, None)
        elif not arg.startswith("-"):
            return arg
    return None


def build_parser(argv: Sequence[str] | None = None) -> argparse.ArgumentParser:
    """The argument parser; with ``argv``, only the requested sub-command gets its options.

    Every sub-command is listed (for ``--help`` and error messages), but a command's module
    is imported only when it is the one being parsed (or when ``argv`` is None).
    """
    wanted = None if argv is None else requested_command(argv)
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
    for name, (module_name, help_text) in COMMANDS.items():
        command = sub.add_parser(name, help=help_text, description=help_text)
        if argv is not None and name != wanted:
            continue
        module = importlib.import_module(module_name)
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

    if argv is None:
        argv = sys.argv[1:]
    parser = build_parser(argv)
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:
        return exc.code if isinstance(exc.code, int) else 2
    if getattr(args, "lang", None):
        from eulerdoc.i18n import _, available_languages, normalise

        if normalise(args.lang) not in available_languages():
            # The environment may ask for any language (English stands in); --lang is
            # an explicit request that cannot be met.
            print(
                "eulerdoc: "
                + printable(
                    _("no messages in {lang!r}; --lang takes {languages}").format(
                        lang=args.lang, languages=", ".join(available_languages())
                    )
                ),
                file=sys.stderr,
            )
            return 2
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
    except (OSError, RuntimeError) as exc:
        # A file system error a command did not expect (a path that cannot be resolved:
        # a symbolic link that loops) is about the input: a message, never a traceback.
        if isinstance(exc, RuntimeError) and "symlink loop" not in str(exc).lower():
            raise
        print("eulerdoc: " + printable(_file_error(exc)), file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("eulerdoc: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return 1


def _file_error(exc: BaseException) -> str:
    if isinstance(exc, OSError) and exc.filename is not None:
        return f"{exc.filename}: {exc.strerror or exc}"
    return str(exc)


def run() -> None:
    """Console-script entry point.

    Everything the command writes is flushed and its files closed before it returns, so
    the process ends with ``os._exit``: tearing down the interpreter's modules would take
    longer on a slow machine than a whole pre-commit lint.
    """
    import gc
    import os

    # Start-up allocates many long-lived objects (imports, pydantic models); collecting
    # less often saves a tenth of a short run and still bounds memory in long ones.
    gc.set_threshold(50_000, 20, 100)
    code = main()
    try:
        sys.stdout.flush()
        sys.stderr.flush()
    except (BrokenPipeError, ValueError):
        code = code or 1
    os._exit(code)
