"""One host: its bonds with persisted config, effective values and runtime side by side.

This is the combiner stage: it takes the facts every parser produced for one host and
joins them (a port profile to its bond however it names it, kernel captures to the
definition of the same device) into entities whose JSON views policies judge.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import PurePosixPath
from typing import Any

from bondlint.model.detection import put_detection
from bondlint.model.effective import LAYER_DEFAULTS, NETWORKMANAGER_LAYERS, not_created_reason, resolve
from bondlint.model.entity import Entity
from bondlint.model.network import VLAN_TAG, Join, Network, abbreviated, carriage, join_port, switch_port_view
from bondlint.model.options import LAYER_VALUE_ALIASES, MODES, NM_ZERO_IS_DEFAULT, kernel_default, normalize_option
from bondlint.model.runtime import monitoring, put_runtime
from bondlint.model.vlans import UNTAGGED, host_vlans, may_carry, put_host_vlans, untagged_use
from bondlint.sources import networkd, registry
from bondlint.sources.base import (
    LAYER_INITSCRIPTS,
    LAYER_WICKED,
    BondDefinition,
    BondRuntime,
    Diagnostic,
    Fact,
    HostInfo,
    InterfaceRuntime,
    LldpNeighbor,
    Located,
    Location,
    ModuleOptions,
    PortDefinition,
    TeamDefinition,
    VlanDefinition,
)
from bondlint.suppressions import Suppression

# When several files define one bond, the first format here is reported as "the config"
# (the file an operator edits); every definition stays listed under /definitions.
DEFINITION_PRECEDENCE = registry.ranked("definition_rank")
# Formats that only show a profile another file defines (they own nothing).
VIEW_FORMATS = registry.with_role("view")
# Formats of persisted configuration: reading any of them means we looked for the config.
PERSISTED_FORMATS = registry.with_role("definition")
# Values compared between the persisted config (as applied) and the running kernel.
DRIFT_KEYS = ("mode", "monitoring", "miimon", "arp_interval", "arp_ip_target", "updelay", "downdelay", "primary")

# Every other option the kernel reports, and the modes in which it does something (the
# kernel keeps a value in every mode, but only these modes use it): where the persisted
# value (written, else the layer's default, else the kernel's) differs from the running
# one, the bond runs with a change that the next reboot undoes. "arp" means: only while
# ARP monitoring is on.
_AD = frozenset({"802.3ad"})
_AB = frozenset({"active-backup"})
_ANY = frozenset(MODES)
OPTION_DRIFT_MODES: dict[str, frozenset[str] | str] = {
    "xmit_hash_policy": frozenset({"balance-xor", "802.3ad", "balance-tlb", "balance-alb"}),
    "lacp_rate": _AD,
    "lacp_active": _AD,
    "ad_select": _AD,
    "min_links": _AD,
    "ad_actor_sys_prio": _AD,
    "ad_user_port_key": _AD,
    "ad_actor_system": _AD,
    "fail_over_mac": _AB,
    "num_grat_arp": _AB,
    "num_unsol_na": _AB,
    "peer_notif_delay": _AB,
    "primary_reselect": frozenset({"active-backup", "balance-tlb", "balance-alb"}),
    "resend_igmp": frozenset({"active-backup", "balance-tlb", "balance-alb"}),
    "packets_per_slave": frozenset({"balance-rr"}),
    "tlb_dynamic_lb": frozenset({"balance-tlb"}),
    "lp_interval": frozenset({"balance-tlb", "balance-alb"}),
    "all_slaves_active": _ANY,
    "use_carrier": _ANY,
    "arp_validate": "arp",
    "arp_all_targets": "arp",
    "arp_missed_max": "arp",
}


@dataclass(slots=True)
class InputRecord:
    """One input file as the pipeline saw it: its format (None = not ours) and problems."""

    path: str
    format: str | None
    diagnostics: list[Diagnostic] = field(default_factory=list)
    suppressions: list[Suppression] = field(default_factory=list)
    # Why a file that looks like network configuration or a capture yielded nothing.
    unread: str | None = None


@dataclass(slots=True)
class HostFacts:
    """Everything read for one host, before joining."""

    name: str
    sosreport: bool = False
    facts: list[Fact] = field(default_factory=list)
    inputs: list[InputRecord] = field(default_factory=list)


def owner_of(fact: BondDefinition | PortDefinition) -> str | None:
    """Which tool owns a persisted definition (None for views such as nmcli output).

    netplan writes keyfiles (``netplan-*.nmconnection``) and networkd files
    (``10-netplan-*``) from its YAML: those belong to netplan, not to a second owner.
    """
    if fact.format in VIEW_FORMATS:
        return None
    name = PurePosixPath(fact.location.path).name
    if name.startswith(("netplan-", "10-netplan-")):
        return "netplan"
    if fact.layer == LAYER_WICKED:
        return "wicked"  # ifcfg files that wicked, not initscripts or NetworkManager, applies
    source = registry.by_name().get(fact.format)
    return source.tool if source is not None and source.tool else fact.format


def build_entities(host: HostFacts, network: Network | None = None) -> list[Entity]:
    """The entities policies judge for ``host``: bonds, ports, then inputs with problems."""
    network = network or Network()
    entities = _Joiner(host, network).entities()
    cross_check = _cross_check_entity(host.name, entities, network)
    if cross_check is not None:
        entities.append(cross_check)
    for record in sorted(host.inputs, key=lambda r: r.path):
        if record.diagnostics or record.unread:
            entities.append(_input_entity(host.name, record))
    return entities


def _cross_check_entity(host: str, entities: list[Entity], network: Network) -> Entity | None:
    """What kept the host's cross-checks from running, said once for the host: bond ports
    no cabling names, and switches the cabling names whose configuration was not read.
    None unless switch-side inputs (configurations, neighbor tables, wiring) were given:
    a host's own LLDP capture alone asks for no cross-check."""
    if not (network.switches or network.wiring or network.observed):
        return None
    bonds = [
        e for e in entities if e.kind == "bond" and "switch_ports" in e.view and not e.view.get("autoload_artefact")
    ]
    if not bonds:
        return None
    entity = Entity(kind="host", host=host, name=host, anchor=bonds[0].anchor)
    entity.put(("kind",), "host")
    entity.put(("host",), host)
    entity.put(("name",), host)
    unjoined: list[str] = []
    unread: dict[str, list[str]] = {}
    unread_at: dict[str, Location] = {}
    entity.put(("unjoined_ports",), unjoined, bonds[0].anchor)
    for bond in bonds:
        for index, port in enumerate(bond.view.get("unjoined_ports", [])):
            entity.mark(("unjoined_ports", len(unjoined)), bond.locate(f"/unjoined_ports/{index}"))
            unjoined.append(f"{bond.name} {port}")
        for index, joined in enumerate(bond.view.get("switch_ports", [])):
            if joined.get("switch_configured"):
                continue
            switch = str(joined.get("switch"))
            unread.setdefault(switch, []).append(
                f"{bond.name} {joined.get('port')} on {joined.get('short') or joined.get('interface')}"
            )
            unread_at.setdefault(switch, bond.locate(f"/switch_ports/{index}"))
    names = sorted(unread)
    entity.put(("switches_not_read",), [f"{name} ({', '.join(unread[name])})" for name in names], bonds[0].anchor)
    for index, name in enumerate(names):
        entity.mark(("switches_not_read", index), unread_at[name])
    entity.put(("switches_read",), sorted(s.name for s in network.switches.values() if s.interfaces))
    return entity


