"""Arista EOS ``show lldp neighbors detail``: ``Interface X detected N LLDP neighbors:``,
then one ``Neighbor …`` block per neighbor whose TLVs are ``- Title: value`` lines with
indented details (read by the common reader); and its eAPI JSON (``| json``)."""

from __future__ import annotations

import json
import re
from typing import TYPE_CHECKING

from bondlint.sources.base import Fact, LldpNeighbor, Located, Location
from bondlint.sources.switch_neighbors.record import LLDP_FORMAT
from bondlint.sources.switch_neighbors.values import LLDP_CAPABILITIES, canonical, clean, id_type, ip, mac_or_text
from bondlint.sources.text import DiagnosticLog

if TYPE_CHECKING:
    from bondlint.sources.switch_neighbors.reader import Reader

_INTERFACE = re.compile(r"Interface (\S+) detected (\d+) LLDP neighbors?:?", re.IGNORECASE)
_NEIGHBOR = re.compile(r"Neighbor\s+(?P<chassis>[^/\s]+)/(?P<port>.*?),\s*age\b")


def interface_or_neighbor(reader: Reader, number: int, content: str) -> bool:
    """``Interface X detected N LLDP neighbors:`` and ``Neighbor …`` lines; False for others."""
    interface = _INTERFACE.fullmatch(content)
    if interface is not None:
        reader.close()
        reader.recognised = True
        reader.eos_interface = (interface.group(1), number)
        return True
    neighbor = _NEIGHBOR.match(content)
    if neighbor is None or reader.eos_interface is None:
        return False
    record = reader.open(number, LLDP_FORMAT)
    record.local = reader.eos_interface
    where = Location(reader.path, number)
    record.fallbacks["chassis_id"] = Located(mac_or_text(neighbor["chassis"]), where)
    port = clean(neighbor["port"])
    if port:
        record.fallbacks["port_id"] = Located(mac_or_text(port), where)
    return True


# --------------------------------------------------------------------------------------
# eAPI JSON (show lldp neighbors detail | json)


def read_eapi(text: str, path: str, log: DiagnosticLog) -> list[Fact]:
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
    put("chassis_id", mac_or_text(chassis) if isinstance(chassis, str) else None)
    put("chassis_id_type", id_type(str(info.get("chassisIdType"))))
    put("chassis_descr", info.get("systemDescription"))
    port_id = port.get("interfaceId")
    put("port_id", mac_or_text(port_id) if isinstance(port_id, str) else None)
    put("port_id_type", id_type(str(port.get("interfaceIdType"))))
    put("port_descr", port.get("interfaceDescription"))
    put("pvid", port.get("portVlanId"))
    put("mfs", port.get("maxFrameSize"))
    if port.get("linkAggregationStatus") == "capableAndEnabled":
        put("aggregation", port.get("linkAggregationInterfaceId"))
    put("mgmt_ip", _first_address(info.get("managementAddresses")))
    capabilities = info.get("systemCapabilities")
    if isinstance(capabilities, dict):
        # eAPI lists the supported capabilities, each true when enabled.
        enabled = [
            LLDP_CAPABILITIES.get(str(name).lower(), str(name).lower())
            for name, on in capabilities.items()
            if on is True
        ]
        values["capabilities"] = Located(",".join(enabled), where)
    return LldpNeighbor(
        format=LLDP_FORMAT,
        local_interface=Located(canonical(interface, False), where),
        location=where,
        values=values,
    )


def _first_address(addresses: object) -> str | None:
    """The first management address that is an IP address."""
    for address in addresses if isinstance(addresses, list) else []:
        if isinstance(address, dict) and isinstance(address.get("address"), str):
            found = ip(str(address["address"]))
            if found is not None:
                return found
    return None
