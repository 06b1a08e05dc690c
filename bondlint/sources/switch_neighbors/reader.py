"""The text outputs, line by line: prompts, separators, tables, ``Label: value`` lines and
the sections they open.  What a label means in one dialect is asked of that dialect's
module (``cisco``, ``cdp``, ``eos``, ``junos``) through one table of record openers."""

from __future__ import annotations

import re
from collections.abc import Callable

from bondlint.sources.base import Fact, Located, Location
from bondlint.sources.switch_neighbors import cdp, cisco, eos, junos
from bondlint.sources.switch_neighbors.record import Record
from bondlint.sources.switch_neighbors.values import absent, clean, convert
from bondlint.sources.text import DiagnosticLog, bad_line_message, looks_binary

# "leaf1#show lldp neighbors detail", "admin@leaf1> show lldp neighbors", "sw1(config)#".
_PROMPT = re.compile(
    r"(?:[\w.+-]+@|RP/[\w/]+:)?(?P<host>(?=[\w.-]*[A-Za-z])[A-Za-z0-9][\w.-]*)(?:\([\w./-]*\))?"
    r"[#>][ \t]*(?:sh(?:ow)?\b.*)?"
)
_SEPARATOR = re.compile(r"-{8,}")
_JUNOS_BANNER = re.compile(r"\{[\w:.-]*\}")
_TOTAL = re.compile(r"Total (?:cdp )?entries displayed", re.IGNORECASE)

# --- labels (lower-case, single-spaced) ------------------------------------------------

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
_LINK_AGGREGATION = "ieee802.1/ieee802.3 link aggregation"
_DESCRIPTION_LABELS = frozenset({"system description", "version"})
_KNOWN_LABELS = (
    frozenset(_LLDP_FIELDS)
    | frozenset(cdp.CDP_FIELDS)
    | cisco.LOCAL_LABELS
    | {"time remaining", "holdtime", "advertisement version", "system capabilities"}
    | {"management addresses", "platform", "interface", "device id"}
)
_MULTI_VALUED = frozenset({"mgmt_ip", "entry_ip"})  # several addresses: the first is kept
# Names a switch prints for a TLV its neighbor did not send (NX-OS "System Name: null").
_NO_NAME = frozenset({"null", "(null)"})
_NAMES = frozenset({"chassis_name", "chassis_descr", "port_descr"})


