"""VLAN lists as switches write them (``1-5,7,10-12``, ``all``, ``none``): one reading for
the whole code base.

A list is kept as sorted, merged ``(low, high)`` intervals: exact, and cheap on the
``1-4094`` lists trunks carry.  netutils' ``vlanconfig_to_list``/``vlanlist_to_config``
were measured for this and not used: they expand every id into a Python list (about
180 µs for ``1-4094`` and 740 µs to render it back, against 1 µs here), read ``5-3`` as
3 and 5 and ``0-10`` as eleven ids, refuse ``all``/``none`` and wrap their output at 48
characters.
"""

from __future__ import annotations

import bisect
from collections.abc import Iterable

VLAN_MIN, VLAN_MAX = 1, 4094
Intervals = tuple[tuple[int, int], ...]
ALL: Intervals = ((VLAN_MIN, VLAN_MAX),)
NONE: Intervals = ()


def is_number(word: str) -> bool:
    """ASCII digits only: ``str.isdigit`` also accepts "²", which ``int`` rejects."""
    return word.isascii() and word.isdigit()


def parse(spec: str, *, checked: bool = True) -> Intervals | None:
    """``1-3,5`` / ``all`` / ``none`` (blanks anywhere ignored; an empty list is none) ->
    intervals; None when unreadable.  ``checked`` refuses ids outside 1-4094 and reversed
    ranges (``5-3``), as a switch's own CLI does; without it (a list some parser already
    wrote) such ids are kept as written and a reversed range holds no id."""
    spec = "".join(spec.split())
    if spec == "all":
        return ALL
    if spec in ("none", ""):
        return NONE
    ranges: list[tuple[int, int]] = []
    for item in spec.split(","):
        low, dash, high = item.partition("-")
        if not is_number(low) or (dash and not is_number(high)):
            return None
        first = int(low)
        last = int(high) if dash else first
        if checked and not VLAN_MIN <= first <= last <= VLAN_MAX:
            return None
        if first <= last:
            ranges.append((first, last))
    return merge(ranges)


def merge(ranges: Iterable[tuple[int, int]]) -> Intervals:
    """Sorted, with overlapping and adjacent ranges joined (1-3 and 4 make 1-4)."""
    merged: list[tuple[int, int]] = []
    for low, high in sorted(ranges):
        if merged and low <= merged[-1][1] + 1:
            if high > merged[-1][1]:
                merged[-1] = (merged[-1][0], high)
        else:
            merged.append((low, high))
    return tuple(merged)


def from_ids(ids: Iterable[int]) -> Intervals:
    """The intervals holding exactly ``ids``."""
    return merge((vid, vid) for vid in ids)


def union(base: Intervals, more: Intervals) -> Intervals:
    """Both lists (``allowed vlan add``)."""
    return merge([*base, *more])


def subtract(base: Intervals, less: Intervals) -> Intervals:
    """``base`` without ``less`` (``allowed vlan remove``; ``except`` is ``ALL`` less)."""
    kept: list[tuple[int, int]] = []
    for low, high in base:
        start = _cut(low, high, less, kept)
        if start <= high:
            kept.append((start, high))
    return tuple(kept)


def _cut(low: int, high: int, less: Intervals, kept: list[tuple[int, int]]) -> int:
    """Keep the parts of ``low-high`` before each interval of ``less`` that cuts into
    it; return where what is left of it starts (past ``high`` when nothing is)."""
    start = low
    for cut_low, cut_high in less:
        if cut_high < start:
            continue
        if cut_low > high:
            break
        if cut_low > start:
            kept.append((start, cut_low - 1))
        start = max(start, cut_high + 1)
        if start > high:
            break
    return start


def contains(intervals: Intervals, vid: int) -> bool:
    """Whether ``vid`` is in the list."""
    index = bisect.bisect_right(intervals, vid, key=_low) - 1
    return index >= 0 and intervals[index][0] <= vid <= intervals[index][1]


def _low(interval: tuple[int, int]) -> int:
    return interval[0]


def count(intervals: Intervals) -> int:
    """How many ids the list holds."""
    return sum(high - low + 1 for low, high in intervals)


def ids(intervals: Intervals) -> frozenset[int]:
    """Every id of the list, one by one."""
    return frozenset(vid for low, high in intervals for vid in range(low, high + 1))


def ranges_text(intervals: Intervals) -> str:
    """``1-3,5`` (two in a row are ``1-2``); an empty list is the empty string."""
    return ",".join(str(low) if low == high else f"{low}-{high}" for low, high in intervals)


def render(intervals: Intervals) -> str:
    """Canonical switch text: ``none``, ``all`` (1-4094) or ``1-3,5``."""
    if not intervals:
        return "none"
    if intervals == ALL:
        return "all"
    return ranges_text(intervals)