def _definition_name(definition: BondDefinition) -> str:
    for candidate in (definition.interface, definition.profile_id):
        if candidate is not None and candidate.value:
            return candidate.value
    return "?"


def _port_name(port: PortDefinition) -> str:
    for candidate in (port.interface, port.profile_id):
        if candidate is not None and candidate.value:
            return candidate.value
    return port.location.path


# Settings that keep a definition from being applied at boot, as each format writes them.
_NOT_AT_BOOT = {"connection.autoconnect": ("false", "no", "0"), "ONBOOT": ("no", "false", "0")}


def applied_at_boot(definition: BondDefinition) -> bool:
    """False when the definition says it is not brought up at boot (autoconnect, ONBOOT)."""
    for key, negatives in _NOT_AT_BOOT.items():
        found = definition.extra.get(key)
        if found is not None and found.value.strip().strip("'\"").lower() in negatives:
            return False
    return True


def _rank(definition: BondDefinition) -> tuple[bool, int, str]:
    """The definition that runs at boot first, then by format precedence."""
    try:
        rank = DEFINITION_PRECEDENCE.index(definition.format)
    except ValueError:
        rank = len(DEFINITION_PRECEDENCE)
    return not applied_at_boot(definition), rank, definition.location.path


class _Joiner:
    """Joins one host's facts into entities."""

    def __init__(self, host: HostFacts, network: Network):
        self.host = host
        self.network = network
        self.definitions: dict[str, list[BondDefinition]] = {}
        self.runtimes: dict[str, list[BondRuntime]] = {}
        self.interfaces: dict[str, list[InterfaceRuntime]] = {}
        self.ports: list[PortDefinition] = []
        self.module_options: list[ModuleOptions] = []
        self.info: list[HostInfo] = []
        self.neighbors: dict[str, list[LldpNeighbor]] = {}
        self.teams: list[TeamDefinition] = []
        self.vlans: list[VlanDefinition] = []
        for fact in networkd.merge_drop_ins(host.facts):
            if isinstance(fact, BondDefinition):
                self.definitions.setdefault(_definition_name(fact), []).append(fact)
            elif isinstance(fact, BondRuntime):
                self.runtimes.setdefault(fact.name.value, []).append(fact)
            elif isinstance(fact, InterfaceRuntime):
                self.interfaces.setdefault(fact.name.value, []).append(fact)
            elif isinstance(fact, PortDefinition):
                self.ports.append(fact)
            elif isinstance(fact, ModuleOptions):
                self.module_options.append(fact)
            elif isinstance(fact, HostInfo):
                self.info.append(fact)
            elif isinstance(fact, TeamDefinition):
                self.teams.append(fact)
            elif isinstance(fact, LldpNeighbor):
                self.neighbors.setdefault(fact.local_interface.value, []).append(fact)
            elif isinstance(fact, VlanDefinition):
                self.vlans.append(fact)
        self._bonds_made_by_ports()
        self.controllers = self._controller_index()
        self.nm_version = _nm_version(self.info)
        # networkd's [Match] Name=en* makes a port of every interface the glob matches.
        known = {p.name.value for found in self.runtimes.values() for r in found for p in r.ports} | set(
            self.interfaces
        )
        self.ports = networkd.expand_patterns(self.ports, known - set(self.definitions) - set(self.runtimes))

    def _bonds_made_by_ports(self) -> None:
        """initscripts make a bond from a port's ``MASTER=bond0 SLAVE=yes``: the port's ifup
        loads the driver and creates bond0 with its defaults (network-functions,
        install_bonding_driver), whether or not bond0's own file says it is a bond."""
        known = {
            ref.value
            for found in self.definitions.values()
            for d in found
            for ref in (d.interface, d.profile_id, d.uuid)
            if ref
        }
        for port in self.ports:
            name = port.controller.value
            if port.format != "ifcfg" or port.layer != LAYER_INITSCRIPTS or not name or name in known:
                continue
            slave = port.extra.get("SLAVE")
            if slave is not None and slave.value.strip().lower() not in ("yes", "y", "true", "1"):
                continue  # ifup-eth enslaves only with SLAVE=yes
            self.definitions[name] = [
                BondDefinition(
                    format="ifcfg",
                    layer=LAYER_INITSCRIPTS,
                    location=port.controller.location,
                    interface=Located(name, port.controller.location),
                    managed=port.managed,  # whoever runs the port's ifup makes the bond
                    extra={"made_by_port": Located(port.location.path, port.controller.location)},
                )
            ]
            known.add(name)

    def _controller_index(self) -> dict[str, str]:
        """Every way a port may name its bond (interface, profile id, UUID) -> bond name."""
        index: dict[str, str] = {}
        for name, found in self.definitions.items():
            for definition in found:
                for ref in (definition.interface, definition.profile_id, definition.uuid):
                    if ref is not None and ref.value:
                        index.setdefault(ref.value, name)
        for name in self.runtimes:
            index.setdefault(name, name)
        return index

    def entities(self) -> list[Entity]:
        ports_by_bond: dict[str, list[PortDefinition]] = {}
        for port in self.ports:
            bond = self.controllers.get(port.controller.value)
            if bond is not None:
                ports_by_bond.setdefault(bond, []).append(port)
        entities = [
            self._bond(name, ports_by_bond.get(name, [])) for name in sorted(set(self.definitions) | set(self.runtimes))
        ]
        _put_shared_ports(entities)
        entities.extend(
            self._port(port) for port in sorted(self.ports, key=lambda p: (p.location.path, p.location.line))
        )
        entities.extend(
            self._team(team) for team in sorted(self.teams, key=lambda t: (t.location.path, t.location.line))
        )
        return entities

    def _common(self, entity: Entity) -> None:
        entity.put(("kind",), entity.kind)
        entity.put(("host",), self.host.name)
        entity.put(("name",), entity.name)
        read_config = self.host.sosreport or any(i.format in PERSISTED_FORMATS for i in self.host.inputs)
        entity.put(("evidence",), {"sosreport": self.host.sosreport, "persisted_config_read": read_config})
        for info in self.info:
            for key, found in sorted(info.values.items()):
                if key.startswith(_NM_VERSION):
                    continue  # one version for the host, chosen below
                entity.put(("host_info", key), found.value, found.location)
                if key == "os_version" and found.value.split(".")[0].isdigit():
                    entity.put(("host_info", "os_major"), int(found.value.split(".")[0]), found.location)
        for key, value, where in self.nm_version:
            entity.put(("host_info", key), value, where)
        if self.module_options:
            options = {k: v.value for m in self.module_options for k, v in m.options.items()}
            entity.put(("host_config", "module_options"), options, self.module_options[0].location)
            for module in self.module_options:
                for key, found in module.options.items():
                    entity.mark(("host_config", "module_options", key), found.location)

    def _bond(self, name: str, ports: list[PortDefinition]) -> Entity:
        entity = Entity(kind="bond", host=self.host.name, name=name, anchor=Location(""))
        self._common(entity)
        primary: str | None = None
        ordered = sorted(self.definitions.get(name, []), key=_rank)
        if ordered:
            _put_config(entity, ordered[0], ports)
            _put_definitions(entity, ordered, ports)
            primary = entity.view["effective"].get("primary")
        if name in self.runtimes:
            put_runtime(entity, self.runtimes[name], self.interfaces, primary, self.neighbors)
            self._put_vlans(entity)
        if "config" in entity.view and "runtime" in entity.view:
            _put_drift(entity)
        put_detection(entity)
        # A running bond with no ports that nothing persisted defines is what the bonding
        # module creates when it loads (max_bonds): stray-bond0 reports it, the rules about
        # real bonds skip it.
        artefact = "config" not in entity.view and entity.view.get("runtime", {}).get("ports") == []
        entity.put(("autoload_artefact",), artefact, entity.locate("/runtime") if artefact else None)
        _put_mode(entity)
        vlans = host_vlans(name, self.controllers, self.vlans, self.interfaces)
        put_host_vlans(entity, vlans, untagged_use(name, ordered, self.interfaces))
        if (
            self.network.switches
            or self.network.wiring
            or self.network.observed
            or self._heard_lldp(entity, self.neighbors)
        ):
            self._put_switch_side(entity)
        entity.anchor = entity.locate("/config") if "config" in entity.view else entity.locate("/runtime")
        return entity

    def _put_vlans(self, entity: Entity) -> None:
        """VLAN devices on the bond (``bond0.100``) with their MAC, beside the bond's own
        (MACs in lower case, so a policy compares them as they are)."""
        bond_mac = next((i.values["mac"] for i in self.interfaces.get(entity.name, []) if "mac" in i.values), None)
        if bond_mac is not None:
            entity.put(("runtime", "mac"), bond_mac.value.lower(), bond_mac.location)
        vlans: list[dict[str, str]] = []
        for name in sorted(self.interfaces):
            if not name.startswith(f"{entity.name}."):
                continue
            found = next((i for i in self.interfaces[name] if "mac" in i.values), None)
            if found is None:
                continue
            entity.mark(("runtime", "vlans", len(vlans)), found.values["mac"].location)
            vlans.append(
                {
                    "name": name,
                    "mac": found.values["mac"].value.lower(),
                }
            )
        if vlans:
            entity.put(("runtime", "vlans"), vlans, entity.locate("/runtime"))

    @staticmethod
    def _heard_lldp(entity: Entity, neighbors: dict[str, list[LldpNeighbor]]) -> bool:
        if any("lldp" in p for p in entity.view.get("runtime", {}).get("ports", [])):
            return True
        return any(name in neighbors for name in entity.view.get("config", {}).get("ports", []))

    def _put_switch_side(self, entity: Entity) -> None:
        """Join every port of the bond to its switch port (see model/network.py)."""
        view = entity.view
        names = list(view.get("config", {}).get("ports", []))
        runtime_ports: list[dict[str, Any]] = view.get("runtime", {}).get("ports", [])
        names += [p["name"] for p in runtime_ports if p["name"] not in names]
        by_name: dict[str, tuple[int | None, dict[str, Any]]] = {p["name"]: (i, p) for i, p in enumerate(runtime_ports)}
        joined: list[dict[str, Any]] = []
        unjoined: list[str] = []
        entity.put(("switch_ports",), joined, entity.anchor)
        entity.put(("unjoined_ports",), unjoined, entity.anchor)
        host_mtu = _host_mtu(self, entity)
        for name in names:
            index, runtime_port = by_name.get(name, (None, {}))
            join = self._join(entity, name, index, runtime_port)
            port_at = (
                entity.locate(f"/runtime/ports/{index}") if index is not None else _config_port_location(entity, name)
            )
            if join is None:
                entity.mark(("unjoined_ports", len(unjoined)), port_at)
                unjoined.append(name)
                continue
            joined.append(self._switch_port(entity, join, name, port_at, ("switch_ports", len(joined))))
        entity.put(("host_mtu",), host_mtu, entity.anchor)
        _put_switch_summary(entity, joined)

    def _join(self, entity: Entity, name: str, index: int | None, runtime_port: dict[str, Any]) -> Join | None:
        """The switch port the bond's port ``name`` is cabled to, by what the host hears
        on it (LLDP), the switches' neighbor tables or the wiring inventory."""
        lldp = runtime_port.get("lldp", [])
        lldp_at = [entity.locate(f"/runtime/ports/{index}/lldp/{n}") for n in range(len(lldp))]
        if not lldp and name in self.neighbors:
            # A port known only from the persisted config (no runtime capture): what
            # the host's own LLDP capture hears on it still says where it is cabled.
            heard = self.neighbors[name]
            lldp = [{key: found.value for key, found in n.values.items()} for n in heard]
            lldp_at = [n.location for n in heard]
        return join_port(self.network, self.host.name, name, lldp, lldp_at, runtime_port.get("permanent_hw_addr"))

    def _switch_port(
        self, entity: Entity, join: Join, name: str, port_at: Location, path: tuple[str, int]
    ) -> dict[str, Any]:
        """The switch port behind ``join`` as the bond's ``/switch_ports`` entry at ``path``."""
        view = entity.view
        port_view, where = switch_port_view(self.network, join)
        port_view["port"] = name
        # A trunk whose MTU counts the header leaves room for a VLAN tag only where
        # the host tags its frames; untagged (native VLAN) frames get the tag's bytes.
        if port_view.pop("vlan_tag_reserved", False) and not (
            view.get("host_vlans") or view.get("runtime", {}).get("vlans")
        ):
            port_view["payload_mtu"] += VLAN_TAG
        carried = carriage(self.network, join) if port_view.get("configured") else None
        if carried is not None and port_view.get("switch_configured"):
            # Both ends of the cable, as facts: what the host sends on it (each at its
            # host line) and what the port may carry (at the switch line that decides);
            # host-vlan-not-carried compares them.
            sent = [v["id"] for v in view["host_vlans"]] + ([UNTAGGED] if "host_untagged" in view else [])
            port_view["host_vlans"] = sent
            port_view["may_carry_vlans"] = may_carry(carried)
            where["may_carry_vlans"] = carried.location
            for index, vid in enumerate(sent):
                at = "/host_untagged" if vid == UNTAGGED else f"/host_vlans/{index}"
                entity.mark((*path, "host_vlans", index), entity.locate(at))
        entity.mark(path, where[""])
        entity.mark((*path, "port"), port_at)
        for key in port_view:
            if key != "port":  # the host's end: marked at the host port's line above
                entity.mark((*path, key), where.get(key, where[""]))
        return port_view

    def _team(self, team: TeamDefinition) -> Entity:
        entity = Entity(kind="team", host=self.host.name, name=team.name.value, anchor=team.location)
        self._common(entity)
        entity.put(("role",), team.role, team.location)
        entity.put(("format",), team.format, team.location)
        entity.put(("file",), team.location.path)
        return entity

    def _port(self, port: PortDefinition) -> Entity:
        name = _port_name(port)
        entity = Entity(kind="port", host=self.host.name, name=name, anchor=port.location)
        self._common(entity)
        entity.put(("format",), port.format, port.location)
        entity.put(("owner",), owner_of(port))
        entity.put(("file",), port.location.path)
        entity.put(("controller",), port.controller.value, port.controller.location)
        entity.put(("bond",), self.controllers.get(port.controller.value), port.controller.location)
        if port.managed is not None:
            entity.put(("managed",), managed_word(port.managed.value), port.managed.location)
        legacy = _before_nm_1_46(port, self.controllers.get(port.controller.value))
        if legacy is not None:
            entity.put(("before_networkmanager_1_46",), legacy[0], legacy[1])
        return entity


