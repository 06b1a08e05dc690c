"""Switch-side neighbor tables: what a switch hears on each of its ports over LLDP or CDP.

Read here, as the switch CLI prints them:

* Cisco IOS/IOS-XE ``show lldp neighbors detail``: records after dashed lines, each
  opened by ``Local Intf:``; NX-OS's: records opened by ``Chassis id:``, the switch port
  in ``Local Port id:``;
* ``show cdp neighbors detail`` (IOS and NX-OS): records opened by ``Device ID:``;
* Arista EOS ``show lldp neighbors detail``: ``Interface X detected N LLDP neighbors:``,
  then one ``Neighbor …`` block per neighbor whose TLVs are ``- Title: value`` lines with
  indented details; and its eAPI JSON (``| json``);
* Junos ``show lldp neighbors`` (the table, with or without its Parent Interface column)
  and ``show lldp neighbors [interface X] [detail]`` (``Local Interface    : …`` blocks).

Facts use the host-side parser's value names (``lldpctl``), so both ends of a cable read
alike: the far end (the *host*, for a server port) is ``chassis_name``/``port_id``,
capabilities use lldpd's names, and a MAC address used as chassis or port ID is written
as lldpd and sysfs write it (``00:0c:29:7b:d2:a8``), not Cisco's ``000c.297b.d2a8``.
Switch port names are canonical (``Gi1/0/2`` -> ``GigabitEthernet1/0/2``) except on
Junos, whose names are already unique.  A CLI prompt (``leaf1#show lldp …``,
``admin@leaf1>``) names the switch.
"""

from __future__ import annotations

import ipaddress
import json
import re
from dataclasses import dataclass, field
from pathlib import PurePosixPath

from bondlint.sources.base import Fact, LldpNeighbor, Located, Location, ParseResult
from bondlint.sources.text import DiagnosticLog, bad_line_message, looks_binary, numbered_lines

FORMAT = "switch-neighbors"
LLDP_FORMAT = "switch-lldp"
CDP_FORMAT = "switch-cdp"

_NAME_PROTOCOLS = ("lldp", "cdp")
_NAME_TABLES = ("neighbor", "neighbour")
_LLDPCTL_NAMES = ("lldpctl", "lldpcli")  # lldpd's own output: bondlint.sources.lldpctl

# Lines only these outputs start with (checked in the first KiB).
_HEAD_MARKERS = re.compile(
    r"^[ \t]*(?:Capability codes:|Local Intf\s*:|Device ID\s*:|(?:- )?Chassis id\s*:"
    r"|Local Interface\s*:|LLDP Neighbor Information:|Interface \S+ detected \d+ LLDP neighbor"
    r"|Local Interface\s+(?:Parent Interface|Chassis Id)|Total (?:cdp )?entries displayed"
    r"|(?:[\w.+-]+@)?[\w.-]+(?:\([\w./-]*\))?[#>] ?sh(?:ow)? +(?:lldp|cdp) +nei)"
    r'|\A\s*\{\s*"lldpNeighbors"\s*:',
    re.IGNORECASE | re.MULTILINE,
)
# lldpctl's shapes (keyvalue lines, its text title, its JSON) are never claimed here.
_LLDPCTL_HEAD = re.compile(
    r'\A\s*\{\s*"lldp"\s*:|^-{10,}[ \t]*\r?\n[ \t]*LLDP neighbors:|^[ \t]*lldp\.[^\s=]+\.[^\s=]+=',
    re.MULTILINE,
)

