"""Host-side LLDP neighbors as lldpd prints them (``lldpctl`` / ``lldpcli show neighbors``).

lldpd renders one tree (interface -> chassis, port, VLANs …) through several writers, and
three of them are read here:

* ``-f keyvalue``: ``lldp.<if>.<path>=value``.  A value holding newlines (a Cisco
  SysDescr) runs on over following lines that have no ``key=``; ``name`` and ``type``
  attributes replace the last path element, hence ``chassis.mac=…`` and ``port.local=…``.
* the default text view: ``Interface:`` blocks between dashed separators, fields indented
  two blanks per level, continuation lines indented to the value column.
* ``-f json`` and ``-f json0``: json0 keeps every element a list of objects; json
  collapses one-item lists, turns ``{"value": x}`` into ``x`` and hoists ``name`` into a
  key (``{"eth0": {…}}``), so its shape changes with the number of neighbors.

Every reader feeds the same ``_Neighbor`` builder, so all forms give identical values.
"""

from __future__ import annotations

import json
import re
from pathlib import PurePosixPath

from bondlint.sources.base import Fact, LldpNeighbor, Located, Location, ParseResult
from bondlint.sources.registry import Place, SourceFormat
from bondlint.sources.text import DiagnosticLog, bad_line_message, looks_binary, numbered_lines

FORMAT = "lldpctl"

# Names capture tools give the output (sos mangles "lldpcli show neighbors details").
# Only lldpd's own command names claim a file by name: "show lldp neighbors" is also a
# switch command whose output (IOS, NX-OS, EOS, Junos) is a different format.
_NAME_HINTS = ("lldpctl", "lldpcli")
# Other lldpcli commands print the *local* side or counters in the same shapes.
_OTHER_COMMANDS = ("interfaces", "statistics", "configuration", "chassis")

_JSON_HEAD = re.compile(r'\s*\{\s*"lldp"\s*:')
_TEXT_HEAD = re.compile(r"^-{10,}[ \t]*\r?\n[ \t]*LLDP (?:neighbors|interfaces):", re.MULTILINE)
_SEPARATOR = re.compile(r"-{10,}")
_NEIGHBORS_TITLE = "lldp neighbors"
# "lldpcli show interfaces": the host's own interfaces as lldpd advertises them, no
# neighbor at all.  Read as nothing (the chassis there is the host itself), and said so
# by nothing either: it is a capture of another thing, not a damaged neighbor table.
_LOCAL_TITLE = "lldp interfaces"
_LOCAL_VIA = "unknown"  # a neighbor is heard via LLDP, CDPv1/v2, EDP, FDP or SONMP
_LABEL_COLUMN = 13  # the text writer pads "Label:" to 13 columns before the value

# First element of an interface's path in keyvalue output; finds where a dotted
# interface name (eth0.100, bond0.42) ends.
_TOP_KEYS = frozenset(
    {"via", "rid", "age", "chassis", "port", "vlan", "ppvid", "pi", "lldp-med", "unknown-tlvs"} | {"ttl", "status"}
)
# Keys that open every neighbor; seen twice for one interface = a second neighbor.
_BOUNDARY_KEYS = frozenset({"via", "rid", "age"})
# lldpd's chassis and port ID subtype names (the "type" attribute).
_ID_TYPES = frozenset({"mac", "ip", "ifname", "ifalias", "local", "unhandled", "unknown"})
_CHASSIS_FIELDS = frozenset({"id", "name", "descr", "mgmt-ip", "mgmt-iface", "capability", "ttl"})
_MULTI_VALUED = frozenset({"mgmt_ip"})  # repeated by design; the first one is kept
# keyvalue chassis.<field> / port.<field> -> key (IDs and capabilities are handled apart).
_KV_CHASSIS = {"name": "chassis_name", "descr": "chassis_descr", "mgmt-ip": "mgmt_ip", "ttl": "ttl"}
_KV_PORT = {"descr": "port_descr", "mfs": "mfs", "aggregation": "aggregation", "ttl": "ttl"}
# A switch port name: Gi1/0/29, xe-0/0/1, ge-0/0/4.0, Ethernet20, swp1s0, et-0/0/48:1,
# "TenGigabitEthernet 0/1" (FTOS).  Not "BXVWNR2:lom2" (an alias) nor a bare ifIndex.
_IFNAME = re.compile(r"[A-Za-z][A-Za-z_-]* ?\d+(?:[/:.]\d+|[A-Za-z]\d+)*")
_IFNAME_MAX = 64


