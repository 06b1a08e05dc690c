"""The switch side: every switch's interfaces with each platform's defaults applied, and
the join of a host port to the switch port it is cabled to.

Switch configurations, switch-side neighbor tables and wiring inventories belong to no
host: they are collected from all inputs first, then every host's bond ports are joined
to them by (in order of preference) the host's own LLDP view, the switch's neighbor
table, or the wiring inventory.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from bondlint.sources import vlan_list
from bondlint.sources.base import (
    Fact,
    LldpNeighbor,
    Located,
    Location,
    SwitchConfig,
    SwitchInterface,
    WiringLink,
)

HOST_LLDP_FORMATS = frozenset({"lldpctl"})
# Default lacp rate per platform when a port-channel says nothing (switch-configs.md §3).
DEFAULT_LACP_RATE = {"junos": "fast"}
DEFAULT_FORWARD_DELAY = 15
# RSTP automatic edge detection: a port that hears no BPDU becomes an edge port after the
# migrate time (IEEE 802.1D-2004 17.20.4, 3 s); Junos runs it in these protocols.
AUTO_EDGE_DELAY = 3
AUTO_EDGE_PROTOCOLS = frozenset({"rstp", "mstp", "vstp"})
# Platforms where a plain portfast / edge line does not apply to a trunking port: it takes
# "portfast trunk" (IOS) or "port type edge trunk" (NX-OS).
EDGE_NEEDS_TRUNK_KEYWORD = frozenset({"ios", "nxos"})
# Junos counts the Ethernet header in its MTU; the others count the payload like Linux.
MTU_HEADER_INCLUDED = frozenset({"junos"})
DEFAULT_MTU = {"junos": 1514}
# EOS switchports without "l2 mtu" pass jumbo frames: the largest payload EOS configures.
EOS_L2_DEFAULT_MTU = 9214
ETHERNET_HEADER = 14
VLAN_TAG = 4
ALL_VLANS = "1-4094"
# The switch setting that names a platform's multi-chassis domain (vpc domain / mlag
# configuration domain-id).
MLAG_DOMAIN_SETTING = {"nxos": "vpc_domain", "eos": "mlag_domain"}
# A channel interface's name and its number: Port-channel2, port-channel 2, Po2, ae2.
CHANNEL_NUMBER = re.compile(r"(?i)(?:port-?channel|po|ae)\s*([0-9]{1,5})")


def short_host(name: str) -> str:
    """``db01.example.org``, ``DB01`` and ``hosts/db01`` (a folder-named host told apart
    from another ``db01`` folder) name the same system as ``db01``."""
    return name.strip().rsplit("/", 1)[-1].split(".")[0].lower()


def interface_key(name: str) -> str:
    """A comparable interface name: ``Gi1/0/11``, ``GigabitEthernet1/0/11`` and
    ``gigabitethernet 1/0/11`` are one port; Junos units (``xe-0/0/1.0``) name the port."""
    text = name.strip().replace(" ", "")
    if text[:3].lower() in ("ge-", "xe-", "et-", "fe-", "mge") or text.lower().startswith("ae"):
        return text.split(".")[0].lower()
    # netutils maps the type (the name up to its number) to its long form; asked once per
    # type, as a switch has thousands of ports of a handful of types.
    head, tail = _split_interface(text)
    long_type = _long_type(head)
    return (long_type + tail if long_type is not None else text).lower()


def _split_interface(name: str) -> tuple[str, str]:
    """netutils' split of a name into type and number (netutils is imported on first use:
    a scan without switch configurations never pays for it)."""
    return _netutils_split()(name)


@functools.cache
def _netutils_split() -> Callable[[str], tuple[str, str]]:
    from netutils.interface import split_interface

    return split_interface


@functools.lru_cache(maxsize=4096)
def _long_type(head: str) -> str | None:
    """netutils' long form of an interface type (``Gi`` -> ``GigabitEthernet``), or None
    when netutils does not know it (the name is then kept as written)."""
    from netutils.interface import canonical_interface_name

    probe = head + "0"
    try:
        full = canonical_interface_name(probe)
    except Exception:  # netutils raises on names it cannot map; keep them as written
        return None
    return full[:-1] if full != probe else None


# Where a platform's own short form differs from netutils' (NX-OS prints "Eth1/9").
SHORT_NAMES = {"nxos": {"Ethernet": "Eth"}}


def abbreviated(name: str, platform: str | None = None) -> str:
    """The short name the switch itself prints (``Gi1/0/11``, NX-OS ``Eth1/9``)."""
    from netutils.interface import abbreviated_interface_name

    try:
        return abbreviated_interface_name(name, addl_reverse_map=SHORT_NAMES.get(platform or ""))
    except Exception:
        return name


@dataclass(slots=True)
class Switch:
    """One switch: its settings and its interfaces by ``interface_key``."""

    name: str
    config: SwitchConfig | None = None
    interfaces: dict[str, SwitchInterface] = field(default_factory=dict)
    # Indexes built on the first question, once every interface is in (not part of what
    # the switch is: no init, repr or comparison).
    # channel key -> its members' names (see channel_members).
    _members: dict[str, list[str]] | None = field(default=None, init=False, repr=False, compare=False)
    # link-state tracking groups with an upstream member (see link_tracking).
    _uplinked: set[str] | None = field(default=None, init=False, repr=False, compare=False)
    # the lowest channel number no interface uses (see free_channel).
    _free_channel: int | None = field(default=None, init=False, repr=False, compare=False)

    @property
    def platform(self) -> str:
        found = self.config.values.get("platform") if self.config else None
        if found is not None:
            return found.value
        return next((i.format for i in self.interfaces.values()), "unknown")

    def setting(self, key: str) -> Located[str] | None:
        return self.config.values.get(key) if self.config else None

    def link_tracking(self, interface: SwitchInterface) -> Located[str] | None:
        """The line that makes ``interface`` follow its uplinks (link-state tracking), or
        None: a downstream member of a group that has an upstream member on this switch
        (IOS also needs the group enabled by ``link state track N``; a Junos group names
        its uplinks with link-to-monitor)."""
        direction = interface.values.get("link_tracking")
        group = interface.values.get("link_tracking_group")
        if direction is None or direction.value != "downstream" or group is None:
            return None
        if self.platform == "junos":
            # Junos names its uplinks in the group (link-to-monitor), configured or not.
            monitored = self.setting("link_tracking_groups")
            return direction if monitored is not None and group.value in monitored.value.split(",") else None
        if self._uplinked is None:
            self._uplinked = set()
            for other in self.interfaces.values():
                up, name = other.values.get("link_tracking"), other.values.get("link_tracking_group")
                if up is not None and up.value == "upstream" and name is not None:
                    self._uplinked.add(name.value)
        if group.value not in self._uplinked:
            return None
        if self.platform == "ios":
            enabled = self.setting("link_tracking_groups")
            if enabled is None or group.value not in enabled.value.split(","):
                return None
        return direction

    def channel_members(self, channel: str) -> list[str]:
        """The names of the interfaces whose channel group is ``channel``, sorted.

        Indexed once per switch: asking every joined port of a fleet by walking thousands
        of interfaces each time grew with ports times joins."""
        if self._members is None:
            members: dict[str, list[str]] = {}
            for interface in self.interfaces.values():
                group = interface.values.get("channel_group")
                if group is not None:
                    members.setdefault(interface_key(group.value), []).append(interface.name.value)
            self._members = {key: sorted(names) for key, names in members.items()}
        return list(self._members.get(interface_key(channel), ()))

    def free_channel(self) -> int:
        """The lowest channel number (from 1) that neither a port-channel / ae interface
        nor a member's channel group uses on this switch: the channel a fix may create."""
        if self._free_channel is None:
            used = set()
            for interface in self.interfaces.values():
                group = interface.values.get("channel_group")
                for name in (interface.name.value, group.value if group is not None else ""):
                    found = CHANNEL_NUMBER.fullmatch(name.strip())
                    if found:
                        used.add(int(found.group(1)))
            self._free_channel = next(n for n in range(1, len(used) + 2) if n not in used)
        return self._free_channel


