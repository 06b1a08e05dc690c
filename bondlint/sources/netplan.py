"""netplan YAML (``/etc/netplan``, ``/lib/netplan``, ``/run/netplan``): bond definitions.

A bond is ``network.bonds.<id>`` with its members in ``interfaces:`` and its options in
``parameters:`` under netplan's names, converted here to kernel names.  netplan does not
apply the file itself: a renderer does (``renderer:`` globally, per section or per
device; networkd by default), and the two renderers treat values differently.  A time
suffix (``1s``) on an interval is converted for networkd, which understands it, but kept
as written for NetworkManager, which receives it verbatim and rejects it.

Each file is read alone; netplan merges all files, which is the model's business.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import PurePosixPath
from typing import Any

from bondlint.sources.base import (
    LAYER_NETPLAN_NETWORKD,
    LAYER_NETPLAN_NM,
    BondDefinition,
    Fact,
    Located,
    Location,
    ParseResult,
    VlanDefinition,
)
from bondlint.sources.networkd import converted_time
from bondlint.sources.registry import Place, SourceFormat
from bondlint.sources.text import DiagnosticLog, add_option
from bondlint.sources.yaml_text import item_line, key_line, load_yaml, scalar

FORMAT = "netplan"
# Real netplan files are a few KiB; a YAML parse of megabytes takes seconds.
MAX_BYTES = 1024 * 1024

RENDERER_NETWORKD = "networkd"
RENDERER_NM = "NetworkManager"
DEFAULT_RENDERER = f"{RENDERER_NETWORKD} (default)"

# netplan parameter -> kernel option; keys absent here are kept under their own name.
PARAMETERS: dict[str, str] = {
    "mode": "mode",
    "lacp-rate": "lacp_rate",
    "mii-monitor-interval": "miimon",
    "min-links": "min_links",
    "transmit-hash-policy": "xmit_hash_policy",
    "ad-select": "ad_select",
    "all-members-active": "all_slaves_active",
    "all-slaves-active": "all_slaves_active",
    "arp-interval": "arp_interval",
    "arp-ip-targets": "arp_ip_target",
    "arp-validate": "arp_validate",
    "arp-all-targets": "arp_all_targets",
    "up-delay": "updelay",
    "down-delay": "downdelay",
    "fail-over-mac-policy": "fail_over_mac",
    "gratuitous-arp": "num_grat_arp",
    "gratuitious-arp": "num_grat_arp",  # misspelt, but accepted and in netplan's examples
    "packets-per-member": "packets_per_slave",
    "packets-per-slave": "packets_per_slave",
    "primary-reselect-policy": "primary_reselect",
    "resend-igmp": "resend_igmp",
    "learn-packet-interval": "lp_interval",
    "primary": "primary",
}
# Kernel names netplan spells differently: written as keys, netplan rejects them.
_KERNEL_ONLY_NAMES = frozenset(PARAMETERS.values()) - frozenset(PARAMETERS)
# Milliseconds when bare; netplan's networkd writer passes a suffixed value through.
_INTERVALS = frozenset({"mii-monitor-interval", "arp-interval", "up-delay", "down-delay"})
_BOOLEANS = frozenset({"all-members-active", "all-slaves-active"})
_TRUE_WORDS = frozenset({"true", "on", "yes", "y"})  # netplan's boolean spellings
_FALSE_WORDS = frozenset({"false", "off", "no", "n"})
# parse.c handle_generic_guint: base-10 digits only ("" reads as 0), else "invalid
# unsigned int value" and the whole configuration is refused.
_UNSIGNED = frozenset(
    {"min-links", "gratuitous-arp", "gratuitious-arp", "packets-per-member", "packets-per-slave", "resend-igmp"}
)
# parse.c handle_bond_mode / handle_bond_lacp_rate: exact names, nothing else (no numbers).
_NETPLAN_MODES = frozenset(
    {"balance-rr", "active-backup", "balance-xor", "broadcast", "802.3ad", "balance-tlb", "balance-alb"}
)
_OVS_MODES = frozenset({"balance-tcp", "balance-slb"})  # netplan hands these bonds to Open vSwitch
_LACP_RATES = frozenset({"slow", "fast"})
_IPV4 = re.compile(
    r"^(?:(?:25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])\.){3}(?:25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])$"
)
_GLOB_CHARS = frozenset("*?[")

_SUFFIXES = (".yaml", ".yml")
_NETWORK_KEY = re.compile(r"^network:[ \t]*(?:#.*)?$", re.MULTILINE)
_VERSION_2 = re.compile(r"^[ \t]+version:[ \t]*[\"']?2[\"']?[ \t]*(?:#.*)?$", re.MULTILINE)


SOURCE = SourceFormat(
    name=FORMAT,
    describes="a netplan file",
    order=80,
    role="definition",
    tool="netplan",
    names=("*netplan/*.yaml", "*netplan/*.yml"),
    places=(
        Place("etc/netplan", ("*.yaml", "*.yml"), called="netplan's folder"),
        Place("lib/netplan", ("*.yaml", "*.yml")),
        Place("run/netplan", ("*.yaml", "*.yml")),
    ),
    hook=r"(^|/)netplan/[^/]+\.ya?ml$",
    definition_rank=0,
)


def claims(path: PurePosixPath, head: str) -> bool:
    """YAML under a ``netplan/`` directory, or YAML with a top-level ``network:`` v2."""
    # The folder alone never decides: under netplan/ the file must still hold network:.
    if path.suffix in _SUFFIXES and "netplan" in path.parent.parts:
        return bool(_NETWORK_KEY.search(head))
    return bool(_NETWORK_KEY.search(head) and _VERSION_2.search(head))


def parse(text: str, path: str) -> ParseResult:
    """Read the bonds of one netplan file; never raises."""
    log = DiagnosticLog(path)
    document = load_yaml(text, log, "a netplan configuration")
    network = _network(document, log)
    if network is None:
        return ParseResult(diagnostics=log.result())
    file = _File(path, log)
    ethernets = _Ethernets(file, network.get("ethernets"))
    facts: list[Fact] = []
    bonds = network.get("bonds")
    default = file.renderer(network)
    if isinstance(bonds, dict):
        facts.extend(_bonds(file, ethernets, bonds, default))
    elif bonds is not None:
        log.add(key_line(network, "bonds"), "bonds: is not a mapping of bond ids")
    vlans = network.get("vlans")
    if isinstance(vlans, dict):
        facts.extend(_vlans(file, ethernets, vlans))
    return ParseResult(facts=facts, diagnostics=log.result())


def _network(document: Any, log: DiagnosticLog) -> dict[Any, Any] | None:
    """The ``network:`` mapping, reporting a document that has none or a wrong version."""
    if document is None:
        return None
    if not isinstance(document, dict):
        log.add(0, "not a YAML mapping; not a netplan configuration")
        return None
    network = document.get("network")
    if network is None and "network" in document:
        return None  # "network:" alone configures nothing
    if not isinstance(network, dict):
        line = key_line(document, "network") if "network" in document else 0
        log.add(line, "no network: mapping; not a netplan configuration")
        return None
    if "version" in network and scalar(network["version"]) != "2":
        log.add(
            key_line(network, "version"),
            f"version: {scalar(network['version'])!r}: netplan reads only version 2",
        )
        return None
    return network


@dataclass(frozen=True, slots=True)
class _File:
    """One netplan file: where its values are, its diagnostics, and the renderers it names."""

    path: str
    log: DiagnosticLog

    def at(self, line: int) -> Location:
        return Location(self.path, line)

    def located(self, mapping: dict[Any, Any], key: str) -> Located[str] | None:
        """A scalar value of ``mapping`` at its key's line (None when absent or empty)."""
        value = scalar(mapping.get(key))
        if not value:
            return None
        return Located(value, self.at(key_line(mapping, key)))

    def renderer(self, mapping: dict[Any, Any]) -> Located[str] | None:
        """The ``renderer:`` of a mapping (network, a section or a device), if any."""
        if "renderer" not in mapping:
            return None
        line = key_line(mapping, "renderer")
        value = scalar(mapping["renderer"])
        if not value:
            self.log.add(line, "renderer: is not a single name")
            return None
        if value not in (RENDERER_NETWORKD, RENDERER_NM):
            self.log.add(line, f"unknown renderer {value!r}: netplan rejects the file")
        return Located(value, self.at(line))