def _before_nm_1_46(port: PortDefinition, bond: str | None) -> tuple[dict[str, Any], Location] | None:
    """What NetworkManager before 1.46 makes of a keyfile port written with the 1.46 names.

    ``controller`` and ``port-type`` are aliases of ``master`` and ``slave-type`` only
    since 1.46 (libnm "Since: 1.46"); older keyfile readers read known properties only and
    skip the rest without a word.  Without ``master=`` the port is then a standalone
    profile (DHCP unless it disables IP) — or, with ``slave-type=`` left, a profile
    NetworkManager refuses ("Slave connections need a valid 'master' property").  With
    ``master=`` but only ``port-type=`` a [bond-port] setting still lets it infer the type;
    without one it refuses the profile ("Cannot set 'master' without 'slave-type'").
    """
    if port.format != "nm-keyfile" or port.layer not in NETWORKMANAGER_LAYERS:
        return None
    extra = port.extra
    controller, master = extra.get("connection.controller"), extra.get("connection.master")
    port_type, slave_type = extra.get("connection.port-type"), extra.get("connection.slave-type")
    keys = [
        key
        for key, new, old in (("controller", controller, master), ("port-type", port_type, slave_type))
        if new and not old
    ]
    if not keys:
        return None
    joins = f"joins {bond}" if bond else "joins its bond"
    if master is None:
        outcome = "rejected" if slave_type else "standalone"
    elif "settings" in extra and "bond-port" in extra["settings"].value.split(","):
        return None  # the old reader infers slave-type=bond from the [bond-port] setting
    else:
        outcome = "rejected"
    ignored = " and ".join(f"{key}=" for key in keys)
    if outcome == "standalone":
        said = (
            f"ignores {ignored}: the profile comes up as a standalone interface"
            f" (with DHCP unless it disables IP) and never {joins}"
        )
    else:
        said = (
            f"ignores {ignored} and refuses the profile (it has no master= or slave-type= left): the port never {joins}"
        )
    located = controller if "controller" in keys else port_type
    assert located is not None
    view = {"keys": keys, "outcome": outcome, "described_as": said}
    return view, located.location


