"""``ip link`` / ``ip addr`` output in every captured form: plain, ``-d``, ``-s``, ``-o``, ``-j``.

Each interface starts with a header ``N: name[@peer]: <FLAGS> mtu … state …``; indented
lines follow: ``link/<type>``, with ``-d`` a line per link kind (``bond mode …``,
``veth``) and per port kind (``bond_slave state …``), then statistics, addresses and
``altname`` lines, which are skipped.  ``-o`` puts an interface on one line with ``\\``
where the newlines were; pastes sometimes hard-wrap long lines at column 0, so a line that
is neither a header nor indented continues the previous one.  Detail lines are
``key value`` pairs read by key, never by position.  The JSON form carries the same data
under iproute2's JSON names.
"""

from __future__ import annotations

import bisect
import json
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import PurePosixPath
from typing import Any

from bondlint.sources.base import (
    BondRuntime,
    Fact,
    InterfaceRuntime,
    Located,
    Location,
    ParseResult,
)
from bondlint.sources.registry import Place, SourceFormat
from bondlint.sources.text import DiagnosticLog, bad_line_message, numbered_lines

FORMAT = "ip-link"

# sos names: ip_-s_-d_link, ip_-d_address, ip_-o_addr, ip_link, ip_address; capture
# folders add "_show_<dev>".  Brief output (-br) is a different table and is not claimed.
_FILE_NAME = re.compile(r"ip_(?!.*-br_)(?:--?[A-Za-z0-9]+_)*(?:link|addr|address)(?:[_.]|$)")
_HEADER = re.compile(r"\d+:\s")
_JSON_START = re.compile(r"[\ufeff\s]*(?:\[\s*[{\]]|\{)")
_HEAD_LINE = re.compile(r"\d+:\s+[^\s:]+:\s+<")
_NAME = re.compile(r"([^\s:]+)(:?)")
_KIND_WORD = re.compile(r"[a-z][a-z0-9_]*")
# First words of indented lines that are never a link kind (addresses, statistics …).
_NOT_KIND = frozenset({"addrgenmode", "alias", "altname", "inet", "inet6", "valid_lft", "vf", "prop", "cache"})
# What iproute2 prints when the command itself failed: a capture of a failure, not damage.
_COMMAND_ERRORS = (
    re.compile(r'Device ".*" does not exist\.?'),
    re.compile(r'Cannot find device ".*"'),
    re.compile(r"Error: .*"),
    re.compile(r'Object ".*" is unknown, try "ip help"\.?'),
    re.compile(r".*: command not found"),
)


def _lower(value: str) -> str:
    return value.lower()


# iplink_bond_slave.c prints a port's MII status by name; iproute2 3.13 also printed the
# number first (fixed by commit 574e7488, Feb 2014), and any version prints the number
# when it is past its table.  The numbers are the kernel's BOND_LINK_* values.
_MII_STATUS_NUMBERS = {"0": "up", "1": "going down", "2": "down", "3": "going back"}
# iproute2 (2026, commit e092ff4c) prints the 802.3ad churn states by enum name; /proc
# prints bond_3ad_churn_desc()'s words for the same values.
_CHURN_STATES = {"MONITOR": "monitoring", "CHURN": "churned", "NO_CHURN": "none"}


def _mii_status(value: str) -> str:
    """``GOING_DOWN`` -> ``going down``: the spelling /proc and sysfs use."""
    return _MII_STATUS_NUMBERS.get(value, value.lower().replace("_", " "))


def _churn_state(value: str) -> str:
    """``MONITOR`` -> ``monitoring``: the /proc spelling."""
    return _CHURN_STATES.get(value, value)


@dataclass(frozen=True, slots=True)
class _Key:
    """Where one iproute2 attribute lands: ``values`` or ``lacp``, under which name."""

    name: str
    lacp: bool = False
    convert: Callable[[str], str] | None = None


