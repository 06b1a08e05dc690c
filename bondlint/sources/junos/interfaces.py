"""What statements below ``interfaces NAME`` say: descriptions, MTU, speed, shutdown,
``unit 0 family ethernet-switching`` (port mode, VLAN members, native VLAN), LAG
membership (``ether-options 802.3ad aeN``), and an aggregate's LACP and MC-LAG options.

Each value is a ``Choice``: the highest rank wins, then the latest line."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Protocol

from bondlint.sources.junos.tree import DIRECT, Rank

# Children of "802.3ad" that are options, not the bundle name.
_LAG_OPTIONS = frozenset({"lacp", "primary", "backup", "link-index", "port-priority"})
_ESI_VALUE = re.compile(r"[0-9A-Fa-f]{2}(?::[0-9A-Fa-f]{2}){9}$")


@dataclass(slots=True)
class Choice:
    """A candidate value of a single-valued setting: highest rank wins, then latest line."""

    rank: Rank
    line: int
    value: str


class Written(Protocol):
    """A statement as ``setting`` reads it (``junos.flat.FlatStatement``): ``key`` set to
    ``value`` ("" key: no value), a VLAN member, switching, LACP; ``marks``: any of
    the last three."""

    key: str
    value: str
    vlan: str | None
    switching: bool
    lacp: bool
    marks: bool


@dataclass(slots=True)
class Interface:
    """What the statements say about one interface, before it becomes a fact."""

    name: str
    declared: int = 0  # its own "xe-0/0/1 {" or first "set interfaces xe-0/0/1" line
    first_direct: int = 0
    first_any: int = 0
    member_line: int = 0  # the interface-range "member" line that names it
    values: dict[str, Choice] = field(default_factory=dict)
    vlan_members: list[tuple[str, int, Rank]] = field(default_factory=list)
    lacp_line: int = 0  # first statement of an aggregated-ether-options lacp stanza
    switching: bool = False  # has unit 0 family ethernet-switching
    protocols: set[str] = field(default_factory=set)  # xSTP protocols that name it
    # Direct statements kept flat (junos.flat), in tree order, with their lines: what
    # they set goes to the fact as written (a later line's value beats an earlier
    # one's); ``values`` holds only what ``protocols`` offers, never the same keys, and
    # ``vlan_members`` and ``lacp_line`` stay empty.
    direct: Iterable[tuple[Written, int]] = ()

    def see(self, line: int, rank: Rank) -> None:
        """Note a statement about it, to locate the interface."""
        if rank == DIRECT and (not self.first_direct or line < self.first_direct):
            self.first_direct = line
        if not self.first_any or line < self.first_any:
            self.first_any = line

    def offer(self, key: str, value: str, line: int, rank: Rank) -> None:
        """Propose a value; it replaces the current one if it ranks higher or comes later."""
        current = self.values.get(key)
        # (rank, line) > (current.rank, current.line), without building the tuples
        if current is None or (line > current.line if rank == current.rank else rank > current.rank):
            self.values[key] = Choice(rank, line, value)

    @property
    def line(self) -> int:
        """The first line that configures it: its own, else its range's, else inherited."""
        return self.declared or self.first_direct or self.member_line or self.first_any


def read_interface(item: Interface, rest: tuple[str, ...], line: int, rank: Rank) -> None:
    """One statement below ``interfaces NAME``."""
    item.see(line, rank)
    apply_setting(item, setting(rest), line, rank)


# What one statement below "interfaces NAME" sets, whichever interface says it:
# (key, value, vlan, switching, lacp): at most one value (key "" for none), a "vlan
# members" word (or None), whether it is below "unit 0 family ethernet-switching",
# whether it is an "aggregated-ether-options lacp" statement.  A plain tuple: a large
# file has one per distinct statement (a description per port), and a named tuple's
# constructor costs more than the rest of reading a description line.
Setting = tuple[str, str, str | None, bool, bool]
NO_SETTING: Setting = ("", "", None, False, False)


