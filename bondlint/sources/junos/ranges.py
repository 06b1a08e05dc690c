"""``interfaces interface-range``: the members a range names (``member`` patterns such as
``xe-0/0/[0-3]``, ``member-range A to B``) and the statements it gives them."""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from bondlint.sources.junos.tree import DIRECT, RANGE, Rank
from bondlint.sources.text import DiagnosticLog

# Most interfaces one interface-range member or member-range may name.
MAX_RANGE_MEMBERS = 4096
_STAR_PORTS = range(48)  # Junos documents "*" in a member name as ports 0 to 47
_DIGITS = re.compile(r"[0-9]{1,9}")  # a port or VLAN number; longer runs are not one
_MEMBER_BRACKET = re.compile(r"\[([^\]]*)\]|\*")
# A range's statements that are about the range itself, not given to its members.
_RANGE_ONLY = frozenset({"member", "member-range", "apply-macro", "apply-groups", "apply-groups-except"})


@dataclass(slots=True)
class RangeEntry:
    """An ``interfaces interface-range NAME``: its members and what it gives them."""

    members: list[tuple[str, int]] = field(default_factory=list)
    spans: list[tuple[str, str, int]] = field(default_factory=list)
    statements: list[tuple[tuple[str, ...], int, Rank]] = field(default_factory=list)

    def add(self, rest: tuple[str, ...], line: int, rank: Rank) -> None:
        """One statement below ``interfaces interface-range NAME``."""
        if rest[0] == "member" and len(rest) == 2:
            self.members.append((rest[1], line))
        elif rest[0] == "member-range" and len(rest) == 4 and rest[2] == "to":
            self.spans.append((rest[1], rest[3], line))
        elif rest[0] not in _RANGE_ONLY:
            # A range's own statement ranks below the member's; an inherited one keeps
            # its group rank.
            self.statements.append((rest, line, RANGE if rank == DIRECT else rank))

    def expand(self, name: str, ports: Ports | None, log: DiagnosticLog) -> list[tuple[str, int]]:
        """Each member once, with the line that names it; ``member-range`` spans across
        PICs take the ``ports`` the file configures."""
        found: list[tuple[str, int]] = []
        for pattern, line in self.members:
            names = expand_member(pattern)
            if names is None:
                log.add(line, f"interface-range {name}: member {pattern} names too many ports")
            else:
                found.extend((member, line) for member in names)
        for first, last, line in self.spans:
            names = expand_span(first, last, ports or Ports(()))
            if names is None:
                log.add(line, f"interface-range {name}: member-range names too many ports")
            else:
                found.extend((member, line) for member in names)
        kept: list[tuple[str, int]] = []
        seen: set[str] = set()
        for member, line in found:
            if not member or member in seen:
                continue  # named by a member and a member-range too: inherit once
            if len(seen) == MAX_RANGE_MEMBERS:
                problem = f"more than {MAX_RANGE_MEMBERS} members; the rest ignored"
                log.add(line, f"interface-range {name}: {problem}")
                break
            seen.add(member)
            kept.append((member, line))
        return kept


def expand_member(pattern: str) -> list[str] | None:
    """``xe-0/0/[0,2-3]`` -> names; ``*`` stands for ports 0-47.  None when too many."""
    names = [""]
    position = 0
    for match in _MEMBER_BRACKET.finditer(pattern):
        literal = pattern[position : match.start()]
        position = match.end()
        choices: list[str] = []
        if match.group(0) == "*":
            choices = [str(port) for port in _STAR_PORTS]
        else:
            for piece in (part.strip() for part in match.group(1).split(",")):
                low, dash, high = piece.partition("-")
                first, last = parse_number(low), parse_number(high)
                if first is not None and last is not None and dash:
                    if last - first >= MAX_RANGE_MEMBERS:
                        return None
                    choices.extend(str(port) for port in range(first, last + 1))
                elif piece:
                    choices.append(piece)
                if len(choices) > MAX_RANGE_MEMBERS:
                    return None
        if len(names) * len(choices) > MAX_RANGE_MEMBERS:
            return None
        names = [f"{done}{literal}{choice}" for done in names for choice in choices]
    return [f"{done}{pattern[position:]}" for done in names]


PortKey = tuple[str, tuple[int, ...]]  # ("xe", (1, 0, 12)) for xe-1/0/12


def expand_span(first: str, last: str, known: Ports) -> list[str] | None:
    """``member-range A to B``: every port between, in Junos' lexical order.

    Between two ports of one PIC the names are counted out; across PICs or FPCs the
    port counts are unknown, so only the ``known`` interfaces the file configures are
    taken.  None when the span is too long.
    """
    # Split off the trailing port number by hand: a regex would backtrack on long digits.
    stem, low_text = _split_port(first)
    other_stem, high_text = _split_port(last)
    low, high = parse_number(low_text), parse_number(high_text)
    if stem == other_stem and low is not None and high is not None:
        low, high = min(low, high), max(low, high)
        if high - low >= MAX_RANGE_MEMBERS:
            return None
        return [f"{stem}{port}" for port in range(low, high + 1)]
    low_key, high_key = _port_key(first), _port_key(last)
    if low_key is None or high_key is None or low_key[0] != high_key[0]:
        return [first, last]
    between = known.between(low_key, high_key)
    if len(between) > MAX_RANGE_MEMBERS:
        return None
    return [first, *between, last]


def _split_port(name: str) -> tuple[str, str]:
    """``xe-0/0/12`` -> ("xe-0/0/", "12")."""
    stem = name.rstrip("0123456789")
    return stem, name[len(stem) :]


class Ports:
    """Configured port names in Junos' lexical order, searched by bisection."""

    def __init__(self, names: Iterable[str]) -> None:
        keyed = sorted((key, name) for name in names if (key := _port_key(name)) is not None)
        self.keys = [key for key, _ in keyed]
        self.names = [name for _, name in keyed]

    def between(self, low: PortKey, high: PortKey) -> list[str]:
        """Names strictly between two ports."""
        start = bisect.bisect_right(self.keys, low)
        end = bisect.bisect_left(self.keys, high)
        return self.names[start:end]


def _port_key(name: str) -> PortKey | None:
    """``xe-1/0/12`` -> ("xe", (1, 0, 12)), to order ports; None for other names."""
    prefix, _, numbers = name.partition("-")
    if not _DIGITS.match(numbers):
        return None
    return prefix, tuple(int(number) for number in _DIGITS.findall(numbers))


def parse_number(text: str) -> int | None:
    """ASCII digits as an int; None otherwise, or when too long to be a port or VLAN.

    ``str.isdigit`` is not enough: it accepts "²", which ``int`` refuses, and ``int``
    refuses more than 4,300 digits too.
    """
    return int(text) if _DIGITS.fullmatch(text) else None