# -- ethernets: the devices a bond's members and a VLAN's link stand for ----------------


class _Ethernets:
    """The file's ``ethernets:``, which say what device a netplan id names."""

    def __init__(self, file: _File, ethernets: Any) -> None:
        self.file = file
        self.ethernets = ethernets if isinstance(ethernets, dict) else {}

    def __contains__(self, member_id: str) -> bool:
        return member_id in self.ethernets

    def real_name(self, member_id: str) -> tuple[str, Located[str] | None]:
        """The device a member id stands for, and the MAC address it is matched by.

        ``set-name`` renames the matched device; an exact ``match: name`` names it;
        otherwise (MAC or driver match, glob) the id is all this file says.
        """
        definition = self.ethernets.get(member_id)
        if not isinstance(definition, dict):
            return member_id, None
        match = definition.get("match")
        match = match if isinstance(match, dict) else {}
        set_name = scalar(definition.get("set-name"))
        matched = scalar(match.get("name"))
        if set_name:
            name = set_name
        elif matched and not _GLOB_CHARS & set(matched):
            name = matched
        else:
            name = member_id
        return name, self.file.located(match, "macaddress")

    def members(self, body: dict[Any, Any], extra: dict[str, Located[str]]) -> list[Located[str]]:
        """A bond's ``interfaces:`` as port names, each netplan id resolved to its device
        name (the id and the MAC it is matched by go to ``extra``)."""
        members = body.get("interfaces")
        if members is None:
            return []
        if not isinstance(members, list):
            self.file.log.add(key_line(body, "interfaces"), "interfaces: is not a list")
            return []
        ports: list[Located[str]] = []
        for index, member in enumerate(members):
            member_id = scalar(member)
            location = self.file.at(item_line(members, index))
            if not member_id:
                self.file.log.add(location.line, "member is not an interface id")
                continue
            name, macaddress = self.real_name(member_id)
            ports.append(Located(name, location))
            if name != member_id:
                extra[f"port.{name}.netplan-id"] = Located(member_id, location)
            if macaddress is not None:
                extra[f"port.{name}.macaddress"] = macaddress
        return ports


