"""Parser for ``/proc/net/bonding/<bond>`` dumps (bonding driver 2.6.1 to kernel 6.x).

The file has a header, an optional ``802.3ad info`` block and then one block per port.
Lines are read by label, never by position, because which lines appear depends on the
mode, the kernel version and the reader's privileges.  Labels that occur in more than one
block (``MII Status``, ``Aggregator ID``, ``system priority``) take their meaning from the
block being read.  Values stay strings; the one translation done here is the mode text,
which only this format spells as prose.

``head /proc/net/bonding/*`` and ``tail -n +1 …`` captures hold several dumps, each after
a ``==> /proc/net/bonding/bond0 <==`` header: every section is read as the dump of the
bond its header names, with the capture's own line numbers.
"""

from __future__ import annotations

import enum
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import PurePosixPath

from bondlint.sources.base import (
    BondRuntime,
    Diagnostic,
    Located,
    Location,
    ParseResult,
    PortRuntime,
)
from bondlint.sources.registry import Place, SourceFormat
from bondlint.sources.text import numbered_lines

FORMAT = "proc-net-bonding"

HEADER_LABEL = "Ethernet Channel Bonding Driver"
MODE_LABEL = "Bonding Mode"
FILE_PREFIX = "proc_net_bonding_"  # how capture folders name a copy of the proc file

# /proc prose -> kernel mode name; keys lower-case because the text is matched case-blind.
MODE_NAMES: dict[str, str] = {
    "load balancing (round-robin)": "balance-rr",
    "fault-tolerance (active-backup)": "active-backup",
    "load balancing (xor)": "balance-xor",
    "fault-tolerance (broadcast)": "broadcast",
    "ieee 802.3ad dynamic link aggregation": "802.3ad",
    "transmit load balancing": "balance-tlb",
    "adaptive load balancing": "balance-alb",
}

# The line head(1) and tail(1) print before each file when given several.
_SECTION_HEADER = re.compile(r"==> (.+) <==")

_FAIL_OVER_MAC = "(fail_over_mac "
_PRIMARY_RESELECT = "(primary_reselect "
_NO_AGGREGATOR = " has no active aggregator"


class _Block(enum.Enum):
    """The part of the dump being read; decides what a shared label means."""

    MASTER = "master"
    LACP = "802.3ad info"
    AGGREGATOR = "active aggregator"
    PORT = "port"
    ACTOR = "actor lacp pdu"
    PARTNER = "partner lacp pdu"


class _Target(enum.Enum):
    """Which dictionary of the facts a field lands in."""

    BOND = "values"
    LACP = "lacp"
    PORT = "port"
    ACTOR = "actor_lacp"
    PARTNER = "partner_lacp"


def _as_is(value: str) -> str:
    return value


def _first_word(value: str) -> str:
    """``layer2+3 (2)`` -> ``layer2+3``."""
    words = value.split(None, 1)
    return words[0] if words else ""


def _lower(value: str) -> str:
    return value.lower()


def _active_port(value: str) -> str:
    """``None`` becomes "" so the fact that the line was printed survives."""
    return "" if value == "None" else value


def _targets(value: str) -> str:
    """``a, b`` -> ``a,b``; an empty list (line ends at the colon) stays ""."""
    return ",".join(part.strip() for part in value.split(",") if part.strip())


def _speed(value: str) -> str:
    """``1000 Mbps`` -> ``1000``; ``Unknown`` -> ``unknown``; anything else as written."""
    words = value.split()
    if len(words) == 2 and words[0].isdigit() and words[1].lower() == "mbps":
        return words[0]
    if value.lower() == "unknown":
        return "unknown"
    return value


@dataclass(frozen=True, slots=True)
class _Field:
    """A ``label: value`` line: where its value goes and how it is cleaned."""

    key: str
    target: _Target
    convert: Callable[[str], str] = _as_is