SOURCE = SourceFormat(
    name=FORMAT,
    describes="an lldpctl capture",
    order=130,
    role="runtime",
    names=("*lldpctl*", "*lldpcli*"),
    telltales=(("*lldpctl*", "an lldpctl capture"), ("*lldpcli*", "an lldpctl capture")),
    places=(Place("sos_commands/networking", ("lldp*",)), Place("sos_commands/lldp")),
    anchors=("etc/lldpd.d",),
)


def claims(path: PurePosixPath, head: str) -> bool:
    """An ``lldpctl``/``lldpcli`` neighbor capture by name, or text that starts like one."""
    name = path.name.lower()
    head = head.lstrip("\ufeff")
    if any(hint in name for hint in _NAME_HINTS):
        if "interfaces" in name:  # "lldpcli show interfaces": lldpd local interfaces
            return bool(_JSON_HEAD.match(head) or _TEXT_HEAD.search(head) or _first_is_kv(head))
        return not any(other in name for other in _OTHER_COMMANDS)
    if _JSON_HEAD.match(head) or _TEXT_HEAD.search(head):
        return True
    return _first_is_kv(head)


def _first_is_kv(head: str) -> bool:
    """Whether the head's first meaningful line is an ``lldp.<if>.<path>=value`` line."""
    for line in head.split("\n"):
        stripped = line.strip()
        if stripped and not stripped.startswith("#"):
            return _is_kv_line(stripped)
    return False


def _is_kv_line(line: str) -> bool:
    """``lldp.<if>.<path>=…`` (checked without a regex: keys may be long and dotted)."""
    if not line.startswith("lldp."):
        return False
    key, sep, _ = line.partition("=")
    return bool(sep) and "." in key[5:] and not any(char.isspace() for char in key)


def parse(text: str, path: str) -> ParseResult:
    """Read every (local interface, neighbor) pair; never raises on bad input.

    An empty file is a valid capture: ``lldpctl -f keyvalue`` prints nothing when no
    neighbor is known.
    """
    log = DiagnosticLog(path)
    lines = list(numbered_lines(text))
    if lines:
        lines[0] = (1, lines[0][1].lstrip("\ufeff"))
    kind, start_line = _sniff(lines)
    if kind == "json":
        neighbors = _read_json(text, lines, start_line, path, log)
    elif kind == "keyvalue":
        neighbors = _read_keyvalue(lines, path, log)
    elif kind == "text":
        neighbors = _read_text(lines, path, log)
    else:
        if text.strip():
            log.add(1, "no lldpctl neighbor output recognised (keyvalue, text or JSON)")
        neighbors = []
    facts: list[Fact] = []
    for neighbor in neighbors:
        fact = neighbor.fact()
        if fact is not None:
            facts.append(fact)
    return ParseResult(facts=facts, diagnostics=log.result())


def _sniff(lines: list[tuple[int, str]]) -> tuple[str, int]:
    """Which form the capture is in, judged by its first recognisable line."""
    for number, line in lines:
        stripped = line.strip()
        if stripped.startswith("{"):
            return "json", number
        if _is_kv_line(stripped):
            return "keyvalue", number
        if (
            _SEPARATOR.fullmatch(stripped)
            or stripped.startswith("Interface:")
            or stripped.lower().startswith(_NEIGHBORS_TITLE + ":")
        ):
            return "text", number
    return "", 0


# --------------------------------------------------------------------------------------
# one neighbor, whatever the form