@dataclass(slots=True)
class Network:
    """Everything known about the switches and the cabling."""

    switches: dict[str, Switch] = field(default_factory=dict)
    wiring: list[WiringLink] = field(default_factory=list)
    # (host, host port) -> what a switch's neighbor table says about it.
    observed: dict[tuple[str, str], tuple[str, LldpNeighbor]] = field(default_factory=dict)

    def switch(self, name: str) -> Switch | None:
        return self.switches.get(short_host(name))


def is_network_fact(fact: Fact) -> bool:
    if isinstance(fact, (SwitchInterface, SwitchConfig, WiringLink)):
        return True
    return isinstance(fact, LldpNeighbor) and fact.format not in HOST_LLDP_FORMATS


def collect_network(groups: list[tuple[str, list[Fact]]]) -> Network:
    """Build the switch model from the network facts of every input group."""
    network = Network()
    switches: dict[str, Switch] = {}  # as named in the facts -> the switch (short_host once)

    def switch_named(name: str) -> Switch:
        switch = switches.get(name)
        if switch is None:
            switch = switches[name] = network.switches.setdefault(short_host(name), Switch(name=name))
        return switch

    for group_name, facts in groups:
        configs = [f for f in facts if isinstance(f, SwitchConfig)]
        default_switch = next((c.values["hostname"].value for c in configs if "hostname" in c.values), group_name)
        for fact in facts:
            if isinstance(fact, SwitchConfig):
                name = fact.values["hostname"].value if "hostname" in fact.values else default_switch
                switch = switch_named(name)
                switch.config = switch.config or fact
            elif isinstance(fact, SwitchInterface):
                switch = switch_named(fact.switch.value if fact.switch else default_switch)
                switch.interfaces.setdefault(interface_key(fact.name.value), fact)
            elif isinstance(fact, WiringLink):
                network.wiring.append(fact)
            elif isinstance(fact, LldpNeighbor) and fact.format not in HOST_LLDP_FORMATS:
                switch_name = fact.local_system.value if fact.local_system else default_switch
                host = fact.values.get("chassis_name")
                # Junos shows the port id or the port description depending on a knob.
                for key in ("port_id", "port_descr"):
                    port = fact.values.get(key)
                    if host is not None and port is not None:
                        network.observed.setdefault((short_host(host.value), port.value), (switch_name, fact))
    return network