# -- bonds ----------------------------------------------------------------------------


def _bonds(
    file: _File, ethernets: _Ethernets, bonds: dict[Any, Any], default: Located[str] | None
) -> list[BondDefinition]:
    """The ``bonds:`` section's definitions, each under the renderer that applies to it."""
    section = file.renderer(bonds)
    renderer = default
    found: list[BondDefinition] = []
    for key, body in bonds.items():
        if key == "renderer":
            # parse.c handle_network_type: a section's renderer: applies to the
            # definitions that follow it in the mapping, not to those before it.
            renderer = section or default
            continue
        bond = _bond(file, ethernets, key, body, key_line(bonds, key), renderer)
        if bond is not None:
            found.append(bond)
    return found


def _bond(
    file: _File, ethernets: _Ethernets, bond_id: Any, body: Any, line: int, inherited: Located[str] | None
) -> BondDefinition | None:
    """One ``bonds.<id>`` entry as a bond definition."""
    name = scalar(bond_id)
    if not name:
        file.log.add(line, f"bond id {bond_id!r} is not a name")
        return None
    if body is None:
        body = {}  # "bond0:" alone: an empty definition
    if not isinstance(body, dict):
        file.log.add(line, f"bond {name!r} is not a mapping")
        return None
    renderer = file.renderer(body) or inherited
    networkd = renderer is None or renderer.value != RENDERER_NM
    if _open_vswitch(body):
        return None  # an Open vSwitch bond: netplan writes no kernel bond for it
    extra = {"renderer": renderer or Located(DEFAULT_RENDERER, file.at(line))}
    options_line = key_line(body, "parameters") if "parameters" in body else line
    parameters = _Parameters(file, networkd)
    parameters.read(body.get("parameters"), options_line)
    for option, found in parameters.not_rendered.items():
        extra[f"not-rendered.{option}"] = found
    options = parameters.options
    ports = ethernets.members(body, extra)
    primary = options.get("primary")
    if primary is not None and networkd:
        # networkd marks the member's own .network PrimarySlave, so the renamed
        # device is meant; NetworkManager receives the id verbatim.
        options["primary"] = Located(ethernets.real_name(primary.value)[0], primary.location)
    macaddress = file.located(body, "macaddress")
    if macaddress is not None:
        extra["macaddress"] = macaddress
    extra.update(_addressing(file, body))
    return BondDefinition(
        format=FORMAT,
        layer=LAYER_NETPLAN_NETWORKD if networkd else LAYER_NETPLAN_NM,
        location=file.at(line),
        interface=Located(name, file.at(line)),
        options=options,
        options_location=file.at(options_line),
        port_names=ports,
        mtu=file.located(body, "mtu"),
        extra=extra,
    )