# Labels are matched lower-cased with runs of blanks collapsed (see _normalise_label).
_MASTER_FIELDS: dict[str, _Field] = {
    "transmit hash policy": _Field("xmit_hash_policy", _Target.BOND, _first_word),
    "currently active slave": _Field("active_port", _Target.BOND, _active_port),
    "mii status": _Field("mii_status", _Target.BOND),
    "mii polling interval (ms)": _Field("miimon", _Target.BOND),
    "up delay (ms)": _Field("updelay", _Target.BOND),
    "down delay (ms)": _Field("downdelay", _Target.BOND),
    "peer notification delay (ms)": _Field("peer_notif_delay", _Target.BOND),
    "arp polling interval (ms)": _Field("arp_interval", _Target.BOND),
    "arp missed max": _Field("arp_missed_max", _Target.BOND),
    "arp ip target/s (n.n.n.n form)": _Field("arp_ip_target", _Target.BOND, _targets),
    # The kernel prints lower-case "xx::xx"; its commit message says "XX::XX".
    "ns ipv6 target/s (xx::xx form)": _Field("ns_ip6_target", _Target.BOND, _targets),
}
_LACP_FIELDS: dict[str, _Field] = {
    "lacp active": _Field("lacp_active", _Target.LACP),
    "lacp rate": _Field("lacp_rate", _Target.LACP),
    "min links": _Field("min_links", _Target.LACP),
    "aggregator selection policy (ad_select)": _Field("ad_select", _Target.LACP),
    "system priority": _Field("system_priority", _Target.LACP),
    "system mac address": _Field("system_mac", _Target.LACP),
}
_AGGREGATOR_FIELDS: dict[str, _Field] = {
    "aggregator id": _Field("aggregator_id", _Target.LACP),
    "number of ports": _Field("number_of_ports", _Target.LACP),
    "actor key": _Field("actor_key", _Target.LACP),
    "partner key": _Field("partner_key", _Target.LACP),
    "partner mac address": _Field("partner_mac", _Target.LACP),
}
_PORT_FIELDS: dict[str, _Field] = {
    "mii status": _Field("mii_status", _Target.PORT),
    "speed": _Field("speed", _Target.PORT, _speed),
    "duplex": _Field("duplex", _Target.PORT, _lower),
    "link failure count": _Field("link_failure_count", _Target.PORT),
    "permanent hw addr": _Field("permanent_hw_addr", _Target.PORT),
    "slave queue id": _Field("queue_id", _Target.PORT),
    "aggregator id": _Field("aggregator_id", _Target.PORT),
    "actor churn state": _Field("actor_churn_state", _Target.PORT),
    "partner churn state": _Field("partner_churn_state", _Target.PORT),
    "actor churned count": _Field("actor_churned_count", _Target.PORT),
    "partner churned count": _Field("partner_churned_count", _Target.PORT),
}


def _pdu_fields(target: _Target, key_label: str, key: str) -> dict[str, _Field]:
    return {
        "system priority": _Field("system_priority", target),
        "system mac address": _Field("system_mac", target),
        key_label: _Field(key, target),
        "port priority": _Field("port_priority", target),
        "port number": _Field("port_number", target),
        "port state": _Field("port_state", target),
    }


_ACTOR_FIELDS = _pdu_fields(_Target.ACTOR, "port key", "port_key")
_PARTNER_FIELDS = _pdu_fields(_Target.PARTNER, "oper key", "oper_key")

_BLOCK_FIELDS: dict[_Block, dict[str, _Field]] = {
    _Block.MASTER: _MASTER_FIELDS,
    _Block.LACP: _LACP_FIELDS,
    _Block.AGGREGATOR: _AGGREGATOR_FIELDS,
    _Block.PORT: _PORT_FIELDS,
    _Block.ACTOR: _ACTOR_FIELDS,
    _Block.PARTNER: _PARTNER_FIELDS,
}
# Where to look for a label, innermost block first.  A hit in an outer block means the
# inner block has ended.  Port blocks never fall back to bond-level labels: "MII Status"
# inside a port is the port's.  Master and 802.3ad labels are unique, so a dump that lost
# its "802.3ad info" line (or a blank line) still reads right.
_SEARCH_ORDER: dict[_Block, tuple[_Block, ...]] = {
    _Block.MASTER: (_Block.MASTER, _Block.LACP),
    _Block.LACP: (_Block.LACP, _Block.MASTER),
    _Block.AGGREGATOR: (_Block.AGGREGATOR, _Block.LACP, _Block.MASTER),
    _Block.PORT: (_Block.PORT,),
    _Block.ACTOR: (_Block.ACTOR, _Block.PORT),
    _Block.PARTNER: (_Block.PARTNER, _Block.PORT),
}
_PORT_BLOCKS = frozenset({_Block.PORT, _Block.ACTOR, _Block.PARTNER})
# A blank line closes a sub-block; the enclosing block goes on.
_AFTER_BLANK: dict[_Block, _Block] = {
    _Block.AGGREGATOR: _Block.LACP,
    _Block.ACTOR: _Block.PORT,
    _Block.PARTNER: _Block.PORT,
}