# ``bond …`` detail line (iplink_bond.c); the names are the /proc parser's.
_BOND_KEYS: dict[str, _Key] = {
    "mode": _Key("mode"),
    "active_slave": _Key("active_port"),
    "miimon": _Key("miimon"),
    "updelay": _Key("updelay"),
    "downdelay": _Key("downdelay"),
    "peer_notify_delay": _Key("peer_notif_delay"),
    "use_carrier": _Key("use_carrier"),
    "arp_interval": _Key("arp_interval"),
    "arp_missed_max": _Key("arp_missed_max"),
    "arp_ip_target": _Key("arp_ip_target"),
    "ns_ip6_target": _Key("ns_ip6_target"),
    "arp_validate": _Key("arp_validate"),
    "arp_all_targets": _Key("arp_all_targets"),
    "primary": _Key("primary"),
    "primary_reselect": _Key("primary_reselect"),
    "fail_over_mac": _Key("fail_over_mac"),
    "xmit_hash_policy": _Key("xmit_hash_policy"),
    "resend_igmp": _Key("resend_igmp"),
    "num_grat_arp": _Key("num_grat_arp"),
    "all_slaves_active": _Key("all_slaves_active"),
    "min_links": _Key("min_links", lacp=True),  # /proc prints it in its 802.3ad block
    "lp_interval": _Key("lp_interval"),
    "packets_per_slave": _Key("packets_per_slave"),
    "tlb_dynamic_lb": _Key("tlb_dynamic_lb"),
    "coupled_control": _Key("coupled_control"),
    "lacp_active": _Key("lacp_active", lacp=True),
    "lacp_rate": _Key("lacp_rate", lacp=True),
    "ad_select": _Key("ad_select", lacp=True),
    "ad_aggregator": _Key("aggregator_id", lacp=True),
    "ad_num_ports": _Key("number_of_ports", lacp=True),
    "ad_actor_key": _Key("actor_key", lacp=True),
    "ad_partner_key": _Key("partner_key", lacp=True),
    "ad_partner_mac": _Key("partner_mac", lacp=True),
    "ad_actor_sys_prio": _Key("ad_actor_sys_prio", lacp=True),
    "ad_user_port_key": _Key("ad_user_port_key", lacp=True),
    "ad_actor_system": _Key("ad_actor_system", lacp=True),
}
# iproute2 3.13 printed "arp_all_target" (without the s; fixed by commit 32ad31fb).
_BOND_TEXT_KEYS: dict[str, _Key] = {**_BOND_KEYS, "arp_all_target": _Key("arp_all_targets")}
# The JSON form names a few attributes differently from the text form.
_BOND_JSON_KEYS: dict[str, _Key] = {
    **_BOND_KEYS,
    "active_slave_index": _Key("active_port"),  # printed when the name did not resolve
    "primary_index": _Key("primary"),
    "num_peer_notif": _Key("num_grat_arp"),
    "ad_lacp_active": _Key("lacp_active", lacp=True),
    "ad_lacp_rate": _Key("lacp_rate", lacp=True),
}
_AD_INFO_KEYS: dict[str, _Key] = {
    "aggregator": _Key("aggregator_id", lacp=True),
    "num_ports": _Key("number_of_ports", lacp=True),
    "actor_key": _Key("actor_key", lacp=True),
    "partner_key": _Key("partner_key", lacp=True),
    "partner_mac": _Key("partner_mac", lacp=True),
}
# ``bond_slave …`` detail line (iplink_bond_slave.c); same names in text and JSON.
_PORT_KEYS: dict[str, _Key] = {
    "state": _Key("slave_state", convert=_lower),
    "mii_status": _Key("mii_status", convert=_mii_status),
    "link_failure_count": _Key("link_failure_count"),
    "perm_hwaddr": _Key("permanent_hw_addr"),
    "queue_id": _Key("queue_id"),
    "prio": _Key("prio"),
    "ad_aggregator_id": _Key("ad_aggregator_id"),
    "ad_actor_oper_port_state": _Key("ad_actor_oper_port_state"),
    "ad_partner_oper_port_state": _Key("ad_partner_oper_port_state"),
    "churn_actor_state": _Key("actor_churn_state", convert=_churn_state),
    "churn_partner_state": _Key("partner_churn_state", convert=_churn_state),
}
# Printed by iproute2 6.18 and stepped over on purpose: broadcast_neighbor (commit 1f792493)
# and the port's actor_port_prio (41b981c1) have no place in the bond view
# (bondlint/schemas/view.schema.json) and no rule reads them yet.
_HEADER_KEYS: dict[str, _Key] = {
    "mtu": _Key("mtu"),
    "master": _Key("master"),
    "state": _Key("operstate", convert=_lower),
}
_LINK_KEYS: dict[str, _Key] = {"permaddr": _Key("permaddr")}
# ``vlan protocol 802.1Q id 100 <REORDER_HDR>`` (iplink_vlan.c); JSON info_data keys alike.
_VLAN_KEYS: dict[str, _Key] = {"protocol": _Key("vlan_protocol"), "id": _Key("vlan_id")}
# iproute2 4.2 to 4.4 ended "ad_actor_oper_port_state N" and "ad_partner_oper_port_state N"
# with a newline instead of a blank (commit 7d6bc3b8, fixed by e6c38e2c), so what followed
# them starts at column 0 right after a number.  A fragment like that starting with a key
# ip prints there is glued back with a blank, not as a hard wrap of one word.
_PRINTED_NEWLINE = re.compile(
    r"(?:ad_partner_oper_port_state|addrgenmode|numtxqueues|numrxqueues|gso_max_size|gso_max_segs) "
)
_ABSENT = object()  # a JSON key that is missing, as opposed to null
_MAC_LINKS = frozenset({"link/ether", "link/infiniband"})
_MAC_TYPES = frozenset({"ether", "infiniband"})


