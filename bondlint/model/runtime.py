"""The running side of a bond: every kernel capture of it merged into one view.

``/proc/net/bonding`` is the richest source; sysfs and ``ip -d link`` fill what it lacks
(and are all there is on hosts where only they were captured).  Interface captures
(``ip link``, ethtool, sysfs) add what the bonding driver does not print: the carrier the
NIC actually reports, which is how the runbook's failure shows — a port without carrier
that the bond, with ``miimon=0``, still calls up and active.

Besides the raw values the view carries derived facts that JSON Schema cannot compute
itself: each port's role (active, primary, in the active aggregator), LACP state bits
by name, and the distinct values across ports.
"""

from __future__ import annotations

from typing import Any

from bondlint.model.entity import Entity, pointer
from bondlint.model.options import INTEGER_OPTIONS
from bondlint.sources import registry
from bondlint.sources.base import BondRuntime, InterfaceRuntime, LldpNeighbor, Located, PortRuntime

# Most complete first; later sources only fill values the earlier ones lack.
RUNTIME_PRECEDENCE = registry.ranked("runtime_rank")
INTERFACE_PRECEDENCE = registry.ranked("interface_rank")

RUNTIME_INTEGERS = frozenset({"miimon", "updelay", "downdelay", "peer_notif_delay", "arp_interval", "arp_missed_max"})
PORT_INTEGERS = frozenset(
    {
        "link_failure_count",
        "queue_id",
        "actor_churned_count",
        "partner_churned_count",
        "prio",
        "ad_actor_oper_port_state",
        "ad_partner_oper_port_state",
        "mtu",
    }
)
LACP_INTEGERS = frozenset(
    {
        "min_links",
        "system_priority",
        "number_of_ports",
        "actor_key",
        "partner_key",
        "ad_actor_sys_prio",
        "ad_user_port_key",
    }
)
PDU_INTEGERS = frozenset({"system_priority", "port_key", "oper_key", "port_priority", "port_number", "port_state"})

# IEEE 802.1AX actor/partner state bits, as include/uapi/linux/if_bonding.h names them.
LACP_STATE_BITS = (
    (0x01, "activity"),
    (0x02, "short_timeout"),
    (0x04, "aggregation"),
    (0x08, "synchronization"),
    (0x10, "collecting"),
    (0x20, "distributing"),
    (0x40, "defaulted"),
    (0x80, "expired"),
)
# Interface captures name some port values differently from /proc; one name each.
_PORT_KEY_ALIASES = {
    "permaddr": "permanent_hw_addr",
    "perm_hwaddr": "permanent_hw_addr",
    "ad_aggregator_id": "aggregator_id",
}
# Values compared across ports: ports of one aggregate must agree on these.
DISTINCT_PORT_KEYS = ("speed", "duplex", "aggregator_id")
MONITOR_NONE, MONITOR_MII, MONITOR_ARP = "none", "mii", "arp"


def monitoring(miimon: Any, arp_interval: Any) -> str | None:
    """Which link monitor is running: "mii", "arp", "none", or None when unknown."""
    if isinstance(arp_interval, int) and arp_interval > 0:
        return MONITOR_ARP
    if isinstance(miimon, int) and miimon > 0:
        return MONITOR_MII
    if isinstance(miimon, int) and isinstance(arp_interval, int):
        return MONITOR_NONE
    return None


def lacp_state_flags(state: Any) -> list[str]:
    return [name for bit, name in LACP_STATE_BITS if isinstance(state, int) and state & bit]


def put_runtime(
    entity: Entity,
    runtimes: list[BondRuntime],
    interfaces: dict[str, list[InterfaceRuntime]],
    primary: str | None,
    neighbors: dict[str, list[LldpNeighbor]] | None = None,
) -> None:
    """Fill ``/runtime`` from every kernel capture of this bond and its ports."""
    runtimes = sorted(runtimes, key=_runtime_rank)
    main = runtimes[0]
    entity.put(("runtime", "described_as"), "the running kernel")
    entity.put(("runtime", "origin"), {"miimon": "as the kernel reports it"})
    entity.put(("runtime", "format"), main.format, main.location)
    entity.mark(("runtime",), main.location)
    entity.put(("runtime", "file"), main.location.path)
    entity.put(("runtime", "sources"), sorted({r.location.path for r in runtimes}))

    for runtime in runtimes:
        for key, found in sorted(runtime.values.items()):
            if key not in entity.view["runtime"]:
                entity.put(("runtime", key), _value(key, found.value, RUNTIME_INTEGERS), found.location)
        for key, found in sorted(runtime.lacp.items()):
            if key not in entity.view["runtime"].get("lacp", {}):
                entity.put(("runtime", "lacp", key), _value(key, found.value, LACP_INTEGERS), found.location)
    view = entity.view["runtime"]
    # /proc prints the ARP line only when ARP monitoring is on: with the MII line present,
    # its absence is evidence of arp_interval=0; without it (a fragment) we know nothing.
    if "arp_interval" not in view and "miimon" in view and main.format == "proc-net-bonding":
        entity.put(("runtime", "arp_interval"), 0, entity.locate("/runtime/miimon"))
    found_monitoring = monitoring(view.get("miimon"), view.get("arp_interval"))
    if found_monitoring is not None:
        entity.put(("runtime", "monitoring"), found_monitoring, entity.locate("/runtime/miimon"))

    names = _port_names(runtimes, interfaces, entity.name)
    entity.put(("runtime", "ports"), [], main.location)
    blocks = {p.name.value: p for r in runtimes for p in reversed(r.ports)}
    for index, name in enumerate(names):
        port = _runtime_port(entity, index, name, blocks.get(name), interfaces.get(name, []))
        entity.view["runtime"]["ports"].append(port)
        heard = (neighbors or {}).get(name, [])
        if heard:
            port["lldp"] = [
                _neighbor(entity, ("runtime", "ports", index, "lldp", n), item) for n, item in enumerate(heard)
            ]
    _put_roles(entity, primary)
    _put_distinct(entity)