# "leaf1#show lldp neighbors detail", "admin@leaf1> show lldp neighbors", "sw1(config)#".
_PROMPT = re.compile(
    r"(?:[\w.+-]+@|RP/[\w/]+:)?(?P<host>(?=[\w.-]*[A-Za-z])[A-Za-z0-9][\w.-]*)(?:\([\w./-]*\))?"
    r"[#>][ \t]*(?:sh(?:ow)?\b.*)?"
)
_SEPARATOR = re.compile(r"-{8,}")
_JUNOS_BANNER = re.compile(r"\{[\w:.-]*\}")
_JSON_START = re.compile(r'\s*\{\s*"')  # not Junos "{master:0}"
_EOS_INTERFACE = re.compile(r"Interface (\S+) detected (\d+) LLDP neighbors?:?", re.IGNORECASE)
_EOS_NEIGHBOR = re.compile(r"Neighbor\s+(?P<chassis>[^/\s]+)/(?P<port>.*?),\s*age\b")
_TOTAL = re.compile(r"Total (?:cdp )?entries displayed", re.IGNORECASE)
_NOT_ADVERTISED = re.compile(r"-?\s*not advertised", re.IGNORECASE)
_MAC = re.compile(
    r"(?:[0-9a-f]{4}\.){2}[0-9a-f]{4}|(?:[0-9a-f]{2}([:-]))(?:[0-9a-f]{2}\1){4}[0-9a-f]{2}",
    re.IGNORECASE,
)
_DEVICE_SERIAL = re.compile(r"\([^()]*\)$")  # NX-OS Device ID: "dc-lf03(SAL1906XXXX)"
_WIDE_GAP = re.compile(r"\s{2,}")
_TOKEN = re.compile(r"\S+")

# --- labels (lower-case, single-spaced) ------------------------------------------------

# A label that starts a new record when the record being read already has it.
_LOCAL_LABELS = frozenset({"local intf", "local interface", "local port id"})
_LLDP_FIELDS = {
    "chassis id": "chassis_id",
    "chassis id type": "chassis_id_type",  # EOS
    "chassis type": "chassis_id_type",  # Junos
    "port id": "port_id",
    "port id type": "port_id_type",  # EOS
    "port type": "port_id_type",  # Junos
    "port description": "port_descr",
    "system name": "chassis_name",
    "system description": "chassis_descr",
    "enabled capabilities": "capabilities",
    "management address": "mgmt_ip",
    "vlan id": "pvid",
    "ieee802.1 port vlan id": "pvid",
    "ieee802.3 maximum frame size": "mfs",
    "parent interface": "parent_interface",
}
_CDP_FIELDS = {
    "system name": "chassis_name",
    "version": "chassis_descr",
    "native vlan": "pvid",
    "sysname": "chassis_name",  # IOS-XR
}
# (section, label) -> key for lines indented under a section header.
_SECTION_FIELDS = {
    ("port id type", "port id"): "port_id",  # EOS: the Port ID TLV's value line
    ("ieee802.1/ieee802.3 link aggregation", "port id"): "aggregation",
    ("management addresses", "ip"): "mgmt_ip",  # IOS
    ("management addresses", "ipv6"): "mgmt_ip",
    ("management addresses", "ipv4 address"): "mgmt_ip",  # IOS-XR
    ("management addresses", "ipv6 address"): "mgmt_ip",
    ("management info", "address"): "mgmt_ip",  # Junos
    ("management address", "address"): "mgmt_ip",
    ("system capabilities", "enabled"): "capabilities",
    ("management address(es)", "ip address"): "mgmt_ip",  # CDP
    ("management address(es)", "ipv6 address"): "mgmt_ip",
    ("mgmt address(es)", "ipv4 address"): "mgmt_ip",
    ("mgmt address(es)", "ipv6 address"): "mgmt_ip",
    ("entry address(es)", "ip address"): "entry_ip",
    ("entry address(es)", "ipv6 address"): "entry_ip",
    ("entry address(es)", "ipv4 address"): "entry_ip",  # IOS-XR
    ("interface address(es)", "ipv4 address"): "entry_ip",
    ("interface address(es)", "ipv6 address"): "entry_ip",
}
# Labels that mean something else inside a section (EOS link aggregation "Port ID", EOS
# VLAN Name "VLAN ID", Junos Management Info "Port ID"): never read from the top level there.
_NESTED_LABELS = frozenset({"port id", "vlan id"})
# Junos prints these section headers without a colon.
_BARE_SECTIONS = frozenset({"system capabilities", "management info", "management address", "organization info"})
_LINK_AGGREGATION = "ieee802.1/ieee802.3 link aggregation"
_DESCRIPTION_LABELS = frozenset({"system description", "version"})
_KNOWN_LABELS = (
    frozenset(_LLDP_FIELDS)
    | frozenset(_CDP_FIELDS)
    | _LOCAL_LABELS
    | {"time remaining", "holdtime", "advertisement version", "system capabilities"}
    | {"management addresses", "platform", "interface", "device id"}
)
_MULTI_VALUED = frozenset({"mgmt_ip", "entry_ip"})  # several addresses: the first is kept
# Names a switch prints for a TLV its neighbor did not send (NX-OS "System Name: null").
_NO_NAME = frozenset({"null", "(null)"})
_NAMES = frozenset({"chassis_name", "chassis_descr", "port_descr"})
# Junos port names ("Local Interface: xe-0/0/1"); IOS-XR prints the same label with its own.
_JUNOS_PORT = re.compile(r"(?:[a-z]{2,3}-\d+/\d+/\d+(?::\d+)?|ae\d+)(?:\.\d+)?")