SOURCE = SourceFormat(
    name=FORMAT,
    describes="a /proc/net/bonding dump",
    order=10,
    role="runtime",
    names=("*/proc/net/bonding/*", "proc_net_bonding_*", "*/proc_net_bonding_*"),
    telltales=(("*proc_net_bonding*", "a /proc/net/bonding dump"),),
    places=(Place("proc/net/bonding", called="the kernel's bonding folder"),),
    runtime_rank=0,
)


def claims(path: PurePosixPath, head: str) -> bool:
    """True for ``…/proc/net/bonding/<bond>``, a ``proc_net_bonding_*`` copy, or text like one
    (a ``head``/``tail`` capture whose headers name /proc/net/bonding files included)."""
    if path.parts[-4:-1] == ("proc", "net", "bonding") or path.name.startswith(FILE_PREFIX):
        return True
    for line in head.split("\n"):
        stripped = line.strip().lstrip("\ufeff")
        if stripped.startswith((HEADER_LABEL, MODE_LABEL + ":")):
            return True
        header = section_header(stripped)
        if header is not None and PurePosixPath(header).parts[-4:-1] == ("proc", "net", "bonding"):
            return True
    return False


def section_header(line: str) -> str | None:
    """The file a ``==> path <==`` line (head/tail with several files) names, else None."""
    match = _SECTION_HEADER.fullmatch(line.strip())
    return match[1].strip() if match and match[1].strip() else None


Section = tuple[str, int, list[tuple[int, str]]]


def head_sections(text: str) -> tuple[list[tuple[int, str]], list[Section]]:
    """Split ``head``/``tail -n +1`` output into (lines before the first header, sections).

    Each section is (the header's path, the header's line number, its numbered lines,
    including the blank line head(1) prints before the next header).  No header: no
    sections, and every line is in the first list.
    """
    before: list[tuple[int, str]] = []
    sections: list[Section] = []
    for number, line in numbered_lines(text):
        header = section_header(line.lstrip("\ufeff") if number == 1 else line)
        if header is not None:
            sections.append((header, number, []))
        elif sections:
            sections[-1][2].append((number, line))
        elif not _WRAPPER_LINE.fullmatch(line):
            before.append((number, line))
    return before, sections


# What wraps a head/tail capture without being part of it: a monitoring agent's section
# header (Checkmk's ``<<<lnx_bonding:sep(58)>>>``) or the command line that made it.
_WRAPPER_LINE = re.compile(r"\s*(?:<<<[^<>]*>>>|(?:\S*[$#]\s*)?(?:sudo\s+)?(?:head|tail|cat|grep)\s.*)\s*")


def bond_name_from_path(path: str) -> str:
    """The bond a dump describes, from its file name (``proc_net_bonding_bond0`` -> ``bond0``)."""
    name = PurePosixPath(path).name
    if name.startswith(FILE_PREFIX) and name != FILE_PREFIX:
        return name[len(FILE_PREFIX) :]
    return name


def parse(text: str, path: str, bond_name: str | None = None) -> ParseResult:
    """Read one bonding dump into a ``BondRuntime``; never raises on bad input."""
    name = bond_name if bond_name is not None else bond_name_from_path(path)
    if not text.strip():
        what = "the file is empty" if not text else "the file holds only whitespace"
        return _not_a_dump(path, what)
    before, sections = head_sections(text)
    if sections:
        return _parse_sections(path, before, sections)
    reader = _Reader(path, name)
    for number, line in numbered_lines(text):
        reader.feed(number, line.lstrip("\ufeff") if number == 1 else line)
    return reader.result(text)