def apply_setting(item: Interface, made: Setting, line: int, rank: Rank) -> None:
    """``made``, written at ``line`` with ``rank``, applied to ``item``."""
    key, value, vlan, switching, lacp = made
    if key:
        item.offer(key, value, line, rank)
    if vlan is not None:
        item.vlan_members.append((vlan, line, rank))
    if switching:
        item.switching = True
    if lacp and (not item.lacp_line or line < item.lacp_line):
        item.lacp_line = line


def setting(rest: tuple[str, ...]) -> Setting:
    """What one statement below ``interfaces NAME`` (``rest``: the words after the name)
    sets: descriptions, MTU, speed, shutdown, switching, LAG membership, LACP."""
    size = len(rest)
    if not size:
        return NO_SETTING
    head = rest[0]
    # Each branch wants its own first word, so their order is free: commonest first.
    if head == "description" and size >= 2:
        return ("description", " ".join(rest[1:]), None, False, False)
    if size >= 4 and rest[:4] == _SWITCHING:
        return _switching(rest[4:])
    if size == 2 and head in _PLAIN_SETTINGS:
        return (_PLAIN_SETTINGS[head], rest[1], None, False, False)
    if rest == ("disable",):
        return ("shutdown", "yes", None, False, False)
    if head in ("ether-options", "gigether-options") and size >= 3:
        return _ether_options(rest[1:])
    if head == "aggregated-ether-options" and size >= 2:
        return _lag(rest[1:])
    if head == "esi" and size == 2 and _ESI_VALUE.match(rest[1]):
        return ("esi", rest[1], None, False, False)
    return NO_SETTING


_PLAIN_SETTINGS = {"mtu": "mtu", "speed": "speed", "native-vlan-id": "native_vlan"}
_SWITCHING = ("unit", "0", "family", "ethernet-switching")
_LACP_OPTIONS = {"system-id": "lacp_system_id", "admin-key": "lacp_admin_key"}
_LACP_RATES = {"fast": "fast", "slow": "normal"}


def _switching(words: tuple[str, ...]) -> Setting:
    """``unit 0 family ethernet-switching …``: the port's mode and VLANs."""
    if len(words) == 2 and words[0] in ("interface-mode", "port-mode"):
        return ("mode", words[1], None, True, False)
    if len(words) == 3 and words[:2] == ("vlan", "members"):
        return ("", "", words[2], True, False)
    if len(words) == 2 and words[0] == "native-vlan-id":
        return ("native_vlan", words[1], None, True, False)
    return ("", "", None, True, False)


def _ether_options(rest: tuple[str, ...]) -> Setting:
    """``ether-options …`` (two words at least): speed, and the LAG a member joins."""
    if rest[0] == "speed" and len(rest) == 2:
        return ("speed", rest[1], None, False, False)
    if rest[0] == "802.3ad" and rest[1] not in _LAG_OPTIONS:
        return ("channel_group", rest[1], None, False, False)
    if rest == ("802.3ad", "lacp", "force-up"):
        return ("lacp_force_up", "yes", None, False, False)
    return NO_SETTING


def _lag(rest: tuple[str, ...]) -> Setting:
    """``aggregated-ether-options …`` on an ae."""
    if rest[0] == "lacp":
        option = rest[1:]
        if option in (("active",), ("passive",)):
            return ("lacp_mode", option[0], None, False, True)
        if option == ("force-up",):
            return ("lacp_force_up", "yes", None, False, True)
        if len(option) == 2 and option[0] == "periodic":
            return ("lacp_rate", _LACP_RATES.get(option[1], option[1]), None, False, True)
        if len(option) == 2 and option[0] in _LACP_OPTIONS:
            return (_LACP_OPTIONS[option[0]], option[1], None, False, True)
        return ("", "", None, False, True)
    if len(rest) == 3 and rest[:2] == ("mc-ae", "mc-ae-id"):
        return ("mlag_id", rest[2], None, False, False)
    return NO_SETTING
