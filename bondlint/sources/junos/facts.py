"""What the parse hands on: one ``SwitchConfig`` for the switch and one
``SwitchInterface`` per interface, every value located at the line that wrote it."""

from __future__ import annotations

import re
from collections.abc import Iterable

from bondlint.sources import vlan_list
from bondlint.sources.base import Fact, Located, Location, SwitchConfig, SwitchInterface
from bondlint.sources.cisco_cli import NAME_FROM_HOSTNAME, NAME_FROM_PROMPT, name_from_path
from bondlint.sources.junos.builder import Builder
from bondlint.sources.junos.interfaces import Interface, Written
from bondlint.sources.junos.ranges import parse_number
from bondlint.sources.junos.tree import DIRECT, Rank
from bondlint.sources.text import new_located, new_located_at, new_location

FORMAT = "junos"

_AE_NAME = re.compile(r"ae\d+$")
_VLAN_RANGE = re.compile(r"[0-9]+-[0-9]+$")


def switch_facts(builder: Builder, path: str, prompt: tuple[str, int] | None) -> list[Fact]:
    """The switch's facts, its own first; ``prompt`` is a capture's first prompt (device
    name, line), which names the switch when no ``system host-name`` does."""
    builder.finish()
    config = SwitchConfig(format=FORMAT, location=Location(path, builder.first_line or 1))
    config.values["platform"] = Located("junos", Location(path))
    for key, choice in builder.switch.values.items():
        config.values[key] = Located(choice.value, Location(path, choice.line))
    vlans = builder.vlans
    if vlans:
        text = ",".join(f"{name}={choice.value}" for name, choice in vlans.items())
        first = min(choice.line for choice in vlans.values())
        config.values["vlans"] = Located(text, Location(path, first))
    hostname, source = _name(config.values.get("hostname"), prompt, path)
    config.values["hostname"] = hostname
    config.values["hostname_source"] = Located(source, hostname.location)
    writer = _InterfaceFacts(path, hostname, {name: choice.value for name, choice in vlans.items()})
    facts: list[Fact] = [config]
    flat = builder.flat
    if flat is not None:  # the only interfaces, each first named at its first line: in order
        first_lines = flat.first_lines
        for name, statements in flat.interfaces.items():
            facts.append(writer.make(name, first_lines[name], flat.walk_order(statements), None))
    else:
        items = sorted(builder.interfaces.values(), key=lambda item: (item.line, item.name))
        facts.extend(writer.fact(item) for item in items)
    return facts


def _name(host_name: Located[str] | None, prompt: tuple[str, int] | None, path: str) -> tuple[Located[str], str]:
    """The switch's name and where it comes from: ``system host-name``, else the
    capture's prompt (``user@sw1>``), else the file's name (line 0)."""
    if host_name is not None:
        return host_name, NAME_FROM_HOSTNAME
    if prompt is not None:
        return Located(prompt[0], Location(path, prompt[1])), NAME_FROM_PROMPT
    name, source = name_from_path(path)
    return Located(name, Location(path, 0)), source