def _parse_sections(path: str, before: list[tuple[int, str]], sections: list[Section]) -> ParseResult:
    """One dump per ``==> /proc/net/bonding/<bond> <==`` section, named by its header."""
    result = ParseResult()
    stray = next((number for number, line in before if line.strip()), None)
    if stray is not None:
        result.diagnostics.append(
            Diagnostic(Location(path, stray), "text before the first '==> file <==' header is ignored")
        )
    for header, header_line, lines in sections:
        name = bond_name_from_path(header)
        if not any(line.strip() for _, line in lines):
            problem = f"'{header}' holds nothing (an empty file, or head/tail could not read it)"
            result.diagnostics.append(Diagnostic(Location(path, header_line), problem))
            continue
        reader = _Reader(path, name)
        reader.bond.name = Located(name, Location(path, header_line))
        reader.bond.location = Location(path, header_line)
        for number, line in lines:
            reader.feed(number, line)
        found = reader.result("\n".join(line for _, line in lines))
        if not found.facts:
            # Not a dump (a file head/tail printed beside the dumps): say which one.
            found.diagnostics = [
                Diagnostic(Location(path, header_line), f"'{header}': {d.message}") for d in found.diagnostics
            ]
        else:
            found.diagnostics = [_section_diagnostic(d, header_line) for d in found.diagnostics]
        result.facts.extend(found.facts)
        result.diagnostics.extend(found.diagnostics)
    result.diagnostics.sort(key=lambda diagnostic: diagnostic.location)
    return result


def _section_diagnostic(diagnostic: Diagnostic, header_line: int) -> Diagnostic:
    """A whole-dump diagnostic (reported at line 1) belongs at the section's header."""
    if diagnostic.location.line == 1 and header_line != 1:
        return Diagnostic(Location(diagnostic.location.path, header_line), diagnostic.message)
    return diagnostic


def _not_a_dump(path: str, why: str) -> ParseResult:
    return ParseResult(diagnostics=[Diagnostic(Location(path, 1), f"not a bonding dump: {why}")])


def _normalise_label(label: str) -> str:
    return " ".join(label.lower().split())


def _split_line(line: str) -> tuple[str, str] | None:
    """``Label: value`` -> (normalised label, value); None for a line without a colon.

    Split at the first ": " rather than the first ":" because the NS target label itself
    contains "::" and values (MACs, IPv6) contain colons.
    """
    index = line.find(": ")
    if index >= 0:
        return _normalise_label(line[:index]), line[index + 2 :].strip()
    if line.endswith(":"):
        return _normalise_label(line[:-1]), ""
    return None


class _Dump:
    """What one dump has given so far and what was wrong with it, shared by the line readers."""

    def __init__(self, path: str, name: str) -> None:
        self.path = path
        self.bond = BondRuntime(format=FORMAT, name=Located(name, Location(path, 0)), location=Location(path, 1))
        self.diagnostics: list[Diagnostic] = []
        self.recognised = 0
        self.seen_content = False
        self.finished = False  # a second dump started; the rest is only kept as unknown
        self.mode_line = 0

    def recognise(self) -> None:
        self.recognised += 1
        self.seen_content = True

    def problem(self, location: Location, message: str) -> None:
        self.diagnostics.append(Diagnostic(location, message))

    def store(self, target: dict[str, Located[str]], key: str, value: str, location: Location, owner: str) -> None:
        """Record a value; a repeated key keeps the first (paste damage, not a second truth)."""
        self.recognise()
        first = target.get(key)
        if first is not None:
            self.problem(
                location, f"{owner}: '{key}' repeated (first at line {first.location.line}); keeping the first"
            )
            return
        target[key] = Located(value, location)

    def result(self, text: str) -> ParseResult:
        """The facts read, or a single diagnostic when nothing looked like a bonding dump."""
        if not self.recognised:
            if "\x00" in text:
                return _not_a_dump(self.path, "binary data")
            return _not_a_dump(self.path, "no line looks like /proc/net/bonding output")
        if "mode" not in self.bond.values:
            self.problem(Location(self.path, 1), "no 'Bonding Mode' line: the capture is truncated or starts mid-file")
        if self.mode_line:
            self.bond.location = Location(self.path, self.mode_line)
        diagnostics = sorted(self.diagnostics, key=lambda diagnostic: diagnostic.location)
        return ParseResult(facts=[self.bond], diagnostics=diagnostics)