@dataclass(frozen=True, slots=True)
class Join:
    """A host port joined to a switch port, and the evidence that says so."""

    switch: str
    interface: str
    via: str
    evidence: Location


def join_port(
    network: Network, host: str, port: str, lldp: list[dict[str, Any]], lldp_locations: list[Location], mac: str | None
) -> Join | None:
    """Which switch port ``host``'s ``port`` is cabled to, if any evidence says."""
    for neighbor, where in zip(lldp, lldp_locations, strict=False):
        switch, switch_port = neighbor.get("chassis_name"), neighbor.get("switch_port")
        if switch and switch_port:
            return Join(switch, switch_port, "host LLDP", where)
    for key in ((short_host(host), port), (short_host(host), mac or "")):
        if key in network.observed:
            switch, fact = network.observed[key]
            return Join(switch, fact.local_interface.value, "switch neighbor table", fact.location)
    for link in network.wiring:
        if short_host(link.host.value) == short_host(host) and link.host_port.value == port:
            return Join(link.switch.value, link.switch_port.value, "wiring inventory", link.location)
    return None


def switch_port_view(network: Network, join: Join) -> tuple[dict[str, Any], dict[str, Location]]:
    """The switch port behind ``join`` with its platform's defaults applied.

    Returns the view and, per key, the line that decided the value.
    """
    view: dict[str, Any] = {
        "switch": join.switch,
        "interface": join.interface,
        "short": abbreviated(join.interface),
        "joined_by": join.via,
    }
    where: dict[str, Location] = {"": join.evidence, "joined_by": join.evidence}
    switch = network.switch(join.switch)
    member = switch.interfaces.get(interface_key(join.interface)) if switch else None
    view["configured"] = member is not None
    view["switch_configured"] = switch is not None and bool(switch.interfaces)
    if switch is None or member is None:
        return view, where
    platform = switch.platform
    view["platform"] = platform
    view["interface"] = member.name.value
    view["short"] = abbreviated(member.name.value, platform)
    where[""] = member.location

    channel_name = member.values.get("channel_group")
    channel = switch.interfaces.get(interface_key(channel_name.value)) if channel_name else None
    # L2 settings live on the port-channel (Cisco-like) or the ae (Junos); members agree.
    l2 = channel if channel is not None else member
    shut = member.values.get("shutdown") or _default_shutdown(switch, member)
    view["shutdown"] = shut is not None and shut.value == "yes"
    if shut is not None:
        where["shutdown"] = shut.location
    _put_vlans(view, where, l2)

    view["channel"] = channel_name.value if channel_name else None
    if channel_name:
        where["channel"] = channel_name.location
    _put_lacp(view, where, platform, member, channel)
    mlag = _mlag_id(switch, channel) if channel is not None else None
    view["mlag_id"] = mlag.value if mlag else None
    if mlag:
        where["mlag_id"] = mlag.location
    if channel_name:
        view["channel_members"] = switch.channel_members(channel_name.value)
    else:
        view["free_channel"] = switch.free_channel()
    _put_edge(view, where, switch, l2, member)
    _put_mtu(view, where, switch, l2, member)
    _put_spanning_tree(view, where, switch)
    tracked = switch.link_tracking(member) or (switch.link_tracking(channel) if channel is not None else None)
    view["link_tracking"] = tracked is not None
    if tracked is not None:
        where["link_tracking"] = tracked.location
    return view, where


