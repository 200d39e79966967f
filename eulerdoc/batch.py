"""Run one function over many inputs, with ``--jobs N`` processes and a progress bar.

The function must be a module-level callable (it is pickled for worker processes).
Results come back in input order. The progress bar is drawn on standard error only
when it is a terminal.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Sequence
from typing import TypeVar

T = TypeVar("T")
R = TypeVar("R")


def default_jobs() -> int:
    return max(1, min(os.cpu_count() or 1, 8))


class Progress:
    def __init__(self, total: int, label: str, enabled: bool | None = None) -> None:
        self.total = total
        self.label = label
        self.done = 0
        self.enabled = sys.stderr.isatty() if enabled is None else enabled
        self.enabled = self.enabled and total > 1

    def step(self) -> None:
        self.done += 1
        if self.enabled:
            width = 30
            filled = width * self.done // max(self.total, 1)
            bar = "#" * filled + "-" * (width - filled)
            sys.stderr.write(f"\r{self.label} [{bar}] {self.done}/{self.total}")
            if self.done >= self.total:
                sys.stderr.write("\n")
            sys.stderr.flush()


def run_batch(
    function: Callable[[T], R],
    items: Sequence[T],
    jobs: int = 1,
    label: str = "eulerdoc",
    progress: bool | None = None,
) -> list[R]:
    bar = Progress(len(items), label, progress)
    if jobs <= 1 or len(items) < 2:
        results = []
        for item in items:
            results.append(function(item))
            bar.step()
        return results
    from concurrent.futures import ProcessPoolExecutor

    out: list[R | None] = [None] * len(items)
    chunk = max(1, len(items) // (jobs * 8))
    with ProcessPoolExecutor(max_workers=jobs) as pool:
        for index, result in enumerate(pool.map(function, items, chunksize=chunk)):
            out[index] = result
            bar.step()
    return out  # type: ignore[return-value]