class Reader:
    """Reads the text outputs line by line; one instance per file."""

    def __init__(self, path: str, log: DiagnosticLog) -> None:
        self.path = path
        self.log = log
        self.done: list[tuple[Record, Located[str] | None]] = []
        self.record: Record | None = None
        self.section: tuple[str, int] | None = None  # header label and its indentation
        self.description = False  # the next line is a description written below its label
        self.eos_interface: tuple[str, int] | None = None
        self.table: junos.Table | None = None
        self.recognised = False
        self.prompt: Located[str] | None = None
        self.first_prompt: Located[str] | None = None

    # -- records

    def open(self, line: int, protocol: str, junos: bool = False) -> Record:
        self.close()
        self.recognised = True
        self.record = Record(protocol, line, junos)
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
        if record is None or absent(value):
            return
        if key in _NAMES and value.strip().lower() in _NO_NAME:
            return
        converted = convert(key, value, record.cdp)
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
        if self.ends_output(number, line):
            return
        if self.table is not None:
            junos.table_row(self, self.table, number, raw)
            return
        table = junos.table_header(raw)
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
            if self.record is not None and not _is_field(line):
                self.put("chassis_descr", line, number)
                return
        self.labelled(number, line, indent)

    def ends_output(self, number: int, line: str) -> bool:
        """A prompt or a dashed line ends the record (and table) being read; a Junos
        ``{master:0}`` banner (which routing engine answered) is skipped."""
        prompt = _PROMPT.fullmatch(line)
        if prompt is None and not _SEPARATOR.fullmatch(line):
            return bool(_JUNOS_BANNER.fullmatch(line))
        self.close()
        self.table = None
        if prompt is not None:
            self.prompt = Located(prompt["host"], Location(self.path, number))
            self.first_prompt = self.first_prompt or self.prompt
        return True

    def labelled(self, number: int, line: str, indent: int) -> None:
        """A ``Label: value`` line, an EOS ``- Title: value`` line or a section header."""
        eos_tlv = line.startswith("- ")
        content = line[2:].strip() if eos_tlv else line
        if eos.interface_or_neighbor(self, number, content):
            return
        label, sep, value = content.partition(":")
        label = " ".join(label.lower().split())
        if not sep:
            # "- IEEE802.1/IEEE802.3 Link Aggregation", Junos "System capabilities"
            if self.record is not None and (eos_tlv or label in junos.BARE_SECTIONS):
                self.section = (label, indent)
                self.record.aggregated = False
            return
        value = value.strip()
        opener = _OPENERS.get(label)
        if opener is not None and opener(self, number, label, value):
            return
        if _TOTAL.match(content):
            self.close()
            self.recognised = True
        elif self.record is None:
            self.outside_record(number, label)
        else:
            self.record_field(number, label, value, indent, eos_tlv, self.record)

    def outside_record(self, number: int, label: str) -> None:
        if label == "capability codes":
            self.recognised = True  # NX-OS legend, printed even without neighbors
        elif label in _LLDP_FIELDS or label in cdp.CDP_FIELDS:
            self.log.add(number, "field outside any neighbor record (capture starts mid-record?)")

    def record_field(self, number: int, label: str, value: str, indent: int, eos_tlv: bool, record: Record) -> None:
        section = self.section[0] if self.section is not None else ""
        if eos_tlv or (not value and not section):
            # A header whose details follow, indented ("Management Addresses:", EOS "- …");
            # a header inside a section (IOS "OID:") does not end it.
            self.section = (label, indent)
        if section:
            self.section_field(number, section, label, value, record)
        elif not value and label in _DESCRIPTION_LABELS:
            self.description = True  # IOS/CDP write the description on the next line
        elif record.cdp:
            cdp.field(self, number, label, value)
        elif label in _LLDP_FIELDS:
            self.put(_LLDP_FIELDS[label], clean(value), number)

    def section_field(self, number: int, section: str, label: str, value: str, record: Record) -> None:
        if section == _LINK_AGGREGATION and label == "link aggregation status":
            record.aggregated = bool(re.search(r"\benabled\b", value, re.IGNORECASE))
            return
        key = _SECTION_FIELDS.get((section, label))
        if key == "aggregation":
            if record.aggregated and value.strip() not in ("", "0"):
                self.put(key, value, number)
        elif key is not None:
            self.put(key, clean(value), number)
        elif label not in _NESTED_LABELS:
            fields = cdp.CDP_FIELDS if record.cdp else _LLDP_FIELDS
            if label in fields:  # EOS details under their TLV title ("Chassis ID : …")
                self.put(fields[label], clean(value), number)


def _is_field(line: str) -> bool:
    """Whether a line is a known label (so not a description written below its label)."""
    label, sep, _ = line.partition(":")
    return bool(sep) and " ".join(label.lower().split()) in _KNOWN_LABELS


# Labels that open a record or name one of its ends, by dialect; each handler returns
# True when the line is used up, False when it is still to be read as a field.
_OPENERS: dict[str, Callable[[Reader, int, str, str], bool]] = {
    "device id": cdp.device_id,
    "interface": cdp.interface,
    "port id (outgoing port)": cdp.outgoing_port,
    "lldp neighbor information": junos.neighbor_information,  # Junos detail
    "local information": junos.local_information,
    "chassis id": cisco.chassis_id,  # NX-OS
    **dict.fromkeys(cisco.LOCAL_LABELS, cisco.local_port),
}
