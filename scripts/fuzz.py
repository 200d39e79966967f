"""Long fuzzing session over eulerdoc's commands and facade.

    python scripts/fuzz.py --minutes 10           # about ten minutes, then a summary
    python scripts/fuzz.py --minutes 60 --scale 20

Runs ``tests/test_fuzz.py`` (the same properties CI checks with a fixed, small set of
examples) again and again with ``EULERDOC_FUZZ_EXAMPLES`` = ``--scale`` (examples per
property multiplied by it) and a new random Hypothesis seed each round, until the time
is up. The first failing round stops the session: its output (with the falsifying
example and the seed to replay it with ``--hypothesis-seed``) is printed and the exit
status is 1. Save a failing input in ``tests/fixtures/fuzz/`` so that it is replayed by
every later test run.
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
                "tests/test_fuzz.py",
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