SOURCE = SourceFormat(
    name=FORMAT,
    describes="an ip link capture",
    order=30,
    role="runtime",
    names=("*ip_*", "*ip_-*"),
    places=(Place("sos_commands/networking", ("ip_-d_address", "ip_-s_-d_link", "ip_-d_link*", "ip_-d_-j_link*")),),
    runtime_rank=2,
    interface_rank=0,
)


def claims(path: PurePosixPath, head: str) -> bool:
    """An ``ip_…link…``/``ip_…addr…`` capture, or text starting like ip output (or its JSON)."""
    if _FILE_NAME.match(path.name):
        return True
    stripped = head.lstrip("\ufeff \t\r\n")
    if stripped.startswith("[") and '"ifname"' in head:
        return True
    lines = [line for line in stripped.split("\n") if line.strip()][:5]
    return any(_HEAD_LINE.match(line) for line in lines)


def parse(text: str, path: str) -> ParseResult:
    """Read every interface (and every bond's options) in one ip capture; never raises."""
    if _JSON_START.match(text):
        return _JsonReader(text, path).read()
    reader = _TextReader(path)
    for line in _logical_lines(text):
        reader.feed(line)
    return reader.result()


# --------------------------------------------------------------------------------------
# text form


@dataclass(slots=True)
class _Line:
    """One logical line: a physical line, a ``-o`` piece, or a line plus its hard wraps."""

    number: int
    parts: list[str]
    kind: str  # "header", "detail" (indented) or "stray" (at column 0, not a header)

    @property
    def text(self) -> str:
        return "".join(self.parts)


def _logical_lines(text: str) -> Iterator[_Line]:
    """Split ``-o`` records at ``\\`` and glue hard-wrapped fragments back on."""
    pending: _Line | None = None
    for number, raw in numbered_lines(text):
        if number == 1:
            raw = raw.lstrip("\ufeff")
        if pending is not None and pending.kind != "stray" and _is_fragment(raw):
            if _PRINTED_NEWLINE.match(raw) and pending.parts[-1][-1:].isdigit():
                pending.parts.append(" ")  # ip printed a newline where a blank belonged
            pending.parts.append(raw)  # a hard wrap: the fragment continues the line
            continue
        if pending is not None:
            yield pending
        pending = None  # nothing wraps across a blank line
        if raw.strip():
            *complete, pending = _physical_line(number, raw)
            yield from complete
    if pending is not None:
        yield pending


def _is_fragment(raw: str) -> bool:
    """A line at column 0 that is no header: the rest of a hard-wrapped line, or stray."""
    return bool(raw.strip()) and raw[0] not in " \t" and not _HEADER.match(raw)