class _InterfaceFacts:
    """Makes each interface's fact; VLAN names resolve through the ``vlans`` ids."""

    def __init__(self, path: str, hostname: Located[str], vlan_ids: dict[str, str]) -> None:
        self.path = path
        self.hostname = hostname
        self.vlan_ids = vlan_ids  # name -> id
        self.vlan_lists: dict[tuple[str, ...], str] = {}

    def fact(self, item: Interface) -> SwitchInterface:
        return self.make(item.name, item.line, item.direct, item)

    def make(
        self, name: str, first: int, direct: Iterable[tuple[Written, int]], item: Interface | None
    ) -> SwitchInterface:
        """An interface's fact: what its flat statements (``direct``, in tree order) set,
        then what the tree's statements did (``item``: None for a flat interface no
        ``Interface`` was made for, ``Builder.flat``); ``first``: its first line."""
        path = self.path
        where = new_location(path, first)  # (text.new_location: a Location, built faster)
        values: dict[str, Located[str]] = {}
        members, lacp_line = self._direct_values(direct, first, where, values) if direct else ([], 0)
        if item is not None:
            self._chosen_values(item, first, where, values)
            members = members or item.vlan_members  # (never both: flat or not)
            lacp_line = lacp_line or item.lacp_line
        if members:
            self._vlan_values(members, values)
        if "lacp_mode" not in values and name.startswith("ae") and _AE_NAME.match(name):
            # A lacp stanza without active/passive runs passive; no stanza: a static LAG.
            mode, line = ("passive", lacp_line) if lacp_line else ("none", first)
            at = where if line == first else new_location(path, line)
            values["lacp_mode"] = new_located(mode, at)
        # (format, name, location, switch, values): keywords cost twice as much here
        return SwitchInterface(FORMAT, new_located(name, where), where, self.hostname, values)

    def _direct_values(
        self, direct: Iterable[tuple[Written, int]], first: int, where: Location, values: dict[str, Located[str]]
    ) -> tuple[list[tuple[str, int, Rank]], int]:
        """The values of flat statements (``Interface.direct``), a later line's beating an
        earlier one's, into ``values``; their VLAN members and first LACP line."""
        path = self.path
        members: list[tuple[str, int, Rank]] = []
        lacp_line = 0
        for statement, line in direct:
            key = statement.key
            if key:
                current = values.get(key)
                if current is None or line > current.location.line:
                    value = statement.value
                    values[key] = new_located(value, where) if line == first else new_located_at(value, path, line)
            if statement.marks:
                if statement.vlan is not None:
                    members.append((statement.vlan, line, DIRECT))
                if statement.lacp and (not lacp_line or line < lacp_line):
                    lacp_line = line
        return members, lacp_line

    def _chosen_values(self, item: Interface, first: int, where: Location, values: dict[str, Located[str]]) -> None:
        """The values the tree's statements chose (``Interface.values``)."""
        path = self.path
        for key, choice in item.values.items():
            # The interface's first line often writes a value too: one Location for both.
            line = choice.line
            if line == first:
                values[key] = new_located(choice.value, where)
            else:
                values[key] = new_located_at(choice.value, path, line)

    def _vlan_values(self, vlan_members: list[tuple[str, int, Rank]], values: dict[str, Located[str]]) -> None:
        """``vlan members`` -> access_vlan or allowed_vlans, by the port's mode."""
        if len(vlan_members) == 1:  # an access port: the usual case, made short
            only, line, _ = vlan_members[0]
            members: tuple[str, ...] = (only,)
        else:
            best = max(rank for _, _, rank in vlan_members)
            line = min(line for _, line, rank in vlan_members if rank == best)
            members = tuple(dict.fromkeys(member for member, _, _ in vlan_members))
        listed = self.vlan_lists.get(members)
        if listed is None:  # ports mostly repeat a few lists: canonicalise each once
            listed = self.vlan_lists[members] = _vlan_list(list(members), self.vlan_ids)
        mode = values.get("mode")
        if mode is not None:
            access = mode.value == "access"
        else:
            # No interface-mode: Junos' default is access, whose single member is its
            # VLAN; a list, a range or "all" can only be a trunk's.
            only = members[0]
            access = len(members) == 1 and only != "all" and not _VLAN_RANGE.match(only)
        key = "access_vlan" if access else "allowed_vlans"
        values[key] = new_located_at(listed, self.path, line)


def _vlan_list(members: list[str], names: dict[str, str]) -> str:
    """``vlan members`` -> "1-3,5" (names resolved through ``vlans``); unknown names kept."""
    ranges: list[tuple[int, int]] = []
    kept: list[str] = []
    for member in members:
        if member == "all":
            return "all"
        value = names.get(member, member)
        low, dash, high = value.partition("-")
        first = parse_number(low)
        last = parse_number(high) if dash else first
        if first is not None and last is not None and vlan_list.VLAN_MIN <= first <= last <= vlan_list.VLAN_MAX:
            ranges.append((first, last))
        else:
            kept.append(member)
    intervals = vlan_list.merge(ranges)
    if intervals == vlan_list.ALL and not kept:
        return "all"  # "1-4094" says the same as "all"
    if intervals:
        # Two VLANs in a row become "5-6", as the other switch parsers write them.
        kept.insert(0, vlan_list.ranges_text(intervals))
    return ",".join(kept)
