"""What statements below ``interfaces NAME`` say: descriptions, MTU, speed, shutdown,
``unit 0 family ethernet-switching`` (port mode, VLAN members, native VLAN), LAG
membership (``ether-options 802.3ad aeN``), and an aggregate's LACP and MC-LAG options.

Each value is a ``Choice``: the highest rank wins, then the latest line."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

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
    interface_setting(item, rest, line, rank)


def interface_setting(item: Interface, rest: tuple[str, ...], line: int, rank: Rank) -> None:
    """What one statement below ``interfaces NAME`` sets (``read_interface`` less ``see``)."""
    size = len(rest)
    if not size:
        return
    head = rest[0]
    # Each branch wants its own first word, so their order is free: commonest first.
    if head == "description" and size >= 2:
        item.offer("description", " ".join(rest[1:]), line, rank)
    elif size >= 4 and rest[:4] == _SWITCHING:
        _read_switching(item, rest[4:], line, rank)
    elif size == 2 and head in _PLAIN_SETTINGS:
        item.offer(_PLAIN_SETTINGS[head], rest[1], line, rank)
    elif rest == ("disable",):
        item.offer("shutdown", "yes", line, rank)
    elif head in ("ether-options", "gigether-options") and size >= 3:
        _read_ether_options(item, rest[1:], line, rank)
    elif head == "aggregated-ether-options" and size >= 2:
        _read_lag(item, rest[1:], line, rank)
    elif head == "esi" and size == 2 and _ESI_VALUE.match(rest[1]):
        item.offer("esi", rest[1], line, rank)


_PLAIN_SETTINGS = {"mtu": "mtu", "speed": "speed", "native-vlan-id": "native_vlan"}
_SWITCHING = ("unit", "0", "family", "ethernet-switching")
_LACP_OPTIONS = {"system-id": "lacp_system_id", "admin-key": "lacp_admin_key"}
_LACP_RATES = {"fast": "fast", "slow": "normal"}


def _read_switching(item: Interface, setting: tuple[str, ...], line: int, rank: Rank) -> None:
    """``unit 0 family ethernet-switching …``: the port's mode and VLANs."""
    item.switching = True
    if len(setting) == 2 and setting[0] in ("interface-mode", "port-mode"):
        item.offer("mode", setting[1], line, rank)
    elif len(setting) == 3 and setting[:2] == ("vlan", "members"):
        item.vlan_members.append((setting[2], line, rank))
    elif len(setting) == 2 and setting[0] == "native-vlan-id":
        item.offer("native_vlan", setting[1], line, rank)


def _read_ether_options(item: Interface, rest: tuple[str, ...], line: int, rank: Rank) -> None:
    """``ether-options …`` (two words at least): speed, and the LAG a member joins."""
    if rest[0] == "speed" and len(rest) == 2:
        item.offer("speed", rest[1], line, rank)
    elif rest[0] == "802.3ad" and rest[1] not in _LAG_OPTIONS:
        item.offer("channel_group", rest[1], line, rank)
    elif rest == ("802.3ad", "lacp", "force-up"):
        item.offer("lacp_force_up", "yes", line, rank)


def _read_lag(item: Interface, rest: tuple[str, ...], line: int, rank: Rank) -> None:
    """``aggregated-ether-options …`` on an ae."""
    if rest[0] == "lacp":
        if not item.lacp_line or line < item.lacp_line:
            item.lacp_line = line
        option = rest[1:]
        if option in (("active",), ("passive",)):
            item.offer("lacp_mode", option[0], line, rank)
        elif option == ("force-up",):
            item.offer("lacp_force_up", "yes", line, rank)
        elif len(option) == 2 and option[0] == "periodic":
            item.offer("lacp_rate", _LACP_RATES.get(option[1], option[1]), line, rank)
        elif len(option) == 2 and option[0] in _LACP_OPTIONS:
            item.offer(_LACP_OPTIONS[option[0]], option[1], line, rank)
    elif len(rest) == 3 and rest[:2] == ("mc-ae", "mc-ae-id"):
        item.offer("mlag_id", rest[2], line, rank)
