"""The command line parser: only the requested command is set up, globals may come first."""

from __future__ import annotations

import subprocess
import sys

import pytest

from eulerdoc.cli import COMMANDS, build_parser, main, requested_command


@pytest.mark.parametrize(
    ("argv", "command"),
    [
        (["lint", "a.md"], "lint"),
        (["--lang", "en", "lint"], "lint"),
        (["--lang=en", "check-po", "x.po"], "check-po"),
        (["--config", "lint", "extract"], "extract"),  # 'lint' is --config's value
        (["--conf", "site.toml", "build"], "build"),  # abbreviations argparse accepts
        (["--", "stats"], "stats"),
        (["--version"], None),
        ([], None),
    ],
)
def test_requested_command(argv: list[str], command: str | None) -> None:
    assert requested_command(argv) == command


def test_only_the_requested_command_gets_its_options() -> None:
    parser = build_parser(["rule", "IMG001"])
    args = parser.parse_args(["rule", "IMG001"])
    assert args.handler.__module__ == COMMANDS["rule"][0]


def test_every_command_is_listed_in_help(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--help"]) == 0
    out = capsys.readouterr().out
    for name in COMMANDS:
        assert name in out


def test_unknown_command_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["lnit"]) == 2
    assert "invalid choice" in capsys.readouterr().err


def test_global_options_before_the_command(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--lang", "en", "rule", "IMG001"]) == 0
    assert "IMG001" in capsys.readouterr().out


def test_console_script_exit_code_and_output(tmp_path: object) -> None:
    code = "import sys; sys.argv = ['eulerdoc', 'rule', 'NOPE999']; from eulerdoc.cli import run; run()"
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=False
    )
    assert result.returncode == 2, result.stderr
    assert "NOPE999" in result.stderr


def test_console_script_flushes_piped_output() -> None:
    code = (
        "import sys; sys.argv = ['eulerdoc', 'rule', '--all']; from eulerdoc.cli import run; run()"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=False
    )
    assert result.returncode == 0, result.stderr
    assert "IMG001" in result.stdout and "TERM001" in result.stdout


def test_module_entry_point_version() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "eulerdoc", "--version"],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 0
    from eulerdoc import __version__

    assert result.stdout.strip() == f"eulerdoc {__version__}"