def _put_shared_ports(entities: list[Entity]) -> None:
    """Ports that more than one bond of the host claims (netplan refuses that)."""
    claims: dict[str, list[str]] = {}
    for entity in entities:
        for port in entity.view.get("config", {}).get("ports", []):
            claims.setdefault(port, []).append(entity.name)
    for entity in entities:
        ports = entity.view.get("config", {}).get("ports", [])
        shared = [p for p in ports if len(claims.get(p, [])) > 1]
        if shared:
            entity.put(("config", "shared_ports"), shared, entity.locate("/config/ports"))
            for index, port in enumerate(shared):
                entity.mark(("config", "shared_ports", index), entity.locate(f"/config/ports/{ports.index(port)}"))


_NM_VERSION = "networkmanager_version"
# How exactly each kind of capture knows the NetworkManager version, best first: the
# daemon's own word, the installed package, nmcli (a client, possibly of another version),
# the distribution release's usual version.
_NM_VERSION_KINDS = ("daemon", "package", "nmcli", "distribution")


def _nm_version(infos: list[HostInfo]) -> list[tuple[str, Any, Location]]:
    """The host's /host_info/networkmanager_version{,_source,_kind,_exact,_number}, from
    the best capture: (key, value, where), chosen once for every entity of the host."""
    found = [i.values for i in infos if _NM_VERSION in i.values and i.values.get(f"{_NM_VERSION}_kind")]
    if not found:
        return []
    kinds = {kind: rank for rank, kind in enumerate(_NM_VERSION_KINDS)}
    best = min(found, key=lambda v: (kinds.get(v[f"{_NM_VERSION}_kind"].value, len(kinds)), v[_NM_VERSION].location))
    version = best[_NM_VERSION]
    values: list[tuple[str, Any, Location]] = [
        (f"{_NM_VERSION}{suffix}", best[f"{_NM_VERSION}{suffix}"].value, version.location)
        for suffix in ("", "_source", "_kind")
    ]
    values.append((f"{_NM_VERSION}_exact", best[f"{_NM_VERSION}_kind"].value != "distribution", version.location))
    major, _, rest = version.value.partition(".")
    minor = rest.partition(".")[0]
    if major.isdigit() and minor.isdigit():
        # 1.42.4 -> 142: comparable in a policy schema (NetworkManager minors stay below 100).
        values.append((f"{_NM_VERSION}_number", int(major) * 100 + int(minor), version.location))
    return values