def _physical_line(number: int, raw: str) -> list[_Line]:
    """A header (with its ``-o`` pieces), an indented detail line, or a stray line."""
    if _HEADER.match(raw):
        header, *pieces = raw.split("\\")
        return [_Line(number, [header], "header")] + [
            _Line(number, [piece], "detail") for piece in pieces if piece.strip()
        ]
    return [_Line(number, [raw], "detail" if raw[0] in " \t" else "stray")]


@dataclass(slots=True)
class _Interface:
    """The interface being read and what its detail lines may still be."""

    fact: InterfaceRuntime
    after_link: bool = False  # the next detail line may name the link kind


class _TextReader:
    """Consumes logical lines; one InterfaceRuntime per header, one BondRuntime per bond line."""

    def __init__(self, path: str) -> None:
        self.path = path
        self.log = DiagnosticLog(path)
        self.facts: list[Fact] = []
        self.current: _Interface | None = None
        self.headers = 0
        self.address_records = 0  # `ip -o addr` lines: an interface number, no flags
        self.seen_header = False
        self.first_stray: tuple[int, str] | None = None

    def feed(self, line: _Line) -> None:
        text = line.text
        location = Location(self.path, line.number)
        if line.kind == "header":
            self.seen_header = True
            self._header(text, location)
        elif line.kind == "detail" and self.seen_header:
            if self.current is not None:
                self._detail(self.current, text.split(), location)
        elif any(error.fullmatch(text.strip()) for error in _COMMAND_ERRORS):
            return  # the capture recorded a failing command: nothing to read, nothing wrong
        elif not self.seen_header and self.first_stray is None:
            self.first_stray = (line.number, text.strip())

    def result(self) -> ParseResult:
        if self.first_stray is not None:
            # Junk before the first header ("Message truncated"), a capture that starts
            # mid-interface, or not ip output at all: said once, at the first such line.
            number, text = self.first_stray
            if self.headers or self.address_records:
                message = bad_line_message(text, "an ip link line") + " (before the first interface)"
            else:
                message = "no interface header ('N: name: <FLAGS> ...'): not ip link output"
            self.log.add(number, message)
        diagnostics = sorted(self.log.result(), key=lambda diagnostic: diagnostic.location)
        return ParseResult(facts=self.facts, diagnostics=diagnostics)

    # -- lines -------------------------------------------------------------------------

    def _header(self, text: str, location: Location) -> None:
        """``N: name[@peer]: <FLAGS> mtu … master … state …``."""
        self.current = None
        number = _HEADER.match(text)
        rest = text[number.end() if number else 0 :].lstrip()
        match = _NAME.match(rest)
        if match is None or not match.group(2):
            if match is not None and rest[match.end() :].strip():
                self.address_records += 1  # `ip -o addr`: addresses are not read
            else:
                self.log.add(location.line, "interface header truncated before the name ends")
            return
        name, _, peer = match.group(1).partition("@")
        if not name:
            self.log.add(location.line, f"interface header without a name: {text[:60]!r}")
            return
        self.headers += 1
        fact = InterfaceRuntime(format=FORMAT, name=Located(name, location), location=location)
        if peer and peer != "NONE" and not peer.startswith("if"):
            fact.values["link"] = Located(peer, location)  # bond0.100@bond0: the lower device
        self.facts.append(fact)
        self.current = _Interface(fact)
        after = rest[match.end() :].lstrip()
        close = after.find(">") if after.startswith("<") else -1
        if close < 0:
            self.log.add(location.line, f"interface {name}: header truncated before its flags end")
            return
        flags = after[1:close].split(",")
        fact.values["admin"] = Located("up" if "UP" in flags else "down", location)
        if "NO-CARRIER" in flags:
            fact.values["carrier"] = Located("down", location)
        elif "LOWER_UP" in flags:
            fact.values["carrier"] = Located("up", location)
        self._pairs(after[close + 1 :].split(), _HEADER_KEYS, fact.values, None, location, name)

    def _detail(self, interface: _Interface, words: list[str], location: Location) -> None:
        """An indented line: ``link/…``, a kind line, a ``*_slave`` line, or skipped."""
        fact = interface.fact
        name = fact.name.value
        first = words[0]
        may_be_kind, interface.after_link = interface.after_link, False
        if first.startswith("link/"):
            interface.after_link = True
            if first in _MAC_LINKS and len(words) > 1:
                fact.values.setdefault("mac", Located(words[1], location))
            self._pairs(words[2:], _LINK_KEYS, fact.values, None, location, name)
            return
        if first in ("inet", "inet6") and len(words) > 1 and "link" not in words[2:] and "host" not in words[2:]:
            # an address of scope global/site (not link-local, not loopback): IP on the device
            fact.values.setdefault("address", Located(words[1], location))
        if not _KIND_WORD.fullmatch(first) or first in _NOT_KIND:
            return  # statistics, addresses, altname, vf … lines
        if first.endswith("_slave"):
            fact.values.setdefault("slave_kind", Located(first, location))
            if first == "bond_slave":
                self._pairs(words[1:], _PORT_KEYS, fact.values, None, location, name)
            return
        if not may_be_kind or "kind" in fact.values:
            return
        fact.values["kind"] = Located(first, location)
        if first == "bond":
            bond = BondRuntime(format=FORMAT, name=fact.name, location=location)
            self._pairs(words[1:], _BOND_TEXT_KEYS, bond.values, bond.lacp, location, name)
            if bond.values or bond.lacp:
                self.facts.append(bond)
        elif first == "vlan":
            self._pairs(words[1:], _VLAN_KEYS, fact.values, None, location, name)

    def _pairs(
        self,
        words: list[str],
        keys: dict[str, _Key],
        values: dict[str, Located[str]],
        lacp: dict[str, Located[str]] | None,
        location: Location,
        owner: str,
    ) -> None:
        """Read ``key value`` pairs for the known keys; unknown words are stepped over."""
        index = 0
        while index < len(words):
            key = keys.get(words[index])
            if key is None:
                index += 1
                continue
            if index + 1 == len(words):
                self.log.add(
                    location.line,
                    f"interface {owner}: '{words[index]}' has no value (line truncated?)",
                )
                return
            value = words[index + 1]
            target = lacp if key.lacp and lacp is not None else values
            target.setdefault(key.name, Located(key.convert(value) if key.convert else value, location))
            index += 2


