"""``protocols``: spanning tree (which protocol runs, its forward delay, edge ports,
``interface all``) and uplink failure detection (link-state tracking groups)."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from bondlint.sources.junos.interfaces import Interface
from bondlint.sources.junos.tree import DIRECT, Rank

_XSTP = frozenset({"rstp", "mstp", "vstp", "stp"})
_FORWARD_DELAY_PROTOCOLS = frozenset({"rstp", "mstp", "stp"})
_UFD_DIRECTIONS = {"link-to-monitor": "upstream", "link-to-disable": "downstream"}
_UNIT_SUFFIX = re.compile(r"\.\d+$")


@dataclass(slots=True)
class StpReference:
    """A statement below ``protocols rstp|mstp|vstp|stp … interface NAME``."""

    protocol: str
    name: str
    rest: tuple[str, ...]
    line: int
    rank: Rank


class Protocols:
    """The ``protocols`` statements about ports, kept until every interface is known."""

    def __init__(self, switch: Interface) -> None:
        self.switch = switch  # switch-wide values
        self.stp: list[StpReference] = []
        # protocols uplink-failure-detection group G link-to-monitor|link-to-disable X:
        # (interface or range, upstream/downstream, group, line, rank)
        self.ufd: list[tuple[str, str, str, int, Rank]] = []

    def read(self, path: tuple[str, ...], line: int, rank: Rank) -> None:
        """One statement below ``protocols``."""
        size = len(path)
        if size >= 3 and path[1] in _XSTP:
            self._stp_statement(path, line, rank)
        elif size == 6 and path[1:3] == ("uplink-failure-detection", "group"):
            direction = _UFD_DIRECTIONS.get(path[4])
            name = _UNIT_SUFFIX.sub("", path[5])
            if direction is not None and name:
                self.ufd.append((name, direction, path[3], line, rank))

    def _stp_statement(self, path: tuple[str, ...], line: int, rank: Rank) -> None:
        protocol = path[1]
        self.switch.offer("stp_protocol", protocol, line, rank)  # spanning tree runs at all
        if protocol in _FORWARD_DELAY_PROTOCOLS and path[2:3] == ("forward-delay",):
            if len(path) == 4:
                self.switch.offer("forward_delay", path[3], line, rank)
            return
        # "interface X" sits under the protocol, a vstp vlan or an mstp msti.
        try:
            at = path.index("interface", 2)
        except ValueError:
            return
        name = _UNIT_SUFFIX.sub("", path[at + 1]) if at + 1 < len(path) else ""
        if name:
            self.stp.append(StpReference(protocol, name, path[at + 2 :], line, rank))

    def apply_stp(
        self,
        interfaces: dict[str, Interface],
        interface: Callable[[str], Interface],
        range_members: dict[str, list[str]],
    ) -> None:
        """``protocols rstp interface X edge``; ``interface all`` covers switching ports.

        ``interface`` finds or adds a port: a port named here only is still one."""
        everywhere: dict[str, StpReference] = {}  # the winning "all … edge" per protocol
        for reference in self.stp:
            if reference.name == "all":
                if reference.rest == ("edge",):
                    best = everywhere.get(reference.protocol)
                    if best is None or (reference.rank, reference.line) > (best.rank, best.line):
                        everywhere[reference.protocol] = reference
                continue
            for member in range_members.get(reference.name, [reference.name]):
                item = interface(member)
                item.protocols.add(reference.protocol)
                if not item.line:  # known only from here: locate it here
                    item.see(reference.line, reference.rank)
                if reference.rest == ("edge",):
                    item.offer("edge", "yes", reference.line, reference.rank)
        for reference in everywhere.values():
            for item in interfaces.values():
                # A port named under the protocol takes its own settings, not "all"'s.
                if item.switching and reference.protocol not in item.protocols:
                    item.offer("edge", "yes", reference.line, reference.rank)

    def apply_uplink_failure_detection(
        self, interfaces: dict[str, Interface], range_members: dict[str, list[str]]
    ) -> None:
        """Uplink failure detection: a ``link-to-disable`` port is shut down when every
        ``link-to-monitor`` port of its group is down (link-state tracking)."""
        monitored: dict[str, int] = {}  # group -> its first link-to-monitor line
        for name, direction, group, line, rank in self.ufd:
            if direction == "upstream":
                monitored.setdefault(group, line)  # an uplink need not be configured
            for member in range_members.get(name, [name]):
                item = interfaces.get(member)
                if item is None or not item.line:
                    continue  # named here only: not a configured port (a group names ports)
                item.offer("link_tracking", direction, line, rank)
                item.offer("link_tracking_group", group, line, rank)
        if monitored:
            self.switch.offer("link_tracking_groups", ",".join(monitored), min(monitored.values()), DIRECT)
