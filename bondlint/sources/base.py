"""What every source parser returns: facts that remember the file and line they came from.

A parser turns the text of one capture into typed records (``BondDefinition``,
``PortDefinition``, ``BondRuntime``) whose values are ``Located``: the value plus the
``Location`` that proves it.  Parsers never raise on bad input; what they cannot read
becomes a ``Diagnostic`` with its line.  Parsers never interpret option *values* (mode
names, numbers): that is the model's job, so every format shares one option table.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Generic, TypeVar

T = TypeVar("T")


@dataclass(frozen=True, slots=True, order=True)
class Location:
    """A place in an input: ``path`` as the user named it, ``line`` 1-based (0 = whole file)."""

    path: str
    line: int = 0

    def __str__(self) -> str:
        return f"{self.path}:{self.line}" if self.line else self.path


@dataclass(frozen=True, slots=True)
class Located(Generic[T]):
    """A value and where it was read."""

    value: T
    location: Location


@dataclass(frozen=True, slots=True)
class Diagnostic:
    """A problem reading an input (malformed, truncated, binary, unreadable)."""

    location: Location
    message: str


# Layers that apply a persisted bond definition; each fills gaps with its own defaults.
LAYER_NETWORKMANAGER = "NetworkManager"
LAYER_INITSCRIPTS = "initscripts"
LAYER_NETWORKD = "systemd-networkd"
LAYER_IFUPDOWN = "ifupdown"
# ifupdown2 (Debian, Proxmox): the kernel's defaults, but it translates some words.
LAYER_IFUPDOWN2 = "ifupdown2"
# ifupdown2 on a Cumulus Linux switch: its policy files default bonds to 802.3ad, miimon 100.
LAYER_CUMULUS = "ifupdown2/Cumulus Linux"
# ifupdown-ng (Alpine, some Debian): one `ip link add ... type bond` with every bond-* keyword,
# values passed as written (no yes/no words), the kernel's defaults for the rest.
LAYER_IFUPDOWN_NG = "ifupdown-ng"
LAYER_WICKED = "wicked"
LAYER_NETPLAN_NM = "netplan/NetworkManager"  # netplan writes keyfiles that NM applies
LAYER_NETPLAN_NETWORKD = "netplan/systemd-networkd"  # netplan writes .netdev files
LAYER_KERNEL = "kernel"


@dataclass(slots=True)
class BondDefinition:
    """A persisted (or NetworkManager-held) definition of a bond device.

    ``options`` maps kernel option names (``miimon``, ``arp_ip_target`` …) to the raw text
    written in the file.  ``location`` is where the definition starts (a section header,
    the ``DEVICE=`` line); ``options_location`` is where options would be written.
    """

    format: str
    layer: str
    location: Location
    interface: Located[str] | None = None
    profile_id: Located[str] | None = None
    uuid: Located[str] | None = None
    options: dict[str, Located[str]] = field(default_factory=dict)
    options_location: Location | None = None
    # Port names listed on the bond itself (SUSE BONDING_SLAVE_n, ifupdown bond-slaves).
    port_names: list[Located[str]] = field(default_factory=list)
    managed: Located[str] | None = None  # ifcfg NM_CONTROLLED as written
    mtu: Located[str] | None = None
    extra: dict[str, Located[str]] = field(default_factory=dict)


@dataclass(slots=True)
class PortDefinition:
    """A persisted profile that makes an interface a port of a bond.

    ``controller`` is the reference as written: an interface name, a profile id or a
    profile UUID (NetworkManager accepts all three).
    """

    format: str
    layer: str
    location: Location
    controller: Located[str]
    interface: Located[str] | None = None
    profile_id: Located[str] | None = None
    uuid: Located[str] | None = None
    port_type: Located[str] | None = None
    managed: Located[str] | None = None
    mtu: Located[str] | None = None
    extra: dict[str, Located[str]] = field(default_factory=dict)


@dataclass(slots=True)
class PortRuntime:
    """One ``Slave Interface`` block of a kernel bonding dump (or its sysfs/ip equivalent)."""

    name: Located[str]
    values: dict[str, Located[str]] = field(default_factory=dict)
    actor_lacp: dict[str, Located[str]] = field(default_factory=dict)
    partner_lacp: dict[str, Located[str]] = field(default_factory=dict)


@dataclass(slots=True)
class BondRuntime:
    """What the running kernel reported for one bond.

    ``values`` holds bond-level fields under stable snake_case keys (``mode``,
    ``miimon``, ``arp_interval``, ``arp_ip_target``, ``primary``, ``active_port`` …);
    ``lacp`` the 802.3ad block; ``unknown`` every line the parser did not recognise.
    """

    format: str
    name: Located[str]
    location: Location
    values: dict[str, Located[str]] = field(default_factory=dict)
    lacp: dict[str, Located[str]] = field(default_factory=dict)
    ports: list[PortRuntime] = field(default_factory=list)
    unknown: list[Located[str]] = field(default_factory=list)


@dataclass(slots=True)
class InterfaceRuntime:
    """Kernel-reported state of one network interface (``ip link``, ethtool, sysfs).

    ``values`` keys (each present only when the capture shows it): ``carrier`` ("up" or
    "down": ``NO-CARRIER``/``LOWER_UP`` flags, ethtool ``Link detected``, sysfs
    ``carrier``), ``admin`` ("up"/"down": the ``UP`` flag), ``operstate``, ``master``,
    ``mtu``, ``mac``, ``permaddr``, ``speed`` (Mbps digits or "unknown"), ``duplex``,
    ``kind`` (the link kind: ``bond``, ``vlan``, ``veth`` …), ``slave_kind`` (``bond_slave``
    for bond ports), and for bond ports the ``bond_slave`` attributes: ``slave_state``
    (active/backup), ``mii_status``, ``link_failure_count``, ``queue_id``, ``prio``,
    ``ad_aggregator_id``, ``ad_actor_oper_port_state``, ``ad_partner_oper_port_state``;
    ``link`` (the lower device: ``bond0.100@bond0``),
    ``vlan_id`` and ``vlan_protocol`` for VLAN devices; ``address`` (the first address
    that is not link-local or host scope: the device carries IP itself).
    """

    format: str
    name: Located[str]
    location: Location
    values: dict[str, Located[str]] = field(default_factory=dict)


@dataclass(slots=True)
class LldpNeighbor:
    """What one local interface hears over LLDP (host ``lldpctl``, switch neighbor tables).

    ``values`` keys: ``chassis_name``, ``chassis_id``, ``chassis_id_type`` (mac, local, …),
    ``port_id``, ``port_id_type`` (ifname, local, mac …), ``port_descr``, ``pvid``,
    ``vlans`` (comma list), ``mfs``, ``aggregation`` (the Link Aggregation TLV's port id),
    ``capabilities`` (comma list of enabled capabilities, e.g. "bridge,router"),
    ``mgmt_ip``.
    """

    format: str
    local_interface: Located[str]
    location: Location
    values: dict[str, Located[str]] = field(default_factory=dict)
    # Set when a switch reports the neighbor (a switch-side table): the switch's name.
    local_system: Located[str] | None = None


@dataclass(slots=True)
class SwitchInterface:
    """One interface of a switch's running configuration, as written (no defaults applied).

    ``name`` is the canonical long name (``GigabitEthernet1/0/11``, ``Ethernet1/1``,
    ``Port-channel10``, ``xe-0/0/1``, ``ae0``); ``switch`` the configured hostname.
    ``values`` keys, each present only when the configuration says so (the model applies
    each platform's defaults): ``description``, ``shutdown`` ("yes"/"no"), ``switchport``
    ("yes"/"no"), ``mode`` (access, trunk, dot1q-tunnel …), ``access_vlan``,
    ``native_vlan``, ``allowed_vlans`` (canonical list "1-3,5"; "all"; "none"),
    ``mtu``, ``l2_mtu``, ``channel_group`` (the port-channel's canonical name, e.g.
    ``Port-channel10`` or ``ae0``), ``channel_mode`` (active, passive, on, auto,
    desirable; absent when the line gives none), ``lacp_mode`` (on a Junos ae: active,
    passive, or "none" when the ae has no lacp stanza), ``lacp_rate`` (fast/normal),
    ``edge`` ("yes" for portfast/edge, "no" for an explicit disable), ``edge_trunk`` ("yes"
    when the edge setting names trunks too: ``portfast trunk``, ``port type edge trunk``), ``mlag_id`` (EOS
    mlag, NX-OS vpc, Junos mc-ae-id), ``vpc_peer_link`` ("yes"), ``lacp_fallback``,
    ``lacp_suspend_individual`` ("yes"/"no"), ``lacp_system_id``, ``speed``,
    ``link_tracking`` ("upstream"/"downstream": a member of a link-state tracking group,
    IOS ``link state group``, EOS ``link tracking group``, Junos uplink-failure-detection
    ``link-to-monitor``/``link-to-disable``) and its ``link_tracking_group``.
    """

    format: str
    name: Located[str]
    location: Location
    switch: Located[str] | None = None
    values: dict[str, Located[str]] = field(default_factory=dict)


@dataclass(slots=True)
class SwitchConfig:
    """Switch-wide settings that change interface defaults.

    ``values`` keys: ``hostname``, ``platform`` (ios, nxos, eos, junos),
    ``portfast_default`` ("yes": IOS ``spanning-tree portfast [edge] default``, NX-OS
    ``spanning-tree port type edge default``), ``system_default_switchport`` ("yes"/"no",
    NX-OS), ``system_default_switchport_shutdown``, ``forward_delay`` (seconds),
    ``mtu`` (a global ``system mtu``), ``vpc_domain``, ``mlag_domain``, ``vlans`` (a
    comma list ``name=id`` for Junos VLAN names), ``link_tracking_groups`` (a comma list of
    the link-state tracking groups the switch enables: IOS ``link state track N``, EOS
    ``link tracking group NAME``, Junos uplink-failure-detection groups with a
    ``link-to-monitor``).
    """

    format: str
    location: Location
    values: dict[str, Located[str]] = field(default_factory=dict)


@dataclass(slots=True)
class WiringLink:
    """One cable from a wiring inventory: host port to switch port."""

    format: str
    location: Location
    host: Located[str]
    host_port: Located[str]
    switch: Located[str]
    switch_port: Located[str]


@dataclass(slots=True)
class TeamDefinition:
    """A teamd device or team port profile: not the bonding driver, but worth knowing
    (team is deprecated in RHEL 9 and removed in RHEL 10). ``role``: team or port."""

    format: str
    location: Location
    name: Located[str]
    role: str


@dataclass(slots=True)
class ModuleOptions:
    """``options bonding …`` from modprobe configuration: defaults for every new bond."""

    format: str
    location: Location
    options: dict[str, Located[str]] = field(default_factory=dict)


@dataclass(slots=True)
class HostInfo:
    """Facts about the host itself: ``hostname``, ``kernel`` (uname -r), ``os_id``,
    ``os_version`` (os-release), ``machine_id``, ``sos_version``."""

    format: str
    location: Location
    values: dict[str, Located[str]] = field(default_factory=dict)


@dataclass(slots=True)
class VlanDefinition:
    """A VLAN interface the host puts on another interface (``bond0.100``), persisted or
    running: ``parent`` as written (an interface name; NetworkManager also accepts a
    profile id or UUID; None when the file does not say, as in a networkd ``.netdev``,
    whose ``.network`` names the parent), ``vlan_id`` as written (None when the file does
    not say, as in a networkd ``.network`` ``VLAN=`` line), ``name`` the VLAN interface's
    own name.  ``location`` is where the VLAN is put on its parent or defined (its
    section, its ``DEVICE=`` line, the ``VLAN=`` line).  The model joins the pieces by
    name and reads the id from a ``parent.id`` name only as the formats themselves do."""

    format: str
    location: Location
    parent: Located[str] | None = None
    vlan_id: Located[str] | None = None
    name: Located[str] | None = None


Fact = (
    BondDefinition
    | PortDefinition
    | BondRuntime
    | InterfaceRuntime
    | LldpNeighbor
    | ModuleOptions
    | TeamDefinition
    | HostInfo
    | SwitchInterface
    | SwitchConfig
    | WiringLink
    | VlanDefinition
)


@dataclass(slots=True)
class ParseResult:
    """Everything one parser got out of one input."""

    facts: list[Fact] = field(default_factory=list)
    diagnostics: list[Diagnostic] = field(default_factory=list)