def _put_lacp(
    view: dict[str, Any],
    where: dict[str, Location],
    platform: str,
    member: SwitchInterface,
    channel: SwitchInterface | None,
) -> None:
    """The channel protocol, the LACP mode and the LACP rate of a switch port."""
    protocol, lacp_mode, mode_at = _channel_protocol(platform, member, channel)
    view["channel_protocol"] = protocol
    if mode_at is not None:
        where["channel_protocol"] = mode_at
    if lacp_mode:
        view["lacp_mode"] = lacp_mode
        where["lacp_mode"] = mode_at or member.location
    rate = member.values.get("lacp_rate") or (channel.values.get("lacp_rate") if channel else None)
    view["lacp_rate"] = (
        {"normal": "slow"}.get(rate.value, rate.value) if rate else DEFAULT_LACP_RATE.get(platform, "slow")
    )
    if rate:
        where["lacp_rate"] = rate.location


def _mlag_id(switch: Switch, channel: SwitchInterface) -> Located[str] | None:
    """What makes two switches one LACP partner for ``channel``: its MLAG / vPC / MC-AE id
    (with what must match beside it) or its EVPN Ethernet segment id."""
    platform = switch.platform
    mlag = channel.values.get("mlag_id")
    esi = channel.values.get("esi")
    if mlag is None and esi is not None:
        # EVPN ESI-LAG (Junos): the shared Ethernet segment id makes the two switches one
        # LACP partner, as an MLAG / vPC / MC-AE id does.
        return Located(f"esi {esi.value}", esi.location)
    if mlag is not None and platform == "junos":
        # MC-AE peers are one LACP partner only with the same lacp system-id and admin-key.
        sid, key = channel.values.get("lacp_system_id"), channel.values.get("lacp_admin_key")
        if sid is not None or key is not None:
            shown = (f"system-id {sid.value if sid else 'unset'}", f"admin-key {key.value if key else 'unset'}")
            return Located(f"{mlag.value} ({', '.join(shown)})", mlag.location)
    elif mlag is not None and platform in MLAG_DOMAIN_SETTING:
        # vPC / MLAG peers pair only within one domain id: the same vpc/mlag number under
        # two domains is two unrelated port-channels, and LACP forms two aggregators.
        domain = switch.setting(MLAG_DOMAIN_SETTING[platform])
        if domain is not None:
            return Located(f"{mlag.value} (domain {domain.value})", mlag.location)
    return mlag


def _put_spanning_tree(view: dict[str, Any], where: dict[str, Location], switch: Switch) -> None:
    """Whether the switch runs spanning tree, its forward delay, and how long a port takes
    from link-up to forwarding."""
    platform = switch.platform
    delay = switch.setting("forward_delay")
    view["forward_delay"] = int(delay.value) if delay and delay.value.isdigit() else DEFAULT_FORWARD_DELAY
    # Cisco-like switches run spanning tree unless told otherwise; a Junos configuration
    # runs it only under "protocols rstp|mstp|vstp|stp" (the factory default has rstp).
    protocol = switch.setting("stp_protocol")
    view["stp"] = platform != "junos" or protocol is not None
    if protocol is not None:
        where["stp"] = protocol.location
    # Seconds from link-up to forwarding for a port that is not an edge port: listening and
    # learning, 2 x forward delay; under Junos RSTP/MSTP/VSTP the automatic edge detection
    # of the RSTP standard (documented by Juniper) makes a port that hears no BPDU an edge
    # port after the migrate time instead.
    auto_edge = platform == "junos" and protocol is not None and protocol.value in AUTO_EDGE_PROTOCOLS
    view["forwarding_delay"] = AUTO_EDGE_DELAY if auto_edge else 2 * view["forward_delay"]
    where["forwarding_delay"] = where.get("stp", where[""]) if auto_edge else (delay.location if delay else where[""])