# Chassis/port ID subtypes as printed -> lldpd's names.
_ID_TYPES = {
    "mac address": "mac",
    "interface name": "ifname",
    "locally assigned": "local",
    "local": "local",
    "interface alias": "ifalias",
    "network address": "ip",
    "macaddress": "mac",  # eAPI JSON spellings, lower-cased
    "interfacename": "ifname",
    "interfacealias": "ifalias",
    "networkaddress": "ip",
}
# Capability names and Cisco's one-letter codes -> lldpd's names (lower-case).
_LLDP_CAPABILITIES = {
    "r": "router",
    "b": "bridge",
    "t": "tel",
    "c": "docsis",
    "w": "wlan",
    "p": "repeater",
    "s": "station",
    "o": "other",
    "router": "router",
    "bridge": "bridge",
    "telephone": "tel",
    "docsis cable device": "docsis",
    "wlan access point": "wlan",
    "repeater": "repeater",
    "station only": "station",
    "station": "station",
    "other": "other",
    "wlanaccesspoint": "wlan",  # eAPI JSON keys, lower-cased
    "stationonly": "station",
    "docsiscabledevice": "docsis",
}
# CDP capabilities read as lldpd reads them (cdp.c): Router is a router, any bridge or
# switch a bridge, and a device that is neither a station; IGMP, STP dispute and the
# like have no LLDP meaning.
_CDP_BRIDGES = frozenset({"switch", "trans-bridge", "source-route-bridge"})
_CAPABILITY_WORDS = 3  # the longest capability name, in words ("DOCSIS Cable Device")

# Junos table columns, in the order they may appear.
_TABLE_COLUMNS = ("local interface", "parent interface", "chassis id", "port info", "system name")


def claims(path: PurePosixPath, head: str) -> bool:
    """A file named for an LLDP/CDP neighbor command whose text starts like a switch's."""
    name = path.name.lower()
    if any(hint in name for hint in _LLDPCTL_NAMES):
        return False
    if not (any(p in name for p in _NAME_PROTOCOLS) and any(t in name for t in _NAME_TABLES)):
        return False
    head = head.lstrip("\ufeff")
    if _LLDPCTL_HEAD.search(head):
        return False
    return bool(_HEAD_MARKERS.search(head))


def parse(text: str, path: str) -> ParseResult:
    """Read every neighbor record; never raises on bad input."""
    log = DiagnosticLog(path)
    if text.startswith("\ufeff"):
        text = text[1:]
    if _JSON_START.match(text):
        facts = _read_eapi(text, path, log)
    else:
        reader = _Reader(path, log)
        for number, line in numbered_lines(text):
            reader.feed(number, line)
        facts = reader.finish()
        if not facts and not reader.recognised and text.strip():
            log.add(1, "no switch LLDP/CDP neighbor records recognised (detail output is read)")
    return ParseResult(facts=list(facts), diagnostics=log.result())


# --------------------------------------------------------------------------------------
# values


def _clean(value: str) -> str:
    """A value without padding or the one pair of quotes EOS puts around strings."""
    value = value.strip()
    if len(value) >= 2 and value[0] == value[-1] == '"':
        value = value[1:-1]
    return value


