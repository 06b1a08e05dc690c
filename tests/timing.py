"""Linear-time guards (no hang on hostile input) that compare growth, never absolute seconds.

A guard times the same work on an input of size n and of size ``factor`` x n and asserts
that the time grew at most ``factor`` x ``slack`` times: a linear parser passes on a slow
or busy machine as well as on a fast one, a quadratic one (regex backtracking, a list
scanned per line) grows ``factor`` squared times and fails.

CPU time of this process, not wall time: a busy machine (CI runners share cores) delays
a test without making its work any larger, and these guards are about the work.  Each
size is timed a few times and the fastest run counts (the least disturbed one), with the
garbage collector paused so that a collection started by earlier tests is not charged to
one size only.
"""

from __future__ import annotations

import gc
import time
from collections.abc import Callable
from dataclasses import dataclass

# The growth allowed beyond the size factor: timer noise, cache effects, an n log n sort.
SLACK = 3.0
# Too short a run to measure a ratio on: the small size is doubled until it takes this
# long (a resolution floor for the measurement, not a limit on the code).
RESOLUTION = 0.004
# The small size is doubled at most this many times.
DOUBLINGS = 4


def best_time(work: Callable[[], object], rounds: int = 3) -> float:
    """The fastest of ``rounds`` runs of ``work``, in CPU seconds (the least disturbed one)."""
    best = float("inf")
    enabled = gc.isenabled()
    gc.collect()
    gc.disable()
    try:
        for _ in range(rounds):
            start = time.process_time()
            work()
            best = min(best, time.process_time() - start)
    finally:
        if enabled:
            gc.enable()
    return best


@dataclass(frozen=True)
class Growth:
    """Times of the same work at two sizes."""

    size: int
    factor: int
    small: float
    large: float

    @property
    def ratio(self) -> float:
        return self.large / self.small if self.small > 0 else 0.0

    def __str__(self) -> str:
        return (
            f"n={self.size}: {self.small * 1000:.2f} ms, {self.factor}n: {self.large * 1000:.2f} ms "
            f"(x{self.ratio:.1f}, at most x{self.factor * SLACK:.0f} allowed)"
        )


def growth(work: Callable[[int], Callable[[], object]], size: int, factor: int = 8, rounds: int = 3) -> Growth:
    """Time ``work(n)()`` at n = ``size`` (doubled until measurable) and at ``factor`` x n.

    ``work(n)`` builds the input of size n outside the timing and returns the call to time.
    """
    small = best_time(work(size), rounds)
    for _ in range(DOUBLINGS):
        if small >= RESOLUTION:
            break
        size *= 2
        small = best_time(work(size), rounds)
    return Growth(size, factor, small, best_time(work(size * factor), rounds))


def assert_linear(work: Callable[[int], Callable[[], object]], size: int, factor: int = 8, what: str = "") -> Growth:
    """Fail when ``factor`` times the input costs more than ``factor`` x ``SLACK`` times the time.

    A small size still below the timer's resolution after the doublings counts as taking
    ``RESOLUTION``: such work is too fast to time a ratio on, and too fast to hang anything.
    """
    measured = growth(work, size, factor)
    allowed = factor * SLACK * max(measured.small, RESOLUTION)
    assert measured.large <= allowed, f"{what} grows faster than its input: {measured}"
    return measured


def assert_parse_linear(
    parse: Callable[[str, str], object], build: Callable[[int], str], size: int, path: str = "x"
) -> Growth:
    """``parse(build(n), path)`` grows linearly: ``assert_linear`` with the text built
    outside the timing."""

    def work(n: int) -> Callable[[], object]:
        text = build(n)
        return lambda: parse(text, path)

    return assert_linear(work, size, what=f"parse of {build(1)[:40]!r}...")
