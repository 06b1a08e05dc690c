"""Shared helper for the linear-time guards (no hang on hostile input): best of a few runs.

CPU time of this process, not wall time: a busy machine (CI runners share cores) delays
a test without making its work any larger, and these guards are about the work."""

from __future__ import annotations

import time
from collections.abc import Callable


def best_time(work: Callable[[], object], rounds: int = 3) -> float:
    """The fastest of ``rounds`` runs of ``work``, in seconds (the least disturbed one)."""
    best = float("inf")
    for _ in range(rounds):
        start = time.process_time()
        work()
        best = min(best, time.process_time() - start)
    return best
