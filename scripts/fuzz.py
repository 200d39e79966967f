"""Long fuzzing session over eulerdoc's commands and facade.

    python scripts/fuzz.py --minutes 10           # about ten minutes, then a summary
    python scripts/fuzz.py --minutes 60 --scale 20

Runs ``tests/test_fuzz.py`` and every other module with property-based tests (the same
properties the test command checks with a fixed set of examples) again and again, with
the ``explore`` Hypothesis profile (new examples), ``EULERDOC_FUZZ_EXAMPLES`` =
``--scale`` (fuzz examples per property multiplied by it) and a new random seed each
round, until the time is up. The first failing round stops the session: its output (with
the falsifying example and the seed to replay it with ``--hypothesis-seed``) is printed
and the exit status is 1. Keep a failing input as a regression: a file in
``tests/fixtures/fuzz/`` for the fuzz suite, an ``@example`` on the property otherwise.
"""

from __future__ import annotations

import argparse
import os
import random
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def _property_modules() -> list[str]:
    """Test modules with property-based tests, the fuzz suite first."""
    modules = sorted(
        str(path.relative_to(ROOT))
        for path in (ROOT / "tests").glob("test_*.py")
        if "@given" in path.read_text(encoding="utf-8") and path.name != "test_fuzz.py"
    )
    return ["tests/test_fuzz.py", *modules]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument("--minutes", type=float, default=10.0, help="session length")
    parser.add_argument("--scale", type=int, default=10, help="examples multiplier per round")
    args = parser.parse_args(argv)
    if args.minutes <= 0 or args.scale < 1:
        parser.error("--minutes must be positive and --scale at least 1")
    deadline = time.monotonic() + args.minutes * 60
    env = {**os.environ, "EULERDOC_FUZZ_EXAMPLES": str(args.scale)}
    rounds = 0
    started = time.monotonic()
    while time.monotonic() < deadline:
        seed = random.randrange(2**32)
        rounds += 1
        print(f"fuzz: round {rounds}, hypothesis seed {seed}", flush=True)
        result = subprocess.run(
            [
                sys.executable,
                "-m",
                "pytest",
                "-q",
                "-p",
                "no:cacheprovider",
                *_property_modules(),
                "--hypothesis-profile=explore",
                f"--hypothesis-seed={seed}",
                "-x",
            ],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
            check=False,
        )
        if result.returncode != 0:
            print(result.stdout[-20000:])
            print(result.stderr[-5000:], file=sys.stderr)
            print(f"fuzz: round {rounds} FAILED (seed {seed})", flush=True)
            return 1
    minutes = (time.monotonic() - started) / 60
    print(f"fuzz: {rounds} rounds ×{args.scale} examples in {minutes:.1f} min, nothing found")
    return 0


if __name__ == "__main__":
    sys.exit(main())