class _Neighbor:
    """The values of one neighbor while they are read; ``fact()`` makes the result."""

    def __init__(self, path: str, interface: str, line: int) -> None:
        self.path = path
        self.interface = interface
        self.line = line
        self.values: dict[str, Located[str]] = {}
        self.vlans: dict[str, int] = {}  # VLAN id -> line, in the order printed
        self.last_vlan: tuple[str, int] | None = None
        self.capabilities: list[str] = []
        self.capability_line = 0
        self.seen: set[str] = set()  # keyvalue paths read so far
        # lldpd's local interface ("show interfaces": via "unknown", the protocol of a
        # port nothing was heard on, or an administrative status without rid), not a
        # neighbor: no fact.
        self.local = False

    def set(self, key: str, value: str, line: int, log: DiagnosticLog | None = None) -> None:
        """Record ``key``; a later different value is reported (hand edits) and dropped."""
        value = _first_line(value)
        first = self.values.get(key)
        if first is None:
            self.values[key] = Located(value, Location(self.path, line))
        elif log is not None and first.value != value and key not in _MULTI_VALUED:
            log.add(
                line,
                f"{self.interface}: {key} {value[:40]!r} differs from line "
                f"{first.location.line} ({first.value[:40]!r}); keeping the first",
            )

    def set_id(self, prefix: str, kind: str, value: str, line: int, log: DiagnosticLog | None) -> None:
        """A chassis or port ID with its subtype (``mac``, ``ifname``, ``local`` …)."""
        if kind:
            self.set(f"{prefix}_id_type", kind, line, log)
        self.set(f"{prefix}_id", value, line, log)

    def add_vlan(self, vid: str, line: int, pvid: bool = False) -> None:
        vid = vid.strip()
        if not vid:
            return
        self.vlans.setdefault(vid, line)
        self.last_vlan = (vid, line)
        if pvid:
            self.set("pvid", vid, line)

    def mark_pvid(self) -> None:
        """Keyvalue prints ``vlan.pvid=yes`` after the ``vlan.vlan-id`` it qualifies."""
        if self.last_vlan is not None:
            self.set("pvid", *self.last_vlan)

    def add_capability(self, name: str, enabled: bool, line: int) -> None:
        if not self.capability_line:
            self.capability_line = line
        name = name.strip().lower()
        if enabled and name and name not in self.capabilities:
            self.capabilities.append(name)

    def fact(self) -> LldpNeighbor | None:
        """The finished fact; None when nothing but the block's opening line was read, or
        for one of lldpd's local interfaces."""
        if self.local or ("status" in self.seen and "rid" not in self.seen):
            return None
        values = dict(self.values)
        if self.vlans:
            first_line = next(iter(self.vlans.values()))
            values["vlans"] = Located(",".join(self.vlans), Location(self.path, first_line))
        if self.capability_line:
            where = Location(self.path, self.capability_line)
            # "" (capabilities advertised, none enabled) differs from no capability TLV.
            values["capabilities"] = Located(",".join(self.capabilities), where)
        switch_port = _switch_port(values)
        if switch_port is not None:
            values["switch_port"] = switch_port
        if not values:
            return None
        location = Location(self.path, self.line)
        return LldpNeighbor(
            format=FORMAT,
            local_interface=Located(self.interface, location),
            location=location,
            values=values,
        )


def _first_line(value: str) -> str:
    return value.split("\n", 1)[0].strip()


def _switch_port(values: dict[str, Located[str]]) -> Located[str] | None:
    """The name to join with switch configs: the ifname ID, else an ifname-like PortDescr.

    Junos sends its SNMP ifIndex as a ``local`` port ID (``512``); the name is only in
    the description.  Cisco's ifname ID is abbreviated (``Gi1/0/29``) and kept as sent.
    """
    port_id = values.get("port_id")
    kind = values.get("port_id_type")
    descr = values.get("port_descr")
    kind_name = kind.value if kind is not None else ""
    if port_id is not None and port_id.value and kind_name == "ifname":
        return port_id
    if (
        descr is not None
        and descr.value
        and (kind_name == "local" or (len(descr.value) <= _IFNAME_MAX and _IFNAME.fullmatch(descr.value)))
    ):
        return descr
    if port_id is not None and port_id.value:
        return port_id
    return None