class _BondLines:
    """The bond-level lines with a grammar of their own: the driver header, the mode line and
    ``Primary Slave``.  A second header or mode line starts a second dump."""

    def __init__(self, dump: _Dump) -> None:
        self.dump = dump
        self.values = dump.bond.values

    def header(self, value: str, location: Location) -> bool:
        """``v3.7.1 (April 27, 2011)`` -> driver_version + driver_date; "v" dropped."""
        if self.dump.seen_content:
            return self.second_dump(location)
        self.dump.recognise()
        version, date = value, ""
        if value.endswith(")") and " (" in value:
            version, _, date = value[:-1].partition(" (")
        version = version.strip()
        if len(version) > 1 and version[0] in "vV" and version[1].isdigit():
            version = version[1:]
        self.values["driver_version"] = Located(version, location)
        if date:
            self.values["driver_date"] = Located(date.strip(), location)
        return True

    def mode(self, value: str, location: Location) -> bool:
        """The mode prose -> kernel mode name, plus the ``(fail_over_mac X)`` suffix."""
        if "mode" in self.values:
            return self.second_dump(location)
        self.dump.recognise()
        self.dump.mode_line = location.line
        base, fail_over_mac = value, ""
        suffix_at = value.rfind(_FAIL_OVER_MAC)
        if suffix_at > 0 and value.endswith(")"):
            base = value[:suffix_at].strip()
            fail_over_mac = value[suffix_at + len(_FAIL_OVER_MAC) : -1].strip()
        mode = MODE_NAMES.get(_normalise_label(base))
        if mode is None:
            # Unknown prose (a future kernel, a typo): keep it whole so the model can say so.
            self.values["mode"] = Located(value, location)
            self.dump.problem(location, f"unrecognised bonding mode {value!r}; kept as written")
            return True
        self.values["mode"] = Located(mode, location)
        if fail_over_mac:
            self.values["fail_over_mac"] = Located(fail_over_mac, location)
        return True

    def second_dump(self, location: Location) -> bool:
        """A second header or mode line: files were concatenated; read only the first dump."""
        self.dump.finished = True
        self.dump.problem(
            location,
            "a second bonding dump starts here (files concatenated?); "
            "only the first is read, the rest is kept as unrecognised lines",
        )
        return False

    def primary(self, value: str, location: Location) -> None:
        """``em3 (primary_reselect failure)`` -> primary + primary_reselect; ``None`` -> "".

        "None" is evidence that no primary is set; a dump without the line says nothing.
        """
        self.dump.recognise()
        name, reselect = value, ""
        suffix_at = value.find(_PRIMARY_RESELECT)
        if suffix_at >= 0:
            name = value[:suffix_at].strip()
            reselect = value[suffix_at + len(_PRIMARY_RESELECT) :].rstrip(")").strip()
        if name:
            self.dump.store(self.values, "primary", "" if name == "None" else name, location, "bond")
        if reselect:
            self.dump.store(self.values, "primary_reselect", reselect, location, "bond")


class _PortBlocks:
    """The ``Slave Interface`` blocks: the port being read, where its fields land, and port
    lines met before any port (a capture that starts mid-block)."""

    def __init__(self, dump: _Dump) -> None:
        self.dump = dump
        self.port: PortRuntime | None = None
        self.names: set[str] = set()
        self.warned_orphan = False

    def start(self, value: str, location: Location) -> None:
        """``Slave Interface: X`` opens a port block (enslave order is kept)."""
        self.dump.recognise()
        if not value:
            self.port = None  # its lines become orphans rather than a port without a name
            self.dump.problem(location, "'Slave Interface' without a name; block skipped")
            return
        if value in self.names:
            self.dump.problem(location, f"port {value} listed twice")
        self.names.add(value)
        self.port = PortRuntime(name=Located(value, location))
        self.dump.bond.ports.append(self.port)

    def dictionary(self, target: _Target) -> dict[str, Located[str]] | None:
        """Where a port field lands; None with no port open."""
        if self.port is None:
            return None
        if target is _Target.ACTOR:
            return self.port.actor_lacp
        if target is _Target.PARTNER:
            return self.port.partner_lacp
        return self.port.values

    def orphan(self, label: str, location: Location) -> bool:
        """A port-level label with no port to belong to: recognised, but kept as unknown."""
        if not any(label in _BLOCK_FIELDS[block] for block in _PORT_BLOCKS):
            return False
        self.dump.recognised += 1
        if not self.warned_orphan:
            self.warned_orphan = True
            self.dump.problem(location, "port line outside any 'Slave Interface' block (capture starts mid-block?)")
        return False