def _open_vswitch(body: dict[Any, Any]) -> bool:
    """netplan renders a bond with Open vSwitch (parse.c: an ``openvswitch:`` block, or
    mode balance-tcp/balance-slb); bondlint reads kernel bonds only."""
    if "openvswitch" in body:
        return True
    params = body.get("parameters")
    return isinstance(params, dict) and scalar(params.get("mode")) in _OVS_MODES


def _addressing(file: _File, body: dict[Any, Any]) -> dict[str, Located[str]]:
    """IP configuration on the bond itself (its untagged use): addresses, DHCP."""
    found: dict[str, Located[str]] = {}
    for key in ("addresses", "dhcp4", "dhcp6"):
        if body.get(key) in (None, False, [], ""):
            continue
        text = ",".join(map(str, body[key])) if isinstance(body[key], list) else str(scalar(body[key]))
        if text.lower() not in _FALSE_WORDS:
            found[key] = Located(text, file.at(key_line(body, key)))
    return found


# -- a bond's parameters: ---------------------------------------------------------------


class _Parameters:
    """A bond's ``parameters:`` as kernel options, units converted as its renderer would,
    and the values its renderer writes nothing for."""

    def __init__(self, file: _File, networkd: bool) -> None:
        self.file = file
        self.networkd = networkd
        self.options: dict[str, Located[str]] = {}
        self.not_rendered: dict[str, Located[str]] = {}

    def read(self, params: Any, line: int) -> None:
        """Every parameter of ``params`` (the value of ``parameters:`` at ``line``)."""
        if isinstance(params, dict):
            for key, value in params.items():
                self.parameter(key, value, key_line(params, key))
        elif params is not None:
            self.file.log.add(line, "parameters: is not a mapping")

    def parameter(self, key: Any, value: Any, line: int) -> None:
        """One parameter, unless netplan refuses it or writes nothing for it."""
        if not isinstance(key, str):
            self.file.log.add(line, f"parameter {key!r} is not a name")
            return
        if key in _KERNEL_ONLY_NAMES:
            self.file.log.add(line, f"{key!r} is the kernel's name, not netplan's: netplan rejects the file")
            return
        text: str | None = scalar(value)
        if self.refused(key, value, text, line):
            return
        if key == "arp-ip-targets" and isinstance(value, list):
            text = ",".join(filter(None, (scalar(item) for item in value)))
        if text is None:
            self.file.log.add(line, f"{key}: expects a single value")
            return
        if not text:
            return  # "key:" with no value sets nothing
        if (key in _UNSIGNED and int(text) == 0) or (key in _BOOLEANS and text.lower() in _FALSE_WORDS):
            # networkd.c and nm.c write these only when non-zero: the kernel keeps its
            # default (num_grat_arp, resend_igmp, packets_per_slave: 1).
            self.not_rendered[PARAMETERS[key]] = Located(text, self.file.at(line))
            return
        located = Located(_value(key, text, self.networkd), self.file.at(line))
        add_option(self.options, PARAMETERS.get(key, key), located)
        if PARAMETERS.get(key) == "num_grat_arp" and not self.networkd:
            add_option(self.options, "num_unsol_na", located)  # nm.c writes both keys

    def refused(self, key: str, value: Any, text: str | None, line: int) -> bool:
        """True (and a diagnostic) when netplan's parser refuses this value: netplan
        generate then fails and writes nothing for any interface."""
        why = _arp_targets_refusal(value) if key == "arp-ip-targets" else None
        if text is not None and why is None:
            why = _value_refusal(key, value, text)
        if why is None:
            return False
        self.file.log.add(line, f"{why}; netplan refuses the whole configuration")
        return True


