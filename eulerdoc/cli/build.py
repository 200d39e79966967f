"""`eulerdoc build` (placeholder until implemented)."""

from __future__ import annotations

import argparse

HELP = "build (not implemented yet)"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("paths", nargs="*")


def run(args: argparse.Namespace) -> int:
    raise NotImplementedError