def _is_on(value: str | None) -> bool:
    return value is not None and value.strip().lower() in ("on", "yes")


# --------------------------------------------------------------------------------------
# -f keyvalue


def _read_keyvalue(lines: list[tuple[int, str]], path: str, log: DiagnosticLog) -> list[_Neighbor]:
    """Read ``lldp.<if>.<path>=value`` lines in one pass."""
    latest: dict[str, _Neighbor] = {}  # interface -> its neighbor being read
    neighbors: list[_Neighbor] = []
    block = ""  # interface of the block being read, to spot stray lines
    continuing = False  # the previous line was a value that may run on
    for number, raw in lines:
        line = raw.strip()
        if not line:
            continuing = False
            continue
        if looks_binary(line):
            log.add(number, bad_line_message(line, "an lldp.<interface>.<key>=value line"))
            continuing = False
            continue
        if not line.startswith("lldp."):
            if continuing:
                continue  # the rest of a multi-line value; only its first line is kept
            if not line.startswith("#"):  # a comment in a hand-edited capture
                log.add(number, bad_line_message(line, "an lldp.<interface>.<key>=value line"))
            continue
        key, sep, value = line.partition("=")
        split = _split_key(key[len("lldp.") :]) if sep else None
        if split is None:
            log.add(number, bad_line_message(line, "an lldp.<interface>.<key>=value line"))
            continuing = False
            continue
        interface, key_path = split
        neighbor = latest.get(interface)
        if neighbor is None or (key_path in _BOUNDARY_KEYS and key_path in neighbor.seen):
            neighbor = _Neighbor(path, interface, number)
            latest[interface] = neighbor
            neighbors.append(neighbor)
            block = interface
        elif interface != block:
            log.add(
                number,
                f"line for {interface} inside the block of {block} (hand-edited capture?); read as {interface}'s",
            )
        neighbor.seen.add(key_path)
        if key_path == "via" and value.strip().lower() == _LOCAL_VIA:
            neighbor.local = True
        _keyvalue_field(neighbor, key_path, value.strip(), number, log)
        continuing = True
    return neighbors


def _split_key(key: str) -> tuple[str, str] | None:
    """``eth0.100.chassis.mac`` -> (``eth0.100``, ``chassis.mac``); None without a path.

    Interface names may hold dots, so the interface ends before the first element that
    starts an lldpd path; unknown paths fall back to the first dot.
    """
    first_dot = key.find(".")
    dot = first_dot
    while dot > 0:
        end = key.find(".", dot + 1)
        if key[dot + 1 : end if end >= 0 else len(key)] in _TOP_KEYS:
            return key[:dot], key[dot + 1 :]
        dot = end
    if 0 < first_dot < len(key) - 1:
        return key[:first_dot], key[first_dot + 1 :]
    return None


def _keyvalue_field(neighbor: _Neighbor, key: str, value: str, line: int, log: DiagnosticLog) -> None:
    """File one keyvalue field under its neutral key; fields not needed are skipped."""
    parts = key.split(".")
    head, tail = parts[0], parts[1:]
    if head == "chassis" and len(tail) == 1:
        field = tail[0]
        if field in _ID_TYPES:
            neighbor.set_id("chassis", field, value, line, log)
        elif field in _KV_CHASSIS:
            neighbor.set(_KV_CHASSIS[field], value, line, log)
    elif head == "chassis" and len(tail) == 2 and tail[1] == "enabled":
        neighbor.add_capability(tail[0], _is_on(value), line)
    elif head == "port" and len(tail) == 1:
        field = tail[0]
        if field in _ID_TYPES:
            neighbor.set_id("port", field, value, line, log)
        elif field in _KV_PORT:
            neighbor.set(_KV_PORT[field], value, line, log)
    elif key == "vlan.vlan-id":
        neighbor.add_vlan(value, line)
    elif key == "vlan.pvid" and _is_on(value):
        neighbor.mark_pvid()


# --------------------------------------------------------------------------------------
# the plain text view (show neighbors [details|summary])