def _absent(value: str) -> bool:
    return not value or value == "-" or bool(_NOT_ADVERTISED.fullmatch(value))


def _mac_or_text(value: str) -> str:
    """``000c.297b.d2a8``/``00-0C-29-…`` -> ``00:0c:29:7b:d2:a8``; anything else as is."""
    if not _MAC.fullmatch(value):
        return value
    digits = re.sub(r"[.:-]", "", value).lower()
    return ":".join(digits[i : i + 2] for i in range(0, 12, 2))


def _id_type(value: str) -> str | None:
    """EOS ``MAC address (4)``/``Interface name(5)``, Junos ``Mac address`` -> lldpd's name."""
    text = value.strip()
    head, paren, number = text[:-1].rpartition("(")
    if text.endswith(")") and paren and number.strip().isdigit():
        text = head
    return _ID_TYPES.get(" ".join(text.lower().split()))


def _split_at(value: str, label: str) -> tuple[str, str | None]:
    """``"x,  Label: y"`` -> (``x``, ``y``); (value, None) without the label.

    CDP prints two fields on one line; a plain search keeps this linear on any input.
    """
    at = value.lower().find(label)
    rest = value[at + len(label) :].lstrip() if at >= 0 else ""
    if not rest.startswith(":"):
        return value, None
    return value[:at].rstrip().rstrip(",").strip(), rest[1:].strip()


def _ip(value: str) -> str | None:
    """The address of ``10.0.0.1`` or ``FE80::1 (link-local)``; None for a MAC or text."""
    first = value.split(maxsplit=1)[0] if value.split() else ""
    try:
        ipaddress.ip_address(first.split("%", 1)[0])
    except ValueError:
        return None
    return first


def _number(value: str) -> str | None:
    """The leading number of ``9236 bytes`` or ``1``."""
    first = value.split(maxsplit=1)[0] if value.split() else ""
    return first if first.isdigit() else None


def _capabilities(value: str, cdp: bool) -> str:
    """Enabled capabilities as lldpd names them, comma separated."""
    if cdp:  # "Router Switch IGMP": read as lldpd reads CDP
        flags = {word.lower() for word in value.split()}
        found = ["router"] if "router" in flags else []
        found += ["bridge"] if flags & _CDP_BRIDGES else []
        return ",".join(found or ["station"])
    # "B,R", "B, R", "Bridge, Router", Junos "Bridge WLAN Access Point Router Station Only"
    names: list[str] = []
    for part in value.split(","):
        words = part.lower().split()
        start = 0
        while start < len(words):
            for size in range(min(_CAPABILITY_WORDS, len(words) - start), 0, -1):
                mapped = _LLDP_CAPABILITIES.get(" ".join(words[start : start + size]))
                if mapped:
                    break
            else:
                mapped, size = None, 1  # a word no capability starts with
            if mapped and mapped not in names:
                names.append(mapped)
            start += size
    return ",".join(names)


def _canonical(name: str, junos: bool) -> str:
    """The switch's long interface name (``Eth1/1`` -> ``Ethernet1/1``); Junos as written."""
    if junos:
        return name
    from netutils.interface import canonical_interface_name

    try:
        return str(canonical_interface_name(name))
    except Exception:  # netutils may refuse a name it cannot split; keep it as written
        return name


# --------------------------------------------------------------------------------------
# one record


@dataclass
class _Record:
    """One neighbor being read; ``fact()`` makes the result."""

    protocol: str
    line: int
    junos: bool = False
    local: tuple[str, int] | None = None
    values: dict[str, Located[str]] = field(default_factory=dict)
    # Used only when the record gives nothing better (CDP Device ID, EOS Neighbor line).
    fallbacks: dict[str, Located[str]] = field(default_factory=dict)
    aggregated: bool = False  # EOS link aggregation status said "Enabled"

    def fact(self, path: str, system: Located[str] | None) -> LldpNeighbor | None:
        if self.local is None:
            return None
        values = dict(self.values)
        entry = values.pop("entry_ip", None)
        if "mgmt_ip" not in values and entry is not None:
            values["mgmt_ip"] = entry  # CDP: the entry/interface address stands in
        for key, value in self.fallbacks.items():
            values.setdefault(key, value)
        name, line = self.local
        where = Location(path, line)
        return LldpNeighbor(
            format=self.protocol,
            local_interface=Located(_canonical(name, self.junos), where),
            location=Location(path, self.line),
            values=values,
            local_system=system,
        )