def _put_mode(entity: Entity) -> None:
    """The bond's mode for cross-checks: as persisted when known, else as running."""
    for layer in ("effective", "runtime"):
        mode = entity.view.get(layer, {}).get("mode")
        if mode is not None:
            entity.put(("mode",), mode, entity.locate(f"/{layer}/mode"))
            return


def _host_mtu(joiner: _Joiner, entity: Entity) -> int:
    """The bond's MTU: running (ip link) when captured, else persisted, else 1500."""
    for interface in joiner.interfaces.get(entity.name, []):
        found = interface.values.get("mtu")
        if found is not None and found.value.isdigit():
            return int(found.value)
    for definition in joiner.definitions.get(entity.name, []):
        if definition.mtu is not None and definition.mtu.value.isdigit():
            return int(definition.mtu.value)
    return 1500


def _config_port_location(entity: Entity, name: str) -> Location:
    ports = entity.view.get("config", {}).get("ports", [])
    return entity.locate(f"/config/ports/{ports.index(name)}") if name in ports else entity.anchor


def _put_switch_summary(entity: Entity, joined: list[dict[str, Any]]) -> None:
    """Distinct values across the bond's switch ports (ports of one bond must agree)."""
    configured = [p for p in joined if p.get("configured")]
    summary: dict[str, Any] = {
        "switches": sorted({p["switch"].split(".")[0].lower() for p in joined}),
        "channels": sorted({f"{p['switch'].split('.')[0].lower()}:{p.get('channel') or 'none'}" for p in configured}),
        "protocols": sorted({p["channel_protocol"] for p in configured}),
        "vlans": sorted({p["vlans"] for p in configured}),
        "mlag_ids": sorted({p.get("mlag_id") or "none" for p in configured}),
    }
    members = {(p["switch"], m) for p in configured for m in p.get("channel_members", [])}
    if members:
        summary["channel_member_count"] = len(members)
        platforms = {p["switch"]: p.get("platform") for p in configured}
        summary["channel_members"] = sorted(
            f"{switch.split('.')[0]} {abbreviated(name, platforms.get(switch))}" for switch, name in members
        )
        summary["joined_port_count"] = len(joined)
    entity.put(("switch_summary",), summary, entity.locate("/mode") if "mode" in entity.view else entity.anchor)
    for key in summary:
        entity.mark(("switch_summary", key), entity.locate("/switch_ports/0") if joined else entity.anchor)


