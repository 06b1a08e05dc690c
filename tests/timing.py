"""Shared helper for the linear-time guards (no hang on hostile input): best of a few runs."""

from __future__ import annotations

import time
from collections.abc import Callable


def best_time(work: Callable[[], object], rounds: int = 3) -> float:
    """The fastest of ``rounds`` runs of ``work``, in seconds (the least disturbed one)."""
    best = float("inf")
    for _ in range(rounds):
        start = time.perf_counter()
        work()
        best = min(best, time.perf_counter() - start)
    return best
