"""VLAN lists (``bondlint.sources.vlan_list``): parse, merge, set arithmetic, membership,
count and rendering, against plain Python sets and netutils as oracles."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bondlint.sources import vlan_list
from bondlint.sources.vlan_list import ALL, NONE

EVERY_ID = frozenset(range(1, 4095))


@pytest.mark.parametrize(
    ("spec", "expected"),
    [
        ("1-3,5", ((1, 3), (5, 5))),
        ("5,1-3", ((1, 3), (5, 5))),
        ("1-3,4", ((1, 4),)),  # adjacent ranges join
        ("1-10,5-7", ((1, 10),)),  # overlapping ranges join
        (" 1 - 3 , 5 ", ((1, 3), (5, 5))),  # blanks anywhere (words of a CLI line)
        ("all", ALL),
        ("1-4094", ALL),
        ("none", NONE),
        ("", NONE),
        ("7", ((7, 7),)),
    ],
)
def test_parse(spec: str, expected: vlan_list.Intervals) -> None:
    assert vlan_list.parse(spec) == expected


@pytest.mark.parametrize("spec", ["0", "4095", "1-5000", "5-3", "1-", "-5", "1,,2", "1-2-3", "x", "²", "1;2", "all,5"])
def test_unreadable_lists_are_none(spec: str) -> None:
    assert vlan_list.parse(spec) is None


def test_unchecked_lists_keep_ids_as_written() -> None:
    """A list some parser already wrote: ids outside 1-4094 kept, a reversed range empty."""
    assert vlan_list.parse("0,5000", checked=False) == ((0, 0), (5000, 5000))
    assert vlan_list.parse("5-3,7", checked=False) == ((7, 7),)
    assert vlan_list.parse("x", checked=False) is None


def test_render() -> None:
    assert vlan_list.render(NONE) == "none"
    assert vlan_list.render(ALL) == "all"
    assert vlan_list.render(((1, 2), (5, 5), (7, 9))) == "1-2,5,7-9"
    assert vlan_list.ranges_text(ALL) == "1-4094"
    assert vlan_list.ranges_text(NONE) == ""


def test_membership_count_and_ids() -> None:
    intervals = vlan_list.parse("10-20,30,4094")
    assert intervals is not None
    assert [vid for vid in (1, 9, 10, 15, 20, 21, 29, 30, 31, 4094) if vlan_list.contains(intervals, vid)] == [
        10,
        15,
        20,
        30,
        4094,
    ]
    assert not vlan_list.contains(NONE, 1)
    assert vlan_list.count(intervals) == 13
    assert vlan_list.count(ALL) == 4094
    assert vlan_list.ids(intervals) == frozenset([*range(10, 21), 30, 4094])
    assert vlan_list.from_ids([30, 12, 11, 10]) == ((10, 12), (30, 30))


vlan_ranges = st.lists(
    st.tuples(st.integers(1, 4094), st.integers(0, 40)).map(lambda t: (t[0], min(4094, sum(t)))),
    max_size=8,
)


def as_set(ranges: list[tuple[int, int]]) -> frozenset[int]:
    return frozenset(vid for low, high in ranges for vid in range(low, high + 1))


@settings(max_examples=300, deadline=None)
@given(vlan_ranges, vlan_ranges, st.integers(0, 4096))
def test_arithmetic_agrees_with_sets(first: list[tuple[int, int]], second: list[tuple[int, int]], vid: int) -> None:
    base, more = vlan_list.merge(first), vlan_list.merge(second)
    assert vlan_list.ids(base) == as_set(first)
    assert vlan_list.ids(vlan_list.union(base, more)) == as_set(first) | as_set(second)
    assert vlan_list.ids(vlan_list.subtract(base, more)) == as_set(first) - as_set(second)
    assert vlan_list.ids(vlan_list.subtract(ALL, more)) == EVERY_ID - as_set(second)
    assert vlan_list.contains(base, vid) == (vid in as_set(first))
    assert vlan_list.count(base) == len(as_set(first))
    assert vlan_list.from_ids(as_set(first)) == base
    assert vlan_list.parse(vlan_list.render(base)) == base


@settings(max_examples=200, deadline=None)
@given(vlan_ranges.filter(bool))
def test_parse_and_render_agree_with_netutils(ranges: list[tuple[int, int]]) -> None:
    from netutils.vlan import vlanconfig_to_list, vlanlist_to_config

    spec = ",".join(str(low) if low == high else f"{low}-{high}" for low, high in ranges)
    intervals = vlan_list.parse(spec)
    assert intervals is not None
    assert vlan_list.ids(intervals) == frozenset(vlanconfig_to_list(spec))
    if intervals != ALL:
        expected = vlanlist_to_config(sorted(vlan_list.ids(intervals)), first_line_len=10**6, min_grouping_size=2)
        assert vlan_list.render(intervals) == expected[0]
