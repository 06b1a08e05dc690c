"""Cisco ``show cdp neighbors detail`` (IOS, NX-OS, IOS-XR): records opened by ``Device ID:``.

CDP prints two fields on one line (``Interface: Gi1/0/16,  Port ID (outgoing port): eth0``,
``Platform: …,  Capabilities: …``) and names the neighbor by its Device ID, which NX-OS
follows with the serial number in brackets.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from bondlint.sources.base import Located, Location
from bondlint.sources.switch_neighbors.record import CDP_FORMAT
from bondlint.sources.switch_neighbors.values import absent, clean, split_at

if TYPE_CHECKING:
    from bondlint.sources.switch_neighbors.reader import Reader

CDP_FIELDS = {
    "system name": "chassis_name",
    "version": "chassis_descr",
    "native vlan": "pvid",
    "sysname": "chassis_name",  # IOS-XR
}
_DEVICE_SERIAL = re.compile(r"\([^()]*\)$")  # NX-OS Device ID: "dc-lf03(SAL1906XXXX)"
_OUTGOING_PORT = "port id (outgoing port)"


def device_id(reader: Reader, number: int, label: str, value: str) -> bool:
    """``Device ID: sw2`` opens a record; the ID names the neighbor unless a name follows."""
    record = reader.open(number, CDP_FORMAT)
    device = clean(value)
    if not absent(device):
        reader.put("chassis_id", device, number)
        name = _DEVICE_SERIAL.sub("", device).strip() or device
        record.fallbacks["chassis_name"] = Located(name, Location(reader.path, number))
    return True


def interface(reader: Reader, number: int, label: str, value: str) -> bool:
    """``Interface: Gi1/0/16,  Port ID (outgoing port): eth0``: both ends on one line."""
    record = reader.record
    if record is None or not record.cdp:
        return False
    local, port = split_at(value, _OUTGOING_PORT)
    if not absent(local):
        record.local = (local, number)
    if port is not None:
        reader.put("port_id", port, number)
    return True


def outgoing_port(reader: Reader, number: int, label: str, value: str) -> bool:
    """IOS-XR prints ``Port ID (outgoing port):`` on a line of its own."""
    record = reader.record
    if record is None or not record.cdp:
        return False
    reader.put("port_id", value, number)
    return True


def field(reader: Reader, number: int, label: str, value: str) -> None:
    """A top-level field of a CDP record."""
    if label == "platform":
        _, capabilities = split_at(value, "capabilities")
        if capabilities is not None:
            reader.put("capabilities", capabilities, number)
    elif label in CDP_FIELDS:
        reader.put(CDP_FIELDS[label], clean(value), number)