# --------------------------------------------------------------------------------------
# the text outputs


@dataclass
class _Table:
    """A Junos ``show lldp neighbors`` table: its columns and where each header starts."""

    columns: list[tuple[str, int]]

    @property
    def singles(self) -> list[str]:
        """Columns before Port info: one word each."""
        names = [name for name, _ in self.columns]
        return names[: names.index("port info")]

    def start(self, name: str) -> int:
        return next((at for column, at in self.columns if column == name), -1)


def _table_header(line: str) -> _Table | None:
    """The columns of a Junos table header (``Local Interface    Parent Interface …``)."""
    if ":" in line:
        return None
    low = line.lower()
    found = []
    for name in _TABLE_COLUMNS:
        at = low.find(name)
        if at < 0 and name == "port info":
            at = low.find("port id")  # some releases title the column Port ID
        if at >= 0:
            found.append((name, at))
    names = {name for name, _ in found}
    if not {"local interface", "chassis id", "port info", "system name"} <= names:
        return None
    return _Table(sorted(found, key=lambda item: item[1]))


class _Reader:
    """Reads the text outputs line by line; one instance per file."""

    def __init__(self, path: str, log: DiagnosticLog) -> None:
        self.path = path
        self.log = log
        self.done: list[tuple[_Record, Located[str] | None]] = []
        self.record: _Record | None = None
        self.section: tuple[str, int] | None = None  # header label and its indentation
        self.description = False  # the next line is a description written below its label
        self.eos_interface: tuple[str, int] | None = None
        self.table: _Table | None = None
        self.recognised = False
        self.prompt: Located[str] | None = None
        self.first_prompt: Located[str] | None = None

    # -- records

    def open(self, line: int, protocol: str, junos: bool = False) -> _Record:
        self.close()
        self.recognised = True
        self.record = _Record(protocol, line, junos)
        return self.record

    def close(self) -> None:
        if self.record is not None:
            self.done.append((self.record, self.prompt))
        self.record = None
        self.section = None
        self.description = False

    def finish(self) -> list[Fact]:
        self.close()
        facts: list[Fact] = []
        for record, prompt in self.done:
            # A capture whose only prompt follows the output still names its switch.
            fact = record.fact(self.path, prompt or self.first_prompt)
            if fact is not None:
                facts.append(fact)
            elif record.values:
                self.log.add(record.line, "neighbor record without a local interface; skipped")
        return facts

    def put(self, key: str, value: str, line: int) -> None:
        """Record ``key`` on the current record; a later different value is reported."""
        record = self.record
        if record is None or _absent(value):
            return
        if key in _NAMES and value.strip().lower() in _NO_NAME:
            return
        converted = self.converted(key, value, record)
        if converted is None:
            return
        first = record.values.get(key)
        if first is None:
            record.values[key] = Located(converted, Location(self.path, line))
        elif first.value != converted and key not in _MULTI_VALUED:
            self.log.add(
                line,
                f"{key} {converted[:40]!r} differs from line {first.location.line} "
                f"({first.value[:40]!r}) in one neighbor record; keeping the first",
            )

    @staticmethod
    def converted(key: str, value: str, record: _Record) -> str | None:
        if key in ("chassis_id", "port_id"):
            return _mac_or_text(value)
        if key in ("chassis_id_type", "port_id_type"):
            return _id_type(value)
        if key in ("mgmt_ip", "entry_ip"):
            return _ip(value)
        if key in ("pvid", "mfs"):
            return _number(value)
        if key == "capabilities":
            return _capabilities(value, record.protocol == CDP_FORMAT)
        return value

    # -- lines

    def feed(self, number: int, raw: str) -> None:
        line = raw.strip()
        if not line:
            self.table = None
            self.description = False
            return
        if looks_binary(line):
            self.log.add(number, bad_line_message(line, "switch neighbor output"))
            return
        prompt = _PROMPT.fullmatch(line)
        if prompt is not None:
            self.close()
            self.table = None
            self.prompt = Located(prompt["host"], Location(self.path, number))
            self.first_prompt = self.first_prompt or self.prompt
            return
        if _SEPARATOR.fullmatch(line):
            self.close()
            self.table = None
            return
        if _JUNOS_BANNER.fullmatch(line):
            return  # "{master:0}": which routing engine answered
        if self.table is not None:
            self.table_row(number, raw)
            return
        table = _table_header(raw)
        if table is not None:
            self.close()
            self.table = table
            self.recognised = True
            return
        indent = len(raw) - len(raw.lstrip())
        if self.section is not None and indent <= self.section[1]:
            self.section = None
        if self.description:
            self.description = False
            if self.record is not None and not self.is_field(line):
                self.put("chassis_descr", line, number)
                return
        self.labelled(number, line, indent)

    @staticmethod
    def is_field(line: str) -> bool:
        """Whether a line is a known label (so not a description written below its label)."""
        label, sep, _ = line.partition(":")
        return bool(sep) and " ".join(label.lower().split()) in _KNOWN_LABELS

    def labelled(self, number: int, line: str, indent: int) -> None:
        """A ``Label: value`` line, an EOS ``- Title: value`` line or a section header."""
        eos_tlv = line.startswith("- ")
        content = line[2:].strip() if eos_tlv else line
        if self.eos_line(number, content):
            return
        label, sep, value = content.partition(":")
        label = " ".join(label.lower().split())
        if not sep:
            # "- IEEE802.1/IEEE802.3 Link Aggregation", Junos "System capabilities"
            if self.record is not None and (eos_tlv or label in _BARE_SECTIONS):
                self.section = (label, indent)
                self.record.aggregated = False
            return
        value = value.strip()
        if self.opener(number, label, value):
            return
        record = self.record
        if _TOTAL.match(content):
            self.close()
            self.recognised = True
            return
        if record is None:
            if label == "capability codes":
                self.recognised = True  # NX-OS legend, printed even without neighbors
            elif label in _LLDP_FIELDS or label in _CDP_FIELDS:
                self.log.add(number, "field outside any neighbor record (capture starts mid-record?)")
            return
        section = self.section[0] if self.section is not None else ""
        if eos_tlv or (not value and not section):
            # A header whose details follow, indented ("Management Addresses:", EOS "- …");
            # a header inside a section (IOS "OID:") does not end it.
            self.section = (label, indent)
        if section:
            self.section_field(number, section, label, value, record)
        elif not value and label in _DESCRIPTION_LABELS:
            self.description = True  # IOS/CDP write the description on the next line
        elif record.protocol == CDP_FORMAT:
            self.cdp_field(number, label, value, record)
        elif label in _LLDP_FIELDS:
            self.put(_LLDP_FIELDS[label], _clean(value), number)

    def section_field(self, number: int, section: str, label: str, value: str, record: _Record) -> None:
        if section == _LINK_AGGREGATION and label == "link aggregation status":
            record.aggregated = bool(re.search(r"\benabled\b", value, re.IGNORECASE))
            return
        key = _SECTION_FIELDS.get((section, label))
        if key == "aggregation":
            if record.aggregated and value.strip() not in ("", "0"):
                self.put(key, value, number)
        elif key is not None:
            self.put(key, _clean(value), number)
        elif label not in _NESTED_LABELS:
            fields = _CDP_FIELDS if record.protocol == CDP_FORMAT else _LLDP_FIELDS
            if label in fields:  # EOS details under their TLV title ("Chassis ID : …")
                self.put(fields[label], _clean(value), number)

    def opener(self, number: int, label: str, value: str) -> bool:
        """Labels that start (or name the port of) a record; True when the line is used."""
        record = self.record
        if label == "device id":
            record = self.open(number, CDP_FORMAT)
            device = _clean(value)
            if not _absent(device):
                self.put("chassis_id", device, number)
                name = _DEVICE_SERIAL.sub("", device).strip() or device
                record.fallbacks["chassis_name"] = Located(name, Location(self.path, number))
            return True
        if label == "lldp neighbor information":  # Junos detail
            self.open(number, LLDP_FORMAT, junos=True)
            return True
        if label == "local information":
            if record is None or not record.junos or record.local is not None:
                self.open(number, LLDP_FORMAT, junos=True)
            return True
        if label in _LOCAL_LABELS:
            junos = label == "local interface" and bool(_JUNOS_PORT.fullmatch(_clean(value)))
            if record is not None and record.junos and label == "local port id":
                return True  # Junos: the SNMP ifIndex, not the port name
            if record is None or record.local is not None:
                record = self.open(number, LLDP_FORMAT, junos)
            record.junos = record.junos or junos
            name = _clean(value)
            if not _absent(name):
                record.local = (name, number)
            return True
        if label == "chassis id" and self.section is None:
            if record is None or "chassis_id" in record.values:
                self.open(number, LLDP_FORMAT)
            return False  # the value is read as a field
        if label == "interface" and record is not None and record.protocol == CDP_FORMAT:
            # "Interface: Gi1/0/16,  Port ID (outgoing port): eth0": both ends on one line.
            local, port = _split_at(value, "port id (outgoing port)")
            if not _absent(local):
                record.local = (local, number)
            if port is not None:
                self.put("port_id", port, number)
            return True
        if label == "port id (outgoing port)" and record is not None and record.protocol == CDP_FORMAT:
            self.put("port_id", value, number)  # IOS-XR: a line of its own
            return True
        return False

    def cdp_field(self, number: int, label: str, value: str, record: _Record) -> None:
        if label == "platform":
            _, capabilities = _split_at(value, "capabilities")
            if capabilities is not None:
                self.put("capabilities", capabilities, number)
        elif label in _CDP_FIELDS:
            self.put(_CDP_FIELDS[label], _clean(value), number)

    def eos_line(self, number: int, content: str) -> bool:
        """EOS ``Interface X detected N LLDP neighbors:`` and ``Neighbor …`` lines."""
        interface = _EOS_INTERFACE.fullmatch(content)
        if interface is not None:
            self.close()
            self.recognised = True
            self.eos_interface = (interface.group(1), number)
            return True
        neighbor = _EOS_NEIGHBOR.match(content)
        if neighbor is None or self.eos_interface is None:
            return False
        record = self.open(number, LLDP_FORMAT)
        record.local = self.eos_interface
        where = Location(self.path, number)
        record.fallbacks["chassis_id"] = Located(_mac_or_text(neighbor["chassis"]), where)
        port = _clean(neighbor["port"])
        if port:
            record.fallbacks["port_id"] = Located(_mac_or_text(port), where)
        return True

    def table_row(self, number: int, raw: str) -> None:
        """One Junos table row: single-word columns, then Port info, then System Name."""
        table = self.table
        assert table is not None
        singles = table.singles
        tokens = list(_TOKEN.finditer(raw))
        if len(tokens) <= len(singles):
            self.log.add(number, bad_line_message(raw.strip(), "a show lldp neighbors table row"))
            return
        record = self.open(number, LLDP_FORMAT, junos=True)
        for name, token in zip(singles, tokens, strict=False):
            if name == "local interface":
                record.local = (token.group(), number)
            elif name == "parent interface":
                self.put("parent_interface", token.group(), number)
            elif name == "chassis id":
                self.put("chassis_id", token.group(), number)
        rest_at = tokens[len(singles)].start()
        rest = raw[rest_at:].rstrip()
        chunks = _WIDE_GAP.split(rest)
        port, system = rest, ""
        if len(chunks) >= 2:
            port, system = " ".join(chunks[:-1]), chunks[-1]
        elif " " in rest and rest_at + rest.rfind(" ") + 1 >= table.start("system name") - 1:
            port, _, system = rest.rpartition(" ")
        # "Port info" is the neighbor's port ID or its description, as the switch is set
        # (neighbour-port-info-display); kept as the port ID, which joins use.
        self.put("port_id", port.strip(), number)
        self.put("chassis_name", system.strip(), number)
        self.close()


