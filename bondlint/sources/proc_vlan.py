"""``/proc/net/vlan/config``: the kernel's list of 802.1Q VLAN devices and their parents.

The 8021q module writes a header (``VLAN Dev name | VLAN ID``), a ``Name-Type:`` line,
then one line per VLAN device: its name padded to 15 characters, ``|``, the VLAN id,
``|``, the device it sits on (``bond0.100      | 100  | bond0``). sosreport's networking
plugin copies it. Each device becomes an ``InterfaceRuntime`` of kind ``vlan`` with its
``vlan_id`` and ``link``: the VLANs a bond carries at run time, cross-checked against the
switch ports' allowed VLANs. The file does not say a device's protocol (an 802.1ad
service VLAN is listed the same way): ``ip -d link``, which does, ranks before it.
"""

from __future__ import annotations

import re
from pathlib import PurePosixPath

from bondlint.sources.base import InterfaceRuntime, Located, Location, ParseResult
from bondlint.sources.registry import Place, SourceFormat
from bondlint.sources.text import DiagnosticLog, bad_line_message, looks_binary, numbered_lines

FORMAT = "proc-net-vlan"

SOURCE = SourceFormat(
    name=FORMAT,
    describes="a /proc/net/vlan/config dump",
    order=15,
    role="runtime",
    names=("*/proc/net/vlan/config", "proc_net_vlan_config*", "*/proc_net_vlan_config*"),
    telltales=(("*proc_net_vlan*", "a /proc/net/vlan dump"),),
    places=(Place("proc/net/vlan", ("config",), called="the kernel's VLAN folder"),),
    interface_rank=3,
)

_HEADER = re.compile(r"^VLAN Dev name\s*\|\s*VLAN ID\s*$")
# "%-15s| %d  | %s": the name may be longer than 15 characters, never contains "|".
_DEVICE = re.compile(r"^(?P<name>[^|\s]+)\s*\|\s*(?P<id>\d+)\s*\|\s*(?P<link>\S+)\s*$")


def claims(path: PurePosixPath, head: str) -> bool:
    """``proc/net/vlan/config`` (or sos's flattened name), or text that starts with the
    8021q module's header."""
    if path.name == "config" and path.parent.name == "vlan":
        return True
    return _HEADER.match(head.lstrip("\ufeff").split("\n", 1)[0].rstrip("\r")) is not None


def parse(text: str, path: str) -> ParseResult:
    """One ``InterfaceRuntime`` per VLAN device; never raises."""
    log = DiagnosticLog(path)
    facts: list[InterfaceRuntime] = []
    for number, raw in numbered_lines(text):
        line = raw.strip()
        if not line or _HEADER.match(line) or line.startswith("Name-Type:"):
            continue
        found = _DEVICE.match(line)
        if found is None or looks_binary(line):
            log.add(number, bad_line_message(line, "a VLAN device line (name | id | parent)"))
            continue
        here = Location(path, number)
        values = {
            "kind": Located("vlan", here),
            "vlan_id": Located(found["id"], here),
            "link": Located(found["link"], here),
        }
        facts.append(InterfaceRuntime(format=FORMAT, name=Located(found["name"], here), location=here, values=values))
    return ParseResult(facts=list(facts), diagnostics=log.result())
