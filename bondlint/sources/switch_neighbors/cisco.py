"""Cisco ``show lldp neighbors detail``: IOS/IOS-XE records after dashed lines, each opened
by ``Local Intf:``; NX-OS records opened by ``Chassis id:``, the switch port in
``Local Port id:``; IOS-XR's ``Local Interface:``.  Junos detail shares the
``Local Interface`` label, told apart by its port names."""

from __future__ import annotations

from typing import TYPE_CHECKING

from bondlint.sources.switch_neighbors.junos import JUNOS_PORT
from bondlint.sources.switch_neighbors.record import LLDP_FORMAT
from bondlint.sources.switch_neighbors.values import absent, clean

if TYPE_CHECKING:
    from bondlint.sources.switch_neighbors.reader import Reader

# A label that starts a new record when the record being read already has it.
LOCAL_LABELS = frozenset({"local intf", "local interface", "local port id"})


def local_port(reader: Reader, number: int, label: str, value: str) -> bool:
    """``Local Intf:``, ``Local Port id:``, ``Local Interface:``: the switch's own port."""
    record = reader.record
    junos = label == "local interface" and bool(JUNOS_PORT.fullmatch(clean(value)))
    if record is not None and record.junos and label == "local port id":
        return True  # Junos: the SNMP ifIndex, not the port name
    if record is None or record.local is not None:
        record = reader.open(number, LLDP_FORMAT, junos)
    record.junos = record.junos or junos
    name = clean(value)
    if not absent(name):
        record.local = (name, number)
    return True


def chassis_id(reader: Reader, number: int, label: str, value: str) -> bool:
    """NX-OS: ``Chassis id:`` opens a record; the value is then read as a field (False)."""
    if reader.section is None:
        record = reader.record
        if record is None or "chassis_id" in record.values:
            reader.open(number, LLDP_FORMAT)
    return False