# --------------------------------------------------------------------------------------
# EOS eAPI JSON (show lldp neighbors detail | json)

_EAPI_TYPES = {
    "macAddress": "mac",
    "interfaceName": "ifname",
    "interfaceAlias": "ifalias",
    "networkAddress": "ip",
    "local": "local",
}


def _read_eapi(text: str, path: str, log: DiagnosticLog) -> list[Fact]:
    """``{"lldpNeighbors": {"Ethernet22": {"lldpNeighborInfo": [{…}]}}}``."""
    try:
        document = json.loads(text)
    except json.JSONDecodeError as error:
        log.add(error.lineno, f"not valid JSON ({error.msg})")
        return []
    except (ValueError, RecursionError):
        log.add(1, "JSON too deeply nested or too large; not read")
        return []
    table = document.get("lldpNeighbors") if isinstance(document, dict) else None
    if not isinstance(table, dict):
        log.add(1, "JSON without an 'lldpNeighbors' object: not EOS neighbor output")
        return []
    facts: list[Fact] = []
    position, line = 0, 1  # a scan forward through the text: linear in its length
    for interface, body in table.items():
        if not isinstance(body, dict) or not interface.strip():
            continue
        # Each interface's values sit at the line of its key, found in document order.
        found = text.find(json.dumps(interface) + ":", position)
        if found >= 0:
            line += text.count("\n", position, found)
            position = found
        infos = body.get("lldpNeighborInfo")
        for info in infos if isinstance(infos, list) else []:
            if isinstance(info, dict):
                facts.append(_eapi_neighbor(interface, info, Location(path, line)))
    return facts