class _Reader:
    """Line-by-line state machine over one dump: the open block decides what a label means."""

    def __init__(self, path: str, name: str) -> None:
        self.dump = _Dump(path, name)
        self.bond = self.dump.bond
        self.head = _BondLines(self.dump)
        self.ports = _PortBlocks(self.dump)
        self.block = _Block.MASTER

    def feed(self, number: int, raw: str) -> None:
        """Consume one line."""
        line = raw.strip()
        location = Location(self.dump.path, number)
        if not line:
            self.block = _AFTER_BLANK.get(self.block, self.block)
            return
        if self.dump.finished:
            self.bond.unknown.append(Located(line, location))
            return
        if self._bare_line(line, location):
            return
        split = _split_line(line)
        if split is None or not self._labelled_line(split[0], split[1], location):
            self.bond.unknown.append(Located(line, location))

    def result(self, text: str) -> ParseResult:
        return self.dump.result(text)

    def _bare_line(self, line: str, location: Location) -> bool:
        """Handle the label-only lines; False when the line is not one of them (a PDU header
        with no port included: kept as unknown by the caller)."""
        opened = _BARE_BLOCKS.get(_normalise_label(line.rstrip(":")))
        if opened is not None and self._may_open(opened):
            self.block = opened
            self.dump.recognise()
            return True
        if line.startswith("bond ") and line.endswith(_NO_AGGREGATOR):
            self.dump.store(self.bond.lacp, "no_active_aggregator", "yes", location, "bond")
            return True
        return False

    def _may_open(self, block: _Block) -> bool:
        """PDU blocks open inside a port; the 802.3ad blocks only outside the ports."""
        in_port = self.block in _PORT_BLOCKS
        if block in _PORT_BLOCKS:
            return in_port and self.ports.port is not None
        return not in_port

    def _labelled_line(self, label: str, value: str, location: Location) -> bool:
        """Handle one ``label: value`` line; False when the label is not known here."""
        handler = _LINE_HANDLERS.get(label)
        if handler is not None:
            return handler(self, value, location)
        for block in _SEARCH_ORDER[self.block]:
            field = _BLOCK_FIELDS[block].get(label)
            if field is None:
                continue
            target = self._target(field.target)
            if target is None:
                break  # a port field, but the port's name line was empty
            self.block = block
            self.dump.store(target, field.key, field.convert(value), location, self._owner(field.target))
            return True
        return self.ports.orphan(label, location)

    def _target(self, target: _Target) -> dict[str, Located[str]] | None:
        """The dictionary a field lands in; None for a port field with no port open."""
        if target is _Target.BOND:
            return self.bond.values
        if target is _Target.LACP:
            return self.bond.lacp
        return self.ports.dictionary(target)

    def _owner(self, target: _Target) -> str:
        port = self.ports.port
        if target in (_Target.BOND, _Target.LACP) or port is None:
            return "bond"
        return f"port {port.name.value}"

    # -- the labels with their own handler (see _LINE_HANDLERS)

    def header_line(self, value: str, location: Location) -> bool:
        return self.head.header(value, location)

    def mode_line(self, value: str, location: Location) -> bool:
        if not self.head.mode(value, location):
            return False
        self.block = _Block.MASTER
        return True

    def port_line(self, value: str, location: Location) -> bool:
        self.block = _Block.PORT
        self.ports.start(value, location)
        return True

    def primary_line(self, value: str, location: Location) -> bool:
        if self.block in _PORT_BLOCKS:
            return False  # not a port label: kept as unknown
        self.head.primary(value, location)
        return True


# Label-only lines that open a block.
_BARE_BLOCKS: dict[str, _Block] = {
    "802.3ad info": _Block.LACP,
    "active aggregator info": _Block.AGGREGATOR,
    "details actor lacp pdu": _Block.ACTOR,
    "details partner lacp pdu": _Block.PARTNER,
}
# Labels with a grammar or an effect of their own, before the block tables are searched.
_LINE_HANDLERS: dict[str, Callable[[_Reader, str, Location], bool]] = {
    HEADER_LABEL.lower(): _Reader.header_line,
    MODE_LABEL.lower(): _Reader.mode_line,
    "slave interface": _Reader.port_line,
    "primary slave": _Reader.primary_line,
}