# Label (lower-case) -> key, for labels that mean the same in any section.
_TEXT_FIELDS = {
    "sysname": "chassis_name",
    "sysdescr": "chassis_descr",
    "mgmtip": "mgmt_ip",
    "ttl": "ttl",
    "portdescr": "port_descr",
    "mfs": "mfs",
    "port is aggregated. portaggregid": "aggregation",
}
_TEXT_SECTIONS = frozenset({"chassis", "port", "lldp-med", "unknowntlvs", "ppvid", "pi"})


def _read_text(lines: list[tuple[int, str]], path: str, log: DiagnosticLog) -> list[_Neighbor]:
    """Read ``Interface:`` blocks; sections (Chassis, Port …) are told by their label."""
    reader = _TextReader(path, log)
    for number, raw in lines:
        reader.feed(number, raw)
    return reader.neighbors


class _TextReader:
    """The text view's state from one line to the next."""

    def __init__(self, path: str, log: DiagnosticLog) -> None:
        self.path = path
        self.log = log
        self.neighbors: list[_Neighbor] = []
        self.neighbor: _Neighbor | None = None
        self.section = ""
        self.value_indent = -1  # indentation of the last label with a value (for run-on lines)
        self.after_separator = False  # lldpd prints the title between two dashed lines
        self.in_neighbors = True  # under "LLDP neighbors:"; other titles list local data

    def feed(self, number: int, raw: str) -> None:
        line = raw.strip()
        indent = len(raw) - len(raw.lstrip())
        if not line or _SEPARATOR.fullmatch(line):
            self.value_indent = -1
            self.after_separator = bool(line)
            return
        title_position, self.after_separator = self.after_separator and indent < 2, False
        if looks_binary(line):
            self.log.add(number, bad_line_message(line, "lldpctl text output"))
            return
        if self.value_indent >= 0 and indent >= self.value_indent + _LABEL_COLUMN:
            return  # run-on line of a multi-line value (SysDescr); first line kept
        label, sep, value = line.partition(":")
        label_key = label.strip().lower()
        value = value.strip()
        self.value_indent = indent if sep and value else -1
        if not sep:
            if self.in_neighbors:
                self.log.add(number, bad_line_message(line, "a 'Label: value' line"))
        elif indent < 2 and label_key == "interface":
            self.section = ""
            self.neighbor = _text_interface(value, number, self.path, self.log) if self.in_neighbors else None
            if self.neighbor is not None:
                self.neighbors.append(self.neighbor)
        elif title_position and not value:
            self.title(label, label_key, number)
        elif self.in_neighbors:
            self.field(label_key, value, number)

    def title(self, label: str, label_key: str, number: int) -> None:
        """``LLDP neighbors:`` (read) or another lldpcli title (its section is skipped)."""
        self.in_neighbors = label_key == _NEIGHBORS_TITLE
        self.neighbor = None
        if not self.in_neighbors and label_key != _LOCAL_TITLE:
            self.log.add(number, f"{label.strip()[:40]!r} is not a neighbor table; section skipped")

    def field(self, label_key: str, value: str, number: int) -> None:
        if self.neighbor is None:
            self.log.add(number, "field outside any 'Interface:' block (capture starts mid-block?)")
        elif label_key in _TEXT_SECTIONS and not value:
            self.section = label_key
        else:
            _text_field(self.neighbor, self.section, label_key, value, number, self.log)


def _text_interface(value: str, line: int, path: str, log: DiagnosticLog) -> _Neighbor | None:
    """``eth0, via: LLDP, RID: 1, Time: 0 day, 00:00:59`` opens a neighbor of eth0."""
    name, _, attributes = value.partition(",")
    name = name.strip()
    if not name:
        log.add(line, "'Interface:' line without an interface name; block skipped")
        return None
    neighbor = _Neighbor(path, name, line)
    via = re.search(r"(?:^|,)\s*via:\s*([^,]*)", attributes)
    neighbor.local = via is not None and via.group(1).strip().lower() == _LOCAL_VIA
    return neighbor