def _arp_targets_refusal(value: Any) -> str | None:
    """Why netplan refuses an ``arp-ip-targets:`` value (None when it does not)."""
    if not isinstance(value, list):
        return "arp-ip-targets: netplan expects a sequence of addresses ([192.0.2.1])"
    bad = [scalar(item) for item in value if not _IPV4.match(scalar(item) or "")]
    if bad:
        return f"arp-ip-targets: {bad[0]!r} is not an IPv4 address (netplan: 'malformed address')"
    return None


def _value_refusal(key: str, value: Any, text: str) -> str | None:
    """Why netplan refuses a single-valued parameter (None when it does not)."""
    if key == "mode" and text not in _NETPLAN_MODES:
        if text.isdigit() or not text or text == "default":  # the model takes these
            return f"unknown bond mode {text!r}: netplan takes only the mode names"
    elif key == "lacp-rate" and text not in _LACP_RATES:
        if text.isdigit() or not text:
            return f"unknown lacp-rate value {text!r}: netplan takes only 'fast' or 'slow'"
    elif key in _UNSIGNED and text and (not (text.isascii() and text.isdigit()) or _non_decimal(value)):
        return f"{key}: invalid unsigned int value {text!r}"
    elif key in _BOOLEANS and text.lower() not in _TRUE_WORDS | _FALSE_WORDS:
        return f"{key}: invalid boolean value {text!r}"
    return None


# -- vlans ------------------------------------------------------------------------------


def _vlans(file: _File, ethernets: _Ethernets, vlans: dict[Any, Any]) -> list[VlanDefinition]:
    """``vlans.<id>: {id: N, link: <netplan id>}``: the link is a bond's id or an
    ethernet's (the model keeps those on a bond)."""
    found: list[VlanDefinition] = []
    for key, body in vlans.items():
        name = scalar(key)
        if key == "renderer" or not name or not isinstance(body, dict):
            continue
        link = file.located(body, "link")
        if link is not None and link.value in ethernets:
            link = Located(ethernets.real_name(link.value)[0], link.location)
        at = file.at(key_line(vlans, key))
        found.append(VlanDefinition(FORMAT, at, link, file.located(body, "id"), Located(name, at)))
    return found


def _non_decimal(value: Any) -> bool:
    """A YAML integer written in hex, octal or binary (0x10): ruamel.yaml reads it as a
    number, netplan's libyaml hands over the text, which strtoull (base 10) refuses."""
    return type(value).__name__ in ("HexInt", "HexCapsInt", "OctalInt", "BinaryInt")


def _value(key: str, text: str, networkd: bool) -> str:
    """A parameter's value as the renderer hands it to the kernel."""
    if key in _INTERVALS and not (text.isascii() and text.isdigit()) and networkd:
        return converted_time(text, 1_000)
    if key == "learn-packet-interval" and networkd:
        return converted_time(text, 1_000_000)  # LearnPacketIntervalSec=: seconds when bare
    if key in _BOOLEANS:
        word = text.lower()
        return "1" if word in _TRUE_WORDS else "0" if word in _FALSE_WORDS else text
    return text
