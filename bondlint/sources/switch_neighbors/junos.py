"""Junos ``show lldp neighbors``: the table (with or without its Parent Interface column)
and ``show lldp neighbors [interface X] [detail]`` blocks (``LLDP Neighbor Information:``,
``Local Information:``, ``Local Interface    : …``).  Junos names are kept as written."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from bondlint.sources.switch_neighbors.record import LLDP_FORMAT
from bondlint.sources.text import bad_line_message

if TYPE_CHECKING:
    from bondlint.sources.switch_neighbors.reader import Reader

# Junos port names ("Local Interface: xe-0/0/1"); IOS-XR prints the same label with its own.
JUNOS_PORT = re.compile(r"(?:[a-z]{2,3}-\d+/\d+/\d+(?::\d+)?|ae\d+)(?:\.\d+)?")
# Junos prints these section headers without a colon.
BARE_SECTIONS = frozenset({"system capabilities", "management info", "management address", "organization info"})

# Table columns, in the order they may appear.
_TABLE_COLUMNS = ("local interface", "parent interface", "chassis id", "port info", "system name")
_REQUIRED_COLUMNS = frozenset({"local interface", "chassis id", "port info", "system name"})
_WIDE_GAP = re.compile(r"\s{2,}")
_TOKEN = re.compile(r"\S+")


def neighbor_information(reader: Reader, number: int, label: str, value: str) -> bool:
    """``LLDP Neighbor Information:`` opens a detail record."""
    reader.open(number, LLDP_FORMAT, junos=True)
    return True


def local_information(reader: Reader, number: int, label: str, value: str) -> bool:
    """``Local Information:`` opens a record unless it heads the one just opened."""
    record = reader.record
    if record is None or not record.junos or record.local is not None:
        reader.open(number, LLDP_FORMAT, junos=True)
    return True


@dataclass
class Table:
    """A ``show lldp neighbors`` table: its columns and where each header starts."""

    columns: list[tuple[str, int]]

    @property
    def singles(self) -> list[str]:
        """Columns before Port info: one word each."""
        names = [name for name, _ in self.columns]
        return names[: names.index("port info")]

    def start(self, name: str) -> int:
        return next((at for column, at in self.columns if column == name), -1)


def table_header(line: str) -> Table | None:
    """The columns of a table header (``Local Interface    Parent Interface …``)."""
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
    if not {name for name, _ in found} >= _REQUIRED_COLUMNS:
        return None
    return Table(sorted(found, key=lambda item: item[1]))


def table_row(reader: Reader, table: Table, number: int, raw: str) -> None:
    """One table row: single-word columns, then Port info, then System Name."""
    singles = table.singles
    tokens = list(_TOKEN.finditer(raw))
    if len(tokens) <= len(singles):
        reader.log.add(number, bad_line_message(raw.strip(), "a show lldp neighbors table row"))
        return
    record = reader.open(number, LLDP_FORMAT, junos=True)
    for name, token in zip(singles, tokens, strict=False):
        if name == "local interface":
            record.local = (token.group(), number)
        elif name == "parent interface":
            reader.put("parent_interface", token.group(), number)
        elif name == "chassis id":
            reader.put("chassis_id", token.group(), number)
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
    reader.put("port_id", port.strip(), number)
    reader.put("chassis_name", system.strip(), number)
    reader.close()
