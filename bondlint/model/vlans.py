"""The VLANs a host puts on a bond, and which of them the bond's switch ports carry.

Every format's VLAN definitions (``VlanDefinition``: netplan ``vlans:``, NetworkManager
``[vlan]``, ifcfg ``VLAN=yes``, networkd ``VLAN=`` with its ``.netdev`` ``[VLAN] Id=``,
ifupdown ``vlan-raw-device``/``<dev>.<id>``, nmstate ``vlan:``) and the running VLAN
devices (``ip -d link``: ``bond0.100@bond0`` … ``vlan protocol 802.1Q id 100``) are
joined by the bond they sit on.  An IP address (or DHCP) on the bond itself is untagged
use: it needs the switch port's access VLAN or a native VLAN, whose number the host does
not know, so none is invented.
"""

from __future__ import annotations

from typing import Any

from bondlint.model.entity import Entity
from bondlint.model.network import Carriage
from bondlint.model.runtime import interface_rank
from bondlint.sources import vlan_list
from bondlint.sources.base import BondDefinition, InterfaceRuntime, Location, VlanDefinition
from bondlint.sources.text import DOTTED_VLAN as _DOTTED

UNTAGGED = "untagged"
# Keys of a bond definition's extra that mean IP configuration on the bond itself.
_NM_METHODS = {"ipv4.method": ("auto", "manual"), "ipv6.method": ("manual", "dhcp")}
_ADDRESS_PREFIXES = ("ipv4.address", "ipv6.address", "IPADDR", "IPV6ADDR", "addresses")
_DHCP_WORDS = ("true", "yes", "on", "y")


def host_vlans(
    bond: str,
    controllers: dict[str, str],
    definitions: list[VlanDefinition],
    interfaces: dict[str, list[InterfaceRuntime]],
) -> list[tuple[dict[str, Any], Location]]:
    """One entry per VLAN id on ``bond``: ``{id, name, source}`` and where it is defined
    (a persisted definition before the running device)."""
    found: dict[int, tuple[dict[str, Any], Location]] = {}
    _defined_vlans(bond, controllers, definitions, found)
    _running_vlans(bond, interfaces, found)
    return [found[number] for number in sorted(found)]


def _defined_vlans(
    bond: str,
    controllers: dict[str, str],
    definitions: list[VlanDefinition],
    found: dict[int, tuple[dict[str, Any], Location]],
) -> None:
    """Add to ``found`` the VLANs the persisted definitions put on ``bond``."""
    ids_by_name = {d.name.value: d.vlan_id for d in definitions if d.name is not None and d.vlan_id is not None}
    for definition in definitions:
        if definition.parent is None or controllers.get(definition.parent.value) != bond:
            continue
        name = definition.name.value if definition.name is not None else None
        vid = definition.vlan_id or (ids_by_name.get(name) if name else None)  # networkd: the .netdev's Id=
        if vid is None or not vid.value.strip().isdigit():
            continue
        number = int(vid.value)
        if 1 <= number <= 4094 and number not in found:
            found[number] = ({"id": number, "name": name, "source": definition.format}, definition.location)


def _running_vlans(
    bond: str,
    interfaces: dict[str, list[InterfaceRuntime]],
    found: dict[int, tuple[dict[str, Any], Location]],
) -> None:
    """Add to ``found`` the running VLAN devices on ``bond`` not defined already. The
    most precise capture of a device decides (``ip -d link`` names an 802.1ad service
    VLAN; ``/proc/net/vlan/config`` lists it without saying so)."""
    for name in sorted(interfaces):
        for interface in sorted(interfaces[name], key=interface_rank):
            number = _running_vlan_id(bond, name, interface)
            if number is None:
                if "kind" in interface.values or "vlan_protocol" in interface.values:
                    break  # this capture knows what the device is: not an 802.1Q VLAN on the bond
                continue
            if 1 <= number <= 4094 and number not in found:
                vid = interface.values.get("vlan_id")
                at = vid.location if vid is not None else interface.location
                found[number] = ({"id": number, "name": name, "source": interface.format}, at)
            break


def _running_vlan_id(bond: str, name: str, interface: InterfaceRuntime) -> int | None:
    """The VLAN id of the running device ``name`` when it is an 802.1Q VLAN on ``bond``."""
    values = interface.values
    link = values.get("link")
    dotted = _DOTTED.fullmatch(name)
    if link is not None and link.value != bond:
        return None
    if link is None and (dotted is None or dotted[1] != bond):
        return None
    if "vlan_protocol" in values and values["vlan_protocol"].value.lower() != "802.1q":
        return None  # an 802.1ad service tag: another question
    if "kind" in values and values["kind"].value != "vlan":
        return None
    vid = values.get("vlan_id")
    if vid is None and dotted is not None and dotted[1] == bond:
        return int(dotted[2])  # bond0.100@bond0 without -d: the kernel's own naming
    if vid is not None and vid.value.isdigit():
        return int(vid.value)
    return None


def untagged_use(
    bond: str, definitions: list[BondDefinition], interfaces: dict[str, list[InterfaceRuntime]]
) -> tuple[dict[str, Any], Location] | None:
    """IP configuration on the bond itself (an address, DHCP), persisted or running."""
    for definition in definitions:
        for key, found in sorted(definition.extra.items(), key=lambda item: item[1].location):
            value = found.value.strip().strip("'\"").lower()
            if (
                key.startswith(_ADDRESS_PREFIXES)
                or value in _NM_METHODS.get(key, ())
                or (key in ("dhcp4", "dhcp6") and value in _DHCP_WORDS)
                or (key == "BOOTPROTO" and value in ("dhcp", "bootp"))
                or (key == "iface" and value.split()[1:2] in (["static"], ["dhcp"]))
                or (key == "address" and definition.format == "ifupdown")
            ):
                return {"source": definition.format, "evidence": f"{key} {found.value}"}, found.location
    for interface in interfaces.get(bond, []):
        address = interface.values.get("address")
        if address is not None:
            return {"source": interface.format, "evidence": f"address {address.value}"}, address.location
    return None


def may_carry(carried: Carriage) -> str:
    """What a switch port may carry, as a VLAN list (``1-3,5``) plus ``untagged`` unless
    its configuration says untagged frames are dropped: the ids it carries for certain and
    those whose fate is platform-dependent (never reported)."""
    ranges = [vlan_list.ranges_text(vlan_list.from_ids(carried.tagged | carried.undecided))]
    if carried.untagged is not False:
        ranges.append(UNTAGGED)
    return ",".join(part for part in ranges if part)


def put_host_vlans(
    entity: Entity,
    vlans: list[tuple[dict[str, Any], Location]],
    untagged: tuple[dict[str, Any], Location] | None,
) -> None:
    """``/host_vlans`` and ``/host_untagged`` on the bond view."""
    entity.put(("host_vlans",), [v for v, _ in vlans], vlans[0][1] if vlans else None)
    for index, (_, where) in enumerate(vlans):
        entity.mark(("host_vlans", index), where)
    if untagged is not None:
        entity.put(("host_untagged",), untagged[0], untagged[1])