def _text_field(neighbor: _Neighbor, section: str, label: str, value: str, line: int, log: DiagnosticLog) -> None:
    if label in ("chassisid", "portid"):
        kind, _, ident = value.partition(" ")
        if not ident.strip():
            kind, ident = "", value
        neighbor.set_id("chassis" if label == "chassisid" else "port", kind, ident, line, log)
    elif label == "capability" and section == "chassis":
        name, _, state = value.partition(",")
        neighbor.add_capability(name, _is_on(state), line)
    elif label == "vlan":
        # "296, pvid: yes vlan-296", "300 VLAN300", "10, pvid: yes"
        digits = len(value) - len(value.lstrip("0123456789"))
        rest = value[digits:].replace(" ", "").lower()
        neighbor.add_vlan(value[:digits], line, pvid=rest.startswith(",pvid:yes"))
    elif label in _TEXT_FIELDS:
        neighbor.set(_TEXT_FIELDS[label], value, line, log)


# --------------------------------------------------------------------------------------
# -f json / -f json0

_BLANKS = re.compile(r"\s+")


def _skip_blanks(text: str, pos: int) -> int:
    match = _BLANKS.match(text, pos)
    return match.end() if match is not None else pos


class _LineIndex:
    """Line numbers of character offsets, asked for in increasing order (linear total):
    _read_json asks at each document's start and _NameFinder forward inside it."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.offset = 0
        self.line = 1

    def line_at(self, offset: int) -> int:
        self.line += self.text.count("\n", self.offset, offset)
        self.offset = offset
        return self.line


def _read_json(
    text: str, lines: list[tuple[int, str]], start_line: int, path: str, log: DiagnosticLog
) -> list[_Neighbor]:
    """Read one or more JSON documents (lldpcli prints one per command)."""
    for number, line in lines[: start_line - 1]:
        if line.strip():
            log.add(number, bad_line_message(line.strip(), "lldpctl JSON output"))
    # Offset of the start line in the original text ("\r" kept, BOM dropped below).
    offset = sum(len(line) + 1 for line in text.split("\n", start_line - 1)[: start_line - 1])
    if start_line == 1 and text.startswith("\ufeff"):
        offset = 1
    index = _LineIndex(text)
    decoder = json.JSONDecoder()
    neighbors: list[_Neighbor] = []
    pos = offset
    while True:
        pos = _skip_blanks(text, pos)
        if pos >= len(text):
            break
        try:
            document, end = decoder.raw_decode(text, pos)
        except json.JSONDecodeError as error:
            log.add(error.lineno, f"not valid JSON ({error.msg}); the rest is not read")
            break
        except (ValueError, RecursionError):
            log.add(index.line_at(pos), "JSON too deeply nested or too large; not read")
            break
        at = index.line_at(pos)
        if not isinstance(document, dict) or "lldp" not in document:
            log.add(at, "JSON without an 'lldp' key: not lldpcli neighbor output")
        else:
            finder = _NameFinder(text, pos, end, at, index)
            neighbors += _json_document(document["lldp"], finder, path)
        pos = end
    return neighbors


class _NameFinder:
    """Finds the line of each interface in document order; gives up after one miss."""

    def __init__(self, text: str, start: int, end: int, line: int, index: _LineIndex) -> None:
        self.text = text
        self.pos = start
        self.end = end
        self.default = line
        self.index = index
        self.lost = False  # a miss means the text is not as expected: stop scanning

    def line_of(self, name: str, json0: bool) -> int:
        if self.lost:
            return self.default
        # Every lldpd JSON writer prints members as '"key": value'.
        quoted = json.dumps(name, ensure_ascii=False)
        needle = f'"name": {quoted}' if json0 else f"{quoted}: {{"
        found = self.text.find(needle, self.pos, self.end)
        if found < 0:
            self.lost = True
            return self.default
        self.pos = found + len(needle)
        return self.index.line_at(found)


def _json_document(lldp: object, finder: _NameFinder, path: str) -> list[_Neighbor]:
    neighbors: list[_Neighbor] = []
    for top in _items(lldp):
        if not isinstance(top, dict):
            continue
        for entry in _items(top.get("interface")):
            if not isinstance(entry, dict):
                continue
            name = entry.get("name")
            if isinstance(name, str):  # json0: {"name": "eth0", "via": …}
                bodies = [(name, entry, True)]
            else:  # json: {"eth0": {"via": …}}
                bodies = [(k, body, False) for k, body in entry.items() if isinstance(body, dict)]
            for interface, body, json0 in bodies:
                if not interface:
                    continue
                line = finder.line_of(interface, json0)
                neighbors.append(_json_neighbor(body, interface, line, path))
    return neighbors


def _json_neighbor(body: dict[str, object], interface: str, line: int, path: str) -> _Neighbor:
    """Fill a neighbor from one interface object; every value sits at the interface line."""
    neighbor = _Neighbor(path, interface, line)
    neighbor.local = _scalar(body.get("via")) == _LOCAL_VIA or ("status" in body and "rid" not in body)

    def put(key: str, value: object) -> None:
        text = _scalar(value)
        if text is not None:
            neighbor.set(key, text, line)

    chassis = _first_object(body.get("chassis"))
    if chassis is not None:
        _json_chassis(neighbor, chassis, line)
    port = _first_object(body.get("port"))
    if port is not None:
        _json_id(neighbor, "port", port.get("id"), line)
        put("port_descr", port.get("descr"))
        put("mfs", port.get("mfs"))
        put("aggregation", port.get("aggregation"))
        put("ttl", port.get("ttl"))
    for vlan in _items(body.get("vlan")):
        if isinstance(vlan, dict):
            vid = _scalar(vlan.get("vlan-id"))
            if vid is not None:
                neighbor.add_vlan(vid, line, pvid=_is_on(_scalar(vlan.get("pvid"))))
    return neighbor


def _json_chassis(neighbor: _Neighbor, chassis: dict[str, object], line: int) -> None:
    """The chassis object: its ID, names, first management address and capabilities."""

    def put(key: str, value: object) -> None:
        text = _scalar(value)
        if text is not None:
            neighbor.set(key, text, line)

    if len(chassis) == 1:  # json hoists SysName into a key: {"sw1": {…}}
        ((key, inner),) = chassis.items()
        if isinstance(inner, dict) and key not in _CHASSIS_FIELDS:
            neighbor.set("chassis_name", key, line)
            chassis = inner
    _json_id(neighbor, "chassis", chassis.get("id"), line)
    put("chassis_name", chassis.get("name"))
    put("chassis_descr", chassis.get("descr"))
    for address in _items(chassis.get("mgmt-ip"))[:1]:
        put("mgmt_ip", address)
    put("ttl", chassis.get("ttl"))
    for capability in _items(chassis.get("capability")):
        if isinstance(capability, dict):
            kind = _scalar(capability.get("type"))
            if kind is not None:
                neighbor.add_capability(kind, _is_on(_scalar(capability.get("enabled"))), line)


def _json_id(neighbor: _Neighbor, prefix: str, value: object, line: int) -> None:
    """``{"type": "mac", "value": "…"}`` (json0: inside a list) -> ID and subtype."""
    ident = _first_object(value)
    kind = _scalar(ident.get("type")) if ident is not None else None
    text = _scalar(ident.get("value")) if ident is not None else _scalar(value)
    if text is not None:
        neighbor.set_id(prefix, kind or "", text, line, None)


def _items(value: object) -> list[object]:
    """json collapses a one-item list into the item; json0 never does."""
    if isinstance(value, list):
        return value
    return [] if value is None else [value]


def _first_object(value: object) -> dict[str, object] | None:
    for item in _items(value):
        if isinstance(item, dict):
            return item
    return None


def _scalar(value: object) -> str | None:
    """A leaf as text: ``"x"``, ``{"value": "x"}``, ``[{"value": "x"}]``, booleans as yes/no."""
    for _ in range(4):  # bounded: hostile input may nest lists arbitrarily deep
        if isinstance(value, list):
            value = value[0] if value else None
        elif isinstance(value, dict):
            value = value.get("value")
        else:
            break
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, str):
        return value
    if isinstance(value, (int, float)):
        return str(value)
    return None