# --------------------------------------------------------------------------------------
# JSON form (ip -j)


class _JsonReader:
    """Decodes the array one object at a time so a truncated capture keeps its first objects."""

    def __init__(self, text: str, path: str) -> None:
        self.text = text
        self.path = path
        self.log = DiagnosticLog(path)
        self.facts: list[Fact] = []
        self.newlines = [match.start() for match in re.finditer("\n", text)]

    def read(self) -> ParseResult:
        text = self.text
        decoder = json.JSONDecoder()
        position = self._skip(0, "\ufeff \t\r\n")
        in_array = text.startswith("[", position)
        if in_array:
            position += 1
        while True:
            position = self._skip(position, " \t\r\n,")
            if position >= len(text):
                if in_array:
                    self.log.add(self._line_at(position), "JSON array not closed (truncated?)")
                break
            if in_array and text[position] == "]":
                break
            try:
                item, end = decoder.raw_decode(text, position)
            except json.JSONDecodeError as error:
                self.log.add(error.lineno, f"malformed JSON: {error.msg}")
                break
            except (ValueError, RecursionError):
                self.log.add(self._line_at(position), "malformed JSON")
                break
            if isinstance(item, dict):
                self._interface(item, position, end)
            else:
                self.log.add(self._line_at(position), "JSON item is not an interface object")
            position = end
        return ParseResult(facts=self.facts, diagnostics=self.log.result())

    def _skip(self, position: int, characters: str) -> int:
        while position < len(self.text) and self.text[position] in characters:
            position += 1
        return position

    def _line_at(self, offset: int) -> int:
        return bisect.bisect_left(self.newlines, offset) + 1

    def _interface(self, item: dict[str, Any], start: int, end: int) -> None:
        name = item.get("ifname")
        if not isinstance(name, str) or not name.partition("@")[0]:
            self.log.add(self._line_at(start), "JSON interface object without an ifname")
            return
        name = name.partition("@")[0]
        found = self.text.find('"ifname"', start, end)
        location = Location(self.path, self._line_at(found if found >= 0 else start))
        fact = InterfaceRuntime(format=FORMAT, name=Located(name, location), location=location)
        self.facts.append(fact)
        _link_values(fact.values, item, location)
        linkinfo = item.get("linkinfo")
        if isinstance(linkinfo, dict):
            self._linkinfo(fact, linkinfo, location)

    def _linkinfo(self, fact: InterfaceRuntime, linkinfo: dict[str, Any], location: Location) -> None:
        """The link kind and its data: a bond's options, a VLAN's id, a bond port's state."""
        values = fact.values
        _put(values, "kind", linkinfo.get("info_kind"), location)
        _put(values, "slave_kind", linkinfo.get("info_slave_kind"), location)
        data = linkinfo.get("info_data")
        if linkinfo.get("info_kind") == "bond" and isinstance(data, dict):
            bond = BondRuntime(format=FORMAT, name=fact.name, location=location)
            _put_keys(data, _BOND_JSON_KEYS, bond.values, bond.lacp, location)
            ad_info = data.get("ad_info")
            if isinstance(ad_info, dict):
                _put_keys(ad_info, _AD_INFO_KEYS, bond.values, bond.lacp, location)
            if bond.values or bond.lacp:
                self.facts.append(bond)
        if linkinfo.get("info_kind") == "vlan" and isinstance(data, dict):
            _put_keys(data, _VLAN_KEYS, values, values, location)
        port_data = linkinfo.get("info_slave_data")
        if linkinfo.get("info_slave_kind") == "bond_slave" and isinstance(port_data, dict):
            _put_keys(port_data, _PORT_KEYS, values, values, location)


