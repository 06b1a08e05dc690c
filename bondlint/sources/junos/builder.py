"""Sorting the effective statements to what they are about: interfaces and their ranges,
the switch's name, VLAN ids, the number of aggregates, and ``protocols``."""

from __future__ import annotations

from collections.abc import Callable

from bondlint.sources.junos.flat import FlatStore, flat_interface
from bondlint.sources.junos.interfaces import Choice, Interface, read_interface
from bondlint.sources.junos.protocols import Protocols
from bondlint.sources.junos.ranges import Ports, RangeEntry
from bondlint.sources.junos.tree import NOT_NAMES, Rank, Statement
from bondlint.sources.text import DiagnosticLog

_DEVICE_COUNT = ("aggregated-devices", "ethernet", "device-count")


class Builder:
    """Collects what the effective statements say, per interface and for the switch."""

    def __init__(self, log: DiagnosticLog, declared: dict[str, int]) -> None:
        self.log = log
        self.declared = declared
        self.interfaces: dict[str, Interface] = {}
        self.ranges: dict[str, RangeEntry] = {}
        self.range_members: dict[str, list[str]] = {}
        self.ports: Ports | None = None
        self.switch = Interface("")  # switch-wide values follow the same choice rules
        self.vlans: dict[str, Choice] = {}
        self.protocols = Protocols(self.switch)
        self.first_line = 0
        # Flat interfaces (FlatStore) not made into Interface objects: while nothing but
        # their facts needs them, they go from the store to the facts (junos.facts).
        self.flat: FlatStore | None = None
        self._readers: dict[str, Callable[[tuple[str, ...], int, Rank], None]] = {
            "interfaces": self._interfaces,
            "system": self._system,
            "vlans": self._vlans,
            "chassis": self._chassis,
            "protocols": self.protocols.read,
        }

    def interface(self, name: str) -> Interface:
        item = self.interfaces.get(name)
        if item is None:
            item = self.interfaces[name] = Interface(name, self.declared.get(name, 0))
        return item

    def read(self, statements: list[Statement], flat: FlatStore | None) -> None:
        """Sort every statement to where it matters; then expand the interface ranges.

        ``flat`` holds direct statements kept out of the tree (``FlatStore``), read in
        the tree walk's order like the others (that is the order of the values' keys),
        and made into interfaces only if need be (``_read_flat``).
        """
        readers = self._readers
        for statement in statements:
            path, line, rank = statement.path, statement.line, statement.rank
            if not self.first_line or line < self.first_line:
                self.first_line = line
            reader = readers.get(path[0])
            if reader is not None:
                reader(path, line, rank)
        if flat:
            self._read_flat(flat)
        for name, entry in self.ranges.items():
            if entry.spans and self.ports is None:
                self.ports = Ports(self.interfaces)  # the configured ports, before any span
            members = self.range_members[name] = []
            for member, line in entry.expand(name, self.ports, self.log):
                members.append(member)
                item = self.interface(member)
                if not item.member_line or line < item.member_line:
                    item.member_line = line
                for rest, statement_line, rank in entry.statements:
                    read_interface(item, rest, statement_line, rank)

    def finish(self) -> None:
        """What ``protocols`` says about ports, once every port is known."""
        self.protocols.apply_stp(self.interfaces, self.interface, self.range_members)
        self.protocols.apply_uplink_failure_detection(self.interfaces, self.range_members)

    def _read_flat(self, flat: FlatStore) -> None:
        """The flat interfaces: each is new, named first at its first statement.

        They are the only interfaces (any other statement below ``interfaces`` would
        have put them in the tree, Reader.unflatten); unless ``protocols`` names ports,
        nothing but their facts needs them: they stay in the store.  (The tree's
        statements say nothing about them: reading these first or last is alike.)
        """
        declared = self.declared  # where each is first named
        first = declared[next(iter(flat.interfaces))]  # the first one's first line: the earliest
        if not self.first_line or first < self.first_line:
            self.first_line = first
        if not (self.interfaces or self.ranges or self.protocols.stp or self.protocols.ufd):
            self.flat = flat
            return
        interfaces = self.interfaces
        for name, statements in flat.interfaces.items():
            interfaces[name] = flat_interface(name, flat.walk_order(statements), declared[name])

    def _interfaces(self, path: tuple[str, ...], line: int, rank: Rank) -> None:
        size = len(path)
        if size < 2:
            return
        name = path[1]
        if name == "interface-range":
            if size >= 4:
                self.ranges.setdefault(path[2], RangeEntry()).add(path[3:], line, rank)
        elif name and name not in NOT_NAMES and name[0] != "<":
            read_interface(self.interface(name), path[2:], line, rank)

    def _system(self, path: tuple[str, ...], line: int, rank: Rank) -> None:
        if len(path) == 3 and path[1] == "host-name":
            self.switch.offer("hostname", path[2], line, rank)

    def _vlans(self, path: tuple[str, ...], line: int, rank: Rank) -> None:
        if len(path) == 4 and path[2] == "vlan-id":
            current = self.vlans.get(path[1])
            if current is None or (rank, line) > (current.rank, current.line):
                self.vlans[path[1]] = Choice(rank, line, path[3])

    def _chassis(self, path: tuple[str, ...], line: int, rank: Rank) -> None:
        if len(path) == 5 and path[1:4] == _DEVICE_COUNT:
            self.switch.offer("ae_device_count", path[4], line, rank)