def _put_config(entity: Entity, definition: BondDefinition, ports: list[PortDefinition]) -> None:
    options_at = definition.options_location or definition.location
    _put_config_file(entity, definition)
    options = _put_options(entity, definition, options_at)
    _put_config_ports(entity, definition, ports)
    _put_config_derived(entity, definition, options)
    _put_effective(entity, definition, options, options_at)


def _put_config_file(entity: Entity, definition: BondDefinition) -> None:
    """The file that defines the bond: its format, who applies and owns it, its ids and
    the keys it holds beside the bonding options."""
    entity.put(("config", "format"), definition.format, definition.location)
    entity.mark(("config",), definition.location)
    entity.put(("config", "applied_by"), definition.layer)
    entity.put(("config", "owner"), owner_of(definition))
    entity.put(("config", "file"), definition.location.path)
    for key, ref in (("profile_id", definition.profile_id), ("uuid", definition.uuid)):
        if ref is not None:
            entity.put(("config", key), ref.value, ref.location)
    if definition.managed is not None:
        entity.put(("config", "managed"), managed_word(definition.managed.value), definition.managed.location)
    for key, found in sorted(definition.extra.items()):
        entity.put(("config", "extra", key), found.value, found.location)
    not_created = not_created_reason(definition)
    if not_created is not None:  # the applying layer never creates this bond
        entity.put(("config", "not_created_reason"), not_created[0], not_created[1])


def _put_options(entity: Entity, definition: BondDefinition, options_at: Location) -> dict[str, Any]:
    """``/config/options`` (normalised) and ``/config/invalid_options``; returns the options."""
    options: dict[str, Any] = {}
    entity.put(("config", "options"), options, options_at)
    invalid: dict[str, Any] = {}
    for key, raw in sorted(definition.options.items()):
        if definition.layer in NETWORKMANAGER_LAYERS and key in NM_ZERO_IS_DEFAULT and raw.value.strip() == "0":
            # NetworkManager reads 0 as "the kernel's default" and writes nothing.
            entity.mark(("config", "options", key), raw.location)
            continue
        written = LAYER_VALUE_ALIASES.get(definition.layer, {}).get(key, {}).get(raw.value.strip().lower(), raw.value)
        normal = normalize_option(key, written, definition.layer)
        if normal.problem is None:
            options[key] = normal.value
        else:
            invalid[key] = {"value": raw.value, "problem": normal.problem, "kind": normal.kind}
            entity.mark(("config", "invalid_options", key), raw.location)
        entity.mark(("config", "options", key), raw.location)
    entity.put(("config", "invalid_options"), invalid, options_at)
    return options


def _put_config_ports(entity: Entity, definition: BondDefinition, ports: list[PortDefinition]) -> None:
    """``/config/ports``: the ports whose profiles name the bond, then those it lists."""
    port_names: list[str] = []
    for port in sorted(ports, key=lambda p: (p.location.path, p.location.line)):
        port_name = _port_name(port)
        if port_name not in port_names:
            entity.mark(("config", "ports", len(port_names)), port.controller.location)
            port_names.append(port_name)
    for listed in definition.port_names:
        if listed.value not in port_names:
            entity.mark(("config", "ports", len(port_names)), listed.location)
            port_names.append(listed.value)
    entity.put(("config", "ports"), port_names, definition.location)


def _put_effective(entity: Entity, definition: BondDefinition, options: dict[str, Any], options_at: Location) -> None:
    """``/effective``: the options as the applying layer leaves them, each with its origin."""
    effective = resolve(definition.layer, options)
    entity.put(("effective", "described_as"), f"the persisted configuration as {definition.layer} applies it")
    entity.put(("effective", "applied_by"), definition.layer)
    entity.mark(("effective",), options_at)
    for key, value in effective.items():
        written = definition.options.get(value.option) if value.option else None
        entity.put(("effective", key), value.value, written.location if written else options_at)
        entity.put(("effective", "origin", key), value.origin)
        if key in ("updelay", "downdelay"):
            entity.put(("effective", "rounded", key), value.rounded, written.location if written else options_at)
    found = monitoring(entity.view["effective"]["miimon"], entity.view["effective"]["arp_interval"])
    entity.put(("effective", "monitoring"), found, entity.locate("/effective/miimon"))


