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

One module per dialect: ``cisco`` (IOS, IOS-XR and NX-OS LLDP detail), ``cdp``, ``eos``
(text and eAPI JSON), ``junos`` (tables and detail); ``reader`` drives the text outputs,
``record`` holds one neighbor, ``values`` writes values as lldpd does.

Facts use the host-side parser's value names (``lldpctl``), so both ends of a cable read
alike: the far end (the *host*, for a server port) is ``chassis_name``/``port_id``,
capabilities use lldpd's names, and a MAC address used as chassis or port ID is written
as lldpd and sysfs write it (``00:0c:29:7b:d2:a8``), not Cisco's ``000c.297b.d2a8``.
Switch port names are canonical (``Gi1/0/2`` -> ``GigabitEthernet1/0/2``) except on
Junos, whose names are already unique.  A CLI prompt (``leaf1#show lldp …``,
``admin@leaf1>``) names the switch.
"""

from __future__ import annotations

import re
from pathlib import PurePosixPath

from bondlint.sources.base import ParseResult
from bondlint.sources.registry import SourceFormat
from bondlint.sources.switch_neighbors.eos import read_eapi
from bondlint.sources.switch_neighbors.reader import Reader
from bondlint.sources.switch_neighbors.record import CDP_FORMAT, LLDP_FORMAT
from bondlint.sources.text import DiagnosticLog, numbered_lines

__all__ = ["CDP_FORMAT", "FORMAT", "LLDP_FORMAT", "claims", "parse"]

FORMAT = "switch-neighbors"

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
_JSON_START = re.compile(r'\s*\{\s*"')  # not Junos "{master:0}"


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
        facts = read_eapi(text, path, log)
    else:
        reader = Reader(path, log)
        for number, line in numbered_lines(text):
            reader.feed(number, line)
        facts = reader.finish()
        if not facts and not reader.recognised and text.strip():
            log.add(1, "no switch LLDP/CDP neighbor records recognised (detail output is read)")
    return ParseResult(facts=list(facts), diagnostics=log.result())


SOURCE = SourceFormat(
    name=FORMAT,
    describes="a neighbor table",
    order=140,
    role="switch",
    names=("*lldp*neighbor*", "*cdp*neighbor*"),
    telltales=(("*lldp*neighbo*", "a neighbor table"), ("*cdp*neighbo*", "a neighbor table")),
    hook=r"(?i:(^|/)[^/]*(lldp|cdp|neighbor|neighbour)[^/]*$)",
)