def _eapi_neighbor(interface: str, info: dict[str, object], where: Location) -> LldpNeighbor:
    values: dict[str, Located[str]] = {}

    def put(key: str, value: object) -> None:
        if isinstance(value, (str, int)) and not isinstance(value, bool):
            text = str(value).split("\n", 1)[0].strip()  # first line, as in the text forms
            if text:
                values[key] = Located(text, where)

    port = info.get("neighborInterfaceInfo")
    port = port if isinstance(port, dict) else {}
    put("chassis_name", info.get("systemName"))
    chassis = info.get("chassisId")
    put("chassis_id", _mac_or_text(chassis) if isinstance(chassis, str) else None)
    put("chassis_id_type", _EAPI_TYPES.get(str(info.get("chassisIdType"))))
    put("chassis_descr", info.get("systemDescription"))
    port_id = port.get("interfaceId")
    put("port_id", _mac_or_text(port_id) if isinstance(port_id, str) else None)
    put("port_id_type", _EAPI_TYPES.get(str(port.get("interfaceIdType"))))
    put("port_descr", port.get("interfaceDescription"))
    put("pvid", port.get("portVlanId"))
    put("mfs", port.get("maxFrameSize"))
    if port.get("linkAggregationStatus") == "capableAndEnabled":
        put("aggregation", port.get("linkAggregationInterfaceId"))
    addresses = info.get("managementAddresses")
    for address in addresses if isinstance(addresses, list) else []:
        if isinstance(address, dict) and isinstance(address.get("address"), str):
            ip = _ip(str(address["address"]))
            if ip is not None:
                put("mgmt_ip", ip)
                break
    capabilities = info.get("systemCapabilities")
    if isinstance(capabilities, dict):
        # eAPI lists the supported capabilities, each true when enabled.
        enabled = [
            _LLDP_CAPABILITIES.get(str(name).lower(), str(name).lower())
            for name, on in capabilities.items()
            if on is True
        ]
        values["capabilities"] = Located(",".join(enabled), where)
    return LldpNeighbor(
        format=LLDP_FORMAT,
        local_interface=Located(_canonical(interface, False), where),
        location=where,
        values=values,
    )
