"""Bonding values read from sysfs, in the forms they get captured.

* one file per attribute, kept in a tree: ``…/net/bond0/bonding/mode`` holding
  ``active-backup 1``, ``…/net/eth0/bonding_slave/mii_status``, or older kernels'
  ``…/net/<bond>/slave_<port>/bonding_slave/…``; the device and the attribute come from
  the path, and each file becomes its own fact for the model to merge;
* ``name=value`` dumps named ``sysfs_bonding_<bond>.txt`` / ``sysfs_bonding_slave_<port>.txt``;
* ``grep -H . /sys/class/net/bond0/bonding/*`` output: ``path:value`` lines;
* ``head /sys/class/net/bond0/bonding/*`` (or ``tail -n +1 …``) output: each value after
  a ``==> /sys/class/net/bond0/bonding/mode <==`` header that names its file, several
  devices in one capture;
* ``/sys/class/net/bonding_masters``, a bare list of bonds: read, but it yields nothing.

Enumerations print ``name number`` (``802.3ad 4``) and only the name is kept; an empty
value (what the kernel prints for "not applicable") or ``N/A`` is skipped, except that an
empty ``primary`` or ``active_slave`` is kept as "" (it says "none").  Keys are the
/proc parser's, so every runtime source reads alike.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import PurePosixPath

from bondlint.sources.base import (
    BondRuntime,
    Fact,
    InterfaceRuntime,
    Located,
    Location,
    ParseResult,
    PortRuntime,
)
from bondlint.sources.proc_bonding import Section, head_sections, section_header
from bondlint.sources.registry import Place, SourceFormat
from bondlint.sources.text import DiagnosticLog, bad_line_message, numbered_lines

FORMAT = "sysfs"

BOND_DUMP_PREFIX = "sysfs_bonding_"
PORT_DUMP_PREFIX = "sysfs_bonding_slave_"
MASTERS_FILE = "bonding_masters"

BOND = "bond"
PORT = "port"
DEVICE = "device"

_ATTRIBUTE = re.compile(r"[A-Za-z0-9_]+")
_ENUM_VALUE = re.compile(r"(\S+) \d+")
# A grep line's path ends at one of its first few colons (PCI device paths hold some).
_MAX_PATH_COLONS = 16
# What cat/grep print when a file cannot be read: a recorded failure, not damage.
_COMMAND_ERRORS = re.compile(r"(?:grep|cat|bash|sh): .*")

# Bond attributes: sysfs name -> (goes to lacp?, key).
_BOND_KEYS: dict[str, tuple[bool, str]] = {
    "mode": (False, "mode"),
    "miimon": (False, "miimon"),
    "updelay": (False, "updelay"),
    "downdelay": (False, "downdelay"),
    "peer_notif_delay": (False, "peer_notif_delay"),
    "use_carrier": (False, "use_carrier"),
    "arp_interval": (False, "arp_interval"),
    "arp_missed_max": (False, "arp_missed_max"),
    "arp_ip_target": (False, "arp_ip_target"),
    "ns_ip6_target": (False, "ns_ip6_target"),
    "arp_validate": (False, "arp_validate"),
    "arp_all_targets": (False, "arp_all_targets"),
    "primary": (False, "primary"),
    "primary_reselect": (False, "primary_reselect"),
    "active_slave": (False, "active_port"),
    "fail_over_mac": (False, "fail_over_mac"),
    "xmit_hash_policy": (False, "xmit_hash_policy"),
    "resend_igmp": (False, "resend_igmp"),
    "num_grat_arp": (False, "num_grat_arp"),
    "all_slaves_active": (False, "all_slaves_active"),
    "min_links": (True, "min_links"),  # /proc prints it in its 802.3ad block
    "lp_interval": (False, "lp_interval"),
    "packets_per_slave": (False, "packets_per_slave"),
    "tlb_dynamic_lb": (False, "tlb_dynamic_lb"),
    "coupled_control": (False, "coupled_control"),
    "mii_status": (False, "mii_status"),
    "lacp_active": (True, "lacp_active"),
    "lacp_rate": (True, "lacp_rate"),
    "ad_select": (True, "ad_select"),
    "ad_aggregator": (True, "aggregator_id"),
    "ad_num_ports": (True, "number_of_ports"),
    "ad_actor_key": (True, "actor_key"),
    "ad_partner_key": (True, "partner_key"),
    "ad_partner_mac": (True, "partner_mac"),
    "ad_actor_sys_prio": (True, "ad_actor_sys_prio"),
    "ad_user_port_key": (True, "ad_user_port_key"),
    "ad_actor_system": (True, "ad_actor_system"),
}
_ENUM_ATTRIBUTES = frozenset(
    {
        "mode",
        "arp_validate",
        "arp_all_targets",
        "primary_reselect",
        "fail_over_mac",
        "xmit_hash_policy",
        "lacp_active",
        "lacp_rate",
        "ad_select",
        "coupled_control",
    }
)
_LIST_ATTRIBUTES = frozenset({"arp_ip_target", "ns_ip6_target"})
_NONE_MEANS_EMPTY = frozenset({"primary", "active_slave"})  # "" = none, worth keeping
# What the kernel prints for "not applicable": bond_sysfs_slave.c's 802.3ad files print
# "N/A" outside 802.3ad; 2.6.2x kernels printed "NA" for xmit_hash_policy outside
# balance-xor and 802.3ad.  Either says nothing about the option: skipped.
_NOT_APPLICABLE = frozenset({"N/A", "NA"})
# 2.6.2x kernels printed fail_over_mac as a bare number (bond_sysfs.c "%d"); later ones
# print "name number".  The number is the index in bond_options.c's table.
_FAIL_OVER_MAC_NUMBERS = {"0": "none", "1": "active", "2": "follow"}
# bond_sysfs.c cuts a long list (slaves, queue_id) at PAGE_SIZE and ends it with this word.
_TRUNCATED_LIST = "++more++"
# Read on purpose and dropped: num_unsol_na repeats num_grat_arp; the bond's queue_id
# ("eth0:0 eth1:0") repeats each port's own bonding_slave/queue_id.
_BOND_IGNORED = frozenset({"num_unsol_na", "queue_id"})
_PORT_KEYS: dict[str, str] = {
    "state": "slave_state",
    "mii_status": "mii_status",
    "link_failure_count": "link_failure_count",
    "perm_hwaddr": "permanent_hw_addr",
    "queue_id": "queue_id",
    "prio": "prio",
    "ad_aggregator_id": "ad_aggregator_id",
    "ad_actor_oper_port_state": "ad_actor_oper_port_state",
    "ad_partner_oper_port_state": "ad_partner_oper_port_state",
}
# Plain interface attributes under /sys/class/net/<dev>/.
_DEVICE_KEYS: dict[str, str] = {
    "carrier": "carrier",
    "operstate": "operstate",
    "speed": "speed",
    "duplex": "duplex",
    "mtu": "mtu",
    "address": "mac",
}


@dataclass(frozen=True, slots=True)
class SysfsAttribute:
    """What a sysfs path names: a bond, port or plain device attribute (and the bond, if known)."""

    kind: str  # BOND, PORT or DEVICE
    device: str
    attribute: str
    master: str | None = None


def attribute_from_path(path: str) -> SysfsAttribute | None:
    """``…/net/bond0/bonding/mode`` -> (bond, bond0, mode); None for any other path."""
    if any(char.isspace() for char in path):
        return None
    parts = [part for part in path.split("/") if part]
    if len(parts) < 3 or not _ATTRIBUTE.fullmatch(parts[-1]):
        return None
    attribute = parts[-1]

    def at(index: int) -> str:
        return parts[index] if len(parts) >= -index else ""

    if at(-2) == "bonding" and at(-4) == "net":
        return SysfsAttribute(BOND, at(-3), attribute)
    if at(-2) == "bonding_slave":
        if at(-4) == "net":
            return SysfsAttribute(PORT, at(-3), attribute)
        # Older kernels also linked each port under its bond: net/<bond>/slave_<port>/.
        if at(-5) == "net" and at(-3).startswith("slave_") and len(at(-3)) > 6:
            return SysfsAttribute(PORT, at(-3)[6:], attribute, master=at(-4))
        return None
    if attribute not in _DEVICE_KEYS:
        return None
    if at(-3) == "net":
        return SysfsAttribute(DEVICE, at(-2), attribute)
    if at(-4) == "net" and at(-2).startswith("slave_") and len(at(-2)) > 6:
        return SysfsAttribute(DEVICE, at(-2)[6:], attribute, master=at(-3))
    return None


SOURCE = SourceFormat(
    name=FORMAT,
    describes="a sysfs bonding capture",
    order=20,
    role="runtime",
    names=("*/bonding/*", "*/bonding_slave/*", "sysfs_bonding_*", "*/sysfs_bonding_*", "*/sys/class/net/*"),
    places=(
        Place("sys/class/net/**/bonding"),
        Place("sys/class/net/**/bonding_slave"),
        Place("sys/class/net/**", ("carrier", "operstate", "speed", "duplex", "mtu", "address")),
    ),
    anchors=("sys/module",),
    runtime_rank=1,
    interface_rank=2,
)


def claims(path: PurePosixPath, head: str) -> bool:
    """A sysfs attribute file, a ``sysfs_bonding_*`` dump, ``bonding_masters`` or grep -H output."""
    if path.name == MASTERS_FILE or path.name.startswith(BOND_DUMP_PREFIX):
        return True
    if attribute_from_path(str(path)) is not None:
        return True
    for line in head.lstrip("\ufeff").split("\n"):
        if line.strip():
            header = section_header(line)
            if header is not None:  # head/tail of several files: the first names one
                return attribute_from_path(header) is not None or _masters_path(header)
            return _split_grep_line(line.strip()) is not None
    return False


def _masters_path(path: str) -> bool:
    return path.endswith("/" + MASTERS_FILE) and "/net/" in path


def parse(text: str, path: str) -> ParseResult:
    """Read one sysfs capture into bond and port facts; never raises."""
    name = PurePosixPath(path).name
    if name == MASTERS_FILE:
        return ParseResult()  # only a list of names; the bonds' own files say more
    # 2.6.2x kernels returned one byte more than they printed (sprintf(...) + 1), so a
    # copied attribute file ends "value\n\0": the NUL after a newline is no content.
    text = text.replace("\n\x00", "\n")
    target = attribute_from_path(path)
    reader = _Reader(path)
    before, sections = head_sections(text)
    if sections:
        reader.sections(before, sections)
    elif target is not None:
        reader.single_file(target, text)
    else:
        reader.lines(text, _dump_owner(name))
    return reader.result()


def _dump_owner(file_name: str) -> tuple[str, str] | None:
    """The device a dump names: ``sysfs_bonding_slave_eth0.txt`` -> (PORT, "eth0")."""
    stem = file_name.removesuffix(".txt")
    for prefix, kind in ((PORT_DUMP_PREFIX, PORT), (BOND_DUMP_PREFIX, BOND)):
        if stem.startswith(prefix) and len(stem) > len(prefix):
            return kind, stem[len(prefix) :]
    return None


def _split_grep_line(line: str) -> tuple[SysfsAttribute | None, str, str] | None:
    """``/sys/…/bonding/mode:active-backup 1`` -> (attribute, path, value); None if no path.

    The attribute is None for a recognised path that carries nothing (``bonding_masters``).
    """
    start = 0
    for _ in range(_MAX_PATH_COLONS):
        colon = line.find(":", start)
        if colon < 0:
            return None
        candidate = line[:colon]
        if _masters_path(candidate):
            return None, candidate, line[colon + 1 :]
        target = attribute_from_path(candidate)
        if target is not None:
            return target, candidate, line[colon + 1 :]
        start = colon + 1
    return None


class _Reader:
    """Collects attributes per device, keeping the first value of each."""

    def __init__(self, path: str) -> None:
        self.path = path
        self.log = DiagnosticLog(path)
        self.facts: list[Fact] = []
        self.bonds: dict[str, BondRuntime] = {}
        self.interfaces: dict[str, InterfaceRuntime] = {}

    def result(self) -> ParseResult:
        diagnostics = sorted(self.log.result(), key=lambda diagnostic: diagnostic.location)
        return ParseResult(facts=self.facts, diagnostics=diagnostics)

    # -- the three layouts -------------------------------------------------------------

    def single_file(self, target: SysfsAttribute, text: str) -> None:
        """A file holding one attribute: the whole text is the value."""
        values = [line.strip() for _, line in numbered_lines(text.lstrip("\ufeff"))]
        extra = [number for number, value in enumerate(values, start=1) if value and number > 1]
        if extra:
            self.log.add(extra[0], "a sysfs attribute holds one line; the rest is ignored")
        where = Location(self.path, 1)
        self._record(target, values[0], where, Location(self.path, 0))

    def sections(self, before: list[tuple[int, str]], sections: list[Section]) -> None:
        """head/tail output: each ``==> path <==`` section holds the value of the file it names."""
        stray = next((number for number, line in before if line.strip()), None)
        if stray is not None:
            self.log.add(stray, "text before the first '==> file <==' header is ignored")
        for header, header_line, lines in sections:
            if _masters_path(header):
                continue  # only a list of names
            target = attribute_from_path(header)
            if target is None:
                self.log.add(header_line, f"'{header}' is not a sysfs bonding attribute; its section is skipped")
                continue
            # An empty attribute (no primary, N/A) prints an empty line, or nothing.
            values = [(number, line.strip()) for number, line in lines] or [(header_line, "")]
            while len(values) > 1 and not values[-1][1]:
                values.pop()  # the blank line before the next header
            extra = [number for number, value in values[1:] if value]
            if extra:
                self.log.add(extra[0], "a sysfs attribute holds one line; the rest is ignored")
            number, value = values[0]
            self._record(target, value, Location(self.path, number), Location(self.path, header_line))

    def lines(self, text: str, owner: tuple[str, str] | None) -> None:
        """``name=value`` dump lines (owner from the file name) and ``path:value`` lines."""
        unowned_reported = False
        for number, raw in numbered_lines(text):
            line = (raw.lstrip("\ufeff") if number == 1 else raw).strip()
            if not line:
                continue
            location = Location(self.path, number)
            split = _split_grep_line(line)
            if split is not None:
                target, _, value = split
                if target is not None:
                    self._record(target, value.strip(), location, location)
                continue
            attribute, equals, value = line.partition("=")
            attribute = attribute.strip()
            if equals and _ATTRIBUTE.fullmatch(attribute):
                if owner is None:
                    if not unowned_reported:
                        unowned_reported = True
                        self.log.add(
                            number,
                            "name=value line, but the file name does not say "
                            "which device (sysfs_bonding_<bond>.txt, "
                            "sysfs_bonding_slave_<port>.txt)",
                        )
                    continue
                kind, device = owner
                target = SysfsAttribute(kind, device, attribute)
                self._record(target, value.strip(), location, Location(self.path, 0))
            elif not _COMMAND_ERRORS.fullmatch(line):
                self.log.add(number, bad_line_message(line, "a sysfs name=value or path:value line"))

    # -- facts -------------------------------------------------------------------------

    def _record(self, target: SysfsAttribute, value: str, where: Location, name_at: Location) -> None:
        """File one attribute under its device; ``name_at`` is where the device name was read."""
        if target.kind == BOND:
            self._bond_attribute(self._bond(target.device, where, name_at), target, value, where)
            return
        interface = self._interface(target.device, where, name_at)
        if target.master:
            interface.values.setdefault("master", Located(target.master, name_at))
        if target.kind == PORT:
            key = _PORT_KEYS.get(target.attribute)
            value = value.lower() if target.attribute == "state" else value
        else:
            key = _DEVICE_KEYS.get(target.attribute)
            value = _device_value(target.attribute, value)
        if key is not None and value and value not in _NOT_APPLICABLE:
            self._store(interface.values, key, value, where, target.device)

    def _bond(self, name: str, where: Location, name_at: Location) -> BondRuntime:
        bond = self.bonds.get(name)
        if bond is None:
            bond = BondRuntime(format=FORMAT, name=Located(name, name_at), location=where)
            self.bonds[name] = bond
            self.facts.append(bond)
        return bond

    def _interface(self, name: str, where: Location, name_at: Location) -> InterfaceRuntime:
        interface = self.interfaces.get(name)
        if interface is None:
            interface = InterfaceRuntime(format=FORMAT, name=Located(name, name_at), location=where)
            self.interfaces[name] = interface
            self.facts.append(interface)
        return interface

    def _bond_attribute(self, bond: BondRuntime, target: SysfsAttribute, value: str, where: Location) -> None:
        attribute = target.attribute
        if attribute == "slaves":
            if bond.ports:
                self.log.add(where.line, f"bond {bond.name.value}: 'slaves' repeated; keeping the first")
                return
            names = [port for port in value.split() if port != _TRUNCATED_LIST]
            bond.ports = [PortRuntime(name=Located(port, where)) for port in names]
            return
        if attribute in _BOND_IGNORED:
            return
        known = _BOND_KEYS.get(attribute)
        if known is None:
            bond.unknown.append(Located(f"{attribute}={value}", where))
            return
        if value in _NOT_APPLICABLE:
            return
        if attribute in _ENUM_ATTRIBUTES:
            enum = _ENUM_VALUE.fullmatch(value)
            value = enum.group(1) if enum else value
            if attribute == "fail_over_mac":
                value = _FAIL_OVER_MAC_NUMBERS.get(value, value)
        elif attribute in _LIST_ATTRIBUTES:
            value = ",".join(value.split())
        elif attribute == "ad_aggregator" and value == "0":
            # bond_sysfs.c prints 0 when the bond has no active aggregator (aggregator
            # ids start at 1); /proc says "bond X has no active aggregator" instead.
            self._store(bond.lacp, "no_active_aggregator", "yes", where, bond.name.value)
            return
        if not value and attribute not in _NONE_MEANS_EMPTY:
            return
        lacp, key = known
        self._store(bond.lacp if lacp else bond.values, key, value, where, bond.name.value)

    def _store(self, target: dict[str, Located[str]], key: str, value: str, where: Location, owner: str) -> None:
        first = target.get(key)
        if first is not None:
            self.log.add(
                where.line,
                f"{owner}: '{key}' repeated (first at line {first.location.line}); keeping the first",
            )
            return
        target[key] = Located(value, where)


def _device_value(attribute: str, value: str) -> str:
    """sysfs spellings -> the shared ones: carrier 1/0 -> up/down, speed -1 -> unknown."""
    if attribute == "carrier":
        return {"1": "up", "0": "down"}.get(value, value)
    if attribute == "speed" and value.startswith("-"):
        return "unknown"  # the kernel prints -1 (SPEED_UNKNOWN) for no link
    if attribute in ("operstate", "duplex"):
        return value.lower()
    return value