def _link_values(values: dict[str, Located[str]], item: dict[str, Any], location: Location) -> None:
    """Flags, MTU, state, master, addresses: what every interface object may say."""
    flags = item.get("flags")
    if isinstance(flags, list):
        _put(values, "admin", "up" if "UP" in flags else "down", location)
        if "NO-CARRIER" in flags:
            _put(values, "carrier", "down", location)
        elif "LOWER_UP" in flags:
            _put(values, "carrier", "up", location)
    _put(values, "mtu", item.get("mtu"), location)
    if isinstance(item.get("operstate"), str):
        _put(values, "operstate", item["operstate"].lower(), location)
    _put(values, "master", item.get("master"), location)
    if item.get("link_type") in _MAC_TYPES:
        _put(values, "mac", item.get("address"), location)
    _put(values, "permaddr", item.get("permaddr"), location)
    _put(values, "link", item.get("link"), location)
    for address in item.get("addr_info") or []:
        if isinstance(address, dict) and address.get("scope") not in ("link", "host") and address.get("local"):
            _put(values, "address", address.get("local"), location)


def _put_keys(
    data: dict[str, Any],
    keys: dict[str, _Key],
    values: dict[str, Located[str]],
    lacp: dict[str, Located[str]],
    location: Location,
) -> None:
    """Copy the known keys of one JSON object, renamed and converted like the text form."""
    for json_key, key in keys.items():
        raw = data.get(json_key, _ABSENT)
        if raw is None and json_key == "arp_validate":
            raw = "none"  # iproute2 prints null for arp_validate 0, in JSON only
        if isinstance(raw, str) and key.convert is not None:
            raw = key.convert(raw)
        if raw is not _ABSENT:
            _put(lacp if key.lacp else values, key.name, raw, location)


def _put(target: dict[str, Located[str]], key: str, raw: object, location: Location) -> None:
    """Store a JSON value as the text form would print it; objects and nulls are skipped."""
    value = _json_text(raw)
    if value is not None:
        target.setdefault(key, Located(value, location))


def _json_text(raw: object) -> str | None:
    """A JSON scalar (or list of scalars, comma-joined) as the text form would print it."""
    if isinstance(raw, bool):
        return "on" if raw else "off"
    if isinstance(raw, (str, int, float)):
        return str(raw)
    if isinstance(raw, list) and all(isinstance(item, (str, int)) for item in raw):
        return ",".join(str(item) for item in raw)
    return None