def _default_shutdown(switch: Switch, member: SwitchInterface) -> Located[str] | None:
    """NX-OS ``system default switchport shutdown``: a switchport without a ``shutdown``
    line of its own is administratively down (running-configs then show ``no shutdown``
    on the ports that are up)."""
    if switch.platform != "nxos":
        return None
    default = switch.setting("system_default_switchport_shutdown")
    if default is None or default.value != "yes":
        return None
    explicit = member.values.get("switchport")
    layer2 = switch.setting("system_default_switchport")
    is_switchport = explicit.value == "yes" if explicit else bool(layer2 and layer2.value == "yes")
    return default if is_switchport else None


def _put_vlans(view: dict[str, Any], where: dict[str, Location], l2: SwitchInterface) -> None:
    mode = l2.values.get("mode")
    view["mode"] = mode.value if mode else "access"
    if mode:
        where["mode"] = mode.location
    if view["mode"] == "trunk":
        allowed = l2.values.get("allowed_vlans")
        native = l2.values.get("native_vlan")
        view["allowed_vlans"] = ALL_VLANS if not allowed or allowed.value == "all" else allowed.value
        view["native_vlan"] = native.value if native else "1"
        view["vlans"] = f"trunk allowed {view['allowed_vlans']} native {view['native_vlan']}"
        where["vlans"] = (allowed or native or mode or l2).location
    else:
        access = l2.values.get("access_vlan")
        view["access_vlan"] = access.value if access else "1"
        view["vlans"] = f"access vlan {view['access_vlan']}"
        where["vlans"] = (access or mode or l2).location


def _channel_protocol(
    platform: str, member: SwitchInterface, channel: SwitchInterface | None
) -> tuple[str, str | None, Location | None]:
    """lacp, static, pagp or none; the LACP mode; the line that decides it."""
    if platform == "junos":
        group = member.values.get("channel_group")
        if group is None:
            return "none", None, None
        mode = channel.values.get("lacp_mode") if channel else None
        if mode is None or mode.value == "none":
            return "static", None, group.location
        return "lacp", mode.value, mode.location
    group = member.values.get("channel_group")
    if group is None:
        return "none", None, None
    mode = member.values.get("channel_mode")
    if mode is None or mode.value == "on":
        return "static", None, (mode or group).location
    if mode.value in ("active", "passive"):
        return "lacp", mode.value, mode.location
    return "pagp", None, mode.location


def _put_edge(
    view: dict[str, Any], where: dict[str, Location], switch: Switch, l2: SwitchInterface, member: SwitchInterface
) -> None:
    explicit = member.values.get("edge") or l2.values.get("edge")
    if explicit is not None:
        view["edge"] = explicit.value == "yes"
        where["edge"] = explicit.location
        trunk_too = member.values.get("edge_trunk") or l2.values.get("edge_trunk")
        if (
            view["edge"]
            and view.get("mode") == "trunk"
            and switch.platform in EDGE_NEEDS_TRUNK_KEYWORD
            and not trunk_too
        ):
            # IOS portfast / NX-OS port type edge do nothing on a trunking port.
            view["edge"] = False
        return
    default = switch.setting("portfast_default")
    view["edge"] = bool(default and default.value == "yes" and view.get("mode") != "trunk")
    where["edge"] = default.location if default else l2.location