# Extra keys, as the parsers name them, that set a bond's own MAC address.
_MAC_KEYS = ("ethernet.cloned-mac-address", "MACADDR", "macaddress")
_AUTOCONNECT_KEYS = ("connection.autoconnect", "ONBOOT")
_AUTOCONNECT_PORTS_KEYS = (
    "connection.autoconnect-ports",
    "connection.autoconnect-slaves",
    "AUTOCONNECT_PORTS",
    "AUTOCONNECT_SLAVES",
)
_YES, _NO = ("yes", "true", "1", "on"), ("no", "false", "0", "off")


def managed_word(text: str) -> str:
    """NM_CONTROLLED as NetworkManager's ifcfg reader takes it (svParseBoolean: y, yes,
    true, t, on, 1 / n, no, false, f, off, 0, any case, quotes dropped) as "yes"/"no";
    anything else as written."""
    word = text.strip().strip("'\"").lower()
    return "yes" if word in ("y", "t", *_YES) else "no" if word in ("n", "f", *_NO) else text


def yes_no(text: str | None) -> str | None:
    """NetworkManager, ifcfg and YAML booleans as "yes"/"no"; defaults (-1) as None."""
    if text is None:
        return None
    word = text.strip().strip("'\"").lower()
    return "yes" if word in _YES else "no" if word in _NO else None


def _first_extra(extra: dict[str, Located[str]], keys: tuple[str, ...]) -> Located[str] | None:
    return next((extra[k] for k in keys if k in extra), None)


def _put_config_derived(entity: Entity, definition: BondDefinition, options: dict[str, Any]) -> None:
    """Values rules need that the file states indirectly (see docs/policies.md)."""
    if definition.mtu is not None and definition.mtu.value.strip().isdigit():
        entity.put(("config", "mtu"), int(definition.mtu.value), definition.mtu.location)
    mac = _first_extra(definition.extra, _MAC_KEYS)
    if mac is not None:
        entity.put(("config", "mac"), mac.value, mac.location)
    for key, names in (("autoconnect", _AUTOCONNECT_KEYS), ("autoconnect_ports", _AUTOCONNECT_PORTS_KEYS)):
        found = _first_extra(definition.extra, names)
        if found is not None and yes_no(found.value) is not None:
            entity.put(("config", key), yes_no(found.value), found.location)
    # netplan ports matched by MAC address (match: macaddress): their names are stable.
    by_mac = sorted(
        key[len("port.") : -len(".macaddress")]
        for key in definition.extra
        if key.startswith("port.") and key.endswith(".macaddress")
    )
    if by_mac:
        entity.put(("config", "ports_matched_by_mac"), by_mac, definition.location)
    clag = definition.extra.get("clag-id")
    if clag is not None:  # a Cumulus MLAG bond: its peer switch holds the other port
        entity.put(("config", "clag_id"), clag.value, clag.location)
    if "num_grat_arp" in options and "num_unsol_na" in options:
        values = sorted({options["num_grat_arp"], options["num_unsol_na"]})
        entity.put(("config", "alias_values", "num_grat_arp"), values, definition.options["num_unsol_na"].location)


def _port_derived(port: PortDefinition) -> dict[str, Any]:
    """A port profile's type, autoconnect, own IP configuration and queue id."""
    extra = port.extra
    derived: dict[str, Any] = {}
    kind = _first_extra(extra, ("connection.type", "TYPE"))
    derived["type"] = kind.value.lower().replace("802-3-ethernet", "ethernet") if kind else "ethernet"
    found = _first_extra(extra, _AUTOCONNECT_KEYS)
    if found is not None and yes_no(found.value) is not None:
        derived["autoconnect"] = yes_no(found.value)
    methods = [extra[k].value.lower() for k in ("ipv4.method", "ipv6.method") if k in extra]
    bootproto = extra["BOOTPROTO"].value.strip("'\"").lower() if "BOOTPROTO" in extra else ""
    derived["has_ip"] = bool(
        "IPADDR" in extra
        or bootproto in ("dhcp", "bootp", "static")
        or any(m not in ("disabled", "ignore", "link-local") for m in methods)
    )
    mac = _first_extra(extra, ("ethernet.mac-address", "HWADDR", "macaddress"))
    if mac is not None and mac.value.strip():
        derived["mac"] = mac.value.strip()
    queue = _first_extra(extra, ("bond-port.queue-id", "BOND_PORT_QUEUE_ID"))
    if queue is not None and queue.value.strip().isdigit():
        derived["queue_id"] = int(queue.value)
    return derived


def _put_definitions(entity: Entity, definitions: list[BondDefinition], ports: list[PortDefinition]) -> None:
    """Every persisted definition of the bond and its ports, and who owns each."""
    listed = []
    for index, definition in enumerate(definitions):
        listed.append(
            {
                "format": definition.format,
                "owner": owner_of(definition),
                "applied_by": definition.layer,
                "file": definition.location.path,
                "managed": managed_word(definition.managed.value) if definition.managed else None,
                "applied_at_boot": applied_at_boot(definition),
            }
        )
        entity.mark(("definitions", index), definition.location)
    entity.put(("definitions",), listed, definitions[0].location)
    owners = sorted({d["owner"] for d in listed if d["owner"]})
    entity.put(("owners",), owners, definitions[0].location)
    for index, owner in enumerate(owners):
        first = next(d for d in definitions if owner_of(d) == owner)
        entity.mark(("owners", index), first.location)

    port_views = []
    for index, port in enumerate(sorted(ports, key=lambda p: (p.location.path, p.location.line))):
        port_views.append(
            {
                "name": _port_name(port),
                "format": port.format,
                "owner": owner_of(port),
                "applied_by": port.layer,
                "file": port.location.path,
                "managed": managed_word(port.managed.value) if port.managed else None,
                **_port_derived(port),
            }
        )
        entity.mark(("config", "port_definitions", index), port.location)
        if port.managed is not None:
            entity.mark(("config", "port_definitions", index, "managed"), port.managed.location)
    entity.put(("config", "port_definitions"), port_views, definitions[0].location)
    queue_ids = [p["queue_id"] for p in port_views if p.get("queue_id")]
    entity.put(("config", "port_queue_ids"), queue_ids, definitions[0].location)