def _runtime_rank(runtime: BondRuntime) -> tuple[int, str]:
    try:
        rank = RUNTIME_PRECEDENCE.index(runtime.format)
    except ValueError:
        rank = len(RUNTIME_PRECEDENCE)
    return rank, runtime.location.path


def _port_names(runtimes: list[BondRuntime], interfaces: dict[str, list[InterfaceRuntime]], bond: str) -> list[str]:
    """Ports in enslave order as the richest source lists them, then any others seen."""
    names: list[str] = []
    for runtime in runtimes:
        for port in runtime.ports:
            if port.name.value not in names:
                names.append(port.name.value)
    for name in sorted(interfaces):
        if name in names:
            continue
        if any(i.values.get("master") and i.values["master"].value == bond for i in interfaces[name]):
            names.append(name)
    return names


def _runtime_port(
    entity: Entity, index: int, name: str, block: PortRuntime | None, interfaces: list[InterfaceRuntime]
) -> dict[str, Any]:
    view: dict[str, Any] = {"name": name}
    path = ("runtime", "ports", index)
    if block is not None:
        entity.mark(path, block.name.location)
        entity.mark((*path, "name"), block.name.location)
        for key, found in sorted(block.values.items()):
            _put_port_value(entity, view, path, key, found)
        for pdu, values in (("actor_lacp", block.actor_lacp), ("partner_lacp", block.partner_lacp)):
            if not values:
                continue
            view[pdu] = {}
            for key, found in sorted(values.items()):
                view[pdu][key] = found.value if key == "system_mac" else _value(key, found.value, PDU_INTEGERS)
                entity.mark((*path, pdu, key), found.location)
            if "port_state" in view[pdu]:
                view[pdu]["state_flags"] = lacp_state_flags(view[pdu]["port_state"])
                entity.mark((*path, pdu, "state_flags"), entity.locate(pointer(*path, pdu, "port_state")))
    for interface in sorted(interfaces, key=interface_rank):
        if block is None and not entity.has_location(pointer(*path)):
            entity.mark(path, interface.location)
            entity.mark((*path, "name"), interface.name.location)
        for key, found in sorted(interface.values.items()):
            key = _PORT_KEY_ALIASES.get(key, key)
            _put_port_value(entity, view, path, key, found)
    return view


def _neighbor(entity: Entity, path: tuple[Any, ...], neighbor: LldpNeighbor) -> dict[str, Any]:
    """What the port hears over LLDP: the switch and switch port it is cabled to."""
    entity.mark(path, neighbor.location)
    view: dict[str, Any] = {}
    for key, found in sorted(neighbor.values.items()):
        view[key] = found.value
        entity.mark((*path, key), found.location)
    return view


def _put_port_value(entity: Entity, view: dict[str, Any], path: tuple[Any, ...], key: str, found: Located[str]) -> None:
    if key in view:
        return
    view[key] = _value(key, found.value, PORT_INTEGERS)
    entity.mark((*path, key), found.location)


def interface_rank(interface: InterfaceRuntime) -> tuple[int, str]:
    """Where ``interface`` stands among the captures of one device: the most complete first."""
    try:
        rank = INTERFACE_PRECEDENCE.index(interface.format)
    except ValueError:
        rank = len(INTERFACE_PRECEDENCE)
    return rank, interface.location.path


def _put_roles(entity: Entity, primary: str | None) -> None:
    """Each port's role: active, primary, member of the active aggregator."""
    view = entity.view["runtime"]
    active = view.get("active_port")
    primary = view.get("primary") or primary
    aggregator = view.get("lacp", {}).get("aggregator_id")
    for index, port in enumerate(view["ports"]):
        path = ("runtime", "ports", index)
        where = entity.locate(pointer(*path))
        if "active_port" in view:
            port["is_active"] = port["name"] == active
            entity.mark((*path, "is_active"), where)
        if primary:
            port["is_primary"] = port["name"] == primary
            entity.mark((*path, "is_primary"), where)
        if aggregator is not None and "aggregator_id" in port:
            port["in_active_aggregator"] = str(port["aggregator_id"]) == str(aggregator)
            entity.mark((*path, "in_active_aggregator"), entity.locate(pointer(*path, "aggregator_id")))


def _put_distinct(entity: Entity) -> None:
    """The distinct values across ports for keys the ports of one aggregate share."""
    ports = entity.view["runtime"]["ports"]
    distinct: dict[str, list[Any]] = {}
    for key in DISTINCT_PORT_KEYS:
        values = sorted({str(p[key]) for p in ports if key in p and p.get("mii_status") == "up"})
        distinct[key] = values
    partner = sorted({p["partner_lacp"]["system_mac"] for p in ports if "system_mac" in p.get("partner_lacp", {})})
    distinct["partner_system_mac"] = partner
    entity.put(("runtime", "distinct"), distinct, entity.locate("/runtime/ports"))


def _value(key: str, text: str, integers: frozenset[str]) -> Any:
    if key in ("arp_ip_target", "ns_ip6_target"):
        return [t for t in text.split(",") if t]
    if key in ("active_port", "primary") and text == "":
        return None
    if key == "speed" or key in integers or key in INTEGER_OPTIONS:
        stripped = text.strip()
        return int(stripped) if stripped.isdigit() else stripped
    return text