def _put_mtu(
    view: dict[str, Any], where: dict[str, Location], switch: Switch, l2: SwitchInterface, member: SwitchInterface
) -> None:
    """The largest L3 payload the switch port passes, comparable with a Linux MTU."""
    platform = switch.platform
    if platform == "eos":
        # EOS: "mtu" is the routed MTU; a switchport passes frames up to "l2 mtu", which
        # is unset (the hardware maximum) by default.
        routed = l2.values.get("switchport") or member.values.get("switchport")
        if routed is not None and routed.value == "no":
            found = l2.values.get("mtu") or member.values.get("mtu")
        else:
            found = l2.values.get("l2_mtu") or member.values.get("l2_mtu")
            if found is None:
                view["mtu"] = view["payload_mtu"] = EOS_L2_DEFAULT_MTU
                where["mtu"] = l2.location
                return
    else:
        found = l2.values.get("l2_mtu") or l2.values.get("mtu") or member.values.get("mtu")
        if found is None and platform == "ios":
            # Older Catalysts set the L2 MTU switch-wide: system mtu [jumbo] N.
            found = switch.setting("mtu")
    mtu = int(found.value) if found and found.value.isdigit() else DEFAULT_MTU.get(platform, 1500)
    if found:
        where["mtu"] = found.location
    payload = mtu - ETHERNET_HEADER if platform in MTU_HEADER_INCLUDED else mtu
    if platform in MTU_HEADER_INCLUDED and view.get("mode") == "trunk":
        payload -= VLAN_TAG
        view["vlan_tag_reserved"] = True  # the host model gives it back to untagged hosts
    view["mtu"] = mtu
    view["payload_mtu"] = payload


@dataclass(frozen=True, slots=True)
class Carriage:
    """Which host VLANs a switch port carries, as far as its configuration says.

    ``tagged``: the VLAN ids whose tagged frames the port accepts (a trunk's allowed list;
    an access port accepts none, except that its own access VLAN is left undecided, see
    ``undecided``); ``untagged``: whether untagged frames are accepted (an access port's
    VLAN, a trunk's native VLAN when it is allowed; None when the configuration does not
    say); ``undecided``: ids whose fate is platform-dependent, never reported;
    ``location``: the switch line that decides.
    """

    tagged: frozenset[int]
    untagged: bool | None
    undecided: frozenset[int]
    location: Location


# Cisco-like platforms: untagged frames on a trunk belong to the native VLAN, dropped when
# that VLAN is not in the allowed list (Cisco's "VLAN 1 minimization" removes it).
NATIVE_MUST_BE_ALLOWED = frozenset({"ios", "nxos", "eos"})


def vlan_ids(text: str) -> frozenset[int] | None:
    """``1-3,5`` / ``all`` / ``none`` -> the ids; None when the list holds anything else
    (a Junos VLAN name the configuration did not resolve)."""
    intervals = vlan_list.parse(text, checked=False)
    return None if intervals is None else vlan_list.ids(intervals)


def carriage(network: Network, join: Join) -> Carriage | None:
    """What the switch port behind ``join`` carries, or None when its configuration does
    not say clearly: not configured, a routed port (``no switchport``), no VLAN setting
    written (an IOS port without one may negotiate, an NX-OS port may be routed), a mode
    other than access or trunk (dot1q-tunnel, private VLANs), a VLAN name not resolved."""
    switch = network.switch(join.switch)
    member = switch.interfaces.get(interface_key(join.interface)) if switch else None
    if switch is None or member is None:
        return None
    channel_name = member.values.get("channel_group")
    channel = switch.interfaces.get(interface_key(channel_name.value)) if channel_name else None
    l2 = channel if channel is not None else member
    routed = l2.values.get("switchport") or member.values.get("switchport")
    if routed is not None and routed.value == "no":
        return None
    mode = l2.values.get("mode")
    access, allowed, native = (l2.values.get(k) for k in ("access_vlan", "allowed_vlans", "native_vlan"))
    if mode is None and access is None and allowed is None:
        return None
    view: dict[str, Any] = {}
    _put_vlans(view, {}, l2)
    platform = switch.platform
    if view["mode"] == "access":
        ids = vlan_ids(view["access_vlan"])
        if ids is None or len(ids) != 1:
            return None
        # A frame tagged with the access VLAN itself: NX-OS and older Catalysts accept it,
        # newer Catalysts drop every tagged frame on an access port: left undecided.
        return Carriage(frozenset(), True, ids, (access or mode or l2).location)
    if view["mode"] != "trunk":
        return None
    ids = vlan_ids(view["allowed_vlans"])
    if ids is None:
        return None
    where = (allowed or mode or l2).location
    if platform == "junos":
        # Junos drops untagged frames on a trunk without native-vlan-id.
        untagged: bool | None = native is not None
        if native is None:
            where = (mode or l2).location if allowed is None else where
    elif platform in NATIVE_MUST_BE_ALLOWED and view["native_vlan"].isdigit():
        untagged = int(view["native_vlan"]) in ids
    else:
        untagged = None
    return Carriage(ids, untagged, frozenset(), where)