def _put_drift(entity: Entity) -> None:
    """Where the running bond differs from what its persisted config applies at boot."""
    effective = entity.view["effective"]
    runtime = entity.view["runtime"]
    drift: dict[str, Any] = {}
    entity.put(("drift",), drift, entity.locate("/config"))
    for key in DRIFT_KEYS:
        if key not in runtime:
            continue
        persisted, running = effective.get(key), runtime[key]
        if isinstance(persisted, list) and isinstance(running, list):
            differs = sorted(persisted) != sorted(running)
        else:
            differs = persisted != running
        if differs:
            _put_difference(entity, drift, key, persisted, running, f"/effective/{key}", f"/runtime/{key}")
            if key in ("updelay", "downdelay"):
                _put_ticks(drift[key], persisted, running, effective.get("miimon"), runtime.get("miimon"))
    configured = entity.view["config"]["ports"]
    running_ports = [p["name"] for p in runtime.get("ports", [])]
    if configured and running_ports and sorted(configured) != sorted(running_ports):
        _put_difference(entity, drift, "ports", sorted(configured), running_ports, "/config/ports", "/runtime/ports")
    if "mode" not in drift:  # another mode changes what every option means: one cause
        _put_option_drift(entity, drift)


def _put_option_drift(entity: Entity, drift: dict[str, Any]) -> None:
    """Drift of the options outside ``DRIFT_KEYS`` (see ``OPTION_DRIFT_MODES``)."""
    config, effective, runtime = entity.view["config"], entity.view["effective"], entity.view["runtime"]
    mode = effective.get("mode")
    layer_defaults = LAYER_DEFAULTS.get(config.get("applied_by"), {})
    for key, modes in OPTION_DRIFT_MODES.items():
        if key in config.get("invalid_options", {}):
            continue  # the value is refused: value-out-of-range's finding, not a drift
        in_lacp = key not in runtime and key in runtime.get("lacp", {})
        running = runtime["lacp"][key] if in_lacp else runtime.get(key)
        applies = effective.get("monitoring") == "arp" if modes == "arp" else mode in modes
        if running is None or not applies:
            continue
        written = config.get("options", {}).get(key)
        persisted = next(
            (v for v in (written, effective.get(key), layer_defaults.get(key), kernel_default(key)) if v is not None),
            None,
        )
        if persisted is None or persisted == running:
            continue
        persisted_at = f"/config/options/{key}" if written is not None else "/config"
        running_at = f"/runtime/lacp/{key}" if in_lacp else f"/runtime/{key}"
        _put_difference(entity, drift, key, persisted, running, persisted_at, running_at)
        if written is not None:
            drift[key]["persisted_origin"] = "written in the file"
        elif effective.get("origin", {}).get(key):
            drift[key]["persisted_origin"] = effective["origin"][key]
        elif key in layer_defaults:
            drift[key]["persisted_origin"] = f"not written: the default of {config.get('applied_by')}"
        else:
            drift[key]["persisted_origin"] = "not written: the kernel default"


def _put_ticks(entry: dict[str, Any], persisted: Any, running: Any, persisted_miimon: Any, running_miimon: Any) -> None:
    """A delay as the kernel stores it: in MII polls (ticks). A later miimon change keeps
    the ticks and rescales the milliseconds (delay-rescaled-by-miimon-change compares them)."""
    numbers = (persisted, running, persisted_miimon, running_miimon)
    if all(isinstance(n, int) and not isinstance(n, bool) for n in numbers) and persisted_miimon and running_miimon:
        entry["persisted_ticks"] = persisted // persisted_miimon
        entry["runtime_ticks"] = running // running_miimon


def _put_difference(
    entity: Entity, drift: dict[str, Any], key: str, persisted: Any, running: Any, persisted_at: str, running_at: str
) -> None:
    drift[key] = {"persisted": persisted, "runtime": running}
    entity.mark(("drift", key), entity.locate(persisted_at))
    entity.mark(("drift", key, "persisted"), entity.locate(persisted_at))
    entity.mark(("drift", key, "runtime"), entity.locate(running_at))


def _input_entity(host: str, record: InputRecord) -> Entity:
    first = record.diagnostics[0].location if record.diagnostics else Location(record.path, 1)
    entity = Entity(kind="input", host=host, name=record.path, anchor=first)
    entity.put(("kind",), "input")
    entity.put(("host",), host)
    entity.put(("path",), record.path, Location(record.path, 1))
    entity.put(("format",), record.format)
    entity.put(("diagnostics",), [], first)
    if record.unread:
        entity.put(("unread",), record.unread, Location(record.path, 1))
    for index, diagnostic in enumerate(record.diagnostics):
        entity.view["diagnostics"].append({"message": diagnostic.message, "line": diagnostic.location.line})
        entity.mark(("diagnostics", index), diagnostic.location)
    return entity
